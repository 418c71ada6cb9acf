"""Story rows as the consumer's hot path reads and writes them: SQLAlchemy Core statements
built once at import (SQLAlchemy then skips building and keying them per call), no ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from services.alert.storage.tables import ShiftRecord, Story
from services.alert.stories.keys import happened_at, source_of
from shared.contract import PolicyShift, utcnow

SHIFT: sa.Table = ShiftRecord.__table__  # type: ignore[attr-defined]
STORY: sa.Table = Story.__table__  # type: ignore[attr-defined]
# The payload's article version, read in the database (no JSON decoded in Python).
STORED_VERSION = sa.func.coalesce(SHIFT.c.payload["article_version"].as_integer(), 1)

FIND_STORY = (
    sa.select(STORY)
    .where(STORY.c.key == sa.bindparam("key"), STORY.c.last_seen >= sa.bindparam("since"))
    .where(STORY.c.first_seen <= sa.bindparam("until"))
    .order_by(STORY.c.last_seen.desc())
    .limit(1)
    .with_for_update()  # see read_story
)
INSERT_STORY = sa.insert(STORY)
_UPDATE_STORY = sa.update(STORY).where(STORY.c.id == sa.bindparam("story_id_"))  # SET: the other keys


@dataclass
class StoryRow:
    """A story row as the hot path reads and writes it (the columns of `Story`)."""

    id: str
    key: str
    actor: str
    topic: str
    direction: str
    first_seen: datetime
    last_seen: datetime
    source_count: int = 1
    sources: list[str] = field(default_factory=list)
    shift_ids: list[str] = field(default_factory=list)
    updated_at: datetime = field(default_factory=utcnow)


def write_counts(conn: Connection, story: StoryRow) -> None:
    """Write back the columns that change when a story gains or loses a shift."""
    conn.execute(
        _UPDATE_STORY,
        {
            "story_id_": story.id,
            "shift_ids": story.shift_ids,
            "sources": story.sources,
            "source_count": story.source_count,
            "first_seen": story.first_seen,
            "last_seen": story.last_seen,
            "updated_at": story.updated_at,
        },
    )


def read_story(conn: Connection, story_id: str, *, lock: bool = False) -> StoryRow | None:
    """The story; with `lock`, locked until commit: its shift list and sources are read, changed
    and written back, and two writers (two replicas, or the shift and notice consumers) must not
    both start from the same old list on PostgreSQL. SQLite has one writer at a time anyway."""
    query = sa.select(STORY).where(STORY.c.id == story_id)
    found = conn.execute(query.with_for_update() if lock else query).first()
    return StoryRow(**found._mapping) if found is not None else None


def recount_story(conn: Connection, story: StoryRow) -> None:
    """A story's shifts and sources are its live (not retracted) shifts'."""
    query = (
        sa.select(SHIFT.c.payload)
        .where(SHIFT.c.story_id == story.id, SHIFT.c.retracted_at.is_(None))
        .order_by(SHIFT.c.happened_at, SHIFT.c.id)
    )
    shifts = [PolicyShift.model_validate(payload) for payload in conn.execute(query).scalars()]
    story.shift_ids = [shift.id for shift in shifts]
    story.sources = list(dict.fromkeys(source_of(shift) for shift in shifts))
    story.source_count = len(story.sources)
    if shifts:  # an emptied story keeps its dates (and its alerts)
        story.first_seen = min(happened_at(shift) for shift in shifts)
        story.last_seen = max(happened_at(shift) for shift in shifts)
    story.updated_at = utcnow()
    write_counts(conn, story)


def add_to_story(story: StoryRow, shift: PolicyShift) -> None:
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
