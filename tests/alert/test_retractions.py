"""Retraction in storage: what an article's newest extraction no longer lists is taken back.

Real databases (SQLite, and PostgreSQL when POLICYWATCH_TEST_POSTGRES_URL is set), no broker.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from services.alert.delivery import alerts
from services.alert.delivery.alerts import to_record
from services.alert.owners import admin
from services.alert.rules import store as rules
from services.alert.rules.rulebook import RuleBook
from services.alert.schemas import RuleCreate
from services.alert.storage import db
from services.alert.storage.tables import ArticleExtraction, Delivery, ShiftRecord, Story
from services.alert.stories.retractions import (
    record_extraction,
    record_extractions,
    retract_stale,
    unpublished_retractions,
)
from services.alert.stories.store import retracting_version, store_shift
from shared.contract import Alert, ArticleExtracted, utcnow
from tests.alert.conftest import make_shift

WINDOW = timedelta(hours=72)
TARIFF = make_shift(article_id="a1", source="Wire One")
RATE = make_shift(
    article_id="a1",
    actor="Bank of Japan",
    topic="policy rate",
    source="Wire One",
    text="The Bank of Japan raised its policy rate to 0.75 percent.",
)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = db.make_engine(database_url)
    db.migrate(engine)
    yield engine
    engine.dispose()


def notice(version: int, *shift_ids: str, article_id: str = "a1") -> ArticleExtracted:
    return ArticleExtracted(article_id=article_id, article_version=version, shift_ids=list(shift_ids))


def extract_again(engine: Engine, extracted: ArticleExtracted) -> list[str]:
    with Session(engine) as session:
        record_extraction(session, extracted)
        session.commit()
        done = retract_stale(session, article_id=extracted.article_id, rules=RuleBook(None))
        session.commit()
        return [r.id for r in done.shifts]


def store(engine: Engine, *shifts: object) -> None:
    with Session(engine) as session:
        for shift in shifts:
            extraction = session.get(ArticleExtraction, shift.article_id)  # type: ignore[attr-defined]
            store_shift(session, shift, window=WINDOW, extraction=extraction)  # type: ignore[arg-type]
            session.commit()


def shift_row(engine: Engine, shift_id: str) -> ShiftRecord:
    with Session(engine) as session:
        record = session.get(ShiftRecord, shift_id)
        assert record is not None
        return record


def test_retracting_version_is_the_newer_extraction_that_omits_the_shift() -> None:
    newer = ArticleExtraction(article_id="a1", version=2, shift_ids=["kept"])
    assert retracting_version(newer, shift_id="dropped", version=1) == 2
    assert retracting_version(newer, shift_id="kept", version=1) is None
    assert retracting_version(newer, shift_id="dropped", version=2) is None, "same version: not older"
    assert retracting_version(None, shift_id="dropped", version=1) is None


def test_shift_missing_from_the_newer_version_is_retracted_and_the_other_kept(engine: Engine) -> None:
    store(engine, TARIFF, RATE)
    assert extract_again(engine, notice(2, TARIFF.id)) == [RATE.id]
    rate, tariff = shift_row(engine, RATE.id), shift_row(engine, TARIFF.id)
    assert rate.retracted_at is not None and rate.retracted_in_version == 2
    assert tariff.retracted_at is None


def test_extraction_notice_redelivered_retracts_nothing_more(engine: Engine) -> None:
    store(engine, TARIFF, RATE)
    assert extract_again(engine, notice(2, TARIFF.id)) == [RATE.id]
    assert extract_again(engine, notice(2, TARIFF.id)) == []


def test_older_notice_arriving_late_changes_nothing(engine: Engine) -> None:
    store(engine, TARIFF, RATE)
    extract_again(engine, notice(3, TARIFF.id, RATE.id))
    assert extract_again(engine, notice(2)) == []
    with Session(engine) as session:
        kept = session.get(ArticleExtraction, "a1")
        assert kept is not None and kept.version == 3


def test_shift_of_older_version_arriving_after_the_notice_is_stored_retracted_in_no_story(
    engine: Engine,
) -> None:
    extract_again(engine, notice(2, TARIFF.id))
    store(engine, TARIFF, RATE)  # version 1 shifts, late
    rate, tariff = shift_row(engine, RATE.id), shift_row(engine, TARIFF.id)
    assert rate.retracted_in_version == 2 and rate.story_id is None
    assert tariff.retracted_at is None and tariff.story_id is not None


def test_retracted_shift_no_longer_counts_toward_its_story_sources(engine: Engine) -> None:
    corroboration = make_shift(article_id="a2", source="Paper Two")
    store(engine, TARIFF, corroboration)
    story_id = shift_row(engine, TARIFF.id).story_id
    assert shift_row(engine, corroboration.id).story_id == story_id
    extract_again(engine, notice(2, article_id="a2"))  # a2's edit dropped its shift
    with Session(engine) as session:
        story = session.get(Story, story_id)
        assert story is not None
        assert (story.source_count, story.sources, story.shift_ids) == (1, ["wire one"], [TARIFF.id])


def test_shift_reported_again_by_a_later_version_is_reinstated(engine: Engine) -> None:
    store(engine, TARIFF, RATE)
    extract_again(engine, notice(2, TARIFF.id))
    extract_again(engine, notice(3, TARIFF.id, RATE.id))
    assert shift_row(engine, RATE.id).retracted_at is not None, "the notice alone waits for the shift"
    store(engine, RATE.model_copy(update={"article_version": 3}))
    rate = shift_row(engine, RATE.id)
    assert rate.retracted_at is None and rate.retracted_in_version is None
    with Session(engine) as session:
        story = session.get(Story, rate.story_id)
        assert story is not None and story.shift_ids == [RATE.id] and story.source_count == 1


def alerted_rule(engine: Engine, database_url: str, **options: object) -> RuleBook:
    """A rule that alerted on TARIFF (stored); the returned book knows the rule."""
    admin.create_owner(database_url, "acme")
    store(engine, TARIFF)
    book = RuleBook(None)
    with Session(engine) as session:
        rule = rules.create_rule(session, owner_id="acme", body=RuleCreate(name="r", **options))  # type: ignore[arg-type]
        book.put(rule)
        alert = Alert(id=Alert.make_id(rule.id, TARIFF.id), owner="acme", rule_id=rule.id, shift=TARIFF)
        sent = to_record(alert, kind="new", mode=str(book.get(rule.id).options.delivery_mode))  # type: ignore[union-attr]
        sent.published_at = utcnow()
        session.add(sent)
        session.commit()
    return book


def retract_with(engine: Engine, book: RuleBook) -> tuple[str, datetime | None]:
    """Retract TARIFF; its one retraction alert's delivery mode and discarded_at."""
    with Session(engine) as session:
        record_extraction(session, notice(2))
        session.commit()
        done = retract_stale(session, article_id="a1", rules=book)
        session.commit()
        [retraction] = done.alerts
        return retraction.delivery_mode, retraction.discarded_at


