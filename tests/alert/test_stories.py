"""Stories: the same shift from several articles alerts once, then corroborates quietly."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from prometheus_client import CollectorRegistry
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from services.alert.delivery import alerts
from services.alert.delivery.alerts import new_delivery, to_record
from services.alert.metrics import create_metrics
from services.alert.owners import store as owners
from services.alert.pipelines.shifts import AlertPipeline
from services.alert.progress import Progress
from services.alert.rules import store as rules
from services.alert.rules.rulebook import RuleBook
from services.alert.schemas import RuleCreate
from services.alert.storage import db
from services.alert.storage.tables import AlertRecord, Delivery, ShiftRecord, Story
from services.alert.stories.retractions import record_extraction
from shared.contract import Alert, ArticleExtracted, PolicyShift
from tests.alert.conftest import make_shift

DAY1 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@dataclass
class Harness:
    """The consumer's storage-and-matching step on a real database, without the broker."""

    engine: Engine
    book: RuleBook
    pipeline: AlertPipeline

    def rule(self, **fields: Any) -> str:
        with Session(self.engine) as session:
            rule = rules.create_rule(session, owner_id="acme", body=RuleCreate(name="r", **fields))
        self.book.put(rule)
        return rule.id

    def receive(self, shift: PolicyShift) -> list[Alert]:
        return self.pipeline.store_and_match(shift)

    def story_of(self, shift: PolicyShift) -> Story:
        with Session(self.engine) as session:
            record = session.get(ShiftRecord, shift.id)
            assert record is not None and record.story_id
            story = session.get(Story, record.story_id)
            assert story is not None
            return story


@pytest.fixture
def harness(database_url: str) -> Iterator[Harness]:
    engine = db.make_engine(database_url)
    db.migrate(engine)
    with Session(engine) as session:
        owners.create_owner(session, name="acme")
    book = RuleBook()
    pipeline = AlertPipeline(
        engine=engine,
        rules=book,
        metrics=create_metrics(CollectorRegistry()),
        publisher=None,  # type: ignore[arg-type]  # store_and_match never publishes
        story_window=timedelta(hours=72),
        progress=Progress(),
    )
    yield Harness(engine, book, pipeline)
    engine.dispose()


def test_later_articles_corroborate_the_story_without_alerting_again(harness: Harness) -> None:
    harness.rule(actors=["United States"])
    first = harness.receive(make_shift(article_id="a1", source="Wire One"))
    second = harness.receive(
        make_shift(article_id="a2", source="Paper Two", published_at=DAY1 + timedelta(hours=5))
    )
    assert len(first) == 1 and second == []
    story = harness.story_of(make_shift(article_id="a2"))
    assert story.source_count == 2 and len(story.shift_ids) == 2
    assert first[0].story_id == story.id


def test_rule_that_asks_for_updates_alerts_each_corroboration(harness: Harness) -> None:
    harness.rule(actors=["United States"], notify_updates=True)
    harness.receive(make_shift(article_id="a1", source="Wire One"))
    update = harness.receive(make_shift(article_id="a2", source="Paper Two"))
    assert len(update) == 1
    assert any("corroborated by 2 sources" in reason for reason in update[0].reasons)


def test_min_sources_fires_once_the_second_independent_source_reports(harness: Harness) -> None:
    harness.rule(actors=["United States"], min_sources=2)
    assert harness.receive(make_shift(article_id="a1", source="Wire One")) == []
    assert harness.receive(make_shift(article_id="a2", source="wire one")) == [], "same source again"
    fired = harness.receive(make_shift(article_id="a3", source="Paper Two"))
    assert len(fired) == 1 and fired[0].shift.article_id == "a3"


def test_opposite_direction_or_distant_date_starts_a_new_story(harness: Harness) -> None:
    harness.rule(actors=["United States"])
    harness.receive(make_shift(article_id="a1"))
    reversed_ = harness.receive(make_shift(article_id="a2", shift_type="softening"))
    later = harness.receive(make_shift(article_id="a3", published_at=DAY1 + timedelta(days=30)))
    assert len(reversed_) == 1 and len(later) == 1
    assert len({harness.story_of(make_shift(article_id=a)).id for a in ("a1", "a2", "a3")}) == 3


def test_redelivered_shift_changes_neither_story_nor_alerts(harness: Harness) -> None:
    harness.rule(actors=["United States"])
    shift = make_shift(article_id="a1")
    first = harness.receive(shift)
    again = harness.receive(shift)
    assert [a.id for a in again] == [a.id for a in first], "unpublished alerts are returned to publish"
    assert harness.story_of(shift).shift_ids == [shift.id]


