"""The consumer's work for one shift: store it, group it, match it, alert, publish.

Ack only after persisting and publishing: a crash in between means redelivery, and deterministic
ids make the rerun store nothing twice and publish only what is still unpublished.
"""

from __future__ import annotations

import asyncio
import logging
import time
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
from services.alert.stories.keys import story_key
from services.alert.stories.retractions import read_extractions, retract_stale_all
from services.alert.stories.store import ShiftWriter, StoredShift
from shared.batching import Batcher
from shared.contract import Alert, PolicyShift
from shared.subjects import ALERTS_STREAM, alert_subject

log = logging.getLogger(__name__)
AfterPublish = Callable[[Sequence[str]], Awaitable[None]]


class AlertPublisher:
    """Publishes alerts per the contract: own subject, alerts stream, Nats-Msg-Id = alert id."""

    def __init__(self, broker: NatsBroker, engine: Engine, metrics: AlertMetrics) -> None:
        self._broker, self._engine, self._metrics = broker, engine, metrics
        # The handlers of one pull mark their alerts published in one transaction.
        self._marks: Batcher[list[str], None] = Batcher(self._mark_all, max_size=64)

    async def publish(self, items: Sequence[Alert], *, headers: dict[str, str] | None = None) -> None:
        # Pipelined: the acks are awaited together, each alert still its own message.
        await asyncio.gather(*(self._publish_one(alert, headers) for alert in items))
        if items:
            await self._marks.submit([a.id for a in items])

    async def _publish_one(self, alert: Alert, headers: dict[str, str] | None) -> None:
        await self._broker.publish(
            alert,
            alert_subject(alert.owner, alert.rule_id),
            stream=ALERTS_STREAM,
            headers={"Nats-Msg-Id": alert.id, **(headers or {})},
        )
        self._metrics.alerts_published.inc()

    async def _mark_all(self, batches: Sequence[list[str]]) -> list[None]:
        await asyncio.to_thread(self._mark, [alert_id for ids in batches for alert_id in ids])
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
    """The shifts of one pull are stored and matched together: one thread hop and one
    transaction for the batch (`shared.batching`; a batch that fails is run again shift by
    shift), then each handler publishes its own alerts and acks its own message."""

    engine: Engine
    rules: RuleBook
    metrics: AlertMetrics
    publisher: AlertPublisher
    story_window: timedelta
    progress: Progress
    after_publish: AfterPublish | None = None
    max_batch: int = 16
    _stored: Batcher[PolicyShift, Stored] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        async def store_all(shifts: Sequence[PolicyShift]) -> list[Stored]:
            return await asyncio.to_thread(self.store_and_match_all, shifts)

        self._stored = Batcher(store_all, max_size=self.max_batch)

    async def on_shift_detected(self, shift: PolicyShift) -> None:
        self.metrics.shifts_received.inc()
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
            writer.prefetch(shift.id for shift in shifts)
            writer.lock(story_key(shift) for shift in shifts)
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