def test_retraction_for_a_deleted_rule_is_stored_discarded_and_never_published(
    engine: Engine, database_url: str
) -> None:
    book = alerted_rule(engine, database_url, webhook_url="https://h.example/")
    with Session(engine) as session:
        [rule] = rules.live_rules(session)
        rules.delete_rule(session, rule=rule)  # through another replica: this book still has it
        session.commit()
    _, discarded_at = retract_with(engine, book)
    assert discarded_at is not None
    with Session(engine) as session:
        assert unpublished_retractions(session, article_id="a1") == []
        assert alerts.unpublished(session, shift_id=TARIFF.id) == []
        assert session.exec(select(Delivery)).all() == []


def test_retraction_for_a_rule_this_replica_has_not_loaded_follows_the_rule_in_the_database(
    engine: Engine, database_url: str
) -> None:
    alerted_rule(engine, database_url, delivery_mode="digest")
    # a replica that has not heard of the rule
    assert retract_with(engine, RuleBook(None)) == ("digest", None)
    with Session(engine) as session:
        assert unpublished_retractions(session, article_id="a1") == [], "sent with the next digest"


def test_an_older_notice_racing_a_newer_one_does_not_overwrite_it(engine: Engine, database_url: str) -> None:
    # Two replicas take v3's and v2's notices of one article at once: v2 must not win by
    # committing last (PostgreSQL's READ COMMITTED would let it overwrite v3's shift list).
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    extract_again(engine, notice(1, TARIFF.id))
    with Session(engine) as newer:
        record_extraction(newer, notice(3))
        newer.flush()  # v3 holds the row, not yet committed
        older = Writer(extract_again, engine, notice(2, TARIFF.id))
        older.start()
        wait_until_blocked(newer)
        newer.commit()
        older.finish()
    with Session(engine) as session:
        stored = session.get(ArticleExtraction, "a1")
        assert stored is not None
        assert (stored.version, stored.shift_ids) == (3, [])


