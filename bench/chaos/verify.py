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


def classify(expected: dict[str, str], alerts: list[Alert] | list[dict[str, Any]]) -> Classified:
    """`expected`: our key -> article id of every accepted article, each owed exactly one alert
    (kind new or update). Retractions are left out here."""
    return _classify(expected, _per_article(alerts, retractions=False))


def classify_retractions(edited: dict[str, str], alerts: list[Alert] | list[dict[str, Any]]) -> Classified:
    """`edited`: our key -> article id of every article whose edit took its shift back, each owed
    exactly one retraction."""
    return _classify(edited, _per_article(alerts, retractions=True))


def _per_article(alerts: list[Alert] | list[dict[str, Any]], *, retractions: bool) -> Counter[str]:
    per_article: Counter[str] = Counter()
    for alert in alerts:
        item = alert if isinstance(alert, dict) else alert.model_dump(mode="json")
        if (item.get("kind") == "retraction") == retractions:
            per_article[item["shift"]["article_id"]] += 1
    return per_article


def _classify(expected: dict[str, str], per_article: Counter[str]) -> Classified:
    result = Classified()
    wanted = set(expected.values())
    for key, article_id in sorted(expected.items()):
        count = per_article.get(article_id, 0)
        (result.ok if count == 1 else result.lost if count == 0 else result.duplicate).append(key)
    result.unexpected = sorted(article_id for article_id in per_article if article_id not in wanted)
    return result
