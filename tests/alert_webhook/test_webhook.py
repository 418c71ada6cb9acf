"""Webhook delivery against real HTTP receivers on loopback: signatures, retries, backoff, isolation.

The receivers are on 127.0.0.1, so every dispatcher here allows private hosts (test_egress.py
covers the refusal)."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest

from services.alert.delivery.dispatch import (
    SIGNATURE_HEADER,
    WebhookDispatcher,
    WebhookTarget,
    backoff_delay,
    classify,
    parse_retry_after,
    sign,
    verify,
)
from shared.contract import Alert, Evidence, PolicyShift

from .receiver import HANG, running

SECRET = "s3cret-for-rule-1"
FINAL = ("delivered", "failed")


@dataclass
class Record:
    delivery_id: str
    status: str
    attempts: int
    last_error: str | None
    response_status: int | None


@dataclass
class MemoryRecorder:
    """A fake `DeliveryRecorder` that keeps every record and lets tests wait for a final one."""

    records: list[Record] = field(default_factory=list)
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def record(
        self,
        delivery_id: str,
        *,
        status: str,
        attempts: int,
        last_error: str | None,
        response_status: int | None,
    ) -> None:
        async with self.changed:
            self.records.append(Record(delivery_id, status, attempts, last_error, response_status))
            self.changed.notify_all()

    def of(self, delivery_id: str) -> list[Record]:
        return [r for r in self.records if r.delivery_id == delivery_id]

    async def final(self, delivery_id: str, timeout: float = 10.0) -> Record:
        def done() -> bool:
            return any(r.status in FINAL for r in self.of(delivery_id))

        async with asyncio.timeout(timeout), self.changed:
            await self.changed.wait_for(done)
        return self.of(delivery_id)[-1]


def make_alert(number: int = 1) -> Alert:
    text = "The government doubled the levy on imported steel."
    shift = PolicyShift(
        id=f"shift-{number}",
        article_id="a1",
        actor="United States",
        topic="steel tariffs",
        shift_type="hardening",
        evidence=Evidence(text=text, start=0, end=len(text)),
        confidence=0.9,
    )
    return Alert(id=f"alert-{number}", owner="acme", rule_id="rule-1", shift=shift, reasons=["actor: x"])


def target(url: str) -> WebhookTarget:
    return WebhookTarget(url=url, secret=SECRET, rule_id="rule-1", owner="acme")


@pytest.fixture
async def recorder() -> MemoryRecorder:
    return MemoryRecorder()


@pytest.fixture
async def dispatcher(recorder: MemoryRecorder) -> AsyncIterator[WebhookDispatcher]:
    sender = WebhookDispatcher(
        recorder, max_attempts=4, base_delay=0.01, max_delay=0.05, timeout=5.0, allow_private_hosts=True
    )
    await sender.start()
    yield sender
    await sender.stop()


# -- signatures --------------------------------------------------------------------------------


def test_signature_verifies_with_the_secret_only() -> None:
    header = sign(SECRET, b'{"a":1}', 1_700_000_000)
    assert header.startswith("t=1700000000,v1=")
    assert verify(SECRET, b'{"a":1}', header, now=1_700_000_010)
    assert not verify("other", b'{"a":1}', header, now=1_700_000_010)
    assert not verify(SECRET, b'{"a":2}', header, now=1_700_000_010)


def test_signature_older_than_tolerance_is_rejected() -> None:
    header = sign(SECRET, b"{}", 1_700_000_000)
    assert not verify(SECRET, b"{}", header, now=1_700_000_000 + 301)
    assert verify(SECRET, b"{}", header, now=1_700_000_000 + 301, tolerance=600)


@pytest.mark.parametrize("header", ["", "t=abc,v1=00", "v1=00", "t=1700000000", "garbage"])
def test_malformed_signature_header_is_rejected(header: str) -> None:
    assert not verify(SECRET, b"{}", header, now=1_700_000_000)


def test_signature_header_may_carry_several_signatures_during_rotation() -> None:
    new = sign("new-secret", b"{}", 1_700_000_000)
    old = sign(SECRET, b"{}", 1_700_000_000).split(",")[1]
    assert verify(SECRET, b"{}", f"{new},{old}", now=1_700_000_000)
    assert verify("new-secret", b"{}", f"{new},{old}", now=1_700_000_000)


# -- pure policy -------------------------------------------------------------------------------


def test_backoff_doubles_with_jitter_and_stops_at_the_cap() -> None:
    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (10, 300.0), (60, 300.0)]:
        assert backoff_delay(attempt, base=1.0, cap=300.0, rng=lambda: 0.0) == ceiling / 2
        assert backoff_delay(attempt, base=1.0, cap=300.0, rng=lambda: 1.0) == ceiling


@pytest.mark.parametrize(
    ("status", "delivered", "retry"),
    [(200, True, False), (204, True, False), (400, False, False), (401, False, False), (404, False, False),
     (410, False, False), (408, False, True), (429, False, True), (500, False, True), (503, False, True),
     (301, False, False)],
)  # fmt: skip
def test_status_codes_are_delivered_retried_or_failed(status: int, delivered: bool, retry: bool) -> None:
    outcome = classify(status)
    assert (outcome.delivered, outcome.retry) == (delivered, retry)


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now=1445412480.0) == 30.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


# -- delivery against real receivers ---------------------------------------------------------------


async def test_delivers_alert_as_signed_json(dispatcher: WebhookDispatcher, recorder: MemoryRecorder) -> None:
    alert = make_alert()
    async with running([200]) as receiver:
        dispatcher.submit(target(receiver.url), alert, "d1")
        final = await recorder.final("d1")
        [request] = await receiver.wait_for(1)
    assert (final.status, final.attempts, final.response_status) == ("delivered", 1, 200)
    assert [r.status for r in recorder.of("d1")] == ["pending", "delivered"]
    assert request.method == "POST" and request.headers["content-type"] == "application/json"
    assert json.loads(request.body) == json.loads(alert.model_dump_json())
    signature = request.headers[SIGNATURE_HEADER.lower()]
    assert verify(SECRET, request.body, signature)
    assert signature.startswith(f"t={request.headers['x-policywatch-timestamp']},v1=")
    assert request.headers["x-policywatch-delivery"] == "d1"
    assert request.headers["x-policywatch-event"] == "alert"


async def test_retries_server_errors_until_delivered(
    dispatcher: WebhookDispatcher, recorder: MemoryRecorder
) -> None:
    async with running([503, 500, 200]) as receiver:
        dispatcher.submit(target(receiver.url), make_alert(), "d1")
        final = await recorder.final("d1")
        requests = await receiver.wait_for(3)
    assert [(r.status, r.attempts, r.response_status) for r in recorder.of("d1")] == [
        ("pending", 0, None),
        ("retrying", 1, 503),
        ("retrying", 2, 500),
        ("delivered", 3, 200),
    ]
    assert final.last_error is None
    assert all(verify(SECRET, r.body, r.headers["x-policywatch-signature"]) for r in requests)


async def test_client_error_fails_at_once(dispatcher: WebhookDispatcher, recorder: MemoryRecorder) -> None:
    async with running([400]) as receiver:
        dispatcher.submit(target(receiver.url), make_alert(), "d1")
        final = await recorder.final("d1")
    assert (final.status, final.attempts, final.last_error, final.response_status) == (
        "failed",
        1,
        "HTTP 400",
        400,
    )
    assert len(receiver.requests) == 1


async def test_gives_up_after_max_attempts(dispatcher: WebhookDispatcher, recorder: MemoryRecorder) -> None:
    async with running([500]) as receiver:
        dispatcher.submit(target(receiver.url), make_alert(), "d1")
        final = await recorder.final("d1")
    assert (final.status, final.attempts, final.last_error) == ("failed", 4, "HTTP 500")
    assert len(receiver.requests) == 4


async def test_retry_after_is_honoured_only_up_to_the_cap(
    dispatcher: WebhookDispatcher, recorder: MemoryRecorder
) -> None:
    started = time.monotonic()
    async with running([(429, {"Retry-After": "3600"}), (408, {}), 200]) as receiver:
        dispatcher.submit(target(receiver.url), make_alert(), "d1")
        final = await recorder.final("d1")
    assert (final.status, final.attempts) == ("delivered", 3)
    assert time.monotonic() - started < 5  # an hour asked, max_delay (0.05s) granted
    assert len(receiver.requests) == 3


async def test_connection_refused_is_retried_with_the_error_recorded(recorder: MemoryRecorder) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    sender = WebhookDispatcher(
        recorder, max_attempts=2, base_delay=0.01, max_delay=0.02, allow_private_hosts=True
    )
    await sender.start()
    try:
        sender.submit(target(f"http://127.0.0.1:{port}/hook"), make_alert(), "d1")
        final = await recorder.final("d1")
    finally:
        await sender.stop()
    assert (final.status, final.attempts) == ("failed", 2)
    assert final.last_error and final.last_error.startswith("ConnectError")


async def test_receiver_that_never_answers_times_out_and_is_retried(recorder: MemoryRecorder) -> None:
    sender = WebhookDispatcher(
        recorder, max_attempts=2, base_delay=0.01, max_delay=0.02, timeout=0.2, allow_private_hosts=True
    )
    await sender.start()
    try:
        async with running([HANG]) as receiver:
            sender.submit(target(receiver.url), make_alert(), "d1")
            final = await recorder.final("d1")
    finally:
        await sender.stop()
    assert (final.status, final.attempts) == ("failed", 2)
    assert final.last_error is not None and "timed out" in final.last_error
    assert len(receiver.requests) == 2


async def test_hanging_receiver_does_not_delay_another(recorder: MemoryRecorder) -> None:
    sender = WebhookDispatcher(
        recorder, max_attempts=1, timeout=60.0, per_receiver=2, allow_private_hosts=True
    )
    await sender.start()
    try:
        async with running([HANG]) as stuck, running([200]) as healthy:
            for number in range(10):  # more than the stuck receiver's concurrency limit
                sender.submit(target(stuck.url), make_alert(number), f"stuck-{number}")
            await stuck.wait_for(2)
            started = time.monotonic()
            sender.submit(target(healthy.url), make_alert(99), "healthy")
            final = await recorder.final("healthy", timeout=5.0)
            assert final.status == "delivered"
            assert time.monotonic() - started < 5.0
            assert not any(r.status in FINAL for r in recorder.records if r.delivery_id.startswith("stuck"))
    finally:
        await sender.stop()


async def test_stop_lets_attempts_in_flight_finish_and_cancels_waiting_retries(
    recorder: MemoryRecorder,
) -> None:
    sender = WebhookDispatcher(
        recorder, max_attempts=5, base_delay=3600.0, max_delay=3600.0, timeout=5.0, allow_private_hosts=True
    )
    await sender.start()
    async with running([503]) as failing, running([HANG]) as slow:
        sender.submit(target(failing.url), make_alert(1), "waiting")
        await recorder_wait(recorder, "waiting", "retrying")
        sender.submit(target(slow.url), make_alert(2), "sending")
        await slow.wait_for(1)
        started = time.monotonic()
        stopping = asyncio.create_task(sender.stop())
        slow._release.set()  # the receiver drops the connection: the attempt ends, retry not scheduled
        await stopping
    assert time.monotonic() - started < 5.0
    assert sender.in_flight == 0
    assert recorder.of("waiting")[-1].status == "retrying"
    assert recorder.of("sending")[-1].status in ("retrying", "failed")


async def test_submit_before_start_is_refused(recorder: MemoryRecorder) -> None:
    sender = WebhookDispatcher(recorder, allow_private_hosts=True)
    with pytest.raises(RuntimeError):
        sender.submit(target("http://127.0.0.1:9/hook"), make_alert(), "d1")


async def test_submit_after_stop_sends_nothing(recorder: MemoryRecorder) -> None:
    sender = WebhookDispatcher(recorder, allow_private_hosts=True)
    await sender.start()
    await sender.stop()
    sender.submit(target("http://127.0.0.1:9/hook"), make_alert(), "d1")
    assert sender.in_flight == 0 and recorder.records == []


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/hook", "http://[::1/hook", "not a url"])
async def test_unusable_url_fails_at_once(
    dispatcher: WebhookDispatcher, recorder: MemoryRecorder, url: str
) -> None:
    dispatcher.submit(target(url), make_alert(), "d1")
    final = await recorder.final("d1")
    assert (final.status, final.response_status) == ("failed", None)
    assert final.last_error is not None and final.attempts <= 1


async def test_receiver_limits_are_dropped_when_idle(
    dispatcher: WebhookDispatcher, recorder: MemoryRecorder
) -> None:
    async with running([200]) as receiver:
        dispatcher.submit(target(receiver.url), make_alert(), "d1")
        await recorder.final("d1")
    assert dispatcher._limits == {}


async def test_resumed_delivery_counts_attempts_already_made(
    dispatcher: WebhookDispatcher, recorder: MemoryRecorder
) -> None:
    async with running([500]) as receiver:
        dispatcher.submit(target(receiver.url), make_alert(), "d1", attempts=3)
        final = await recorder.final("d1")
    assert (final.status, final.attempts) == ("failed", 4)
    assert len(receiver.requests) == 1


async def recorder_wait(recorder: MemoryRecorder, delivery_id: str, status: str) -> None:
    async with asyncio.timeout(10), recorder.changed:
        await recorder.changed.wait_for(lambda: any(r.status == status for r in recorder.of(delivery_id)))
