"""The wire contract: every message that crosses NATS is one of these models.

Additive changes only within a version; a breaking change gets a new subject version.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


def utcnow() -> datetime:
    return datetime.now(UTC)


def stable_id(*parts: str, size: int = 24) -> str:
    """A deterministic hex id from its parts, so a redelivered input yields the same id."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:size]


class WireModel(BaseModel):
    model_config = ConfigDict(
        extra="ignore",
        populate_by_name=True,
        serialize_by_alias=True,
        use_enum_values=True,
    )


class ShiftType(StrEnum):
    REVERSAL = "reversal"
    SOFTENING = "softening"
    HARDENING = "hardening"
    NEW_COMMITMENT = "new_commitment"
    WITHDRAWAL = "withdrawal"
    NUMERIC_CHANGE = "numeric_change"


class ShiftStatus(StrEnum):
    ENACTED = "enacted"
    ANNOUNCED = "announced"
    PROPOSED = "proposed"
    CONDITIONAL = "conditional"


class ActorType(StrEnum):
    STATE = "state"
    OFFICIAL = "official"
    INTERNATIONAL_ORG = "international_org"
    PARTY = "party"
    COMPANY = "company"
    CENTRAL_BANK = "central_bank"
    OTHER = "other"


class Article(WireModel):
    """A cleaned news article, published once per version on `policy.articles.v1`."""

    id: str = Field(description="Stable article id: derived from the canonical URL, else the content hash.")
    url: str | None = Field(default=None, description="URL the article was fetched from or pushed with.")
    canonical_url: str | None = Field(
        default=None, description="Canonical URL (tracking parameters stripped)."
    )
    title: str = Field(default="", description="Headline, cleaned.")
    text: str = Field(description="Body text, cleaned; evidence offsets point into this string.")
    source: str = Field(default="unknown", description="Source name or host.")
    published_at: AwareDatetime | None = Field(default=None, description="Publication time if known.")
    fetched_at: AwareDatetime = Field(default_factory=utcnow, description="When ingest received it.")
    content_hash: str = Field(description="SHA-256 of the normalised title and text.")
    language: str | None = Field(default=None, description="ISO 639-1 language code if detected.")
    version: int = Field(default=1, ge=1, description="1 for a new article; +1 for each edit.")
    previous_version_hash: str | None = Field(
        default=None, description="content_hash of the version this one replaces (edits only)."
    )
    sources: list[str] = Field(default_factory=list, description="Other sources carrying the same story.")
    byline: str | None = Field(
        default=None, description="Author(s) as the page or feed names them, if known."
    )


class Quantity(WireModel):
    """A numeric setting that moved, e.g. a defence target from 2 to 5 (% of GDP)."""

    from_: float | str | None = Field(default=None, alias="from", description="Value before, if stated.")
    to: float | str | None = Field(default=None, description="Value after.")
    unit: str | None = Field(default=None, description="Unit, e.g. '% of GDP', '% tariff'.")
    year: int | None = Field(default=None, description="Target year where stated ('by 2027').")


class Evidence(WireModel):
    """A sentence of the article that states the shift, with offsets into `Article.text`."""

    text: str = Field(description="The sentence as it stands in the cleaned article text.")
    start: int = Field(ge=0, description="Character offset of the sentence start in Article.text.")
    end: int = Field(ge=0, description="Character offset one past the sentence end.")
    speaker: str | None = Field(default=None, description="Quoted speaker when the evidence is a quote.")


class PolicyShift(WireModel):
    """An actor changed, or announced a change to, its own policy or stated position."""

    id: str = Field(description="Deterministic: derived from article id, actor and topic.")
    article_id: str = Field(description="Article.id the shift was read from.")
    article_version: int = Field(default=1, description="Article.version the shift was read from.")
    article_url: str | None = Field(default=None, description="Article URL, for readers.")
    article_title: str = Field(default="", description="Article headline, for readers.")
    source: str = Field(default="unknown", description="Article source.")
    published_at: AwareDatetime | None = Field(default=None, description="Article publication time.")
    actor: str = Field(description="Canonical actor name, e.g. 'United States', 'Bank of Japan'.")
    actor_type: ActorType = Field(default=ActorType.OTHER, description="Kind of actor.")
    announced_by: str | None = Field(default=None, description="Named official who said or did it.")
    topic: str = Field(description="Short canonical phrase for the policy.")
    shift_type: ShiftType = Field(description="Kind of shift.")
    before: str | None = Field(default=None, description="Prior stance or value as the text states it.")
    after: str | None = Field(default=None, description="New stance or value.")
    quantity: Quantity | None = Field(default=None, description="For numeric changes: from, to, unit.")
    status: ShiftStatus = Field(default=ShiftStatus.ANNOUNCED, description="How far the shift has gone.")
    evidence: Evidence = Field(description="The main evidence sentence.")
    extra_evidence: list[Evidence] = Field(default_factory=list, description="Other sentences stating it.")
    confidence: float = Field(ge=0.0, le=1.0, description="Calibrated probability the event is correct.")
    detected_at: AwareDatetime = Field(default_factory=utcnow, description="When extract emitted it.")
    extractor: str = Field(default="rules", description="Extractor name and version.")

    @staticmethod
    def make_id(article_id: str, actor: str, topic: str) -> str:
        return stable_id("shift", article_id, actor.casefold(), topic.casefold())


