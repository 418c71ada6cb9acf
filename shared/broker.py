"""One NATS broker factory with safe defaults, used by every service.

Two traps measured with faststream 0.7.8 shape these defaults:
- FastStream's default NATS ack policy terminates a message on its first exception, so it is
  never redelivered. We nack on error instead (`AckPolicy.NACK_ON_ERROR`), with a delay.
- When nats-py gives up reconnecting, FastStream's pull loop suppresses `ConnectionClosedError`
  and spins forever. We never give up reconnecting (`max_reconnect_attempts=-1`).
"""

from __future__ import annotations

import logging
from typing import cast

from faststream.middlewares import AckPolicy
from faststream.nats import NatsBroker
from prometheus_client import CollectorRegistry

from shared.broker_metrics import make_metrics_middleware
from shared.natsauth.connect import broker_security, servers
from shared.natsauth.permissions import service_inbox
from shared.settings import NatsSettings

log = logging.getLogger(__name__)


def make_broker(settings: NatsSettings, *, service: str, registry: CollectorRegistry) -> NatsBroker:
    """A NatsBroker for `service` that never drops a failed message and never stops reconnecting.

    It connects as the identity in `settings` (creds file, nkey or user and password; TLS) with
    the service's own inbox prefix, the only inboxes its NATS permissions let it read.
    """
    return NatsBroker(
        servers(settings),
        name=f"policywatch-{service}",
        allow_reconnect=True,
        max_reconnect_attempts=-1,
        # nats-py takes float seconds; FastStream's signature annotates int.
        reconnect_time_wait=cast(int, settings.reconnect_wait_seconds),
        ack_policy=AckPolicy.NACK_ON_ERROR,
        graceful_timeout=30.0,
        middlewares=[make_metrics_middleware(registry=registry, service=service)],
        logger=logging.getLogger(f"policywatch.{service}.broker"),
        # "Received" and "Processed" for every message: two log records per message per consumer
        # cost more CPU than acking it. Errors are still logged at ERROR; LOG_LEVEL=DEBUG shows them.
        log_level=logging.DEBUG,
        security=broker_security(settings),
        inbox_prefix=service_inbox(service),
    )
