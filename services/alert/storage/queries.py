"""Read-side queries for the history endpoints: alerts, deliveries, shifts, stories."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from services.alert.storage.pagination import paginate
from services.alert.storage.tables import AlertRecord, Delivery, ShiftRecord, Story


def list_alerts(
    session: Session,
    *,
    owner_id: str,
    cursor: str | None,
    limit: int,
    rule_id: str | None = None,
    story_id: str | None = None,
    kind: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Sequence[AlertRecord]:
    query = select(AlertRecord).where(AlertRecord.owner_id == owner_id)
    query = _where(query, AlertRecord.rule_id, rule_id)
    query = _where(query, AlertRecord.story_id, story_id)
    query = _where(query, AlertRecord.kind, kind)
    query = _between(query, col(AlertRecord.created_at), since, until)
    page = paginate(
        query, when=col(AlertRecord.created_at), ident=col(AlertRecord.id), cursor=cursor, limit=limit
    )
    return session.exec(page).all()


def story_sources(session: Session, story_ids: set[str]) -> dict[str, int]:
    if not story_ids:
        return {}
    rows = session.exec(select(Story).where(col(Story.id).in_(story_ids))).all()
    return {story.id: story.source_count for story in rows}


def list_deliveries(
    session: Session,
    *,
    owner_id: str,
    cursor: str | None,
    limit: int,
    rule_id: str | None = None,
    alert_id: str | None = None,
    status: str | None = None,
) -> Sequence[Delivery]:
    query = select(Delivery).where(Delivery.owner_id == owner_id)
    query = _where(query, Delivery.rule_id, rule_id)
    query = _where(query, Delivery.alert_id, alert_id)
    query = _where(query, Delivery.status, status)
    page = paginate(query, when=col(Delivery.created_at), ident=col(Delivery.id), cursor=cursor, limit=limit)
    return session.exec(page).all()


def list_shifts(
    session: Session,
    *,
    cursor: str | None,
    limit: int,
    actor: str | None = None,
    topic: str | None = None,
    shift_type: str | None = None,
    status: str | None = None,
    story_id: str | None = None,
    min_confidence: float | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    include_retracted: bool = False,
) -> Sequence[ShiftRecord]:
    query = select(ShiftRecord)
    if not include_retracted:
        query = query.where(col(ShiftRecord.retracted_at).is_(None))
    if actor:
        query = query.where(col(ShiftRecord.actor).ilike(escape_like(actor), escape="\\"))
    if topic:
        query = query.where(col(ShiftRecord.topic).ilike(f"%{escape_like(topic)}%", escape="\\"))
    query = _where(query, ShiftRecord.shift_type, shift_type)
    query = _where(query, ShiftRecord.status, status)
    query = _where(query, ShiftRecord.story_id, story_id)
    if min_confidence is not None:
        query = query.where(ShiftRecord.confidence >= min_confidence)
    query = _between(query, col(ShiftRecord.happened_at), since, until)
    when = col(ShiftRecord.happened_at)
    return session.exec(
        paginate(query, when=when, ident=col(ShiftRecord.id), cursor=cursor, limit=limit)
    ).all()


def _where(query: Any, column: Any, value: Any) -> Any:
    return query if value is None else query.where(column == value)


def _between(query: Any, column: Any, since: datetime | None, until: datetime | None) -> Any:
    if since is not None:
        query = query.where(column >= since)
    if until is not None:
        query = query.where(column < until)
    return query


def escape_like(text: str) -> str:
    """`text` matched literally by LIKE (with `escape="\\"`): its `%` and `_` are no wildcards."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
