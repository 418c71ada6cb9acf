"""Retraction: an edited article that no longer reports a shift takes it back.

extract publishes an `ArticleExtracted` notice per article version listing every shift it
published for it. Stored shifts of earlier versions that the newest notice does not list are
marked retracted (hidden from lists, timelines, backtests and story sources), and every alert
sent for them gets a `retraction` alert with a deterministic id, so it is sent once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from services.alert.delivery.alerts import new_delivery, to_record
from services.alert.rules.rulebook import RuleBook, active_rule
from services.alert.schemas import DeliveryMode
from services.alert.storage.tables import AlertRecord, ArticleExtraction, Rule, ShiftRecord
from services.alert.stories.store import (
    article_version,
    locked_story,
    mark_retracted,
    recount_story,
    retracting_version,
)
from shared.contract import Alert, ArticleExtracted, PolicyShift, utcnow

RETRACTION = "retraction"


@dataclass
class Retracted:
    shifts: list[ShiftRecord] = field(default_factory=list)
    alerts: list[AlertRecord] = field(default_factory=list)


def record_extraction(session: Session, notice: ArticleExtracted) -> ArticleExtraction:
    """Keep the newest notice per article; an older one arriving late changes nothing."""
    # Locked until commit: a newer notice handled at the same moment (another replica) is then
    # read here, not overwritten by this older one committing last (PostgreSQL; SQLite has one writer).
    stored = session.get(ArticleExtraction, notice.article_id, with_for_update=True)
    if stored is not None and stored.version >= notice.article_version:
        return stored
    stored = stored or ArticleExtraction(article_id=notice.article_id, version=notice.article_version)
    stored.version = notice.article_version
    stored.shift_ids = list(notice.shift_ids)
    stored.extractor = notice.extractor[:100]
    stored.detected_at = notice.detected_at
    stored.received_at = utcnow()
    session.add(stored)
    return stored


def retraction_reason(article_id: str, version: int) -> str:
    return f"retracted: article {article_id} version {version} no longer reports this shift"


def retract_stale(session: Session, *, article_id: str, rules: RuleBook) -> Retracted:
    """Retract the article's live shifts its latest extraction no longer lists (idempotent)."""
    extraction = session.get(ArticleExtraction, article_id)
    if extraction is None:
        return Retracted()
    query = select(ShiftRecord).where(
        ShiftRecord.article_id == article_id, col(ShiftRecord.retracted_at).is_(None)
    )
    done = Retracted()
    for record in session.exec(query).all():
        version = retracting_version(extraction, shift_id=record.id, version=article_version(record))
        if version is not None:
            mark_retracted(record, version)
            session.add(record)
            done.shifts.append(record)
            done.alerts.extend(record_retractions(session, record, version=version, rules=rules))
    for story_id in sorted({r.story_id for r in done.shifts if r.story_id}):
        story = locked_story(session, story_id)
        if story is not None:
            recount_story(session, story)
    return done


def record_retractions(
    session: Session, record: ShiftRecord, *, version: int, rules: RuleBook
) -> list[AlertRecord]:
    """A retraction alert for every alert of the retracted shift, delivered as its rule delivers."""
    query = select(AlertRecord).where(AlertRecord.shift_id == record.id, AlertRecord.kind != RETRACTION)
    shift = PolicyShift.model_validate(record.payload)
    created = []
    for original in session.exec(query).all():
        retraction_id = Alert.make_retraction_id(original.id)
        if session.get(AlertRecord, retraction_id) is not None:
            continue
        alert = Alert.model_validate(original.payload).model_copy(
            update={
                "id": retraction_id,
                "kind": RETRACTION,
                "shift": shift,
                "reasons": [retraction_reason(record.article_id, version)],
                "created_at": utcnow(),
            }
        )
        row = session.get(Rule, original.rule_id)
        # The database says whether the rule still lives (deleted through any replica: it
        # delivers nothing more); this replica's book may not have heard of a new rule yet.
        rule = None if row is None or row.deleted_at else rules.get(row.id) or active_rule(row)
        mode = rule.options.delivery_mode if rule is not None else DeliveryMode.IMMEDIATE
        new = to_record(alert, kind=RETRACTION, mode=mode)
        if rule is None:
            new.discarded_at = utcnow()
        session.add(new)
        if rule is not None and rule.options.webhook_url and mode == DeliveryMode.IMMEDIATE:
            session.add(new_delivery(rule, alert_id=retraction_id))
        created.append(new)
    return created


def _of_article(article_id: str) -> ColumnElement[bool]:
    shifts = select(ShiftRecord.id).where(ShiftRecord.article_id == article_id)
    return col(AlertRecord.shift_id).in_(shifts)


def unpublished_retractions(session: Session, *, article_id: str) -> list[Alert]:
    """The article's immediate retraction alerts not yet on NATS (a crash before publishing)."""
    query = (
        select(AlertRecord)
        .where(
            _of_article(article_id),
            AlertRecord.kind == RETRACTION,
            col(AlertRecord.published_at).is_(None),
            col(AlertRecord.discarded_at).is_(None),
            AlertRecord.delivery_mode == DeliveryMode.IMMEDIATE.value,
        )
        .order_by(col(AlertRecord.created_at), col(AlertRecord.id))
    )
    return [Alert.model_validate(r.payload) for r in session.exec(query).all()]


def retraction_ids(session: Session, *, article_id: str) -> Sequence[str]:
    query = select(AlertRecord.id).where(_of_article(article_id), AlertRecord.kind == RETRACTION)
    return session.exec(query).all()
