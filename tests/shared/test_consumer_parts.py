"""The consumer's pure parts, without a broker: retry delays, dead-letter reasons, the payload
schema it documents, and the pull loop that outlives idle timeouts."""

from __future__ import annotations

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
    quiet_idle_timeouts,
)
from shared.contract import DeadLetter
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


class _Subscriber:
    def __init__(self, timeouts: int, then: BaseException | None = None) -> None:
        self.calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
        self._timeouts, self._then = timeouts, then

    async def _consume_pull(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append((args, kwargs))
        if len(self.calls) <= self._timeouts:
            raise TimeoutError
        if self._then is not None:
            raise self._then


async def test_an_idle_pull_that_times_out_is_started_again_quietly(caplog: pytest.LogCaptureFixture) -> None:
    subscriber = _Subscriber(timeouts=2)
    quiet_idle_timeouts(subscriber, "alert-shifts")
    with caplog.at_level(logging.DEBUG, logger="shared.consumer"):
        await subscriber._consume_pull("sub", batch=10)
    assert subscriber.calls == [(("sub",), {"batch": 10})] * 3
    assert [r.getMessage() for r in caplog.records] == [
        "alert-shifts: idle pull timed out; pulling again"
    ] * 2
    assert all(r.levelno == logging.DEBUG for r in caplog.records)


async def test_any_other_error_of_the_pull_loop_still_escapes() -> None:
    subscriber = _Subscriber(timeouts=1, then=ConnectionError("gone"))
    quiet_idle_timeouts(subscriber, "alert-shifts")
    with pytest.raises(ConnectionError):
        await subscriber._consume_pull()
    assert len(subscriber.calls) == 2


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
