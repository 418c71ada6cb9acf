"""Webhook deliveries: records in the database, handed to the dispatcher that signs and POSTs them
(`dispatch.WebhookDispatcher`).

The dispatcher retries with backoff and isolates targets; this module decides what to send
(an alert, or a digest of alerts), to which URL with which secret, records every attempt it
reports, and re-submits on startup whatever was still pending when the service stopped.

With several replicas, each claims a delivery (a lease in the database, `leases`) before it
submits it, so only one sends it; the leases are renewed while it works and released when it
stops, and a crashed replica's leases expire so another one resumes its deliveries.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any, Protocol

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from services.alert.delivery import leases
from services.alert.metrics import AlertMetrics
from services.alert.progress import DELIVERIES, Progress
from services.alert.rules.rulebook import ActiveRule, RuleBook, active_rule
from services.alert.schemas import AlertDigest
from services.alert.storage.tables import AlertRecord, Delivery, Rule
from shared.contract import Alert, utcnow

log = logging.getLogger(__name__)
UNFINISHED = leases.UNFINISHED
FINAL = ("delivered", "failed")
# Long enough to survive a slow database round or two; renewed every third of it.
LEASE = timedelta(seconds=60)


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
            if status in FINAL:
                delivery.claimed_by, delivery.claimed_until = None, None
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
        *,
        replica: str | None = None,
        lease: timedelta = LEASE,
    ) -> None:
        self._engine, self._rules, self._dispatcher = engine, rules, dispatcher
        self._recorder, self._make_target = recorder, make_target
        self.replica = replica or uuid.uuid4().hex[:16]
        self._lease = lease
        self._renewing: asyncio.Task[None] | None = None
        # The consumers' hand-offs and the renewal's resume run at once, and this replica's own
        # claim is re-entrant: loading and marking in flight must be one step, or two of them
        # both load (and submit) the same delivery.
        self._handing_off = asyncio.Lock()

    @property
    def working_on(self) -> frozenset[str]:
        """Deliveries this replica submitted that are not finished yet."""
        return frozenset(self._recorder.inflight)

    async def start(self) -> None:
        await self._dispatcher.start()
        self._renewing = asyncio.create_task(self._renew_leases(), name="alert-webhook-leases")
        await self.resume()

    async def stop(self) -> None:
        await self._dispatcher.stop()  # attempts in flight finish; waiting retries are cancelled
        if self._renewing is not None:
            self._renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._renewing
        released = await asyncio.to_thread(self._release)
        if released:
            log.info("released %d unfinished webhook deliveries for the next replica", released)

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
        async with self._handing_off:
            work = await asyncio.to_thread(self._load, condition)
            for delivery_id, attempts, target, body in work:
                self._recorder.inflight.add(delivery_id)
                self._dispatcher.submit(target, body, delivery_id, attempts=attempts)
        return len(work)

    def _load(self, condition: Any) -> list[tuple[str, int, Any, BaseModel]]:
        now = utcnow()
        claimable = sa.or_(
            col(Delivery.claimed_by).is_(None),
            col(Delivery.claimed_by) == self.replica,
            col(Delivery.claimed_until) < now,
        )
        query = select(Delivery).where(col(Delivery.status).in_(UNFINISHED), claimable)
        if condition is not None:
            query = query.where(condition)
        work = []
        with Session(self._engine) as session:
            for delivery in session.exec(query).all():
                if delivery.id in self._recorder.inflight:
                    continue
                # Another replica may claim it between the read and here: the UPDATE decides.
                if not leases.claim(
                    session, delivery_id=delivery.id, replica=self.replica, now=now, lease=self._lease
                ):
                    continue
                item = self._prepare(session, delivery)
                if item is not None:
                    work.append(item)
            session.commit()
        return work

    async def _renew_leases(self) -> None:
        """Keep this replica's leases alive, and take over those a crashed replica let expire."""
        interval = self._lease.total_seconds() / 3
        while True:
            await asyncio.sleep(interval)
            try:
                await asyncio.to_thread(self._renew)
                await self.resume()
            except Exception:  # retried at the next interval; a lapse lets another replica resume
                log.exception("renewing webhook delivery leases failed")

    def _renew(self) -> None:
        with Session(self._engine) as session:
            leases.renew(session, replica=self.replica, now=utcnow(), lease=self._lease)
            session.commit()

    def _release(self) -> int:
        with Session(self._engine) as session:
            released = leases.release(session, replica=self.replica)
            session.commit()
            return released

    def _prepare(self, session: Session, delivery: Delivery) -> tuple[str, int, Any, BaseModel] | None:
        # The database when this replica's book has not heard of the rule yet (created elsewhere).
        rule = self._rules.get(delivery.rule_id) or _live_rule(session, delivery.rule_id)
        body = _body(session, delivery, rule.name if rule else "")
        if rule is None or not rule.options.webhook_url or body is None:
            delivery.status, delivery.last_error = "failed", "rule deleted or webhook removed before delivery"
            delivery.claimed_by, delivery.claimed_until = None, None
            session.add(delivery)
            return None
        target = self._make_target(
            url=delivery.url, secret=rule.options.webhook_secret or "", rule_id=rule.id, owner=rule.owner_id
        )
        # Attempts already made count against the limit when a restart resumes a delivery.
        return delivery.id, delivery.attempts, target, body


def _live_rule(session: Session, rule_id: str) -> ActiveRule | None:
    row = session.get(Rule, rule_id)
    return active_rule(row) if row is not None and row.deleted_at is None else None


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