class Alert(WireModel):
    """A shift that matched one of an owner's watch rules."""

    id: str = Field(description="Deterministic: derived from rule id and shift id, so it is sent once.")
    owner: str = Field(description="Owner of the rule.")
    rule_id: str = Field(description="Rule that fired.")
    rule_version: int = Field(default=1, description="Version of the rule that fired.")
    rule_name: str = Field(default="", description="Rule name, for readers.")
    shift: PolicyShift = Field(description="The shift that matched.")
    reasons: list[str] = Field(default_factory=list, description="Why it matched: one line per clause.")
    story_id: str | None = Field(default=None, description="Story this alert belongs to, if grouped.")
    created_at: AwareDatetime = Field(default_factory=utcnow, description="When the alert was created.")
    kind: str = Field(
        default="new",
        description="'new': first alert of a story; 'update': a later corroboration (rules with "
        "notify_updates); 'retraction': an edit of the article no longer reports the shift of an "
        "alert sent earlier (same owner, rule and shift; its reasons say which version).",
    )

    @staticmethod
    def make_id(rule_id: str, shift_id: str) -> str:
        return stable_id("alert", rule_id, shift_id)

    @staticmethod
    def make_retraction_id(alert_id: str) -> str:
        return stable_id("retraction", alert_id)


class ArticleExtracted(WireModel):
    """extract finished one article version: the ids of every shift it published for it.

    A shift of an earlier version of the article whose id is not listed is no longer reported:
    consumers retract it.
    """

    article_id: str = Field(description="Article.id that was read.")
    article_version: int = Field(ge=1, description="Article.version that was read.")
    shift_ids: list[str] = Field(
        default_factory=list,
        description="Ids of the PolicyShifts published for this version (empty: none, or skipped).",
    )
    extractor: str = Field(default="rules", description="Extractor name and version.")
    detected_at: AwareDatetime = Field(default_factory=utcnow, description="When extract finished it.")


class RuleChanged(WireModel):
    """A watch rule was created, changed or deleted; alert replicas re-read it from the database."""

    rule_id: str = Field(description="The rule that changed.")
    owner: str = Field(description="Owner of the rule.")
    version: int = Field(ge=1, description="The rule's version after the change.")
    deleted: bool = Field(default=False, description="True when the rule was deleted.")
    changed_at: AwareDatetime = Field(default_factory=utcnow, description="When it changed.")


class DeadLetter(WireModel):
    """A message a service could not process, kept with the reason so nothing is lost."""

    service: str = Field(description="Service that gave up on the message.")
    subject: str = Field(description="Subject the message arrived on.")
    reason: str = Field(description="Why it was dead-lettered (validation error, or last exception).")
    payload: str = Field(description="The original body, decoded as UTF-8 with replacement.")
    headers: dict[str, str] = Field(default_factory=dict, description="The original headers.")
    deliveries: int = Field(default=1, description="How many times the message was delivered.")
    failed_at: AwareDatetime = Field(default_factory=utcnow, description="When it was dead-lettered.")
    payload_truncated: bool = Field(
        default=False,
        description="True when `payload` holds only the start of the body (too large to quote whole "
        "in one message); the whole body stays in `stream` at `stream_sequence`.",
    )
    stream: str | None = Field(default=None, description="Stream the original message is stored in.")
    stream_sequence: int | None = Field(default=None, description="Its sequence in that stream.")

    def details(self) -> dict[str, Any]:
        return {"service": self.service, "subject": self.subject, "reason": self.reason}