class Writer(threading.Thread):
    """A second writer in its own thread whose failure or hang fails the test instead of being
    swallowed by the thread."""

    def __init__(self, target: Callable[..., object], *args: object) -> None:
        super().__init__(daemon=True)
        self._work = lambda: target(*args)
        self.failure: BaseException | None = None

    def run(self) -> None:
        try:
            self._work()
        except BaseException as error:
            self.failure = error

    def finish(self, within: float = 20.0) -> None:
        self.join(within)
        assert not self.is_alive(), f"the other writer did not finish within {within} s"
        if self.failure is not None:
            raise AssertionError("the other writer failed") from self.failure


def wait_until_blocked(session: Session) -> None:
    """Until another connection waits for a lock this session holds."""
    query = sa.text(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
    )
    with session.get_bind().connect() as probe:  # type: ignore[union-attr]
        deadline = time.monotonic() + 10
        while probe.execute(query).scalar() == 0:
            assert time.monotonic() < deadline, "the other notice never waited for the row"
            probe.rollback()


def test_two_writers_adding_to_one_story_at_once_both_count(engine: Engine) -> None:
    # Two replicas store two reports of one story at once: the second must not write back the
    # story's old shift list and sources over the first (PostgreSQL, READ COMMITTED).
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    first = make_shift(article_id="a1", source="wire-one.example")
    store(engine, first)
    second = make_shift(article_id="a2", source="paper-two.example")
    third = make_shift(article_id="a3", source="radio-three.example")
    with Session(engine) as holder:
        store_shift(holder, second, window=timedelta(hours=72))
        holder.flush()  # the story row is held, not yet committed
        other = Writer(store, engine, third)
        other.start()
        wait_until_blocked(holder)
        holder.commit()
        other.finish()
    with Session(engine) as session:
        [story] = session.exec(select(Story)).all()
        assert sorted(story.shift_ids) == sorted([first.id, second.id, third.id])
        assert story.source_count == 3


def test_two_writers_storing_the_first_reports_of_a_story_at_once_found_one_story(
    engine: Engine, database_url: str
) -> None:
    # Two replicas handle the first two reports of a story at the same moment: there is no story
    # row to lock yet, so both would find none and each found its own (a rule alerts twice and
    # `min_sources: 2` never fires). The second must wait for the first and join its story.
    first = make_shift(article_id="a1", source="wire-one.example")
    second = make_shift(article_id="a2", source="paper-two.example")
    other_engine = db.make_engine(database_url)
    reached = threading.Event()

    @sa.event.listens_for(other_engine, "before_cursor_execute")
    def _signal(_conn, _cursor, statement: str, *_args: object) -> None:  # type: ignore[no-untyped-def]
        # the other writer is about to take the story lock, or (unserialised) to insert its story
        if "lock" in statement.lower() or statement.lstrip().upper().startswith("INSERT INTO ALERT_STORY"):
            reached.set()

    with Session(engine) as holder:
        store_shift(holder, first, window=WINDOW)
        holder.flush()  # the first story is written, not yet committed
        writer = Writer(store, other_engine, second)
        writer.start()
        assert reached.wait(10), "the second writer never reached the story"
        holder.commit()
    writer.finish()
    other_engine.dispose()
    with Session(engine) as session:
        stories = session.exec(select(Story)).all()
        assert len(stories) == 1, [s.shift_ids for s in stories]
        assert sorted(stories[0].shift_ids) == sorted([first.id, second.id])
        assert stories[0].source_count == 2


@pytest.mark.parametrize("order", [(2, 3), (3, 2)], ids=["older-first", "newer-first"])
def test_two_notices_of_one_article_in_one_pull_keep_the_newer(
    engine: Engine, order: tuple[int, int]
) -> None:
    store(engine, TARIFF, RATE)
    notices = {2: notice(2, TARIFF.id), 3: notice(3, TARIFF.id, RATE.id)}
    with Session(engine) as session:
        record_extractions(session, [notices[v] for v in order] + [notice(1, "x", article_id="a2")])
        session.commit()
        done = retract_stale(session, article_id="a1", rules=RuleBook(None))
        session.commit()
        stored = session.get(ArticleExtraction, "a1")
        assert stored is not None and (stored.version, stored.shift_ids) == (3, [TARIFF.id, RATE.id])
        other = session.get(ArticleExtraction, "a2")
        assert other is not None and other.shift_ids == ["x"]
    assert done.shifts == [], "v3 still reports both shifts"
