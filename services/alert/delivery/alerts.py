"""Alerts: deciding which matches become alerts (stories dedupe them), storing and querying them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from services.alert.matching import RuleMatch
from services.alert.rules.rulebook import ActiveRule
from services.alert.schemas import DeliveryMode
from services.alert.storage.tables import AlertRecord, Delivery, Story
from shared.contract import Alert, PolicyShift, stable_id, utcnow


@dataclass(frozen=True)
class Decision:
    kind: str  # "new" | "update"
    reasons: list[str]


def decide(rule: ActiveRule, match: RuleMatch, *, story: Story, earlier_alert: bool) -> Decision | None:
    """The first match in a story alerts; later ones only when the rule asks for updates."""
    if earlier_alert and not rule.options.notify_updates:
        return None
    reasons = list(match.reasons)
    if story.source_count > 1:
        reasons.append(f"story corroborated by {story.source_count} sources: {', '.join(story.sources)}")
    return Decision(kind="update" if earlier_alert else "new", reasons=reasons)


def record_alerts(
    session: Session, *, shift: PolicyShift, story: Story, matches: Sequence[tuple[ActiveRule, RuleMatch]]
) -> list[AlertRecord]:
    """Store an alert per match that deserves one; idempotent thanks to deterministic ids."""
    created: list[AlertRecord] = []
    if not matches:
        return created
    existing = set(alert_ids_of(session, shift_id=shift.id))
    alerted = _rules_alerted(session, story.id)
    for rule, match in matches:
        alert_id = Alert.make_id(rule.id, shift.id)
        if alert_id in existing:
            continue
        decision = decide(rule, match, story=story, earlier_alert=rule.id in alerted)
        if decision is None:
            continue
        alert = Alert(
            id=alert_id,
            owner=rule.owner_id,
            rule_id=rule.id,
            rule_version=rule.version,
            rule_name=rule.name,
            shift=shift,
            reasons=decision.reasons,
            story_id=story.id,
            kind=decision.kind,
        )
        record = to_record(alert, kind=decision.kind, mode=rule.options.delivery_mode)
        session.add(record)
        if rule.options.webhook_url and rule.options.delivery_mode == DeliveryMode.IMMEDIATE:
            session.add(new_delivery(rule, alert_id=alert_id))
        created.append(record)
    return created


def to_record(alert: Alert, *, kind: str, mode: str) -> AlertRecord:
    return AlertRecord(
        id=alert.id,
        owner_id=alert.owner,
        rule_id=alert.rule_id,
        rule_version=alert.rule_version,
        shift_id=alert.shift.id,
        story_id=alert.story_id,
        kind=kind,
        delivery_mode=str(mode),
        payload=alert.model_dump(mode="json"),
        created_at=alert.created_at,
    )


def new_delivery(rule: ActiveRule, *, alert_id: str | None = None, digest_id: str | None = None) -> Delivery:
    return Delivery(
        id=stable_id("delivery", "webhook", alert_id or digest_id or ""),
        owner_id=rule.owner_id,
        rule_id=rule.id,
        alert_id=alert_id,
        digest_id=digest_id,
        url=str(rule.options.webhook_url),
    )


def _rules_alerted(session: Session, story_id: str) -> set[str]:
    """Rules that already alerted on this story (one query for all matches of a shift)."""
    query = select(AlertRecord.rule_id).where(AlertRecord.story_id == story_id).distinct()
    return set(session.exec(query).all())


def unpublished(session: Session, *, shift_id: str) -> list[Alert]:
    """This shift's immediate alerts not yet on NATS (a crash between store and publish)."""
    query = (
        select(AlertRecord)
        .where(
            AlertRecord.shift_id == shift_id,
            col(AlertRecord.published_at).is_(None),
            col(AlertRecord.discarded_at).is_(None),
            AlertRecord.delivery_mode == DeliveryMode.IMMEDIATE.value,
        )
        .order_by(col(AlertRecord.created_at), col(AlertRecord.id))
    )  # a retraction after its alert
    return [Alert.model_validate(r.payload) for r in session.exec(query).all()]


def alert_ids_of(session: Session, *, shift_id: str) -> list[str]:
    return list(session.exec(select(AlertRecord.id).where(AlertRecord.shift_id == shift_id)).all())


def mark_published(session: Session, *, alert_ids: Sequence[str], when: datetime | None = None) -> None:
    for alert_id in alert_ids:
        record = session.get(AlertRecord, alert_id)
        if record is not None and record.published_at is None:
            record.published_at = when or utcnow()
            session.add(record)
    session.commit()
