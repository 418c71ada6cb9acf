"""Storing what the service receives: every shift, grouped into stories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from services.alert.storage.tables import ArticleExtraction, ShiftRecord, Story
from services.alert.stories.keys import direction as direction_of
from services.alert.stories.keys import happened_at, source_of, story_key
from shared.contract import PolicyShift, stable_id, utcnow


@dataclass
class StoredShift:
    record: ShiftRecord
    story: Story | None  # None: stored retracted, in no story
    is_new: bool

    @property
    def retracted(self) -> bool:
        return self.record.retracted_at is not None or self.story is None


def article_version(record: ShiftRecord) -> int:
    return int(record.payload.get("article_version", 1))


def retracting_version(extraction: ArticleExtraction | None, *, shift_id: str, version: int) -> int | None:
    """The article version that no longer reports this shift (read from `version`), if any."""
    if extraction is None or extraction.version <= version or shift_id in extraction.shift_ids:
        return None
    return extraction.version


def store_shift(
    session: Session, shift: PolicyShift, *, window: timedelta, extraction: ArticleExtraction | None = None
) -> StoredShift:
    """Insert the shift and attach it to its story (idempotent: a redelivery changes nothing).

    `extraction` is the article's latest extraction notice: a shift of an older version that it
    no longer lists arrived late, and is stored already retracted, in no story.
    """
    record = session.get(ShiftRecord, shift.id)
    if record is not None:
        return _amend(session, record, shift, window=window, extraction=extraction)
    record = new_record(shift)
    retracted_in = retracting_version(extraction, shift_id=shift.id, version=shift.article_version)
    if retracted_in is not None:
        mark_retracted(record, retracted_in)
        session.add(record)
        return StoredShift(record, None, is_new=True)
    story = attach_to_story(session, shift, window=window)
    record.story_id = story.id
    session.add(record)
    return StoredShift(record, story, is_new=True)


def new_record(shift: PolicyShift) -> ShiftRecord:
    return ShiftRecord(id=shift.id, **searchable(shift))


def searchable(shift: PolicyShift) -> dict[str, Any]:
    """The columns lists, filters, timelines and backtests read, with the payload they come from."""
    return {
        "article_id": shift.article_id,
        "actor": shift.actor,
        "actor_type": str(shift.actor_type),
        "topic": shift.topic,
        "shift_type": str(shift.shift_type),
        "status": str(shift.status),
        "confidence": shift.confidence,
        "source": shift.source,
        "happened_at": happened_at(shift),
        "payload": shift.model_dump(mode="json"),
    }


def mark_retracted(record: ShiftRecord, version: int) -> None:
    record.retracted_at = utcnow()
    record.retracted_in_version = version


def _amend(
    session: Session,
    record: ShiftRecord,
    shift: PolicyShift,
    *,
    window: timedelta,
    extraction: ArticleExtraction | None,
) -> StoredShift:
    """A newer article version's shift replaces the stored one (and brings a retracted one back).

    Every searchable column is refreshed with the payload, and a live shift is regrouped: the
    edit may have changed its direction or date, and so its story.
    """
    if shift.article_version > article_version(record):
        for name, value in searchable(shift).items():
            setattr(record, name, value)
        session.add(record)
        still_gone = retracting_version(extraction, shift_id=shift.id, version=shift.article_version)
        if record.retracted_at is not None and still_gone is None:
            record.retracted_at = None
            record.retracted_in_version = None
        if record.retracted_at is None:
            return StoredShift(record, regroup(session, record, shift, window=window), is_new=False)
    story = session.get(Story, record.story_id) if record.story_id else None
    return StoredShift(record, story, is_new=False)


def regroup(session: Session, record: ShiftRecord, shift: PolicyShift, *, window: timedelta) -> Story:
    """Keep an amended shift in its story while it still belongs there, else move it.

    It stays when the story has its key (actor, topic, direction) and the shift's date is within
    the window of the story's other live shifts; otherwise it leaves (the story is recounted
    from what remains, and keeps its alerts) and joins, or starts, the story it now belongs to.
    """
    current = locked_story(session, record.story_id) if record.story_id else None
    if current is not None:
        record.story_id = None
        recount_story(session, current)
        if _belongs(current, shift, window=window):
            record.story_id = current.id
            recount_story(session, current)
            return current
    story = attach_to_story(session, shift, window=window)
    record.story_id = story.id
    return story


def _belongs(story: Story, shift: PolicyShift, *, window: timedelta) -> bool:
    if story.key != story_key(shift):
        return False
    when = happened_at(shift)
    return not story.shift_ids or story.first_seen - window <= when <= story.last_seen + window


def recount_story(session: Session, story: Story) -> None:
    """A story's shifts and sources are its live (not retracted) shifts'."""
    session.flush()
    query = (
        select(ShiftRecord)
        .where(ShiftRecord.story_id == story.id, col(ShiftRecord.retracted_at).is_(None))
        .order_by(col(ShiftRecord.happened_at), col(ShiftRecord.id))
    )
    shifts = [PolicyShift.model_validate(r.payload) for r in session.exec(query).all()]
    story.shift_ids = [shift.id for shift in shifts]
    story.sources = list(dict.fromkeys(source_of(shift) for shift in shifts))
    story.source_count = len(story.sources)
    if shifts:  # an emptied story keeps its dates (and its alerts)
        story.first_seen = min(happened_at(shift) for shift in shifts)
        story.last_seen = max(happened_at(shift) for shift in shifts)
    story.updated_at = utcnow()
    session.add(story)


def attach_to_story(session: Session, shift: PolicyShift, *, window: timedelta) -> Story:
    key, when = story_key(shift), happened_at(shift)
    lock_story_key(session, key)
    query = (
        select(Story)
        .where(Story.key == key, Story.last_seen >= when - window, Story.first_seen <= when + window)
        .order_by(col(Story.last_seen).desc())
        .limit(1)
        .with_for_update()  # see locked_story
    )
    story = session.exec(query).first()
    if story is None:
        story = Story(
            id=_new_story_id(session, key, shift),
            key=key,
            actor=shift.actor,
            topic=shift.topic,
            direction=direction_of(shift),
            first_seen=when,
            last_seen=when,
        )
    add_to_story(story, shift)
    session.add(story)
    return story


def lock_story_key(session: Session, key: str) -> None:
    """Serialise, until commit, every writer that looks for or founds a story under `key`.

    Locking the story row is not enough: the first two reports of a story find no row to lock,
    and two writers would each found their own story. PostgreSQL takes a transaction-level
    advisory lock on the key; SQLite takes its database write lock (a write that changes nothing),
    so the search below sees whatever a writer that held it before has committed.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key})
    elif dialect == "sqlite":
        session.execute(sa.text("UPDATE alert_story SET key = key WHERE 0 = 1 /* story key lock */"))


def locked_story(session: Session, story_id: str) -> Story | None:
    """The story, re-read and locked until commit: its shift list and sources are read, changed and
    written back, and two writers (two replicas, or the shift and notice consumers) must not both
    start from the same old list on PostgreSQL. SQLite has one writer at a time anyway."""
    return session.get(Story, story_id, with_for_update=True, populate_existing=True)


def _new_story_id(session: Session, key: str, shift: PolicyShift) -> str:
    """Deterministic; an amended shift that founded a story before and must leave it (its date
    moved out of the window) founds the next one under its article version."""
    story_id = stable_id("story", key, shift.id)
    if session.get(Story, story_id) is None:
        return story_id
    return stable_id("story", key, shift.id, f"v{shift.article_version}")


def add_to_story(story: Story, shift: PolicyShift) -> None:
    when = happened_at(shift)
    if shift.id not in story.shift_ids:
        story.shift_ids = [*story.shift_ids, shift.id]
    source = source_of(shift)
    if source not in story.sources:
        story.sources = [*story.sources, source]
    story.source_count = len(story.sources)
    story.first_seen = min(story.first_seen, when)
    story.last_seen = max(story.last_seen, when)
    story.updated_at = utcnow()
