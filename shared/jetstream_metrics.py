"""JetStream's own state as Prometheus metrics: each stream's size against its limit, and each
durable consumer's backlog (`policywatch_jetstream_*`).

`read_jetstream` takes one snapshot through the JetStream API (read-only requests: the
exporter's NATS user may make no other); `JetStreamCollector` serves the latest snapshot. Labels
stay bounded: `stream` is one of PolicyWatch's streams, `consumer` one of the services' durables,
or `owners` for the sum of every owner's durable on POLICY_ALERTS (owner ids are never labels).
Ephemeral consumers (an SSE client's ordered consumer) are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from nats.js.api import ConsumerInfo
from nats.js.client import JetStreamContext
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from shared.subjects import (
    ALERT_EXTRACTIONS_DURABLE,
    ALERT_SHIFTS_DURABLE,
    ALERTS_STREAM,
    EXTRACT_DURABLE,
    all_streams,
)

SERVICE_DURABLES = frozenset({EXTRACT_DURABLE, ALERT_SHIFTS_DURABLE, ALERT_EXTRACTIONS_DURABLE})
OWNERS = "owners"


@dataclass(frozen=True)
class StreamState:
    name: str
    messages: int
    bytes: int
    max_bytes: int | None  # None: no limit
    replicas: int
    current_replicas: int  # the leader and every follower that is caught up


@dataclass
class ConsumerState:
    stream: str
    consumer: str
    pending: int = 0  # in the stream, not yet delivered
    ack_pending: int = 0  # delivered, not yet acknowledged
    redelivered: int = 0  # delivered more than once, not yet acknowledged
    waiting: int = 0  # pull requests waiting: roughly the workers idle on this durable


@dataclass
class JetStreamSnapshot:
    streams: list[StreamState] = field(default_factory=list)
    consumers: list[ConsumerState] = field(default_factory=list)


def consumer_label(stream: str, durable: str | None) -> str | None:
    """The `consumer` label of a durable, `owners` for an owner's, None to leave it out."""
    if not durable:
        return None
    if durable in SERVICE_DURABLES:
        return durable
    return OWNERS if stream == ALERTS_STREAM else None


async def read_jetstream(js: JetStreamContext) -> JetStreamSnapshot:
    """One snapshot of PolicyWatch's streams and their durable consumers."""
    ours = {stream.name for stream in all_streams()}
    snapshot = JetStreamSnapshot()
    for info in await js.streams_info():
        name = info.config.name
        if name not in ours:
            continue
        snapshot.streams.append(_stream_state(info))
        by_label: dict[str, ConsumerState] = {}
        for consumer in await all_consumers(js, name):
            label = consumer_label(name, consumer.config.durable_name)
            if label is None:
                continue
            state = by_label.setdefault(label, ConsumerState(name, label))
            state.pending += consumer.num_pending or 0
            state.ack_pending += consumer.num_ack_pending or 0
            state.redelivered += consumer.num_redelivered or 0
            state.waiting += consumer.num_waiting or 0
        snapshot.consumers.extend(by_label.values())
    # `owners` is always there on POLICY_ALERTS, so an alert rule sees 0 rather than nothing
    has_alerts = ALERTS_STREAM in {s.name for s in snapshot.streams}
    if has_alerts and not any(c.consumer == OWNERS for c in snapshot.consumers):
        snapshot.consumers.append(ConsumerState(ALERTS_STREAM, OWNERS))
    return snapshot


async def all_consumers(js: JetStreamContext, stream: str) -> list[ConsumerInfo]:
    """Every consumer of `stream`: JetStream lists at most 256 a request (owners' durables
    can be thousands), so page on until a page comes back empty."""
    found: list[ConsumerInfo] = []
    while page := await js.consumers_info(stream, offset=len(found)):
        found.extend(page)
    return found


