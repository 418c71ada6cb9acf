"""Alerts: deciding which matches become alerts (stories dedupe them), storing and querying them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from services.alert.matching import RuleMatch
from services.alert.rules.rulebook import ActiveRule
from services.alert.schemas import DeliveryMode
from services.alert.storage.tables import AlertRecord, Delivery
from services.alert.stories.rows import StoryRow
from services.alert.stories.store import StoredShift
from shared.contract import Alert, PolicyShift, stable_id, utcnow

ALERT: sa.Table = AlertRecord.__table__  # type: ignore[attr-defined]
DELIVERY: sa.Table = Delivery.__table__  # type: ignore[attr-defined]
_INSERT_ALERTS, _INSERT_DELIVERIES = sa.insert(ALERT), sa.insert(DELIVERY)
_RULES_OF_STORY = sa.select(ALERT.c.rule_id).where(ALERT.c.story_id == sa.bindparam("story_id"))


@dataclass(frozen=True)
class Decision:
    kind: str  # "new" | "update"
    reasons: list[str]


def decide(rule: ActiveRule, match: RuleMatch, *, story: StoryRow, earlier_alert: bool) -> Decision | None:
    """The first match in a story alerts; later ones only when the rule asks for updates."""
    if earlier_alert and not rule.options.notify_updates:
        return None
    reasons = list(match.reasons)
    if story.source_count > 1:
        reasons.append(f"story corroborated by {story.source_count} sources: {', '.join(story.sources)}")
    return Decision(kind="update" if earlier_alert else "new", reasons=reasons)


@dataclass(frozen=True)
class NewAlert:
    alert: Alert
    mode: str  # its rule's delivery mode
    webhook: bool = False  # a webhook delivery was stored with it

    @property
    def immediate(self) -> bool:
        return self.mode == DeliveryMode.IMMEDIATE.value


def record_alerts(
    session: Session,
    *,
    shift: PolicyShift,
    stored: StoredShift,
    matches: Sequence[tuple[ActiveRule, RuleMatch]],
) -> list[NewAlert]:
    """Store an alert per match that deserves one; idempotent thanks to deterministic ids.

    The hot path: the rows (those `to_record` and `new_delivery` would make) go in with one
    Core `executemany` per table, no ORM objects; returns the alerts inserted. A shift stored
    just now has no alerts yet, and a story it founded none either: nothing to look up then.
    """
    story = stored.story
    assert story is not None  # a live shift is always in a story
    created: list[NewAlert] = []
    if not matches:
        return created
    rows: list[dict[str, Any]] = []
    deliveries: list[dict[str, Any]] = []
    existing: set[str] = set()
    if stored.founded:
        alerted: set[str] = set()
    elif stored.is_new:
        alerted = _alerted_rules(session, story_id=story.id)
    else:
        existing, alerted = _alerted(session, shift_id=shift.id, story_id=story.id)
    shift_json = shift.model_dump(mode="json")  # once, not once per alert
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
        mode = str(rule.options.delivery_mode)
        rows.append(record_row(alert, kind=decision.kind, mode=mode, shift_json=shift_json))
        webhook = bool(rule.options.webhook_url) and rule.options.delivery_mode == DeliveryMode.IMMEDIATE
        created.append(NewAlert(alert, mode, webhook))
        if webhook:
            deliveries.append(delivery_row(rule, alert_id=alert_id))
    if rows:
        session.connection().execute(_INSERT_ALERTS, rows)
    if deliveries:
        session.connection().execute(_INSERT_DELIVERIES, deliveries)
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


def record_row(
    alert: Alert, *, kind: str, mode: str, shift_json: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The row `to_record` makes, every column given, for a Core insert (`shift_json`: the
    alert's shift already dumped)."""
    if shift_json is None:
        payload = alert.model_dump(mode="json")
    else:
        payload = {**alert.model_dump(mode="json", exclude={"shift"}), "shift": shift_json}
    return {
        "id": alert.id,
        "owner_id": alert.owner,
        "rule_id": alert.rule_id,
        "rule_version": alert.rule_version,
        "shift_id": alert.shift.id,
        "story_id": alert.story_id,
        "kind": kind,
        "delivery_mode": str(mode),
        "digest_id": None,
        "payload": payload,
        "created_at": alert.created_at,
        "published_at": None,
        "discarded_at": None,
    }


