"""Stream replicas, storage and retention come from the settings, on a real nats-server."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest
from faststream.nats import NatsBroker
from nats.js.api import DiscardPolicy, StorageType
from prometheus_client import CollectorRegistry
from pydantic import BaseModel

from shared.broker import make_broker
from shared.consumer import ConsumerSpec, DeadLetters, subscribe
from shared.settings import Settings, StreamLimits, StreamsSettings
from shared.streams import ensure_streams, replicas_for
from shared.subjects import (
    ALERTS_STREAM,
    ARTICLES_STREAM,
    ARTICLES_SUBJECT,
    DEADLETTER_STREAM,
    articles_stream,
)
from tests.natsclient import connect

pytestmark = pytest.mark.nats
DAY = 86_400


class Ping(BaseModel):
    n: int


@pytest.fixture
async def broker(settings: Settings) -> AsyncIterator[NatsBroker]:
    broker = make_broker(settings.nats, service="test", registry=CollectorRegistry())
    await broker.connect()
    try:
        yield broker
    finally:
        await broker.stop()


async def _config(settings: Settings, stream: str):  # type: ignore[no-untyped-def]
    nc = await connect(settings)
    try:
        return (await nc.jetstream().stream_info(stream)).config
    finally:
        await nc.close()


async def test_streams_are_created_with_a_news_monitors_retention_by_default(
    settings: Settings, broker: NatsBroker
) -> None:
    await ensure_streams(broker, "test", StreamsSettings())
    articles = await _config(settings, ARTICLES_STREAM)
    assert articles.max_age == 30 * DAY
    assert articles.max_bytes == 8 * 1024**3
    assert articles.discard == DiscardPolicy.OLD
    assert articles.num_replicas == 1, "a lone server holds one replica"
    assert articles.storage == StorageType.FILE
    assert (await _config(settings, ALERTS_STREAM)).max_age == 90 * DAY
    dead = await _config(settings, DEADLETTER_STREAM)
    assert dead.max_age == 0, "dead letters stay until replayed"
    assert dead.discard == DiscardPolicy.NEW, "a full dead-letter stream refuses rather than forgets"


async def test_existing_stream_is_updated_to_changed_retention_at_start(
    settings: Settings, broker: NatsBroker, caplog: pytest.LogCaptureFixture
) -> None:
    await ensure_streams(broker, "test", StreamsSettings())
    week = StreamLimits(max_age_days=7, max_bytes=1024**3, discard="new")
    with caplog.at_level(logging.WARNING, logger="shared.streams"):
        await ensure_streams(broker, "test", StreamsSettings(articles=week))
    articles = await _config(settings, ARTICLES_STREAM)
    assert (articles.max_age, articles.max_bytes, articles.discard) == (7 * DAY, 1024**3, DiscardPolicy.NEW)
    assert "stream POLICY_ARTICLES updated to the settings" in caplog.text
    assert "max_age 2592000.0 -> 604800.0" in caplog.text


async def test_a_short_max_age_shortens_the_duplicate_window_jetstream_would_refuse(
    settings: Settings, broker: NatsBroker
) -> None:
    await ensure_streams(broker, "test", StreamsSettings(articles=StreamLimits(max_age_days=0.25)))
    articles = await _config(settings, ARTICLES_STREAM)
    assert articles.max_age == articles.duplicate_window == 0.25 * DAY


async def test_storage_change_is_not_applied_and_the_log_says_why(
    settings: Settings, broker: NatsBroker, caplog: pytest.LogCaptureFixture
) -> None:
    await ensure_streams(broker, "test", StreamsSettings())
    with caplog.at_level(logging.ERROR, logger="shared.streams"):
        await ensure_streams(broker, "test", StreamsSettings(storage="memory"))
    assert (await _config(settings, ARTICLES_STREAM)).storage == StorageType.FILE
    assert "stream POLICY_ARTICLES keeps its file storage" in caplog.text
    assert "cannot change a stream's storage" in caplog.text


async def test_three_replicas_on_a_lone_server_keep_the_stream_and_the_log_says_why(
    settings: Settings, broker: NatsBroker, caplog: pytest.LogCaptureFixture
) -> None:
    await ensure_streams(broker, "test", StreamsSettings())
    with caplog.at_level(logging.ERROR, logger="shared.streams"):
        await ensure_streams(broker, "test", StreamsSettings(replicas=3))
    assert (await _config(settings, ARTICLES_STREAM)).num_replicas == 1
    assert "stream POLICY_ARTICLES keeps its configuration: nats-server refused the update" in caplog.text
    assert "num_replicas 1 -> 3" in caplog.text


async def test_a_consumer_starting_does_not_reset_the_configured_limits(settings: Settings) -> None:
    registry = CollectorRegistry()
    broker = make_broker(settings.nats, service="test", registry=registry)
    spec = ConsumerSpec(
        service="test", durable="test-limits", subject=ARTICLES_SUBJECT, stream=articles_stream()
    )

    async def handler(item: Ping) -> None:
        return None

    subscribe(
        broker,
        spec,
        Ping,
        handler,
        settings=settings.nats,
        dead_letters=DeadLetters(broker, service="test", registry=registry),
    )
    await broker.connect()
    try:
        await ensure_streams(broker, "test", StreamsSettings(articles=StreamLimits(max_age_days=3)))
        await broker.start()
        assert (await _config(settings, ARTICLES_STREAM)).max_age == 3 * DAY
    finally:
        await broker.stop()


def test_replicas_are_three_on_a_cluster_and_one_on_a_lone_server_unless_set() -> None:
    assert replicas_for(StreamsSettings(), {"server_name": "n1"}) == 1
    assert replicas_for(StreamsSettings(), {"server_name": "n1", "cluster": "policywatch"}) == 3
    assert replicas_for(StreamsSettings(replicas=2), {"cluster": "policywatch"}) == 2
    assert replicas_for(StreamsSettings(replicas=1), {"cluster": "policywatch"}) == 1


def test_stream_settings_come_from_nested_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYWATCH_STREAMS__REPLICAS", "3")
    monkeypatch.setenv("POLICYWATCH_STREAMS__ARTICLES__MAX_AGE_DAYS", "7")
    monkeypatch.setenv("POLICYWATCH_STREAMS__ALERTS__DISCARD", "new")
    streams = Settings().streams
    assert streams.replicas == 3
    assert streams.articles.max_age_days == 7
    assert streams.articles.max_bytes == 8 * 1024**3, "the rest of the section keeps its defaults"
    assert streams.alerts.discard == "new"
    assert streams.alerts.max_age_days == 90
