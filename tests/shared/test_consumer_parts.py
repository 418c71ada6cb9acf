"""The consumer's pure parts, without a broker: retry delays, dead-letter reasons, the payload
schema it documents, and the pull loop (pulls while it works, outlives idle timeouts)."""

from __future__ import annotations

import asyncio
import json
import logging
from types import SimpleNamespace
from typing import Any

import pytest
from prometheus_client import CollectorRegistry
from pydantic import BaseModel, Field, ValidationError

from shared.consumer import (
    MAX_PAYLOAD_CHARS,
    MAX_REASON_CHARS,
    DeadLetters,
    _retry_delay,
    describe_validation_error,
    documented_schema,
)
from shared.contract import DeadLetter
from shared.pulling import pipeline_pulls
from shared.settings import NatsSettings
from shared.subjects import DEADLETTER_STREAM, deadletter_subject


class Where(BaseModel):
    city: str
    country: str = "US"


class Report(BaseModel):
    title: str
    count: int
    where: Where = Field(description="Where it happened.")
    seen: list[Where] = []


def test_the_retry_delay_doubles_with_each_delivery_up_to_the_twentieth() -> None:
    settings = NatsSettings(retry_delay_seconds=0.5)
    assert [_retry_delay(settings, n) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 4.0]
    assert (
        _retry_delay(settings, 20) == _retry_delay(settings, 21) == _retry_delay(settings, 500) == 0.5 * 2**19
    )


def test_a_validation_error_names_every_field_that_failed_and_no_url() -> None:
    with pytest.raises(ValidationError) as caught:
        Report.model_validate({"count": "many", "where": {"country": "FR"}})
    reason = describe_validation_error(Report, caught.value)
    assert reason == (
        "invalid Report: title: Field required; count: Input should be a valid integer, unable to parse "
        "string as an integer; where.city: Field required"
    )
    assert "http" not in reason


def test_a_body_that_is_no_object_is_blamed_on_the_body() -> None:
    with pytest.raises(ValidationError) as caught:
        Report.model_validate_json("[1, 2]")
    assert describe_validation_error(Report, caught.value).startswith("invalid Report: body: ")


def test_the_documented_payload_schema_writes_nested_models_in_place() -> None:
    schema = documented_schema(Report)
    text = json.dumps(schema)
    assert "$defs" not in text and "$ref" not in text
    assert schema["title"] == "Report"
    where = schema["properties"]["where"]
    assert where["description"] == "Where it happened."  # kept beside the inlined model
    assert where["required"] == ["city"] and set(where["properties"]) == {"city", "country"}
    assert schema["properties"]["seen"]["items"]["properties"]["city"] == {"title": "City", "type": "string"}
    assert schema == json.loads(text), "plain JSON"


class _Subscription:
    """Hands out numbered messages as pulls ask for them; `idle` pulls first time out."""

    def __init__(self, available: int, idle: int = 0) -> None:
        self.asked: list[int] = []
        self.available, self.idle, self.next = available, idle, 0

    async def fetch(self, batch: int, timeout: float) -> list[int]:
        self.asked.append(batch)
        if self.idle:
            self.idle -= 1
            raise TimeoutError
        await asyncio.sleep(0)
        if self.next >= self.available:
            await asyncio.sleep(timeout)
            raise TimeoutError
        taken = list(range(self.next, min(self.next + batch, self.available)))
        self.next += len(taken)
        return taken


class _Subscriber:
    def __init__(self, subscription: _Subscription) -> None:
        self.subscription, self.running = subscription, True

    async def _consume_pull(self, cb: Any) -> None:
        raise AssertionError("FastStream's own loop should have been replaced")


async def _run_loop(subscriber: _Subscriber, cb: Any, until: asyncio.Event) -> None:
    loop = asyncio.create_task(subscriber._consume_pull(cb=cb))
    try:
        await asyncio.wait_for(until.wait(), 5)
    finally:
        loop.cancel()
        with pytest.raises(asyncio.CancelledError):
            await loop


async def test_the_next_pull_is_made_while_earlier_messages_are_still_being_handled() -> None:
    subscriber = _Subscriber(_Subscription(available=3))
    pipeline_pulls(subscriber, "extract-articles", batch_size=1, max_in_flight=8)
    first_may_finish, all_handled = asyncio.Event(), asyncio.Event()
    finished: list[int] = []

    async def handle(msg: int) -> None:
        if msg == 0:
            await first_may_finish.wait()
        finished.append(msg)
        if msg == 2:
            first_may_finish.set()
        if len(finished) == 3:
            all_handled.set()

    await _run_loop(subscriber, handle, all_handled)

    assert finished == [1, 2, 0]