def delivery_row(rule: ActiveRule, *, alert_id: str) -> dict[str, Any]:
    """The row `new_delivery` makes for an alert, every column given, for a Core insert."""
    now = utcnow()
    return {
        "id": stable_id("delivery", "webhook", alert_id),
        "owner_id": rule.owner_id,
        "rule_id": rule.id,
        "alert_id": alert_id,
        "digest_id": None,
        "channel": "webhook",
        "url": str(rule.options.webhook_url),
        "status": "pending",
        "attempts": 0,
        "last_error": None,
        "response_status": None,
        "created_at": now,
        "updated_at": now,
        "claimed_by": None,
        "claimed_until": None,
    }


def new_delivery(rule: ActiveRule, *, alert_id: str | None = None, digest_id: str | None = None) -> Delivery:
    return Delivery(
        id=stable_id("delivery", "webhook", alert_id or digest_id or ""),
        owner_id=rule.owner_id,
        rule_id=rule.id,
        alert_id=alert_id,
        digest_id=digest_id,
        url=str(rule.options.webhook_url),
    )


def _alerted_rules(session: Session, *, story_id: str) -> set[str]:
    """The rules that already alerted on the story."""
    return set(session.connection().execute(_RULES_OF_STORY, {"story_id": story_id}).scalars())


def _alerted(session: Session, *, shift_id: str, story_id: str) -> tuple[set[str], set[str]]:
    """The shift's alert ids, and the rules that already alerted on its story (one query for
    all matches of a shift: a regrouped shift's alerts may stay with its former story)."""
    a = AlertRecord
    query = sa.select(col(a.id), col(a.rule_id), col(a.shift_id), col(a.story_id)).where(
        sa.or_(col(a.shift_id) == shift_id, col(a.story_id) == story_id)
    )  # ORM columns: pending objects are flushed first, as for any session query
    ids, rules = set(), set()
    for alert_id, rule_id, of_shift, of_story in session.execute(query):
        if of_shift == shift_id:
            ids.add(alert_id)
        if of_story == story_id:
            rules.add(rule_id)
    return ids, rules


def unpublished(session: Session, *, shift_id: str) -> list[Alert]:
    """This shift's immediate alerts not yet on NATS (a crash between store and publish)."""
    return alerts_of_shifts(session, [shift_id])[shift_id][0]


def alerts_of_shifts(session: Session, shift_ids: Sequence[str]) -> dict[str, tuple[list[Alert], list[str]]]:
    """Per shift, in one query: its `unpublished` alerts and every one of its alert ids."""
    c = AlertRecord  # ORM columns: pending objects are flushed first, as for any session query
    to_publish = sa.and_(
        col(c.published_at).is_(None),
        col(c.discarded_at).is_(None),
        col(c.delivery_mode) == DeliveryMode.IMMEDIATE.value,
    )
    query = (
        sa.select(col(c.shift_id), col(c.id), sa.case((to_publish, col(c.payload)), else_=sa.null()))
        .where(col(c.shift_id).in_(set(shift_ids)))
        .order_by(col(c.created_at), col(c.id))  # a retraction after its alert
    )
    found: dict[str, tuple[list[Alert], list[str]]] = {shift_id: ([], []) for shift_id in shift_ids}
    for shift_id, alert_id, payload in session.execute(query):
        pending, ids = found[shift_id]
        ids.append(alert_id)
        if payload is not None:
            pending.append(Alert.model_validate(payload))
    return found


def mark_published(session: Session, *, alert_ids: Sequence[str], when: datetime | None = None) -> None:
    if alert_ids:
        table = AlertRecord.__table__  # type: ignore[attr-defined]
        session.execute(
            sa.update(table)
            .where(table.c.id.in_(set(alert_ids)), table.c.published_at.is_(None))
            .values(published_at=when or utcnow())
        )
    session.commit()
