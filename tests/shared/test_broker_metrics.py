"""FastStream's broker metrics carry stream names, never the subjects that hold owner ids or actors."""

from __future__ import annotations

import asyncio

import pytest
from prometheus_client import CollectorRegistry, generate_latest
from pydantic import BaseModel

from shared.broker import make_broker
from shared.consumer import ConsumerSpec, DeadLetters, subscribe
from shared.service import ensure_streams
from shared.settings import Settings
from shared.subjects import (
    ALERTS_STREAM,
    SHIFTS_ALL,
    SHIFTS_STREAM,
    alert_subject,
    shift_subject,
    shifts_stream,
)

pytestmark = pytest.mark.nats


class Ping(BaseModel):
    n: int


def _series(registry: CollectorRegistry) -> list[str]:
    text = generate_latest(registry).decode()
    return [line for line in text.splitlines() if line.startswith("policywatch_faststream")]


async def test_destination_labels_name_streams_not_owners_rules_or_actors(settings: Settings) -> None:
    registry = CollectorRegistry()
    broker = make_broker(settings.nats, service="test", registry=registry)
    received: asyncio.Queue[int] = asyncio.Queue()

    async def handler(item: Ping) -> None:
        await received.put(item.n)

    spec = ConsumerSpec(service="test", durable="test-shifts", subject=SHIFTS_ALL, stream=shifts_stream())
    dead = DeadLetters(broker, service="test", registry=registry)
    subscribe(broker, spec, Ping, handler, settings=settings.nats, dead_letters=dead)
    await broker.connect()
    await ensure_streams(broker, "test")
    await broker.start()
    try:
        await broker.publish(Ping(n=0), shift_subject("Canada", "reversal"), stream=SHIFTS_STREAM)
        await broker.publish(Ping(n=0), alert_subject("owner0", "rule0"), stream=ALERTS_STREAM)
        await asyncio.wait_for(received.get(), 10)
        before = len(_series(registry))
        for n in range(1, 51):  # 50 made-up actors and 50 owners' alert subjects
            await broker.publish(
                Ping(n=n), shift_subject(f"made-up actor {n}", "reversal"), stream=SHIFTS_STREAM
            )
            await broker.publish(Ping(n=n), alert_subject(f"owner{n}", f"rule{n}"), stream=ALERTS_STREAM)
        for _ in range(50):
            await asyncio.wait_for(received.get(), 10)
        after = _series(registry)
    finally:
        await broker.stop()
    exposition = "\n".join(after)
    assert "owner7" not in exposition and "rule7" not in exposition and "made_up_actor" not in exposition
    assert "canada" not in exposition
    assert f'handler="{SHIFTS_STREAM}"' in exposition
    assert f'destination="{ALERTS_STREAM}"' in exposition
    assert len(after) == before  # one set of series per stream, however many subjects