async def test_no_more_than_max_in_flight_messages_are_in_hand_and_a_finished_one_makes_room() -> None:
    subscription = _Subscription(available=10)
    subscriber = _Subscriber(subscription)
    pipeline_pulls(subscriber, "alert-shifts", batch_size=2, max_in_flight=3)
    release, held, done = asyncio.Event(), [], asyncio.Event()

    async def handle(msg: int) -> None:
        held.append(msg)
        if len(held) == 3:
            done.set()
        await release.wait()

    await _run_loop(subscriber, handle, done)
    for _ in range(10):  # the loop had every chance to pull more
        await asyncio.sleep(0)
    assert subscription.asked == [2, 1] and held == [0, 1, 2]


async def test_an_idle_pull_that_times_out_is_made_again_quietly(caplog: pytest.LogCaptureFixture) -> None:
    subscriber = _Subscriber(_Subscription(available=1, idle=2))
    pipeline_pulls(subscriber, "alert-shifts", batch_size=4, max_in_flight=4)
    handled = asyncio.Event()

    async def handle(msg: int) -> None:
        handled.set()

    with caplog.at_level(logging.DEBUG, logger="shared.pulling"):
        await _run_loop(subscriber, handle, handled)
    assert [r.getMessage() for r in caplog.records] == [
        "alert-shifts: idle pull timed out; pulling again"
    ] * 2
    assert all(r.levelno == logging.DEBUG for r in caplog.records)


class _RecordingBroker:
    """Keeps what would be published: the dead letter, where, and with which headers."""

    def __init__(self) -> None:
        self.sent: list[tuple[DeadLetter, str, dict[str, Any]]] = []

    async def publish(self, letter: DeadLetter, subject: str, **options: Any) -> None:
        self.sent.append((letter, subject, options))


def _message(body: bytes | str, *, stored: bool = True, headers: dict[str, Any] | None = None) -> Any:
    metadata = SimpleNamespace(stream="POLICY_SHIFTS", sequence=SimpleNamespace(stream=60), num_delivered=3)
    raw = SimpleNamespace(subject="policy.shifts.v1.us.tariffs", **({"metadata": metadata} if stored else {}))
    return SimpleNamespace(body=body, headers=headers, raw_message=raw, message_id="m-1")


async def test_a_dead_letter_keeps_the_message_where_it_came_from_and_why(
    caplog: pytest.LogCaptureFixture,
) -> None:
    broker, registry = _RecordingBroker(), CollectorRegistry()
    letters = DeadLetters(broker, service="alert", registry=registry)  # type: ignore[arg-type]
    message = _message(b'{"n": "x"} \xff', headers={"Nats-Msg-Id": "s1:v2", "Retries": 3})
    with caplog.at_level(logging.WARNING, logger="shared.consumer"):
        await letters.publish(message, reason="r" * (MAX_REASON_CHARS + 5), kind="invalid", deliveries=3)
    [logged] = caplog.records
    assert logged.getMessage() == "dead-lettered a message on policy.shifts.v1.us.tariffs: " + "r" * (
        MAX_REASON_CHARS + 5
    )
    [(letter, subject, options)] = broker.sent
    assert (subject, options) == (
        deadletter_subject("alert"),
        {"stream": DEADLETTER_STREAM, "headers": {"Nats-Msg-Id": "alert:POLICY_SHIFTS:60"}},
    )
    assert letter.model_dump(exclude={"failed_at"}) == {
        "service": "alert",
        "subject": "policy.shifts.v1.us.tariffs",
        "reason": "r" * MAX_REASON_CHARS,
        "payload": '{"n": "x"} \ufffd',
        "payload_truncated": False,
        "headers": {"Nats-Msg-Id": "s1:v2", "Retries": "3"},
        "deliveries": 3,
        "stream": "POLICY_SHIFTS",
        "stream_sequence": 60,
    }
    assert registry.get_sample_value("policywatch_alert_dead_letters_total", {"reason": "invalid"}) == 1.0


@pytest.mark.parametrize(("size", "truncated"), [(MAX_PAYLOAD_CHARS, False), (MAX_PAYLOAD_CHARS + 1, True)])
async def test_a_payload_is_quoted_whole_up_to_the_limit(size: int, truncated: bool) -> None:
    broker = _RecordingBroker()
    letters = DeadLetters(broker, service="alert", registry=CollectorRegistry())  # type: ignore[arg-type]
    await letters.publish(_message("a" * size), reason="big", kind="invalid", deliveries=1)
    [(letter, _, _)] = broker.sent
    assert (len(letter.payload), letter.payload_truncated) == (min(size, MAX_PAYLOAD_CHARS), truncated)


async def test_a_message_outside_jetstream_is_dead_lettered_under_its_own_id() -> None:
    broker = _RecordingBroker()
    letters = DeadLetters(broker, service="extract", registry=CollectorRegistry())  # type: ignore[arg-type]
    message = _message("not json", stored=False)
    message.raw_message = SimpleNamespace()  # no subject either
    await letters.publish(message, reason="invalid Article", kind="invalid", deliveries=1)
    [(letter, _, options)] = broker.sent
    assert options["headers"] == {"Nats-Msg-Id": "extract:m-1"}
    assert (letter.subject, letter.stream, letter.stream_sequence, letter.headers) == ("", None, None, {})
