"""Retraction: an edited article that no longer reports a shift takes it back.

extract publishes an `ArticleExtracted` notice per article version listing every shift it
published for it. Stored shifts of earlier versions that the newest notice does not list are
marked retracted (hidden from lists, timelines, backtests and story sources), and every alert
sent for them gets a `retraction` alert with a deterministic id, so it is sent once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from services.alert.delivery.alerts import new_delivery, to_record
from services.alert.rules.rulebook import RuleBook, active_rule
from services.alert.schemas import DeliveryMode
from services.alert.storage.tables import AlertRecord, ArticleExtraction, Rule
from services.alert.stories.rows import SHIFT, STORED_VERSION, read_story, recount_story
from services.alert.stories.store import retracting_version
from shared.contract import Alert, ArticleExtracted, PolicyShift, utcnow

RETRACTION = "retraction"
EXTRACTION: sa.Table = ArticleExtraction.__table__  # type: ignore[attr-defined]
ALERT: sa.Table = AlertRecord.__table__  # type: ignore[attr-defined]


_READ_EXTRACTIONS = sa.select(EXTRACTION.c.article_id, EXTRACTION.c.version, EXTRACTION.c.shift_ids).where(
    EXTRACTION.c.article_id.in_(sa.bindparam("ids", expanding=True))
)
_STALE_CANDIDATES = (
    sa.select(
        SHIFT.c.id,
        SHIFT.c.article_id,
        SHIFT.c.story_id,
        SHIFT.c.payload,
        STORED_VERSION,
        EXTRACTION.c.version,
        EXTRACTION.c.shift_ids,
    )
    .join(EXTRACTION, EXTRACTION.c.article_id == SHIFT.c.article_id)
    .where(EXTRACTION.c.article_id.in_(sa.bindparam("ids", expanding=True)))
    .where(SHIFT.c.retracted_at.is_(None), EXTRACTION.c.version > STORED_VERSION)
    .order_by(SHIFT.c.article_id, SHIFT.c.id)
)
_TO_PUBLISH = sa.and_(
    ALERT.c.published_at.is_(None),
    ALERT.c.discarded_at.is_(None),
    ALERT.c.delivery_mode == DeliveryMode.IMMEDIATE.value,
)
_RETRACTIONS_OF_ARTICLES = (
    sa.select(SHIFT.c.article_id, ALERT.c.id, sa.case((_TO_PUBLISH, ALERT.c.payload), else_=sa.null()))
    .join(SHIFT, SHIFT.c.id == ALERT.c.shift_id)
    .where(SHIFT.c.article_id.in_(sa.bindparam("ids", expanding=True)), ALERT.c.kind == RETRACTION)
    .order_by(ALERT.c.created_at, ALERT.c.id)
)


@dataclass
class NoticeRow:
    """An article's latest extraction notice, as retraction reads it."""

    version: int
    shift_ids: list[str]


@dataclass
class RetractedShift:
    id: str
    article_id: str
    story_id: str | None
    payload: dict[str, Any]


@dataclass
class Retracted:
    shifts: list[RetractedShift] = field(default_factory=list)
    alerts: list[AlertRecord] = field(default_factory=list)


def record_extraction(session: Session, notice: ArticleExtracted) -> None:
    """Keep the newest notice per article; an older one arriving late changes nothing."""
    record_extractions(session, [notice])


def record_extractions(session: Session, notices: Sequence[ArticleExtracted]) -> None:
    """`record_extraction` for a pull's notices: one upsert `executemany`, in article order (two
    replicas take the same rows alike), the newest notice of an article only.

    The upsert's update only applies over an older stored version: on PostgreSQL a newer notice
    handled at the same moment (another replica) holds the row, and this one then re-checks the
    version against it instead of overwriting it by committing last.
    """
    newest: dict[str, ArticleExtracted] = {}
    for notice in notices:
        kept = newest.get(notice.article_id)
        if kept is None or notice.article_version > kept.article_version:
            newest[notice.article_id] = notice
    if not newest:
        return
    now = utcnow()
    rows = [
        {
            "article_id": notice.article_id,
            "version": notice.article_version,
            "shift_ids": list(notice.shift_ids),
            "extractor": notice.extractor[:100],
            "detected_at": notice.detected_at,
            "received_at": now,
        }
        for _, notice in sorted(newest.items())
    ]
    conn = session.connection()
    conn.execute(_upsert_extraction(conn.dialect.name), rows)


