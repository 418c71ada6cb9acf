"""Amendments: a newer article version's shift replaces the stored one, columns and story too.

Real databases (SQLite, and PostgreSQL when POLICYWATCH_TEST_POSTGRES_URL is set), no broker.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from services.alert.storage import db, queries
from services.alert.storage.tables import ShiftRecord, Story
from services.alert.stories.store import store_shift
from services.alert.stories.timeline import stance_timeline
from shared.contract import PolicyShift
from tests.alert.conftest import make_shift

WINDOW = timedelta(hours=72)
DAY1 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
RAISED = make_shift(article_id="a1", source="Wire One", published_at=DAY1)
RAISED_TOO = make_shift(article_id="a2", source="Paper Two", published_at=DAY1 + timedelta(hours=2))
CUT = make_shift(
    article_id="a3",
    shift_type="softening",
    source="Paper Three",
    text="The United States cut steel tariffs back to 25 percent.",
    before="50 percent",
    after="25 percent",
    published_at=DAY1 + timedelta(hours=4),
)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = db.make_engine(database_url)
    db.migrate(engine)
    yield engine
    engine.dispose()


def edited(shift: PolicyShift, **changes: object) -> PolicyShift:
    """The same shift as version 2 of its article reports it."""
    return shift.model_copy(update={"article_version": 2, **changes})


def store(engine: Engine, *shifts: PolicyShift) -> None:
    with Session(engine) as session:
        for shift in shifts:
            store_shift(session, shift, window=WINDOW)
            session.commit()


def shift_row(engine: Engine, shift_id: str) -> ShiftRecord:
    with Session(engine) as session:
        record = session.get(ShiftRecord, shift_id)
        assert record is not None
        return record


def story_of(engine: Engine, shift_id: str) -> Story:
    with Session(engine) as session:
        story = session.get(Story, shift_row(engine, shift_id).story_id)
        assert story is not None
        return story


def test_amended_shift_refreshes_every_searchable_column(engine: Engine) -> None:
    store(engine, RAISED)
    amended = edited(
        RAISED,
        shift_type="softening",
        status="enacted",
        confidence=0.55,
        actor_type="official",
        source="Paper Two",
        published_at=DAY1 + timedelta(hours=5),
    )
    store(engine, amended)
    row = shift_row(engine, RAISED.id)
    assert (row.shift_type, row.status, row.confidence, row.actor_type, row.source) == (
        "softening",
        "enacted",
        0.55,
        "official",
        "Paper Two",
    )
    assert row.happened_at == DAY1 + timedelta(hours=5)
    assert row.payload["article_version"] == 2
    with Session(engine) as session:
        found = queries.list_shifts(session, cursor=None, limit=10, shift_type="softening", status="enacted")
        assert [r.id for r in found] == [RAISED.id]
        assert queries.list_shifts(session, cursor=None, limit=10, shift_type="hardening") == []
        assert queries.list_shifts(session, cursor=None, limit=10, min_confidence=0.8) == []


def test_amended_shift_whose_direction_changed_moves_to_the_story_it_now_belongs_to(engine: Engine) -> None:
    store(engine, RAISED, RAISED_TOO, CUT)
    raised_story = story_of(engine, RAISED.id)
    store(engine, edited(RAISED, shift_type="softening", before="50 percent", after="25 percent"))

    left = story_of(engine, RAISED_TOO.id)
    assert left.id == raised_story.id
    assert (left.shift_ids, left.sources, left.source_count) == ([RAISED_TOO.id], ["paper two"], 1)
    assert left.first_seen == RAISED_TOO.published_at, "the story's dates are its remaining shifts'"
    joined = story_of(engine, RAISED.id)
    assert joined.id == story_of(engine, CUT.id).id and joined.direction == "softening"
    assert set(joined.shift_ids) == {RAISED.id, CUT.id} and joined.source_count == 2
    with Session(engine) as session:
        timeline = stance_timeline(session, actor="United States", topic="tariffs", gazetteer=None)
    # oldest first: the amended shift (day 1, 09:00) now opens the softening story
    assert [(e.direction, len(e.evidence)) for e in timeline] == [("softening", 2), ("hardening", 1)]


def test_amended_shift_that_still_fits_its_story_stays_and_its_sources_are_recounted(
    engine: Engine,
) -> None:
    store(engine, RAISED, RAISED_TOO)
    story_id = story_of(engine, RAISED.id).id
    store(engine, edited(RAISED, source="Paper Two", confidence=0.7))
    story = story_of(engine, RAISED.id)
    assert story.id == story_id
    assert (story.sources, story.source_count) == (["paper two"], 1)


def test_amended_shift_moved_out_of_its_story_window_starts_a_new_story(engine: Engine) -> None:
    store(engine, RAISED, RAISED_TOO)
    first = story_of(engine, RAISED.id)
    store(engine, edited(RAISED, published_at=DAY1 + timedelta(days=30)))
    moved = story_of(engine, RAISED.id)
    assert moved.id != first.id and moved.shift_ids == [RAISED.id]
    assert story_of(engine, RAISED_TOO.id).shift_ids == [RAISED_TOO.id]


def test_lone_shift_amended_to_a_later_date_keeps_its_story(engine: Engine) -> None:
    store(engine, RAISED)
    first = story_of(engine, RAISED.id)
    store(engine, edited(RAISED, published_at=DAY1 + timedelta(days=30)))
    story = story_of(engine, RAISED.id)
    assert story.id == first.id and story.first_seen == DAY1 + timedelta(days=30)


def test_older_version_arriving_late_changes_nothing(engine: Engine) -> None:
    store(engine, edited(RAISED, shift_type="softening"), RAISED)
    row = shift_row(engine, RAISED.id)
    assert row.shift_type == "softening" and row.payload["article_version"] == 2
