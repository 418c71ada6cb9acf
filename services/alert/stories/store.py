"""Storing what the service receives: every shift, grouped into stories.

The consumer's hot path: SQLAlchemy Core statements on the session's connection, no ORM objects.
A pull's new shift rows go in with one `executemany` (`ShiftWriter.flush`); a story is read
(locked) and written once per shift, because the next shift of the pull may join it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import Session

from services.alert.stories.keys import direction as direction_of
from services.alert.stories.keys import happened_at, story_key
from services.alert.stories.rows import (
    FIND_STORY,
    INSERT_STORY,
    SHIFT,
    STORED_VERSION,
    StoryRow,
    add_to_story,
    read_story,
    recount_story,
    write_counts,
)
from shared.contract import PolicyShift, stable_id, utcnow

# The hot path's statements, built once: SQLAlchemy then skips building and keying them per call.
_READ_SHIFTS = sa.select(
    SHIFT.c.id, SHIFT.c.story_id, STORED_VERSION, SHIFT.c.retracted_at, SHIFT.c.retracted_in_version
).where(SHIFT.c.id.in_(sa.bindparam("ids", expanding=True)))
_INSERT_SHIFTS = sa.insert(SHIFT)
_LOCK_KEYS = {  # see ShiftWriter.lock; unnest yields the keys in their order
    "postgresql": sa.text(
        "SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM unnest(CAST(:keys AS text[])) AS k"
    ),
    "sqlite": sa.text("UPDATE alert_story SET key = key WHERE 0 = 1 /* story key lock */"),
}


class Extraction(Protocol):
    """An article's latest extraction notice, as far as retraction reads it."""

    version: int
    shift_ids: list[str]


@dataclass
class ShiftRow:
    """What storing reads of a stored shift: its story, retraction and article version."""

    id: str
    story_id: str | None
    version: int
    retracted_at: datetime | None = None
    retracted_in_version: int | None = None


@dataclass
class StoredShift:
    record: ShiftRow
    story: StoryRow | None  # None: stored retracted, in no story
    is_new: bool
    founded: bool = False  # the story was founded by this shift, just now: it has no alerts yet

    @property
    def retracted(self) -> bool:
        return self.record.retracted_at is not None or self.story is None


def retracting_version(extraction: Extraction | None, *, shift_id: str, version: int) -> int | None:
    """The article version that no longer reports this shift (read from `version`), if any."""
    if extraction is None or extraction.version <= version or shift_id in extraction.shift_ids:
        return None
    return extraction.version


def store_shift(
    session: Session, shift: PolicyShift, *, window: timedelta, extraction: Extraction | None = None
) -> StoredShift:
    """Insert the shift and attach it to its story (idempotent: a redelivery changes nothing).

    `extraction` is the article's latest extraction notice: a shift of an older version that it
    no longer lists arrived late, and is stored already retracted, in no story.
    """
    writer = ShiftWriter(session, window=window)
    stored = writer.store(shift, extraction)
    writer.flush()
    return stored


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


def new_row(shift: PolicyShift, *, retracted_in: int | None = None) -> dict[str, Any]:
    """Every column of a new shift row (what `ShiftRecord(id=..., **searchable(shift))` holds)."""
    return {
        "id": shift.id,
        **searchable(shift),
        "story_id": None,
        "received_at": utcnow(),
        "retracted_at": None if retracted_in is None else utcnow(),
        "retracted_in_version": retracted_in,
    }


