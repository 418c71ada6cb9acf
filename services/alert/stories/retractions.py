"""Retraction: an edited article that no longer reports a shift takes it back.

extract publishes an `ArticleExtracted` notice per article version listing every shift it
published for it. Stored shifts of earlier versions that the newest notice does not list are
marked retracted (hidden from lists, timelines, backtests and story sources), and every alert
sent for them gets a `retraction` alert with a deterministic id, so it is sent once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from services.alert.delivery.alerts import new_delivery, to_record
from services.alert.rules.rulebook import RuleBook, active_rule
from services.alert.schemas import DeliveryMode
from services.alert.storage.tables import AlertRecord, ArticleExtraction, Rule
from services.alert.stories.store import SHIFT, STORED_VERSION, read_story, recount_story, retracting_version
from shared.contract import Alert, ArticleExtracted, PolicyShift, utcnow

RETRACTION = "retraction"
EXTRACTION: sa.Table = ArticleExtraction.__table__  # type: ignore[attr-defined]
ALERT: sa.Table = AlertRecord.__table__  # type: ignore[attr-defined]


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
    """Keep the newest notice per article; an older one arriving late changes nothing.

    One upsert whose update only applies to an older stored version: on PostgreSQL a newer notice
    handled at the same moment (another replica) holds the row, and this one then re-checks the
    version against it instead of overwriting it by committing last.
    """
    conn = session.connection()
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    values = {
        "article_id": notice.article_id,
        "version": notice.article_version,
        "shift_ids": list(notice.shift_ids),
        "extractor": notice.extractor[:100],
        "detected_at": notice.detected_at,
        "received_at": utcnow(),
    }
    statement = insert(EXTRACTION).values(values)
    conn.execute(
        statement.on_conflict_do_update(
            index_elements=[EXTRACTION.c.article_id],
            set_={name: statement.excluded[name] for name in values if name != "article_id"},
            where=EXTRACTION.c.version < statement.excluded.version,
        )
    )


def read_extractions(session: Session, article_ids: Iterable[str]) -> dict[str, NoticeRow]:
    """The latest notice of each of these articles that has one, in one query."""
    e = EXTRACTION.c
    query = sa.select(e.article_id, e.version, e.shift_ids).where(e.article_id.in_(set(article_ids)))
    return {
        article_id: NoticeRow(version, ids)
        for article_id, version, ids in session.connection().execute(query)
    }


def retraction_reason(article_id: str, version: int) -> str:
    return f"retracted: article {article_id} version {version} no longer reports this shift"


def retract_stale(session: Session, *, article_id: str, rules: RuleBook) -> Retracted:
    """Retract the article's live shifts its latest extraction no longer lists (idempotent)."""
    return retract_stale_all(session, article_ids=[article_id], rules=rules)


def retract_stale_all(session: Session, *, article_ids: Iterable[str], rules: RuleBook) -> Retracted:
    """`retract_stale` for several articles. One query finds the candidates (live shifts of an
    older version than their article's latest notice): none, on the hot path."""
    conn = session.connection()
    s, e = SHIFT.c, EXTRACTION.c
    query = (
        sa.select(s.id, s.article_id, s.story_id, s.payload, STORED_VERSION, e.version, e.shift_ids)
        .join(EXTRACTION, e.article_id == s.article_id)
        .where(e.article_id.in_(set(article_ids)), s.retracted_at.is_(None), e.version > STORED_VERSION)
        .order_by(s.article_id, s.id)
    )
    done = Retracted()
    for shift_id, article_id, story_id, payload, stored, latest, listed in conn.execute(query).all():
        version = retracting_version(NoticeRow(latest, listed), shift_id=shift_id, version=stored)
        if version is None:
            continue
        conn.execute(
            sa.update(SHIFT)
            .where(s.id == shift_id)
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
    a, s = ALERT.c, SHIFT.c
    to_publish = sa.and_(
        a.published_at.is_(None), a.discarded_at.is_(None), a.delivery_mode == DeliveryMode.IMMEDIATE.value
    )
    query = (
        sa.select(s.article_id, a.id, sa.case((to_publish, a.payload), else_=sa.null()))
        .join(SHIFT, s.id == a.shift_id)
        .where(s.article_id.in_(set(article_ids)), a.kind == RETRACTION)
        .order_by(a.created_at, a.id)
    )
    found: dict[str, tuple[list[Alert], list[str]]] = {article_id: ([], []) for article_id in article_ids}
    for article_id, alert_id, payload in session.connection().execute(query):
        pending, ids = found[article_id]
        ids.append(alert_id)
        if payload is not None:
            pending.append(Alert.model_validate(payload))
    return found


def unpublished_retractions(session: Session, *, article_id: str) -> list[Alert]:
    """The article's immediate retraction alerts not yet on NATS (a crash before publishing)."""
    return retractions_of_articles(session, [article_id])[article_id][0]


def retraction_ids(session: Session, *, article_id: str) -> Sequence[str]:
    return retractions_of_articles(session, [article_id])[article_id][1]