def test_alert_records_the_rule_version_that_fired(harness: Harness) -> None:
    rule_id = harness.rule(actors=["United States"])
    with Session(harness.engine) as session:
        rule = rules.get_rule(session, owner_id="acme", rule_id=rule_id)
        assert rule is not None
        rule = rules.replace_rule(session, rule=rule, body=RuleCreate(name="r2", actors=["United States"]))
    harness.book.put(rule)
    fired = harness.receive(make_shift())
    assert fired[0].rule_version == 2 and fired[0].rule_name == "r2"


def test_shifts_stored_as_one_batch_alert_as_they_would_one_by_one(harness: Harness) -> None:
    harness.rule(actors=["United States"], notify_updates=True)
    shifts = [
        make_shift(article_id="a1", source="Wire One"),
        make_shift(article_id="a2", source="Paper Two", published_at=DAY1 + timedelta(hours=5)),
        make_shift(article_id="a3", shift_type="softening"),
    ]

    stored = harness.pipeline.store_and_match_all(shifts)

    assert [len(s.pending) for s in stored] == [1, 1, 1]
    assert [[a.shift.article_id for a in s.pending] for s in stored] == [["a1"], ["a2"], ["a3"]]
    assert [s.alert_ids for s in stored] == [[a.id for a in s.pending] for s in stored]
    assert any("corroborated by 2 sources" in reason for reason in stored[1].pending[0].reasons)
    same = harness.story_of(shifts[0])
    assert same.id == harness.story_of(shifts[1]).id and same.source_count == 2
    assert harness.story_of(shifts[2]).id != same.id
    assert harness.pipeline.store_and_match_all(shifts)[0].pending == stored[0].pending  # a redelivery


def test_hot_path_rows_are_the_rows_the_orm_models_make(harness: Harness) -> None:
    """`record_alerts` inserts with Core: every column of its alert and delivery rows is what
    `to_record` and `new_delivery` give (their defaults included), and a redelivery adds none."""
    rule_id = harness.rule(match_all=True, webhook_url="https://hooks.example.invalid/hook")
    shift = make_shift(article_id="a1", source="reuters.com", published_at=DAY1)
    [alert] = harness.receive(shift)
    assert harness.receive(shift) == [alert]  # not published yet: offered again, stored once
    rule = harness.book.get(rule_id)
    assert rule is not None
    with Session(harness.engine) as session:
        rows = session.exec(select(AlertRecord)).all()
        deliveries = session.exec(select(Delivery)).all()
        assert [r.id for r in rows] == [alert.id] and len(deliveries) == 1
        expected_alert = to_record(alert, kind="new", mode=rule.options.delivery_mode)
        expected_delivery = new_delivery(rule, alert_id=alert.id)
    skip = {"created_at", "updated_at"}  # the delivery's: stamped when made
    for column in AlertRecord.__table__.columns:  # type: ignore[attr-defined]
        assert getattr(rows[0], column.name) == getattr(expected_alert, column.name), column.name
    for column in Delivery.__table__.columns:  # type: ignore[attr-defined]
        if column.name not in skip:
            assert getattr(deliveries[0], column.name) == getattr(expected_delivery, column.name), column.name
    assert deliveries[0].created_at == deliveries[0].updated_at


def test_shift_redelivered_within_one_pull_is_stored_once_and_alerts_once(harness: Harness) -> None:
    harness.rule(actors=["United States"])
    shift = make_shift(article_id="a1")

    first, again = harness.pipeline.store_and_match_all([shift, shift])

    assert len(first.pending) == 1 and again.pending == first.pending
    assert again.alert_ids == first.alert_ids
    assert harness.story_of(shift).shift_ids == [shift.id]
    with Session(harness.engine) as session:
        assert len(session.exec(select(ShiftRecord)).all()) == 1
        assert len(session.exec(select(AlertRecord)).all()) == 1


