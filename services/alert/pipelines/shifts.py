"""The consumer's work for one shift: store it, group it, match it, alert, publish.

Ack only after persisting and publishing: a crash in between means redelivery, and deterministic
ids make the rerun store nothing twice and publish only what is still unpublished.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from faststream.nats import NatsBroker
from sqlalchemy.engine import Engine
from sqlmodel import Session

from services.alert.delivery import alerts
from services.alert.delivery.alerts import NewAlert
from services.alert.metrics import AlertMetrics
from services.alert.progress import SHIFTS, Progress
from services.alert.rules.rulebook import RuleBook
from services.alert.storage.writer import DbWriter
from services.alert.stories.keys import story_key
from services.alert.stories.retractions import read_extractions, retract_stale_all
from services.alert.stories.store import ShiftWriter, StoredShift
from shared.batching import Batcher
from shared.contract import Alert, PolicyShift
from shared.locks import KeyedLocks
from shared.subjects import ALERTS_STREAM, alert_subject

log = logging.getLogger(__name__)
# Alert ids an `AlertPublisher` remembers as published (a few seconds' worth at full load).
RECENT_ALERTS = 4096
AfterPublish = Callable[[Sequence[str]], Awaitable[None]]


class AlertPublisher:
    """Publishes alerts per the contract: own subject, alerts stream, Nats-Msg-Id = alert id."""

    def __init__(
        self, broker: NatsBroker, engine: Engine, metrics: AlertMetrics, writer: DbWriter | None = None
    ) -> None:
        self._broker, self._engine, self._metrics = broker, engine, metrics
        self._writer = writer or DbWriter()
        # The handlers of one pull mark their alerts published in one transaction.
        self._marks: Batcher[list[str], None] = Batcher(self._mark_all, max_size=64)
        # Alerts being published now, each with whether its publish and mark succeeded: a shift
        # redelivered while its first delivery still publishes finds its alerts unmarked, and
        # waits for that publish instead of making its own.
        self._in_flight: dict[str, asyncio.Future[bool]] = {}
        # The last alerts this process published and marked (the stream holds them): one that
        # a redelivery read as unpublished before its mark was committed is not sent again.
        self._recent: OrderedDict[str, None] = OrderedDict()

    async def publish(self, items: Sequence[Alert], *, headers: dict[str, str] | None = None) -> None:
        todo = [alert for alert in dict((a.id, a) for a in items).values() if alert.id not in self._recent]
        others = list({id(f): f for a in todo if (f := self._in_flight.get(a.id)) is not None}.values())
        mine = [alert for alert in todo if alert.id not in self._in_flight]
        if mine:
            done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
            self._in_flight.update((alert.id, done) for alert in mine)
            try:
                # Pipelined: the acks are awaited together, each alert still its own message.
                await asyncio.gather(*(self._publish_one(alert, headers) for alert in mine))
                await self._marks.submit([a.id for a in mine])
                done.set_result(True)
                self._recent.update((alert.id, None) for alert in mine)
                while len(self._recent) > RECENT_ALERTS:
                    self._recent.popitem(last=False)
            finally:
                if not done.done():
                    done.set_result(False)
                for alert in mine:
                    del self._in_flight[alert.id]
        if others and not all(await asyncio.gather(*others)):
            raise RuntimeError("a concurrent publish of the same alerts failed; retrying")

    async def _publish_one(self, alert: Alert, headers: dict[str, str] | None) -> None:
        await self._broker.publish(
            alert,
            alert_subject(alert.owner, alert.rule_id),
            stream=ALERTS_STREAM,
            headers={"Nats-Msg-Id": alert.id, **(headers or {})},
        )
        self._metrics.alerts_published.inc()

    async def _mark_all(self, batches: Sequence[list[str]]) -> list[None]:
        await self._writer.run(self._mark, [alert_id for ids in batches for alert_id in ids])
        return [None] * len(batches)

    def _mark(self, alert_ids: list[str]) -> None:
        with Session(self._engine) as session:
            alerts.mark_published(session, alert_ids=alert_ids)


@dataclass
class Stored:
    """One shift's outcome: the alerts still to publish, every alert id it has, and those that
    may have a webhook delivery to hand off (None: all of them)."""

    pending: list[Alert]
    alert_ids: list[str]
    webhook_ids: list[str] | None = None


@dataclass
class AlertPipeline:
    """The shifts of one pull are stored and matched together: one hop to the writer's thread
    (`storage.writer`) and one transaction for the batch (`shared.batching`; a batch that fails
    is run again shift by shift), then each handler publishes its own alerts and acks its own
    message."""

    engine: Engine
    rules: RuleBook
    metrics: AlertMetrics
    publisher: AlertPublisher
    story_window: timedelta
    progress: Progress
    after_publish: AfterPublish | None = None
    max_batch: int = 16
    # Shared with the extraction notices' pipeline and the publisher: one thread writes.
    writer: DbWriter = field(default_factory=DbWriter)
    _stored: Batcher[PolicyShift, Stored] = field(init=False, repr=False)
    _shift_locks: KeyedLocks = field(init=False, repr=False, default_factory=KeyedLocks)

    def __post_init__(self) -> None:
        async def store_all(shifts: Sequence[PolicyShift]) -> list[Stored]:
            return await self.writer.run(self.store_and_match_all, shifts)

        self._stored = Batcher(store_all, max_size=self.max_batch)

    async def on_shift_detected(self, shift: PolicyShift) -> None:
        self.metrics.shifts_received.inc()
        # A redelivery of a shift still being worked on waits for it: consumers pull while they
        # work, so both can be in hand at once, and the second would read the first's alerts as
        # not yet published and publish them again (core NATS subscribers would get both).
        async with self._shift_locks.hold(shift.id):
            stored = await self._stored.submit(shift)
            await self.publisher.publish(stored.pending)
            if self.after_publish is not None:
                # Every alert of the shift, not only those just published: a redelivery after a
                # failed hand-off must still reach the webhooks (the sender skips finished ones).
                # A shift stored just now hands off only its alerts that got a delivery.
                handoff = stored.alert_ids if stored.webhook_ids is None else stored.webhook_ids
                await self.after_publish(handoff)
        await self.progress.bump(SHIFTS)

    def store_and_match(self, shift: PolicyShift) -> list[Alert]:
        """Persist the shift, its story and its alerts in one transaction; return what to publish."""
        [stored] = self.store_and_match_all([shift])
        return stored.pending

    def store_and_match_all(self, shifts: Sequence[PolicyShift]) -> list[Stored]:
        """`store_and_match` for several shifts in one transaction, in story-key order (two
        replicas lock story keys in the same order); results in the order of `shifts`."""
        with Session(self.engine) as session:
            extractions = read_extractions(session, {shift.article_id for shift in shifts})
            writer = ShiftWriter(session, window=self.story_window)
            # keys locked first: a replica that stored one of these shifts meanwhile has committed
            # by then, so the shifts read next are not taken for new and inserted twice
            writer.lock(story_key(shift) for shift in shifts)
            writer.prefetch(shift.id for shift in shifts)
            created: dict[str, list[NewAlert]] = {}
            amended: set[str] = set()
            for shift in sorted(shifts, key=story_key):
                stored = writer.store(shift, extractions.get(shift.article_id))
                if not stored.is_new:
                    amended.add(shift.id)
                created[shift.id] = [] if self._retracted(stored) else self._match(session, shift, stored)
            writer.flush()
            session.commit()
            # An extraction notice committed meanwhile, by a handler that could not see these
            # shifts yet, is applied here: one of the two always sees the other's commit.
            late = retract_stale_all(
                session, article_ids={shift.article_id for shift in shifts}, rules=self.rules
            )
            self.metrics.shifts_retracted.inc(len(late.shifts))
            self.metrics.alerts_stored.inc(len(late.alerts))
            if late.shifts:
                session.commit()
            # A shift stored just now has exactly the alerts it created, unless retracted since;
            # the others (redeliveries, edits) read theirs back in one query.
            stale = amended | {record.id for record in late.shifts}
            found = alerts.alerts_of_shifts(session, list(stale)) if stale else {}
            return [Stored(*found[s.id]) if s.id in stale else just_created(created[s.id]) for s in shifts]

    def _retracted(self, stored: StoredShift) -> bool:
        if stored.retracted and stored.is_new:
            self.metrics.shifts_retracted.inc()  # arrived after the edit that dropped it
        return stored.retracted

    def _match(self, session: Session, shift: PolicyShift, stored: StoredShift) -> list[NewAlert]:
        story = stored.story
        assert story is not None  # a live shift is always in a story
        if stored.is_new and len(story.shift_ids) > 1:
            self.metrics.stories_corroborated.inc()
        started = time.perf_counter()
        matches = self.rules.match(shift, sources=story.source_count)
        self.metrics.match_seconds.observe(time.perf_counter() - started)
        created = alerts.record_alerts(session, shift=shift, stored=stored, matches=matches)
        self.metrics.alerts_stored.inc(len(created))
        return created


def just_created(created: list[NewAlert]) -> Stored:
    """What `alerts_of_shifts` would read back for a shift whose alerts were all created now."""
    ordered = sorted(created, key=lambda new: (new.alert.created_at, new.alert.id))
    return Stored(
        [new.alert for new in ordered if new.immediate],
        [new.alert.id for new in ordered],
        [new.alert.id for new in ordered if new.webhook],  # the others have no delivery to send
    )
