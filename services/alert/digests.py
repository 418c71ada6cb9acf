"""Digest delivery: a rule in digest mode collects its alerts and sends them together.

Like Alertmanager's group_wait: the first pending alert of a rule opens a group; after the
rule's `digest_minutes` the whole group is sent (NATS, SSE, webhook) and the next alert opens
a new one. A crash after grouping but before publishing is finished on the next tick.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from services.alert.alerts import new_delivery
from services.alert.rulebook import ActiveRule, RuleBook
from services.alert.schemas import DeliveryMode
from services.alert.tables import AlertRecord
from shared.contract import Alert, stable_id, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Digest:
    id: str
    rule_id: str
    alerts: list[Alert]


def is_due(oldest: datetime, rule: ActiveRule | None, now: datetime) -> bool:
    """A group is due `digest_minutes` after its oldest alert; at once if the rule left digest mode."""
    if rule is None or rule.options.delivery_mode != DeliveryMode.DIGEST:
        return True
    return now - oldest >= timedelta(minutes=rule.options.digest_minutes)


def group_due(session: Session, *, rules: RuleBook, now: datetime) -> list[str]:
    """Give every due group its digest id (and webhook delivery); return the digest ids."""
    query = (
        select(AlertRecord.rule_id, sa.func.min(AlertRecord.created_at))
        .where(
            AlertRecord.delivery_mode == DeliveryMode.DIGEST.value,
            col(AlertRecord.digest_id).is_(None),
            col(AlertRecord.published_at).is_(None),
        )
        .group_by(col(AlertRecord.rule_id))
    )
    digest_ids = []
    for rule_id, oldest in session.exec(query).all():
        rule = rules.get(rule_id)
        if is_due(_aware(oldest), rule, now):
            digest_ids.append(_group(session, rule_id, rule))
    session.commit()
    return digest_ids


def _group(session: Session, rule_id: str, rule: ActiveRule | None) -> str:
    members = session.exec(
        select(AlertRecord)
        .where(
            AlertRecord.rule_id == rule_id,
            AlertRecord.delivery_mode == DeliveryMode.DIGEST.value,
            col(AlertRecord.digest_id).is_(None),
            col(AlertRecord.published_at).is_(None),
        )
        .order_by(col(AlertRecord.created_at), col(AlertRecord.id))
    ).all()
    digest_id = stable_id("digest", rule_id, members[0].id)
    for member in members:
        member.digest_id = digest_id
        session.add(member)
    if rule is not None and rule.options.webhook_url:
        session.add(new_delivery(rule, digest_id=digest_id))
    return digest_id


def unsent_digests(session: Session) -> list[Digest]:
    """Grouped alerts not yet published (just grouped, or left over by a crash)."""
    query = (
        select(AlertRecord)
        .where(col(AlertRecord.digest_id).is_not(None), col(AlertRecord.published_at).is_(None))
        .order_by(col(AlertRecord.created_at), col(AlertRecord.id))
    )
    groups: dict[str, Digest] = {}
    for record in session.exec(query).all():
        digest_id = record.digest_id or ""
        digest = groups.setdefault(digest_id, Digest(digest_id, record.rule_id, []))
        digest.alerts.append(Alert.model_validate(record.payload))
    return list(groups.values())


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


SendDigest = Callable[[Digest], Awaitable[None]]


class DigestScheduler:
    """Checks every `interval` seconds for due digests and hands them to `send`."""

    def __init__(self, engine: Engine, rules: RuleBook, send: SendDigest, *, interval: float) -> None:
        self._engine, self._rules, self._send, self._interval = engine, rules, send, interval
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="alert-digests")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def tick(self, now: datetime | None = None) -> int:
        """Group what is due at `now` and send every unsent digest; returns how many were sent."""
        digests = await asyncio.to_thread(self._due, now or utcnow())
        for digest in digests:
            await self._send(digest)
        return len(digests)

    def _due(self, now: datetime) -> list[Digest]:
        with Session(self._engine) as session:
            group_due(session, rules=self._rules, now=now)
            return unsent_digests(session)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                await self.tick()
            except Exception:  # a failed tick is retried on the next one; nothing is lost
                log.exception("digest tick failed")
