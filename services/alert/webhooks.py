"""Webhook deliveries: records in the database, handed to A2's `WebhookDispatcher`.

The dispatcher retries with backoff and isolates targets; this module decides what to send
(an alert, or a digest of alerts), to which URL with which secret, records every attempt it
reports, and re-submits on startup whatever was still pending when the service stopped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any, Protocol

from pydantic import BaseModel
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from services.alert.metrics import AlertMetrics
from services.alert.progress import DELIVERIES, Progress
from services.alert.rulebook import RuleBook
from services.alert.schemas import AlertDigest
from services.alert.tables import AlertRecord, Delivery
from shared.contract import Alert, utcnow

log = logging.getLogger(__name__)
UNFINISHED = ("pending", "retrying")
FINAL = ("delivered", "failed")


class Dispatcher(Protocol):
    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    def submit(self, target: Any, alert: BaseModel, delivery_id: str, *, attempts: int = 0) -> None: ...


class DbDeliveryRecorder:
    """The dispatcher's `DeliveryRecorder`: each reported attempt updates the delivery row."""

    def __init__(self, engine: Engine, metrics: AlertMetrics, progress: Progress) -> None:
        self._engine, self._metrics, self._progress = engine, metrics, progress
        self.inflight: set[str] = set()

    async def record(
        self,
        delivery_id: str,
        *,
        status: str,
        attempts: int,
        last_error: str | None,
        response_status: int | None,
    ) -> None:
        await asyncio.to_thread(self._update, delivery_id, status, attempts, last_error, response_status)
        self._metrics.webhook_attempts.labels(status).inc()
        if status in FINAL:
            self.inflight.discard(delivery_id)
            await self._progress.bump(DELIVERIES)

    def _update(
        self,
        delivery_id: str,
        status: str,
        attempts: int,
        last_error: str | None,
        response_status: int | None,
    ) -> None:
        with Session(self._engine) as session:
            delivery = session.get(Delivery, delivery_id)
            if delivery is None:
                return
            delivery.status, delivery.attempts = status, attempts
            delivery.last_error = last_error[:2000] if last_error else None
            delivery.response_status = response_status
            delivery.updated_at = utcnow()
            session.add(delivery)
            session.commit()


TargetFactory = Any  # WebhookTarget(url, secret, rule_id, owner)


class WebhookSender:
    def __init__(
        self,
        engine: Engine,
        rules: RuleBook,
        dispatcher: Dispatcher,
        recorder: DbDeliveryRecorder,
        make_target: TargetFactory,
    ) -> None:
        self._engine, self._rules, self._dispatcher = engine, rules, dispatcher
        self._recorder, self._make_target = recorder, make_target

    async def start(self) -> None:
        await self._dispatcher.start()
        await self.resume()

    async def stop(self) -> None:
        await self._dispatcher.stop()

    async def for_alerts(self, alert_ids: Sequence[str]) -> None:
        if alert_ids:
            await self._submit_where(col(Delivery.alert_id).in_(list(alert_ids)))

    async def for_digests(self, digest_ids: Sequence[str]) -> None:
        if digest_ids:
            await self._submit_where(col(Delivery.digest_id).in_(list(digest_ids)))

    async def resume(self) -> None:
        """Re-submit every delivery that was pending or retrying when the service stopped."""
        count = await self._submit_where(None)
        if count:
            log.info("re-submitted %d unfinished webhook deliveries", count)

    async def _submit_where(self, condition: Any) -> int:
        work = await asyncio.to_thread(self._load, condition)
        for delivery_id, attempts, target, body in work:
            self._recorder.inflight.add(delivery_id)
            self._dispatcher.submit(target, body, delivery_id, attempts=attempts)
        return len(work)

    def _load(self, condition: Any) -> list[tuple[str, int, Any, BaseModel]]:
        query = select(Delivery).where(col(Delivery.status).in_(UNFINISHED))
        if condition is not None:
            query = query.where(condition)
        work = []
        with Session(self._engine) as session:
            for delivery in session.exec(query).all():
                if delivery.id in self._recorder.inflight:
                    continue
                item = self._prepare(session, delivery)
                if item is not None:
                    work.append(item)
            session.commit()
        return work

    def _prepare(self, session: Session, delivery: Delivery) -> tuple[str, int, Any, BaseModel] | None:
        rule = self._rules.get(delivery.rule_id)
        body = _body(session, delivery, rule.name if rule else "")
        if rule is None or not rule.options.webhook_url or body is None:
            delivery.status, delivery.last_error = "failed", "rule deleted or webhook removed before delivery"
            session.add(delivery)
            return None
        target = self._make_target(
            url=delivery.url, secret=rule.options.webhook_secret or "", rule_id=rule.id, owner=rule.owner_id
        )
        # Attempts already made count against the limit when a restart resumes a delivery.
        return delivery.id, delivery.attempts, target, body


def _body(session: Session, delivery: Delivery, rule_name: str) -> BaseModel | None:
    if delivery.alert_id:
        record = session.get(AlertRecord, delivery.alert_id)
        return Alert.model_validate(record.payload) if record else None
    members = session.exec(
        select(AlertRecord)
        .where(AlertRecord.digest_id == delivery.digest_id)
        .order_by(col(AlertRecord.created_at))
    ).all()
    if not members:
        return None
    return AlertDigest(
        id=delivery.digest_id or "",
        owner=delivery.owner_id,
        rule_id=delivery.rule_id,
        rule_name=rule_name,
        alerts=[Alert.model_validate(m.payload) for m in members],
        created_at=delivery.created_at,
    )
