"""HTTP request and response bodies of the alert API (the wire models live in shared/)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field

from services.alert.matching import RuleFilter
from shared.contract import Alert, PolicyShift
from shared.moments import Moment


class DeliveryMode(StrEnum):
    IMMEDIATE = "immediate"
    DIGEST = "digest"


class RuleOptions(BaseModel):
    """How a rule delivers, beside what it matches."""

    notify_updates: bool = Field(
        default=False, description="Alert again when a later article corroborates a story already alerted."
    )
    delivery_mode: DeliveryMode = Field(
        default=DeliveryMode.IMMEDIATE, description="immediate, or grouped into a digest."
    )
    digest_minutes: int = Field(default=15, ge=1, le=7 * 24 * 60, description="Digest interval in minutes.")
    webhook_url: AnyHttpUrl | None = Field(default=None, description="POST each alert (or digest) here.")
    webhook_secret: str | None = Field(
        default=None, min_length=16, max_length=200, description="HMAC-SHA256 secret; generated if omitted."
    )


class RuleCreate(RuleFilter, RuleOptions):
    """A watch rule: a name, what it matches (the rule language) and how it delivers."""

    name: str = Field(min_length=1, max_length=200, description="A name for people.")
    match_all: bool = Field(
        default=False,
        description="Must be true for a rule with no criteria, which matches every shift (422 otherwise).",
    )


class RuleUpdate(BaseModel):
    """PATCH body: only the fields given change; the result must still be a valid rule."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    actors: list[str] | None = None
    actor_types: list[str] | None = None
    topics: list[str] | None = None
    query: str | None = None
    match_all: bool | None = None
    shift_types: list[str] | None = None
    statuses: list[str] | None = None
    min_confidence: float | None = None
    min_sources: int | None = None
    notify_updates: bool | None = None
    delivery_mode: DeliveryMode | None = None
    digest_minutes: int | None = None
    webhook_url: str | None = None
    webhook_secret: str | None = None


class RulePublic(RuleCreate):
    webhook_secret: str | None = Field(
        default=None,
        description="Only in the response that sets it (create; replace or patch with a new or generated "
        "secret; POST /rules/{id}/webhook-secret); null everywhere else.",
    )
    webhook_secret_set: bool = Field(default=False, description="Whether the rule has a webhook secret.")
    warnings: list[str] = Field(
        default_factory=list,
        description="In the response that wrote the rule: what was accepted but may not be meant, such as "
        "an actor name the gazetteer does not know (it can only match that exact name).",
    )
    id: str
    version: int
    subject: str = Field(description="NATS subject this rule's alerts are published on.")
    created_at: datetime
    updated_at: datetime


class RuleVersionPublic(BaseModel):
    version: int
    name: str
    spec: dict[str, Any]
    created_at: datetime


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(default=None, description="Pass as ?cursor= for the next page.")


class AlertPublic(Alert):
    delivery_mode: str
    digest_id: str | None = None
    published_at: datetime | None = None
    discarded_at: datetime | None = Field(
        default=None, description="The rule was deleted before this digest item went out: never sent."
    )
    story_sources: int | None = Field(default=None, description="Independent sources of the story now.")


class ShiftPublic(PolicyShift):
    story_id: str | None = None
    received_at: datetime
    retracted_at: datetime | None = Field(
        default=None, description="When an edit of the article stopped reporting the shift."
    )
    retracted_in_version: int | None = Field(
        default=None, description="The article version that no longer reports it."
    )


class OwnerPublic(BaseModel):
    id: str
    name: str
    subject: str = Field(description="Subscribe here for all of this owner's alerts.")


class BacktestRequest(BaseModel):
    since: Moment = Field(description="Replay stored shifts that happened at or after this time.")
    until: Moment | None = Field(default=None, description="...and before this time.")
    limit: int = Field(default=1000, ge=1, le=10_000)


class BacktestHit(BaseModel):
    shift: PolicyShift
    story_id: str | None
    kind: str
    reasons: list[str]
    story_sources: int


class BacktestResult(BaseModel):
    rule_id: str
    rule_version: int
    shifts_scanned: int
    hits: list[BacktestHit]


class DeliveryPublic(BaseModel):
    id: str
    rule_id: str
    alert_id: str | None
    digest_id: str | None
    channel: str
    url: str
    status: str = Field(description="pending | retrying | delivered | failed")
    attempts: int
    last_error: str | None
    response_status: int | None
    created_at: datetime
    updated_at: datetime


class StoryPublic(BaseModel):
    id: str
    actor: str
    topic: str
    direction: str
    first_seen: datetime
    last_seen: datetime
    source_count: int
    sources: list[str]
    shifts: list[ShiftPublic]


class AlertDigest(BaseModel):
    """A webhook body for a rule in digest mode: the alerts grouped since the last digest."""

    id: str = Field(description="Deterministic digest id.")
    owner: str
    rule_id: str
    rule_name: str
    alerts: list[Alert]
    created_at: datetime