class ShiftWriter:
    """Stores the shifts of one transaction: new rows wait for one `executemany` (`flush`),
    stories are locked, read and written as each shift comes."""

    def __init__(self, session: Session, *, window: timedelta) -> None:
        self.conn: Connection = session.connection()
        self.window = window
        self.known: dict[str, ShiftRow] = {}
        self._looked_up: set[str] = set()
        self._pending: list[dict[str, Any]] = []
        self._locked: set[str] = set()

    def prefetch(self, shift_ids: Iterable[str]) -> None:
        """Read the stored rows of these shifts (redeliveries, edits) in one query."""
        wanted = set(shift_ids) - self._looked_up
        if not wanted:
            return
        for row in self.conn.execute(_READ_SHIFTS, {"ids": list(wanted)}):
            self.known[row[0]] = ShiftRow(*row)
        self._looked_up |= wanted

    def flush(self) -> None:
        if self._pending:
            self.conn.execute(_INSERT_SHIFTS, self._pending)
            self._pending = []

    def store(self, shift: PolicyShift, extraction: Extraction | None) -> StoredShift:
        self.prefetch([shift.id])
        known = self.known.get(shift.id)
        if known is not None:
            self.flush()  # the amendment reads shift rows
            return self._amend(known, shift, extraction)
        retracted_in = retracting_version(extraction, shift_id=shift.id, version=shift.article_version)
        row = new_row(shift, retracted_in=retracted_in)
        story, founded = (None, False) if retracted_in is not None else self.attach(shift, fresh=True)
        row["story_id"] = story.id if story is not None else None
        self._pending.append(row)
        self.known[shift.id] = ShiftRow(
            shift.id, row["story_id"], shift.article_version, row["retracted_at"], retracted_in
        )
        return StoredShift(self.known[shift.id], story, is_new=True, founded=founded)

    def _amend(self, record: ShiftRow, shift: PolicyShift, extraction: Extraction | None) -> StoredShift:
        """A newer article version's shift replaces the stored one (and brings a retracted one back).

        Every searchable column is refreshed with the payload, and a live shift is regrouped: the
        edit may have changed its direction or date, and so its story.
        """
        if shift.article_version > record.version:
            changes = searchable(shift)
            still_gone = retracting_version(extraction, shift_id=shift.id, version=shift.article_version)
            if record.retracted_at is not None and still_gone is None:
                record.retracted_at = record.retracted_in_version = None
                changes.update(retracted_at=None, retracted_in_version=None)
            record.version = shift.article_version
            self.conn.execute(sa.update(SHIFT).where(SHIFT.c.id == record.id).values(changes))
            if record.retracted_at is None:
                return StoredShift(record, self._regroup(record, shift), is_new=False)
        story = read_story(self.conn, record.story_id) if record.story_id else None
        return StoredShift(record, story, is_new=False)

    def _regroup(self, record: ShiftRow, shift: PolicyShift) -> StoryRow:
        """Keep an amended shift in its story while it still belongs there, else move it.

        It stays when the story has its key (actor, topic, direction) and the shift's date is within
        the window of the story's other live shifts; otherwise it leaves (the story is recounted
        from what remains, and keeps its alerts) and joins, or starts, the story it now belongs to.
        """
        current = read_story(self.conn, record.story_id, lock=True) if record.story_id else None
        if current is not None:
            self._move(record, None)
            recount_story(self.conn, current)
            if _belongs(current, shift, window=self.window):
                self._move(record, current.id)
                recount_story(self.conn, current)
                return current
        story, _ = self.attach(shift, fresh=False)
        self._move(record, story.id)
        return story

    def _move(self, record: ShiftRow, story_id: str | None) -> None:
        record.story_id = story_id
        self.conn.execute(sa.update(SHIFT).where(SHIFT.c.id == record.id).values(story_id=story_id))

    def attach(self, shift: PolicyShift, *, fresh: bool) -> tuple[StoryRow, bool]:
        """The story the shift joins (or founds: then True), written back with it counted."""
        key, when = story_key(shift), happened_at(shift)
        self.lock([key])
        window = {"key": key, "since": when - self.window, "until": when + self.window}
        found = self.conn.execute(FIND_STORY, window).first()
        if found is not None:
            story = StoryRow(**found._mapping)
            add_to_story(story, shift)
            write_counts(self.conn, story)
            return story, False
        story = StoryRow(
            id=self._new_story_id(key, shift, fresh=fresh),
            key=key,
            actor=shift.actor,
            topic=shift.topic,
            direction=direction_of(shift),
            first_seen=when,
            last_seen=when,
        )
        add_to_story(story, shift)
        self.conn.execute(INSERT_STORY, dict(vars(story)))
        return story, True

    def lock(self, keys: Iterable[str]) -> None:
        """Serialise, until commit, every writer that looks for or founds a story under these keys.

        Locking the story row is not enough: the first two reports of a story find no row to lock,
        and two writers would each found their own story. PostgreSQL takes transaction-level
        advisory locks on the keys, in one statement and in sorted order (two replicas never hold
        one each of two keys they both want); SQLite takes its database write lock (a write that
        changes nothing; once per transaction is enough), so the search sees whatever a writer
        that held it before has committed. A pull locks its shifts' keys at once, before storing.
        """
        wanted = sorted(set(keys) - self._locked)
        if not wanted:
            return
        dialect = self.conn.dialect.name
        if dialect == "postgresql":
            self.conn.execute(_LOCK_KEYS[dialect], {"keys": wanted})
        elif dialect == "sqlite" and not self._locked:
            self.conn.execute(_LOCK_KEYS[dialect])
        self._locked.update(wanted)

    def _new_story_id(self, key: str, shift: PolicyShift, *, fresh: bool) -> str:
        """Deterministic; an amended shift that founded a story before and must leave it (its date
        moved out of the window) founds the next one under its article version. A shift never
        stored before (`fresh`) cannot have founded one."""
        story_id = stable_id("story", key, shift.id)
        if fresh or read_story(self.conn, story_id) is None:
            return story_id
        return stable_id("story", key, shift.id, f"v{shift.article_version}")


def _belongs(story: StoryRow, shift: PolicyShift, *, window: timedelta) -> bool:
    if story.key != story_key(shift):
        return False
    when = happened_at(shift)
    return not story.shift_ids or story.first_seen - window <= when <= story.last_seen + window
