"""The JetStream streams as the settings want them: replicas, storage and retention.

Every service declares the streams it uses when it starts (`ensure_streams`): a missing stream is
created, an existing one whose replicas, limits or discard policy differ from the settings is
updated in place, and a change JetStream cannot make (file to memory storage, three replicas on a
server that is not in a cluster) leaves the stream as it is and says why in the log. The services
are the only ones who declare: their subscribers pass `declare=False` to FastStream, which would
otherwise "update" a stream back to a configuration without our limits.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import replace
from typing import Any, Literal

from faststream.nats import JStream, NatsBroker
from nats.js.api import DiscardPolicy, StorageType, StreamConfig
from nats.js.client import JetStreamContext
from nats.js.errors import APIError, BadRequestError, NotFoundError, ServiceUnavailableError

from shared.natsauth.permissions import SERVICES
from shared.settings import StreamLimits, StreamsSettings
from shared.subjects import (
    ALERTS_STREAM,
    ARTICLES_STREAM,
    DEADLETTER_STREAM,
    EXTRACTIONS_STREAM,
    SHIFTS_STREAM,
    all_streams,
    streams_named,
)

log = logging.getLogger(__name__)

CLUSTER_REPLICAS = 3
# how long a starting service waits for a cluster's JetStream to come up before giving up
JETSTREAM_READY_SECONDS = 30.0
Outcome = Literal["created", "updated", "unchanged", "kept"]
# The fields a start-up may change; others (retention, name) are fixed by the code.
_COMPARED = ("subjects", "max_age", "max_bytes", "discard", "num_replicas", "storage", "duplicate_window")


def stream_limits(settings: StreamsSettings, stream: str) -> StreamLimits:
    by_stream = {
        ARTICLES_STREAM: settings.articles,
        SHIFTS_STREAM: settings.shifts,
        EXTRACTIONS_STREAM: settings.extractions,
        ALERTS_STREAM: settings.alerts,
        DEADLETTER_STREAM: settings.deadletter,
    }
    return by_stream[stream]


def replicas_for(settings: StreamsSettings, server_info: dict[str, Any]) -> int:
    """The configured replicas; unset, three on a clustered server and one on a lone one."""
    if settings.replicas is not None:
        return settings.replicas
    return CLUSTER_REPLICAS if server_info.get("cluster") else 1


def stream_config(stream: JStream, settings: StreamsSettings, *, replicas: int) -> StreamConfig:
    """The full configuration of `stream` under `settings`."""
    limits = stream_limits(settings, stream.name)
    max_age = limits.max_age_seconds()
    duplicate_window = stream.config.duplicate_window or 0.0
    if max_age:  # JetStream refuses a duplicate window longer than the stream keeps messages
        duplicate_window = min(duplicate_window, max_age)
    return replace(
        stream.config,
        subjects=list(stream.subjects),
        max_age=max_age,
        max_bytes=limits.max_bytes or -1,
        discard=DiscardPolicy.NEW if limits.discard == "new" else DiscardPolicy.OLD,
        storage=StorageType.MEMORY if settings.storage == "memory" else StorageType.FILE,
        num_replicas=replicas,
        duplicate_window=duplicate_window,
    )


def differences(current: StreamConfig, wanted: StreamConfig) -> dict[str, tuple[Any, Any]]:
    """{field: (current, wanted)} for every field a start-up manages that differs."""
    found = {}
    for name in _COMPARED:
        have, want = getattr(current, name), getattr(wanted, name)
        if name == "subjects":
            have, want = sorted(have or []), sorted(want or [])
        elif name in ("max_age", "duplicate_window"):
            have, want = round(float(have or 0), 3), round(float(want or 0), 3)
        elif name == "max_bytes":
            have, want = have if have and have > 0 else -1, want
        if have != want:
            found[name] = (have, want)
    return found


async def declare_stream(js: JetStreamContext, wanted: StreamConfig) -> Outcome:
    """Create `wanted`, or bring the existing stream of that name to it where JetStream can."""
    assert wanted.name, "a stream configuration names its stream"
    try:
        current = (await js.stream_info(wanted.name)).config
    except NotFoundError:
        try:
            await js.add_stream(config=wanted)
            log.info("stream %s created: %s", wanted.name, _summary(wanted))
            return "created"
        except BadRequestError as exc:  # another process created it in between
            if "already in use" not in (exc.description or ""):
                raise
        current = (await js.stream_info(wanted.name)).config
    changed = differences(current, wanted)
    if not changed:
        return "unchanged"
    described = ", ".join(f"{name} {have} -> {want}" for name, (have, want) in changed.items())
    if "storage" in changed:
        log.error(
            "stream %s keeps its %s storage: JetStream cannot change a stream's storage in place (%s). "
            "Back it up (nats stream backup), delete it and restart, or set POLICYWATCH_STREAMS__STORAGE "
            "back; other settings were not applied either.",
            wanted.name,
            getattr(current.storage, "value", current.storage),
            described,
        )
        return "kept"
    try:
        await js.update_stream(config=wanted)
    except APIError as exc:
        log.error(
            "stream %s keeps its configuration: nats-server refused the update (%s): %s",
            wanted.name,
            described,
            exc.description,
        )
        return "kept"
    log.warning("stream %s updated to the settings: %s", wanted.name, described)
    return "updated"


async def ensure_streams(broker: NatsBroker, service: str, settings: StreamsSettings | None = None) -> None:
    """Declare the streams `service` publishes to or reads, as `settings` configure them, so a
    publish never lands before its stream exists (a service may declare only those; an unknown
    name declares all)."""
    settings = settings or StreamsSettings()
    state = broker.config.connection_state
    replicas = replicas_for(settings, dict(getattr(state.connection, "_server_info", {}) or {}))
    grant = SERVICES.get(service)
    for stream in streams_named(grant.streams) if grant else all_streams():
        config = stream_config(stream, settings, replicas=replicas)
        deadline = time.monotonic() + JETSTREAM_READY_SECONDS
        while True:
            try:
                await declare_stream(state.stream, config)
                break
            except ServiceUnavailableError as exc:
                # a cluster that has just started (or lost a node) answers 503 'JetStream not
                # enabled for account' until its meta leader is elected: wait for it, a while
                if time.monotonic() > deadline:
                    raise
                log.warning("stream %s: JetStream not ready yet (%s); retrying", stream, exc.description)
                await asyncio.sleep(0.5)


def _summary(config: StreamConfig) -> str:
    age = f"{config.max_age / 86400:g} days" if config.max_age else "no age limit"
    size = (
        f"{config.max_bytes / 1024**3:g} GiB"
        if config.max_bytes and config.max_bytes > 0
        else "no size limit"
    )
    discard = getattr(config.discard, "value", config.discard)
    storage = getattr(config.storage, "value", config.storage)
    return f"R{config.num_replicas}, {storage}, {age}, {size}, discard {discard}"
