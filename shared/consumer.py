"""Durable JetStream consumers that lose nothing: retry with backoff, then dead-letter.

A handler receives a validated model. A body that does not validate (or cannot even be read:
not JSON, nested too deep, a number too long) goes straight to the dead-letter stream with the
reason; a handler that keeps failing is retried with a doubling delay and dead-lettered, with
its last error, after `max_deliver` deliveries; a handler that raises `Unprocessable` has its
message dead-lettered at once. Nothing is ever nacked without a delay, so a message that keeps
failing never spins.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from faststream.exceptions import NackMessage
from faststream.middlewares import AckPolicy
from faststream.nats import JStream, NatsBroker, PullSub
from faststream.nats.annotations import NatsMessage
from nats.js.api import AckPolicy as JsAckPolicy
from nats.js.api import ConsumerConfig
from nats.js.errors import NotFoundError
from prometheus_client import CollectorRegistry, Counter
from pydantic import BaseModel, ValidationError, WithJsonSchema

from shared.contract import DeadLetter
from shared.natsauth.permissions import service_inbox
from shared.pulling import PULL_SECONDS, pipeline_pulls
from shared.settings import NatsSettings
from shared.subjects import DEADLETTER_STREAM, deadletter_subject

M = TypeVar("M", bound=BaseModel)
log = logging.getLogger(__name__)

# Deliveries JetStream still makes past our own limit, so a process that crashes mid-message
# (rather than raising) still gets its message back before JetStream gives up.
CRASH_HEADROOM = 3
# A dead letter quotes at most this much of the body: quoted in JSON a character can take six
# bytes (\u0001), and the letter must fit in one message (max_payload, 1 MiB by default). The
# whole body stays in its stream; the letter says where.
MAX_PAYLOAD_CHARS = 100_000
MAX_REASON_CHARS = 4_000
# A message being handled is reported in progress this many times per ack_wait.
PROGRESS_REPORTS_PER_ACK_WAIT = 3
DEAD_LETTER_REASONS = ("invalid", "failed", "unprocessable")


@dataclass(frozen=True)
class ConsumerSpec:
    service: str
    durable: str
    subject: str
    stream: JStream


class Unprocessable(Exception):
    """Raised by a handler for a message it will never be able to process (retrying cannot help):
    the message is dead-lettered at once, with this exception's text as its reason."""


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
        # Every reason exported from the start at 0: a series born at 1 shows Prometheus no
        # increase, and the first dead letter would page no one.
        for reason in DEAD_LETTER_REASONS:
            self._counter.labels(reason)

    async def publish(self, msg: Any, *, reason: str, kind: str, deliveries: int) -> None:
        payload = _as_text(msg.body)
        stream, sequence = _stream_position(msg) or (None, None)
        letter = DeadLetter(
            service=self._service,
            subject=getattr(msg.raw_message, "subject", "") or "",
            reason=reason[:MAX_REASON_CHARS],
            payload=payload[:MAX_PAYLOAD_CHARS],
            payload_truncated=len(payload) > MAX_PAYLOAD_CHARS,
            headers={str(k): str(v) for k, v in (msg.headers or {}).items()},
            deliveries=deliveries,
            stream=stream,
            stream_sequence=sequence,
        )
        msg_id = dead_letter_id(self._service, msg)
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
) -> Any:
    """Register `handler` as a durable pull consumer of `spec.subject` on `broker`; returns
    FastStream's subscriber."""

    async def on_message(body: bytes, msg: NatsMessage) -> None:
        deliveries = _deliveries(msg)
        try:
            async with reporting_progress(msg.raw_message, settings.ack_wait_seconds):
                await _handle(msg, deliveries)
        except NackMessage:
            raise
        except Exception as exc:  # the dead-letter publish failed: keep the message, retry later
            log.warning("%s could not dead-letter a message (delivery %d): %r", spec.durable, deliveries, exc)
            raise NackMessage(delay=_retry_delay(settings, deliveries)) from exc

    async def _handle(msg: NatsMessage, deliveries: int) -> None:
        try:
            item = model.model_validate_json(msg.body)
        except ValidationError as exc:
            await dead_letters.publish(
                msg, reason=describe_validation_error(model, exc), kind="invalid", deliveries=deliveries
            )
            return
        try:
            await handler(item)
        except Unprocessable as exc:
            await dead_letters.publish(msg, reason=str(exc), kind="unprocessable", deliveries=deliveries)
        except Exception as exc:
            if deliveries >= settings.max_deliver:
                reason = f"failed after {deliveries} deliveries: {type(exc).__name__}: {exc}"
                await dead_letters.publish(msg, reason=reason, kind="failed", deliveries=deliveries)
                return
            delay = _retry_delay(settings, deliveries)
            log.warning(
                "%s failed (delivery %d), retrying in %.1fs: %r", spec.durable, deliveries, delay, exc
            )
            raise NackMessage(delay=delay) from exc

    on_message.__name__ = f"on_{spec.durable.replace('-', '_')}"
    # The body arrives as bytes (read above with pydantic); the AsyncAPI document shows the model
    # it must hold, so FastStream's generated document names each consumer's message.
    on_message.__annotations__ = {
        "body": Annotated[bytes, WithJsonSchema(documented_schema(model))],
        "msg": NatsMessage,
        "return": None,
    }
    config = ConsumerConfig(
        durable_name=spec.durable,
        ack_policy=JsAckPolicy.EXPLICIT,
        max_deliver=settings.max_deliver + CRASH_HEADROOM,
        ack_wait=settings.ack_wait_seconds,
    )
    subscriber = broker.subscriber(
        spec.subject,
        # Only `ensure_streams` declares streams, with the configured limits: FastStream would
        # "update" an existing stream back to a configuration without them.
        stream=JStream(spec.stream.name, subjects=list(spec.stream.subjects), declare=False),
        durable=spec.durable,
        pull_sub=PullSub(batch_size=settings.batch_size, timeout=PULL_SECONDS),  # pulls: shared.pulling
        config=config,
        ack_policy=AckPolicy.NACK_ON_ERROR,
        # The handler reads the body itself (pydantic, with depth and number-size limits):
        # FastStream's own JSON decoding would raise on `[[[[...` before any handler ran, and
        # the message would be redelivered at once, never dead-lettered.
        decoder=raw_body,
        # FastStream's pull subscriber uses `_INBOX.` unless told: the service may read only its own.
        inbox_prefix=f"{service_inbox(spec.service)}.".encode(),
        title=f"{spec.service}:{spec.durable}",
    )
    subscriber(on_message)
    update_on_start(subscriber, spec.stream.name, config)
    pipeline_pulls(
        subscriber, spec.durable, batch_size=settings.batch_size, max_in_flight=settings.max_in_flight
    )
    return subscriber