def _stream_state(info: object) -> StreamState:
    config, state, cluster = info.config, info.state, info.cluster  # type: ignore[attr-defined]
    replicas = config.num_replicas or 1
    current = 1
    if cluster is not None and cluster.replicas:
        current += sum(1 for peer in cluster.replicas if peer.current)
    max_bytes = config.max_bytes if config.max_bytes and config.max_bytes > 0 else None
    return StreamState(config.name, state.messages, state.bytes, max_bytes, replicas, min(current, replicas))


class JetStreamCollector(Collector):
    """Serves the latest snapshot; `up` says whether the last read of JetStream succeeded."""

    def __init__(self) -> None:
        self.snapshot: JetStreamSnapshot | None = None
        self.up = False
        self.read_seconds = 0.0

    def update(self, snapshot: JetStreamSnapshot | None, *, seconds: float) -> None:
        """Record a read: a snapshot, or None when JetStream could not be read (the old one goes)."""
        self.snapshot, self.up, self.read_seconds = snapshot, snapshot is not None, seconds

    def collect(self) -> Iterator[GaugeMetricFamily]:
        yield GaugeMetricFamily(
            "policywatch_jetstream_up", "1 when the exporter's last read of JetStream succeeded.", self.up
        )
        yield GaugeMetricFamily(
            "policywatch_jetstream_read_seconds",
            "How long the last read of JetStream took.",
            self.read_seconds,
        )
        if self.snapshot is None:
            return
        yield from _stream_families(self.snapshot.streams)
        yield from _consumer_families(self.snapshot.consumers)


def _stream_families(streams: list[StreamState]) -> Iterator[GaugeMetricFamily]:
    gauges = {
        "messages": GaugeMetricFamily(
            "policywatch_jetstream_stream_messages", "Messages the stream holds.", labels=["stream"]
        ),
        "bytes": GaugeMetricFamily(
            "policywatch_jetstream_stream_bytes",
            "Bytes the stream holds (each replica).",
            labels=["stream"],
        ),
        "max_bytes": GaugeMetricFamily(
            "policywatch_jetstream_stream_max_bytes",
            "The stream's size limit (POLICYWATCH_STREAMS__<STREAM>__MAX_BYTES); absent without one.",
            labels=["stream"],
        ),
        "replicas": GaugeMetricFamily(
            "policywatch_jetstream_stream_replicas",
            "Replicas the stream is set to.",
            labels=["stream"],
        ),
        "current_replicas": GaugeMetricFamily(
            "policywatch_jetstream_stream_current_replicas",
            "Replicas that are caught up with the stream's leader (the leader included).",
            labels=["stream"],
        ),
    }
    for stream in streams:
        for attribute, gauge in gauges.items():
            value = getattr(stream, attribute)
            if value is not None:
                gauge.add_metric([stream.name], value)
    yield from gauges.values()


def _consumer_families(consumers: list[ConsumerState]) -> Iterator[GaugeMetricFamily]:
    labels = ["stream", "consumer"]
    gauges = {
        "pending": GaugeMetricFamily(
            "policywatch_jetstream_consumer_pending_messages",
            "Messages in the stream the durable has not been given yet: its lag.",
            labels=labels,
        ),
        "ack_pending": GaugeMetricFamily(
            "policywatch_jetstream_consumer_ack_pending_messages",
            "Messages delivered to the durable's workers and not yet acknowledged.",
            labels=labels,
        ),
        "redelivered": GaugeMetricFamily(
            "policywatch_jetstream_consumer_redelivered_messages",
            "Unacknowledged messages that were delivered more than once.",
            labels=labels,
        ),
        "waiting": GaugeMetricFamily(
            "policywatch_jetstream_consumer_waiting_pulls",
            "Pull requests waiting on the durable: workers with nothing to do.",
            labels=labels,
        ),
    }
    for consumer in consumers:
        for attribute, gauge in gauges.items():
            gauge.add_metric([consumer.stream, consumer.consumer], getattr(consumer, attribute))
    yield from gauges.values()