def test_new_shifts_return_the_alerts_the_database_holds_for_them(harness: Harness) -> None:
    """A shift stored just now returns the alerts it created without reading them back: the same
    alerts, order and pending set the database gives a redelivery; only webhook alerts are handed
    to the sender."""
    immediate = harness.rule(actors=["United States"])
    digest = harness.rule(actors=["United States"], delivery_mode="digest")
    hooked = harness.rule(actors=["United States"], webhook_url="https://hooks.example.invalid/h")
    shifts = [make_shift(article_id="a1"), make_shift(article_id="a2", shift_type="softening")]

    fresh = harness.pipeline.store_and_match_all(shifts)
    with Session(harness.engine) as session:
        stored = alerts.alerts_of_shifts(session, [shift.id for shift in shifts])

    for shift, outcome in zip(shifts, fresh, strict=True):
        pending, ids = stored[shift.id]
        assert (outcome.pending, outcome.alert_ids) == (pending, ids)
        assert {a.rule_id for a in outcome.pending} == {immediate, hooked}, "the digest rule waits"
        assert sorted(ids) == sorted(Alert.make_id(rule, shift.id) for rule in (immediate, digest, hooked))
        assert outcome.webhook_ids == [Alert.make_id(hooked, shift.id)]
    redelivered = harness.pipeline.store_and_match_all(shifts)
    assert [r.pending for r in redelivered] == [r.pending for r in fresh]
    assert all(r.webhook_ids is None for r in redelivered), "a redelivery hands every alert off"


def test_edit_notice_committed_while_its_shift_is_stored_retracts_the_new_alert(harness: Harness) -> None:
    # The notice handler commits v2 (which drops the shift) right after the shift's transaction
    # commits: the shift handler's second look must retract it and return the retraction too.
    rule_id = harness.rule(actors=["United States"])
    shift = make_shift(article_id="a1")

    def notice_meanwhile(_session: Session) -> None:
        with Session(harness.engine) as other:
            record_extraction(other, ArticleExtracted(article_id="a1", article_version=2, shift_ids=[]))
            other.commit()

    sa.event.listen(Session, "after_commit", notice_meanwhile, once=True)
    try:
        [outcome] = harness.pipeline.store_and_match_all([shift])
    finally:
        if sa.event.contains(Session, "after_commit", notice_meanwhile):
            sa.event.remove(Session, "after_commit", notice_meanwhile)

    alert_id = Alert.make_id(rule_id, shift.id)
    assert outcome.alert_ids == [alert_id, Alert.make_retraction_id(alert_id)]
    assert [a.kind for a in outcome.pending] == ["new", "retraction"]
    with Session(harness.engine) as session:
        record = session.get(ShiftRecord, shift.id)
        assert record is not None and record.retracted_in_version == 2


def test_two_replicas_storing_pulls_of_the_same_stories_at_once_group_them_once(harness: Harness) -> None:
    # Two replicas take pulls that report the same two stories, in opposite orders, at the same
    # moment: each pull locks its story keys at once, in sorted order, so neither deadlocks nor
    # founds a second story, and the rule alerts once per story.
    harness.rule(match_all=True)
    other_engine = db.make_engine(harness.engine.url.render_as_string(hide_password=False))
    other = AlertPipeline(
        engine=other_engine,
        rules=harness.book,
        metrics=create_metrics(CollectorRegistry()),
        publisher=None,  # type: ignore[arg-type]  # store_and_match_all never publishes
        story_window=timedelta(hours=72),
        progress=Progress(),
    )

    def steel(article: str) -> PolicyShift:
        return make_shift(article_id=article, source=f"paper-{article}.example")

    def rate(article: str) -> PolicyShift:
        text = "The Bank of Japan raised its policy rate to 0.75 percent."
        return make_shift(
            article_id=article,
            actor="Bank of Japan",
            topic="policy rate",
            source=f"{article}.example",
            text=text,
        )

    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def replica(pipeline: AlertPipeline, pulls: list[list[PolicyShift]]) -> None:
        try:
            for pull in pulls:
                start.wait(10)
                pipeline.store_and_match_all(pull)
        except BaseException as error:  # reported below, not lost in the thread
            failures.append(error)

    rounds = range(4)
    first = threading.Thread(
        target=replica, args=(harness.pipeline, [[steel(f"a{n}"), rate(f"b{n}")] for n in rounds])
    )
    second = threading.Thread(target=replica, args=(other, [[rate(f"c{n}"), steel(f"d{n}")] for n in rounds]))
    first.start(), second.start()
    first.join(60), second.join(60)
    other_engine.dispose()

    assert not failures, failures
    with Session(harness.engine) as session:
        stories = session.exec(select(Story)).all()
        assert sorted(len(story.shift_ids) for story in stories) == [8, 8]
        assert sorted(story.source_count for story in stories) == [8, 8]
        assert len(session.exec(select(AlertRecord)).all()) == 2