def update_on_start(subscriber: Any, stream: str, config: ConsumerConfig) -> None:
    """Before `subscriber` binds to its durable consumer, bring the consumer's `ack_wait` and
    `max_deliver` to `config`'s. nats-py binds to an existing durable as it is, so a consumer
    created by an older release would keep its old ack_wait (and a dead worker's messages would
    come back that much later) for ever."""
    create_subscription = subscriber._create_subscription

    async def updating_first() -> None:
        if subscriber.subscription is None:
            await update_consumer(subscriber.jetstream, stream, config)
        await create_subscription()

    # FastStream calls `self._create_subscription()` when the subscriber starts.
    subscriber._create_subscription = updating_first


async def update_consumer(js: Any, stream: str, config: ConsumerConfig) -> bool:
    """Update durable `config.durable_name` on `stream` to `config`'s ack_wait and max_deliver
    where they differ (JetStream allows both to change); True if it did. A consumer that does
    not exist yet is left to be created as configured."""
    try:
        info = await js.consumer_info(stream, config.durable_name)
    except NotFoundError:
        return False
    current = info.config
    changes: dict[str, Any] = {}
    if config.ack_wait is not None and not math.isclose(current.ack_wait or 0, config.ack_wait):
        changes["ack_wait"] = config.ack_wait
    if config.max_deliver is not None and current.max_deliver != config.max_deliver:
        changes["max_deliver"] = config.max_deliver
    if not changes:
        return False
    await js.add_consumer(stream, config=current.evolve(**changes))  # create-or-update: same name
    log.info(
        "%s on %s: updated %s (were %s)",
        config.durable_name,
        stream,
        changes,
        {key: getattr(current, key) for key in changes},
    )
    return True


def documented_schema(model: type[BaseModel]) -> dict[str, Any]:
    """`model`'s JSON schema as the AsyncAPI document shows a consumer's payload: self-contained
    (FastStream files a payload's schema among its components, where `#/$defs/...` resolves to
    nothing), so nested models are written in place."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return inline({**definitions[ref.removeprefix("#/$defs/")], **_without(node, "$ref")})
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    return {**inline(schema), "title": model.__name__}


def _without(mapping: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k != key}


@asynccontextmanager
async def reporting_progress(raw_message: Any, ack_wait: float) -> AsyncIterator[None]:
    """While the body runs, tell JetStream every third of `ack_wait` that the message is still
    being worked on (`+WPI`): a slow handler keeps its message, so `ack_wait` can be a few
    seconds and the messages of a process that died are redelivered that soon."""

    async def report() -> None:
        while True:
            await asyncio.sleep(ack_wait / PROGRESS_REPORTS_PER_ACK_WAIT)
            try:
                await raw_message.in_progress()
            except Exception as exc:  # disconnected, or an in-memory test message: the ack decides
                log.debug("progress report failed: %r", exc)

    reporter = asyncio.create_task(report())
    try:
        yield
    finally:
        reporter.cancel()


async def raw_body(msg: Any) -> bytes:
    """A FastStream decoder that leaves the body as bytes."""
    return bytes(msg.body)


def dead_letter_id(service: str, msg: Any) -> str:
    """The dead letter's `Nats-Msg-Id`: one per original message, across every stream a service
    consumes (`alert:POLICY_SHIFTS:60` and `alert:POLICY_EXTRACTIONS:60` are two messages)."""
    position = _stream_position(msg)
    return f"{service}:{position[0]}:{position[1]}" if position else f"{service}:{msg.message_id}"


def _retry_delay(settings: NatsSettings, deliveries: int) -> float:
    return settings.retry_delay_seconds * 2 ** (min(deliveries, 20) - 1)


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


def _stream_position(msg: Any) -> tuple[str, int] | None:
    try:
        metadata = msg.raw_message.metadata
        return str(metadata.stream), int(metadata.sequence.stream)
    except Exception:  # in-memory test brokers carry no JetStream metadata
        return None


def _as_text(body: bytes | str) -> str:
    return body.decode("utf-8", errors="replace") if isinstance(body, bytes) else str(body)
