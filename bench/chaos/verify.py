"""After a crash run: every expected alert classified as ok, lost, duplicate or unexpected
(Jepsen's words), in the alert database and in the POLICY_ALERTS stream alike."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import nats
import sqlalchemy as sa
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from bench.chaos.receiver import Received
from shared.contract import Alert
from shared.natsauth.connect import auth_options, servers
from shared.settings import NatsSettings
from shared.subjects import (
    ALERT_EXTRACTIONS_DURABLE,
    ALERT_SHIFTS_DURABLE,
    ALERTS_ALL,
    ALERTS_STREAM,
    ARTICLES_STREAM,
    EXTRACT_DURABLE,
    EXTRACTIONS_STREAM,
    SHIFTS_STREAM,
)

CONSUMERS = (
    (ARTICLES_STREAM, EXTRACT_DURABLE),
    (SHIFTS_STREAM, ALERT_SHIFTS_DURABLE),
    (EXTRACTIONS_STREAM, ALERT_EXTRACTIONS_DURABLE),
)


@dataclass
class Classified:
    ok: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    duplicate: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in ("ok", "lost", "duplicate", "unexpected")}


def stored_alerts(database_url: str) -> list[dict[str, Any]]:
    """Every alert the alert database holds, as its wire payload."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT payload FROM alert_alert")).all()
    finally:
        engine.dispose()
    return [
        dict(row[0]) if not isinstance(row[0], str) else Alert.model_validate_json(row[0]).model_dump()
        for row in rows
    ]


async def streamed_alerts(nats_settings: NatsSettings) -> list[Alert]:
    """Every message on POLICY_ALERTS, read with an ephemeral consumer from the start."""
    nc = await nats.connect(servers(nats_settings), **auth_options(nats_settings))
    try:
        js = nc.jetstream()
        total = (await js.stream_info(ALERTS_STREAM)).state.messages
        sub = await js.pull_subscribe(
            ALERTS_ALL,
            stream=ALERTS_STREAM,
            config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL, ack_policy=AckPolicy.NONE),
        )
        alerts: list[Alert] = []
        while len(alerts) < total:
            for msg in await sub.fetch(min(500, total - len(alerts)), timeout=10):
                alerts.append(Alert.model_validate_json(msg.data))
        await sub.unsubscribe()
        return alerts
    finally:
        await nc.close()


async def wait_idle(nats_settings: NatsSettings, timeout: float, settle: float = 3.0) -> None:
    """Until every service durable has nothing pending and nothing unacknowledged for `settle`
    seconds in a row (a redelivery after a crash shows up as ack-pending first)."""
    nc = await nats.connect(servers(nats_settings), **auth_options(nats_settings))
    try:
        js = nc.jetstream()
        deadline = time.monotonic() + timeout
        idle_since: float | None = None
        while time.monotonic() < deadline:
            busy = 0
            for stream, durable in CONSUMERS:
                try:
                    info = await js.consumer_info(stream, durable)
                    busy += (info.num_pending or 0) + (info.num_ack_pending or 0)
                except Exception:  # a node or leader still coming back: ask again
                    busy += 1
            if busy:
                idle_since = None
            elif idle_since is None:
                idle_since = time.monotonic()
            elif time.monotonic() - idle_since >= settle:
                return
            await asyncio.sleep(0.5)
        raise TimeoutError(f"the pipeline was still busy after {timeout:.0f}s")
    finally:
        await nc.close()


Alerts = list[Alert] | list[dict[str, Any]]


def classify(expected: dict[str, str], alerts: Alerts, *, rule_id: str | None = None) -> Classified:
    """`expected`: our key -> article id of every accepted article, each owed exactly one alert
    (kind new or update) of rule `rule_id` (of any rule when None). Retractions are left out here."""
    return _classify(expected, _per_article(alerts, retractions=False, rule_id=rule_id))


def classify_retractions(edited: dict[str, str], alerts: Alerts, *, rule_id: str | None = None) -> Classified:
    """`edited`: our key -> article id of every article whose edit took its shift back, each owed
    exactly one retraction (of rule `rule_id`, of any rule when None)."""
    return _classify(edited, _per_article(alerts, retractions=True, rule_id=rule_id))


def _items(alerts: Alerts, rule_id: str | None) -> list[dict[str, Any]]:
    items = [alert if isinstance(alert, dict) else alert.model_dump(mode="json") for alert in alerts]
    return [item for item in items if rule_id is None or item["rule_id"] == rule_id]