@cache
def _upsert_extraction(dialect: str) -> sa.Insert:
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(EXTRACTION)
    kept = ("version", "shift_ids", "extractor", "detected_at", "received_at")
    return statement.on_conflict_do_update(
        index_elements=[EXTRACTION.c.article_id],
        set_={name: statement.excluded[name] for name in kept},
        where=EXTRACTION.c.version < statement.excluded.version,
    )


def read_extractions(session: Session, article_ids: Iterable[str]) -> dict[str, NoticeRow]:
    """The latest notice of each of these articles that has one, in one query."""
    rows = session.connection().execute(_READ_EXTRACTIONS, {"ids": list(set(article_ids))})
    return {article_id: NoticeRow(version, ids) for article_id, version, ids in rows}


def retraction_reason(article_id: str, version: int) -> str:
    return f"retracted: article {article_id} version {version} no longer reports this shift"


def retract_stale(session: Session, *, article_id: str, rules: RuleBook) -> Retracted:
    """Retract the article's live shifts its latest extraction no longer lists (idempotent)."""
    return retract_stale_all(session, article_ids=[article_id], rules=rules)


def retract_stale_all(session: Session, *, article_ids: Iterable[str], rules: RuleBook) -> Retracted:
    """`retract_stale` for several articles. One query finds the candidates (live shifts of an
    older version than their article's latest notice): none, on the hot path."""
    conn = session.connection()
    candidates = conn.execute(_STALE_CANDIDATES, {"ids": list(set(article_ids))}).all()
    done = Retracted()
    for shift_id, article_id, story_id, payload, stored, latest, listed in candidates:
        version = retracting_version(NoticeRow(latest, listed), shift_id=shift_id, version=stored)
        if version is None:
            continue
        conn.execute(
            sa.update(SHIFT)
            .where(SHIFT.c.id == shift_id)
            .values(retracted_at=utcnow(), retracted_in_version=version)
        )
        record = RetractedShift(shift_id, article_id, story_id, payload)
        done.shifts.append(record)
        done.alerts.extend(record_retractions(session, record, version=version, rules=rules))
    session.flush()  # the retraction alerts, for the Core reads that follow
    for story_id in sorted({r.story_id for r in done.shifts if r.story_id}):
        story = read_story(conn, story_id, lock=True)
        if story is not None:
            recount_story(conn, story)
    return done


def record_retractions(
    session: Session, record: RetractedShift, *, version: int, rules: RuleBook
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


def retractions_of_articles(
    session: Session, article_ids: Iterable[str]
) -> dict[str, tuple[list[Alert], list[str]]]:
    """Per article, in one query: its immediate retraction alerts not yet on NATS (a crash
    before publishing), and every one of its retraction ids."""
    found: dict[str, tuple[list[Alert], list[str]]] = {article_id: ([], []) for article_id in article_ids}
    rows = session.connection().execute(_RETRACTIONS_OF_ARTICLES, {"ids": list(found)})
    for article_id, alert_id, payload in rows:
        pending, ids = found[article_id]
        ids.append(alert_id)
        if payload is not None:
            pending.append(Alert.model_validate(payload))
    return found


def unpublished_retractions(session: Session, *, article_id: str) -> list[Alert]:
    """The article's immediate retraction alerts not yet on NATS (a crash before publishing)."""
    return retractions_of_articles(session, [article_id])[article_id][0]
