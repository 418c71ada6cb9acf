"""The consumer's work for one shift: store it, group it, match it, alert, publish.

Ack only after persisting and publishing: a crash in between means redelivery, and deterministic
ids make the rerun store nothing twice and publish only what is still unpublished.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from faststream.nats import NatsBroker
from sqlalchemy.engine import Engine
from sqlmodel import Session

from services.alert.delivery import alerts
from services.alert.metrics import AlertMetrics
from services.alert.progress import SHIFTS, Progress
from services.alert.rules.rulebook import RuleBook
from services.alert.storage.tables import ArticleExtraction
from services.alert.stories.retractions import retract_stale
from services.alert.stories.store import StoredShift, store_shift
from shared.contract import Alert, PolicyShift
from shared.subjects import ALERTS_STREAM, alert_subject

log = logging.getLogger(__name__)
AfterPublish = Callable[[Sequence[str]], Awaitable[None]]


class AlertPublisher:
    """Publishes alerts per the contract: own subject, alerts stream, Nats-Msg-Id = alert id."""

    def __init__(self, broker: NatsBroker, engine: Engine, metrics: AlertMetrics) -> None:
        self._broker, self._engine, self._metrics = broker, engine, metrics

    async def publish(self, items: Sequence[Alert], *, headers: dict[str, str] | None = None) -> None:
        for alert in items:
            await self._broker.publish(
                alert,
                alert_subject(alert.owner, alert.rule_id),
                stream=ALERTS_STREAM,
                headers={"Nats-Msg-Id": alert.id, **(headers or {})},
            )
            self._metrics.alerts_published.inc()
        if items:
            await asyncio.to_thread(self._mark, [a.id for a in items])

    def _mark(self, alert_ids: list[str]) -> None:
        with Session(self._engine) as session:
            alerts.mark_published(session, alert_ids=alert_ids)


@dataclass
class AlertPipeline:
    engine: Engine
    rules: RuleBook
    metrics: AlertMetrics
    publisher: AlertPublisher
    story_window: timedelta
    progress: Progress
    after_publish: AfterPublish | None = None

    async def on_shift_detected(self, shift: PolicyShift) -> None:
        self.metrics.shifts_received.inc()
        pending = await asyncio.to_thread(self.store_and_match, shift)
        await self.publisher.publish(pending)
        if self.after_publish is not None:
            # Every alert of the shift, not only those just published: a redelivery after a
            # failed hand-off must still reach the webhooks (the sender skips finished ones).
            alert_ids = await asyncio.to_thread(self._alert_ids, shift.id)
            await self.after_publish(alert_ids)
        await self.progress.bump(SHIFTS)

    def store_and_match(self, shift: PolicyShift) -> list[Alert]:
        """Persist the shift, its story and its alerts in one transaction; return what to publish."""
        with Session(self.engine) as session:
            extraction = session.get(ArticleExtraction, shift.article_id)
            stored = store_shift(session, shift, window=self.story_window, extraction=extraction)
            if stored.retracted:
                if stored.is_new:
                    self.metrics.shifts_retracted.inc()  # arrived after the edit that dropped it
            else:
                self._match(session, shift, stored)
            session.commit()
            # An extraction notice committed meanwhile, by a handler that could not see this shift
            # yet, is applied here: one of the two always sees the other's commit.
            late = retract_stale(session, article_id=shift.article_id, rules=self.rules)
            session.commit()
            self.metrics.shifts_retracted.inc(len(late.shifts))
            self.metrics.alerts_stored.inc(len(late.alerts))
            return alerts.unpublished(session, shift_id=shift.id)

    def _match(self, session: Session, shift: PolicyShift, stored: StoredShift) -> None:
        story = stored.story
        assert story is not None  # a live shift is always in a story
        if stored.is_new and len(story.shift_ids) > 1:
            self.metrics.stories_corroborated.inc()
        started = time.perf_counter()
        matches = self.rules.match(shift, sources=story.source_count)
        self.metrics.match_seconds.observe(time.perf_counter() - started)
        created = alerts.record_alerts(session, shift=shift, story=story, matches=matches)
        self.metrics.alerts_stored.inc(len(created))

    def _alert_ids(self, shift_id: str) -> list[str]:
        with Session(self.engine) as session:
            return alerts.alert_ids_of(session, shift_id=shift_id)
