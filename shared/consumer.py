"""Durable JetStream consumers that lose nothing: retry with backoff, then dead-letter.

A handler receives a validated model. A body that does not validate goes straight to the
dead-letter stream with the validation error; a handler that keeps failing is retried with a
doubling delay and dead-lettered, with its last error, after `max_deliver` deliveries.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from faststream.exceptions import NackMessage
from faststream.middlewares import AckPolicy
from faststream.nats import JStream, NatsBroker, PullSub
from faststream.nats.annotations import NatsMessage
from nats.js.api import AckPolicy as JsAckPolicy
from nats.js.api import ConsumerConfig
from prometheus_client import CollectorRegistry, Counter
from pydantic import BaseModel, ValidationError

from shared.contract import DeadLetter
from shared.natsauth.permissions import service_inbox
from shared.settings import NatsSettings
from shared.subjects import DEADLETTER_STREAM, deadletter_subject

M = TypeVar("M", bound=BaseModel)
log = logging.getLogger(__name__)

# Deliveries JetStream still makes past our own limit, so a process that crashes mid-message
# (rather than raising) still gets its message back before JetStream gives up.
CRASH_HEADROOM = 3


@dataclass(frozen=True)
class ConsumerSpec:
    service: str
    durable: str
    subject: str
    stream: JStream


class DeadLetters:
    """Publishes what a service cannot process to `policy.deadletter.v1.<service>`."""

    def __init__(self, broker: NatsBroker, *, service: str, registry: CollectorRegistry) -> None:
        self._broker = broker
        self._service = service
        self._counter = Counter(
            f"policywatch_{service}_dead_letters_total",
            "Messages moved to the dead-letter stream, by reason.",
            ["reason"],
            registry=registry,
        )

    async def publish(self, msg: Any, *, reason: str, kind: str, deliveries: int) -> None:
        letter = DeadLetter(
            service=self._service,
            subject=getattr(msg.raw_message, "subject", "") or "",
            reason=reason,
            payload=_as_text(msg.body),
            headers={str(k): str(v) for k, v in (msg.headers or {}).items()},
            deliveries=deliveries,
        )
        msg_id = f"{self._service}:{_stream_sequence(msg) or msg.message_id}"
        await self._broker.publish(
            letter,
            deadletter_subject(self._service),
            stream=DEADLETTER_STREAM,
            headers={"Nats-Msg-Id": msg_id},
        )
        self._counter.labels(kind).inc()
        log.warning("dead-lettered a message on %s: %s", letter.subject, reason)


def subscribe(
    broker: NatsBroker,
    spec: ConsumerSpec,
    model: type[M],
    handler: Callable[[M], Awaitable[None]],
    *,
    settings: NatsSettings,
    dead_letters: DeadLetters,
) -> None:
    """Register `handler` as a durable pull consumer of `spec.subject` on `broker`."""

    async def on_message(msg: NatsMessage) -> None:
        deliveries = _deliveries(msg)
        try:
            item = model.model_validate_json(msg.body)
        except ValidationError as exc:
            await dead_letters.publish(
                msg, reason=describe_validation_error(model, exc), kind="invalid", deliveries=deliveries
            )
            return
        try:
            await handler(item)
        except Exception as exc:
            if deliveries >= settings.max_deliver:
                reason = f"failed after {deliveries} deliveries: {type(exc).__name__}: {exc}"
                await dead_letters.publish(msg, reason=reason, kind="failed", deliveries=deliveries)
                return
            delay = settings.retry_delay_seconds * 2 ** (deliveries - 1)
            log.warning(
                "%s failed (delivery %d), retrying in %.1fs: %r", spec.durable, deliveries, delay, exc
            )
            raise NackMessage(delay=delay) from exc

    on_message.__name__ = f"on_{spec.durable.replace('-', '_')}"
    broker.subscriber(
        spec.subject,
        stream=spec.stream,
        durable=spec.durable,
        pull_sub=PullSub(batch_size=settings.batch_size, timeout=1.0),
        config=ConsumerConfig(
            durable_name=spec.durable,
            ack_policy=JsAckPolicy.EXPLICIT,
            max_deliver=settings.max_deliver + CRASH_HEADROOM,
            ack_wait=settings.ack_wait_seconds,
        ),
        ack_policy=AckPolicy.NACK_ON_ERROR,
        # FastStream's pull subscriber uses `_INBOX.` unless told: the service may read only its own.
        inbox_prefix=f"{service_inbox(spec.service)}.".encode(),
        title=f"{spec.service}:{spec.durable}",
    )(on_message)


def describe_validation_error(model: type[BaseModel], exc: ValidationError) -> str:
    """'invalid Article: text: Field required; published_at: Input should be ...'."""
    parts = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(p) for p in error["loc"]) or "body"
        parts.append(f"{where}: {error['msg']}")
    return f"invalid {model.__name__}: " + "; ".join(parts)


def _deliveries(msg: Any) -> int:
    try:
        return int(msg.raw_message.metadata.num_delivered)
    except Exception:  # in-memory test brokers carry no JetStream metadata
        return 1


def _stream_sequence(msg: Any) -> int | None:
    try:
        return int(msg.raw_message.metadata.sequence.stream)
    except Exception:
        return None


def _as_text(body: bytes | str) -> str:
    return body.decode("utf-8", errors="replace") if isinstance(body, bytes) else str(body)
