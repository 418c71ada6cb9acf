"""Digest delivery: a rule in digest mode collects its alerts and sends them together.

Like Alertmanager's group_wait: the first pending alert of a rule opens a group; after the
rule's `digest_minutes` the whole group is sent (NATS, SSE, webhook) and the next alert opens
a new one. A crash after grouping but before publishing is finished on the next tick. A deleted
rule's items, grouped or not, are discarded and never sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import ColumnElement
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from services.alert.delivery.alerts import new_delivery
from services.alert.rules.rulebook import ActiveRule, RuleBook
from services.alert.schemas import DeliveryMode
from services.alert.storage.tables import AlertRecord, Rule
from shared.contract import Alert, stable_id, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Digest:
    id: str
    rule_id: str
    alerts: list[Alert]


def is_due(oldest: datetime, rule: ActiveRule, now: datetime) -> bool:
    """A group is due `digest_minutes` after its oldest alert; at once if the rule left digest mode."""
    if rule.options.delivery_mode != DeliveryMode.DIGEST:
        return True
    return now - oldest >= timedelta(minutes=rule.options.digest_minutes)


def _undelivered() -> list[ColumnElement[bool]]:
    return [
        col(AlertRecord.delivery_mode) == DeliveryMode.DIGEST.value,
        col(AlertRecord.published_at).is_(None),
        col(AlertRecord.discarded_at).is_(None),
    ]


def discard_deleted(session: Session, *, now: datetime, rule_id: str | None = None) -> int:
    """Mark the digest items of deleted rules (grouped or not, never published) discarded.

    A deleted rule delivers nothing more. The database, not this replica's rule book, says
    which rules are deleted: a book that has not yet heard of a new rule must not drop its alerts.
    Returns how many items were discarded.
    """
    deleted = select(Rule.id).where(col(Rule.deleted_at).is_not(None))
    if rule_id is not None:
        deleted = deleted.where(Rule.id == rule_id)
    statement = (
        sa.update(AlertRecord)
        .where(*_undelivered(), col(AlertRecord.rule_id).in_(deleted))
        .values(discarded_at=now)
    )
    return session.exec(statement).rowcount


def group_due(session: Session, *, rules: RuleBook, now: datetime) -> list[str]:
    """Give every due group its digest id (and webhook delivery); return the digest ids."""
    discard_deleted(session, now=now)
    query = (
        select(AlertRecord.rule_id, sa.func.min(AlertRecord.created_at))
        .where(*_undelivered(), col(AlertRecord.digest_id).is_(None))
        .group_by(col(AlertRecord.rule_id))
    )
    digest_ids = []
    for rule_id, oldest in session.exec(query).all():
        rule = rules.get(rule_id)
        # Not in the book but not deleted: a rule this replica has not heard of yet; next tick.
        if rule is not None and is_due(_aware(oldest), rule, now):
            digest_ids.append(_group(session, rule))
    session.commit()
    return digest_ids


def _group(session: Session, rule: ActiveRule) -> str:
    members = session.exec(
        select(AlertRecord)
        .where(AlertRecord.rule_id == rule.id, *_undelivered(), col(AlertRecord.digest_id).is_(None))
        .order_by(col(AlertRecord.created_at), col(AlertRecord.id))
    ).all()
    digest_id = stable_id("digest", rule.id, members[0].id)
    for member in members:
        member.digest_id = digest_id
        session.add(member)
    if rule.options.webhook_url:
        session.add(new_delivery(rule, digest_id=digest_id))
    return digest_id


def unsent_digests(session: Session) -> list[Digest]:
    """Grouped alerts not yet published (just grouped, or left over by a crash)."""
    query = (
        select(AlertRecord)
        .where(
            col(AlertRecord.digest_id).is_not(None),
            col(AlertRecord.published_at).is_(None),
            col(AlertRecord.discarded_at).is_(None),
        )
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
