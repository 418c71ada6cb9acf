"""The consumer's pure parts, without a broker: retry delays, dead-letter reasons, the payload
schema it documents, and the pull loop that outlives idle timeouts."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from pydantic import BaseModel, Field, ValidationError

from shared.consumer import _retry_delay, describe_validation_error, documented_schema, quiet_idle_timeouts
from shared.settings import NatsSettings


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
