"""A real three-node JetStream cluster: R3 streams, the three services pointed at every node, and
the stream leader SIGKILLed while articles flow. Every accepted article still yields its alert
exactly once, the pipeline goes on, and the restarted node catches up."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import nats
import pytest
from prometheus_client import CollectorRegistry

from bench.chaos.articles import ACTORS, make_articles
from bench.chaos.feed import FeedResult, post_article
from bench.chaos.stack import ChaosStack, chaos_stack, database_of, prepare
from bench.chaos.verify import classify, stored_alerts, streamed_alerts, wait_idle
from shared.broker import make_broker
from shared.natsauth.connect import auth_options, servers
from shared.natsauth.material import ensure_material
from shared.natscluster import NatsCluster
from shared.settings import NatsSettings, StreamsSettings
from shared.streams import ensure_streams
from shared.subjects import (
    ALERTS_STREAM,
    ARTICLES_STREAM,
    ARTICLES_SUBJECT,
    DEADLETTER_STREAM,
    EXTRACTIONS_STREAM,
    SHIFTS_STREAM,
)

pytestmark = [pytest.mark.cluster, pytest.mark.nats, pytest.mark.slow]

ARTICLES = 120
STREAMS = (ARTICLES_STREAM, SHIFTS_STREAM, EXTRACTIONS_STREAM, ALERTS_STREAM, DEADLETTER_STREAM)


def admin(stack: ChaosStack) -> NatsSettings:
    return NatsSettings(url=stack.nats_url, creds_file=stack.auth.creds("admin"))


async def stream_peers(settings: NatsSettings, stream: str) -> tuple[str, dict[str, tuple[bool, int]]]:
    """The stream's leader and, per follower, (current, lag)."""
    nc = await nats.connect(servers(settings), **auth_options(settings))
    try:
        info = await nc.jetstream().stream_info(stream)
    finally:
        await nc.close()
    assert info.cluster is not None and info.cluster.leader
    peers = {p.name: (bool(p.current), p.lag or 0) for p in info.cluster.replicas or []}
    return info.cluster.leader, peers


async def wait_caught_up(settings: NatsSettings, node: str, timeout: float = 60.0) -> None:
    """Until `node` holds every stream again, current and with no lag (or leads it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = [await stream_peers(settings, stream) for stream in STREAMS]
        if all(leader == node or peers.get(node) == (True, 0) for leader, peers in states):
            return
        await asyncio.sleep(0.5)
    raise AssertionError(f"{node} did not catch up: {states}")


async def test_killing_the_stream_leader_while_articles_flow_loses_and_duplicates_no_alert(
    tmp_path: Path,
) -> None:
    articles = make_articles(ARTICLES, seed=11, run="failover")
    with chaos_stack(tmp_path, counts={"ingest": 1, "extract": 1, "alert": 1}) as stack:
        keys = prepare(stack, actors=list(ACTORS))
        settings = admin(stack)
        leader, peers = await stream_peers(settings, ARTICLES_STREAM)
        assert len(peers) == 2, "R3 on a three-node cluster"
        result = FeedResult()
        ingest = [w.url for w in stack.of("ingest")]
        async with httpx.AsyncClient(timeout=30) as http:
            for index, article in enumerate(articles):
                if index == ARTICLES // 3:
                    leader, _ = await stream_peers(settings, ARTICLES_STREAM)
                    stack.nats_kill(leader)  # the articles stream's leader, mid-flow
                if index == 2 * ARTICLES // 3:
                    await asyncio.to_thread(stack.nats_restart, leader)
                await post_article(http, lambda: ingest, keys.ingest, article, result)
        assert len(result.accepted) == ARTICLES, result.outcomes
        new_leader, _ = await stream_peers(settings, ARTICLES_STREAM)
        await wait_idle(settings, timeout=120)
        await wait_caught_up(settings, leader)
        stored = stored_alerts(database_of(stack))
        streamed = await streamed_alerts(settings)
        assert all(worker.alive() for worker in stack.workers), "no service died with the node"

    assert new_leader != leader or result.retries == 0
    for where, alerts in (("database", stored), ("stream", streamed)):
        figures = classify(result.accepted, alerts)
        assert figures.figures() == {"ok": ARTICLES, "lost": 0, "duplicate": 0, "unexpected": 0}, (
            where,
            figures,
        )


async def test_a_service_whose_server_dies_reconnects_to_another_node_and_publishes(tmp_path: Path) -> None:
    auth = ensure_material(tmp_path / "auth")
    with NatsCluster(tmp_path / "nats", auth) as cluster:
        settings = NatsSettings(url=cluster.url, creds_file=auth.creds("ingest"), reconnect_wait_seconds=0.2)
        broker = make_broker(settings, service="ingest", registry=CollectorRegistry())
        await broker.connect()
        try:
            await ensure_streams(broker, "ingest", StreamsSettings())
            connection = broker.config.connection_state.connection
            first = connection.connected_url
            assert first is not None
            [dead] = [n for n in cluster.nodes if n.port == first.port]
            assert dead.cluster is not None
            cluster.kill(dead.cluster.server_name)
            js = broker.config.connection_state.stream
            deadline = time.monotonic() + 30
            while True:  # the publish that fails during reconnect and leader election is retried
                try:
                    ack = await js.publish(ARTICLES_SUBJECT, b"{}", headers={"Nats-Msg-Id": "failover-1"})
                    break
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                    await asyncio.sleep(0.2)
            assert connection.connected_url is not None
            assert connection.connected_url.port != first.port, "reconnected to another node"
            assert ack.stream == ARTICLES_STREAM and not ack.duplicate
        finally:
            await broker.stop()