def _per_article(alerts: Alerts, *, retractions: bool, rule_id: str | None = None) -> Counter[str]:
    per_article: Counter[str] = Counter()
    for item in _items(alerts, rule_id):
        if (item.get("kind") == "retraction") == retractions:
            per_article[item["shift"]["article_id"]] += 1
    return per_article


def first_reports(alerts: Alerts, *, rule_id: str) -> dict[str, int]:
    """Stories of rule `rule_id` by how many `new` alerts (first reports) they got: each owes one,
    however many replicas saw its first articles at once."""
    news: Counter[str] = Counter()
    for item in _items(alerts, rule_id):
        if item.get("story_id"):
            news[item["story_id"]] += item.get("kind") == "new"
    return {"stories": len(news), "one first report": sum(1 for n in news.values() if n == 1),
            "none": sum(1 for n in news.values() if n == 0),
            "several": sum(1 for n in news.values() if n > 1)}  # fmt: skip


@dataclass(frozen=True)
class DeliveryRow:
    id: str
    rule_id: str
    alert_id: str | None
    digest_id: str | None
    status: str


def stored_deliveries(database_url: str) -> list[DeliveryRow]:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT id, rule_id, alert_id, digest_id, status FROM alert_delivery")
            ).all()
    finally:
        engine.dispose()
    return [DeliveryRow(*row) for row in rows]


def failed_alert_ids(database_url: str) -> set[str]:
    """Alerts whose webhook delivery (their own, or their digest's) is marked failed."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT d.alert_id, a.id FROM alert_delivery d LEFT JOIN alert_alert a"
                    " ON d.digest_id IS NOT NULL AND a.digest_id = d.digest_id WHERE d.status = 'failed'"
                )
            ).all()
    finally:
        engine.dispose()
    return {alert_id for row in rows for alert_id in row if alert_id}


def unsettled(database_url: str) -> int:
    """Deliveries not final yet, plus digest items not sent yet: what the run still waits for."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            open_deliveries = connection.execute(
                sa.text("SELECT count(*) FROM alert_delivery WHERE status IN ('pending', 'retrying')")
            ).scalar_one()
            unsent = connection.execute(
                sa.text(
                    "SELECT count(*) FROM alert_alert WHERE published_at IS NULL AND discarded_at IS NULL"
                )
            ).scalar_one()
    finally:
        engine.dispose()
    return int(open_deliveries) + int(unsent)


async def wait_settled(database_url: str, timeout: float) -> None:
    """Until every webhook delivery is delivered or failed and every digest item went out."""
    deadline = time.monotonic() + timeout
    while (left := await asyncio.to_thread(unsettled, database_url)) > 0:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{left} deliveries or digest items still open after {timeout:.0f}s")
        await asyncio.sleep(1.0)


def classify_webhooks(
    expected: set[str], received: list[Received], failed_alerts: set[str]
) -> dict[str, int]:
    """Every alert id in `expected` owes one webhook delivery (alone, or in one digest): ok when
    exactly one delivery id brought it, failed when none did and its delivery is marked failed,
    lost when none did otherwise, duplicate when two or more delivery ids did (a receiver that
    dedupes on the delivery id would still see it twice); unexpected: alert ids nobody owed.
    `requests` counts every POST; `deliveries` the distinct delivery ids (what a deduping
    receiver sees)."""
    by_alert: dict[str, set[str]] = {}
    for item in received:
        for alert_id in item.alert_ids:
            by_alert.setdefault(alert_id, set()).add(item.delivery_id)
    figures = {"ok": 0, "failed": 0, "lost": 0, "duplicate": 0, "unexpected": 0}
    for alert_id in expected:
        count = len(by_alert.get(alert_id, ()))
        outcome = "ok" if count == 1 else "duplicate" if count > 1 else "failed"
        if outcome == "failed" and alert_id not in failed_alerts:
            outcome = "lost"
        figures[outcome] += 1
    figures["unexpected"] = sum(1 for alert_id in by_alert if alert_id not in expected)
    figures["requests"] = len(received)
    figures["deliveries"] = len({item.delivery_id for item in received})
    return figures


def _classify(expected: dict[str, str], per_article: Counter[str]) -> Classified:
    result = Classified()
    wanted = set(expected.values())
    for key, article_id in sorted(expected.items()):
        count = per_article.get(article_id, 0)
        (result.ok if count == 1 else result.lost if count == 0 else result.duplicate).append(key)
    result.unexpected = sorted(article_id for article_id in per_article if article_id not in wanted)
    return result
