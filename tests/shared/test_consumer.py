"""The shared durable consumer against a real nats-server: retries, dead letters, no loss."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from pathlib import Path

import nats.errors
import nats.js.errors
import pytest
from faststream.middlewares import AckPolicy
from faststream.nats import NatsBroker
from nats.js.api import ConsumerConfig
from prometheus_client import CollectorRegistry
from pydantic import BaseModel

from shared.broker import make_broker
from shared.consumer import (
    CRASH_HEADROOM,
    ConsumerSpec,
    DeadLetters,
    Unprocessable,
    subscribe,
    update_consumer,
)
from shared.contract import DeadLetter
from shared.natsauth.material import Material
from shared.natsserver import NatsServer
from shared.service import ensure_streams
from shared.settings import NatsSettings, Settings
from shared.subjects import (
    ARTICLES_STREAM,
    ARTICLES_SUBJECT,
    DEADLETTER_ALL,
    EXTRACTIONS_SUBJECT,
    articles_stream,
    extractions_stream,
)
from tests.natsclient import connect

pytestmark = pytest.mark.nats


class Ping(BaseModel):
    n: int


async def _started_broker(settings: Settings, handler) -> tuple[NatsBroker, CollectorRegistry]:
    registry = CollectorRegistry()
    broker = make_broker(settings.nats, service="test", registry=registry)
    dead = DeadLetters(broker, service="test", registry=registry)
    spec = ConsumerSpec(
        service="test", durable="test-consumer", subject=ARTICLES_SUBJECT, stream=articles_stream()
    )
    subscribe(broker, spec, Ping, handler, settings=settings.nats, dead_letters=dead)
    await broker.connect()
    await ensure_streams(broker, "test")
    await broker.start()
    return broker, registry


async def _next_dead_letter(settings: Settings, action) -> DeadLetter:
    nc = await connect(settings)
    try:
        js = nc.jetstream()
        sub = await js.subscribe(DEADLETTER_ALL, ordered_consumer=True)
        await action(js)
        msg = await sub.next_msg(timeout=10)
        return DeadLetter.model_validate_json(msg.data)
    finally:
        await nc.close()


async def test_malformed_message_is_dead_lettered_with_reason_and_consumer_keeps_going(
    settings: Settings,
) -> None:
    seen: list[int] = []
    got_valid = asyncio.Event()

    async def handler(item: Ping) -> None:
        seen.append(item.n)
        got_valid.set()

    broker, registry = await _started_broker(settings, handler)
    try:

        async def publish(js) -> None:
            await js.publish(ARTICLES_SUBJECT, b'{"n": "not a number"}')
            await js.publish(ARTICLES_SUBJECT, b'{"n": 7}')

        letter = await _next_dead_letter(settings, publish)
        await asyncio.wait_for(got_valid.wait(), 10)
    finally:
        await broker.stop()

    assert letter.service == "test"
    assert letter.subject == ARTICLES_SUBJECT
    assert "n:" in letter.reason and "integer" in letter.reason
    assert '"not a number"' in letter.payload
    assert seen == [7]
    assert registry.get_sample_value("policywatch_test_dead_letters_total", {"reason": "invalid"}) == 1.0


async def test_failing_handler_is_retried_then_dead_lettered_with_last_error(settings: Settings) -> None:
    attempts: list[int] = []

    async def handler(item: Ping) -> None:
        attempts.append(item.n)
        raise RuntimeError("downstream unavailable")

    broker, registry = await _started_broker(settings, handler)
    try:

        async def publish(js) -> None:
            await js.publish(ARTICLES_SUBJECT, b'{"n": 1}')

        letter = await _next_dead_letter(settings, publish)
    finally:
        await broker.stop()

    assert len(attempts) == settings.nats.max_deliver
    assert letter.reason == (
        f"failed after {settings.nats.max_deliver} deliveries: RuntimeError: downstream unavailable"
    )
    assert registry.get_sample_value("policywatch_test_dead_letters_total", {"reason": "failed"}) == 1.0


async def test_a_dead_lettered_message_is_acked_and_never_handled_again(settings: Settings) -> None:
    # After its last delivery a failing message is dead-lettered and must be acked there: nacked, it
    # would come back (the consumer allows deliveries beyond max_deliver for crashes) and be
    # handled, and dead-lettered, again.
    attempts: list[int] = []
    later_handled = asyncio.Event()

    async def handler(item: Ping) -> None:
        attempts.append(item.n)
        if item.n == 1:
            raise RuntimeError("downstream unavailable")
        later_handled.set()

    broker, _ = await _started_broker(settings, handler)
    nc = await connect(settings)
    try:
        js = nc.jetstream()

        async def publish_failing(js) -> None:
            await js.publish(ARTICLES_SUBJECT, b'{"n": 1}')

        [letter] = await _dead_letters_after(settings, publish_failing, count=1)
        await js.publish(ARTICLES_SUBJECT, b'{"n": 2}')
        await asyncio.wait_for(later_handled.wait(), 10)
        # both acked: the consumer's ack floor reaches the later message, nothing is pending
        deadline = time.monotonic() + 10
        while (info := await js.consumer_info(ARTICLES_STREAM, "test-consumer")).ack_floor.stream_seq < 2:
            assert time.monotonic() < deadline, f"the dead-lettered message was never acked: {info}"
            await asyncio.sleep(0.05)
        assert info.num_ack_pending == 0 and info.num_redelivered == 0
    finally:
        await nc.close()
        await broker.stop()
    assert f"failed after {settings.nats.max_deliver} deliveries" in letter.reason
    assert attempts == [1] * settings.nats.max_deliver + [2]


async def test_transient_failure_is_redelivered_not_lost(settings: Settings) -> None:
    attempts: list[int] = []
    handled_at: list[float] = []
    done = asyncio.Event()

    async def handler(item: Ping) -> None:
        attempts.append(item.n)
        handled_at.append(time.monotonic())
        if len(attempts) == 1:
            raise ConnectionError("blip")
        done.set()

    broker, _ = await _started_broker(settings, handler)
    try:
        nc = await connect(settings)
        await nc.jetstream().publish(ARTICLES_SUBJECT, b'{"n": 5}')
        await nc.close()
        await asyncio.wait_for(done.wait(), 10)
    finally:
        await broker.stop()
    assert attempts == [5, 5]
    # nacked with the first retry delay, not redelivered at once
    assert handled_at[1] - handled_at[0] >= settings.nats.retry_delay_seconds


async def test_consumer_recovers_after_the_nats_server_restarts(tmp_path: Path, nats_auth: Material) -> None:
    """nats-py never gives up reconnecting, so the pull loop resumes instead of spinning."""
    server = NatsServer(store_dir=tmp_path / "nats", auth=nats_auth).start()
    settings = Settings(
        data_dir=tmp_path / "data",
        nats=NatsSettings(
            url=server.url,
            retry_delay_seconds=0.05,
            reconnect_wait_seconds=0.2,
            creds_file=nats_auth.creds("admin"),
        ),
    )
    received: asyncio.Queue[int] = asyncio.Queue()

    async def handler(item: Ping) -> None:
        await received.put(item.n)

    broker, _ = await _started_broker(settings, handler)
    try:
        nc = await connect(settings)
        await nc.jetstream().publish(ARTICLES_SUBJECT, b'{"n": 1}')
        await nc.close()
        assert await asyncio.wait_for(received.get(), 10) == 1

        server.stop()  # a broker restart: same port, same JetStream store
        server = NatsServer(store_dir=tmp_path / "nats", port=server.port, auth=nats_auth).start()

        nc = await connect(settings)
        await nc.jetstream().publish(ARTICLES_SUBJECT, b'{"n": 2}')
        await nc.close()
        assert await asyncio.wait_for(received.get(), 30) == 2
    finally:
        await broker.stop()
        server.stop()


def test_broker_never_stops_reconnecting_and_nacks_failed_messages() -> None:
    """The two faststream 0.7.8 traps: a terminated message is lost; exhausted reconnects spin."""
    broker = make_broker(NatsSettings(), service="test", registry=CollectorRegistry())
    assert broker._connection_kwargs["max_reconnect_attempts"] == -1
    assert broker._connection_kwargs["allow_reconnect"] is True
    assert broker.config.ack_policy is AckPolicy.NACK_ON_ERROR


async def _dead_letters_after(settings: Settings, action, count: int, quiet: float = 1.0) -> list[DeadLetter]:
    """Every dead letter `action` causes: waits for `count`, then `quiet` seconds for any extra."""
    nc = await connect(settings)
    try:
        js = nc.jetstream()
        sub = await js.subscribe(DEADLETTER_ALL, ordered_consumer=True)
        await action(js)
        letters = [
            DeadLetter.model_validate_json((await sub.next_msg(timeout=10)).data) for _ in range(count)
        ]
        with contextlib.suppress(nats.errors.TimeoutError):
            letters.append(DeadLetter.model_validate_json((await sub.next_msg(timeout=quiet)).data))
        return letters
    finally:
        await nc.close()


async def test_dead_letters_of_two_streams_with_the_same_sequence_are_both_kept(settings: Settings) -> None:
    """alert consumes two streams: sequence 1 of each is a different message, not a duplicate."""
    registry = CollectorRegistry()
    broker = make_broker(settings.nats, service="test", registry=registry)
    dead = DeadLetters(broker, service="test", registry=registry)

    async def handler(item: Ping) -> None:
        return None

    for durable, subject, stream in [
        ("test-articles", ARTICLES_SUBJECT, articles_stream()),
        ("test-extractions", EXTRACTIONS_SUBJECT, extractions_stream()),
    ]:
        spec = ConsumerSpec(service="test", durable=durable, subject=subject, stream=stream)
        subscribe(broker, spec, Ping, handler, settings=settings.nats, dead_letters=dead)
    await broker.connect()
    await ensure_streams(broker, "test")
    await broker.start()
    try:

        async def publish(js) -> None:
            await js.publish(ARTICLES_SUBJECT, b'{"n": "first stream"}')
            await js.publish(EXTRACTIONS_SUBJECT, b'{"n": "second stream"}')

        letters = await _dead_letters_after(settings, publish, count=2)
    finally:
        await broker.stop()
    assert sorted(letter.subject for letter in letters) == [ARTICLES_SUBJECT, EXTRACTIONS_SUBJECT]
    assert registry.get_sample_value("policywatch_test_dead_letters_total", {"reason": "invalid"}) == 2.0


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b"[" * 100_000, "recursion limit"),
        (b'{"n": ' + b"9" * 900_000 + b"}", "number out of range"),
        (b'{"a": ' * 50_000 + b"1" + b"}" * 50_000, "recursion limit"),
        (b"\xff\xfe not even UTF-8", "invalid Ping"),
    ],
    ids=["open-brackets", "900k-digit-number", "deeply-nested-object", "not-utf8"],
)
async def test_body_that_cannot_be_decoded_is_dead_lettered_once_with_its_reason(
    settings: Settings, body: bytes, why: str
) -> None:
    handled: list[int] = []

    async def handler(item: Ping) -> None:
        handled.append(item.n)

    broker, registry = await _started_broker(settings, handler)
    try:

        async def publish(js) -> None:
            await js.publish(ARTICLES_SUBJECT, body)

        letters = await _dead_letters_after(settings, publish, count=1)
    finally:
        await broker.stop()
    [letter] = letters  # once: not redelivered, not dead-lettered again
    assert why in letter.reason
    assert letter.deliveries == 1
    assert handled == []
    assert registry.get_sample_value("policywatch_test_dead_letters_total", {"reason": "invalid"}) == 1.0


async def test_handler_that_gives_up_on_a_message_dead_letters_it_at_once(settings: Settings) -> None:
    attempts: list[int] = []

    async def handler(item: Ping) -> None:
        attempts.append(item.n)
        raise Unprocessable("extraction exceeded its 20 s budget")

    broker, registry = await _started_broker(settings, handler)
    try:

        async def publish(js) -> None:
            await js.publish(ARTICLES_SUBJECT, b'{"n": 3}')

        [letter] = await _dead_letters_after(settings, publish, count=1)
    finally:
        await broker.stop()
    assert attempts == [3]
    assert letter.reason == "extraction exceeded its 20 s budget"
    counted = registry.get_sample_value("policywatch_test_dead_letters_total", {"reason": "unprocessable"})
    assert counted == 1.0


async def test_message_is_redelivered_after_a_delay_when_its_dead_letter_cannot_be_published(
    settings: Settings,
) -> None:
    """Nothing is lost when the dead-letter publish fails: the message comes back, after a pause."""
    registry = CollectorRegistry()
    broker = make_broker(settings.nats, service="test", registry=registry)
    delivered_at: list[float] = []

    class FlakyDeadLetters(DeadLetters):
        async def publish(self, msg, *, reason: str, kind: str, deliveries: int) -> None:  # type: ignore[no-untyped-def]
            delivered_at.append(time.monotonic())
            if len(delivered_at) == 1:
                raise ConnectionError("dead-letter stream unavailable")
            await super().publish(msg, reason=reason, kind=kind, deliveries=deliveries)

    dead = FlakyDeadLetters(broker, service="test", registry=registry)

    async def handler(item: Ping) -> None:
        return None

    spec = ConsumerSpec(
        service="test", durable="test-consumer", subject=ARTICLES_SUBJECT, stream=articles_stream()
    )
    subscribe(broker, spec, Ping, handler, settings=settings.nats, dead_letters=dead)
    await broker.connect()
    await ensure_streams(broker, "test")
    await broker.start()
    try:

        async def publish(js) -> None:
            await js.publish(ARTICLES_SUBJECT, b"not json")

        [letter] = await _dead_letters_after(settings, publish, count=1)
    finally:
        await broker.stop()
    assert len(delivered_at) == 2
    assert delivered_at[1] - delivered_at[0] >= settings.nats.retry_delay_seconds
    assert letter.deliveries == 2


async def test_a_body_too_large_to_quote_whole_is_dead_lettered_with_a_truncated_payload(
    settings: Settings,
) -> None:
    # 900 KB of control characters: quoted in JSON (\u0001 each) it would be 5.4 MB, far over
    # the server's max_payload, and the dead letter could never be published.
    body = b'{"n": "' + b"\x01" * 900_000

    async def handler(item: Ping) -> None:
        return None

    broker, _ = await _started_broker(settings, handler)
    try:

        async def publish(js) -> None:
            await js.publish(ARTICLES_SUBJECT, body)

        [letter] = await _dead_letters_after(settings, publish, count=1)
    finally:
        await broker.stop()
    assert letter.payload_truncated is True
    assert letter.payload.startswith('{"n": "\x01')
    assert len(letter.payload) < 300_000
    assert letter.stream == "POLICY_ARTICLES" and letter.stream_sequence == 1
    assert letter.deliveries == 1


async def test_a_handler_slower_than_ack_wait_keeps_its_message_by_reporting_progress(
    settings: Settings,
) -> None:
    quick = settings.model_copy(update={"nats": settings.nats.model_copy(update={"ack_wait_seconds": 1.0})})
    started, done = asyncio.Event(), asyncio.Event()

    async def slow_handler(item: Ping) -> None:
        started.set()
        await asyncio.sleep(3.5)  # three ack_waits of work
        done.set()

    broker, _ = await _started_broker(quick, slow_handler)
    nc = await connect(quick)
    try:
        js = nc.jetstream()
        await js.publish(ARTICLES_SUBJECT, Ping(n=7).model_dump_json().encode())
        await asyncio.wait_for(started.wait(), timeout=10)
        # Another worker of the same durable, pulling all the while the handler works: an
        # unreported message would be redelivered to it after ack_wait.
        other = await js.pull_subscribe_bind("test-consumer", stream=articles_stream().name)
        with pytest.raises(nats.errors.TimeoutError):
            await other.fetch(1, timeout=3.0)
        await asyncio.wait_for(done.wait(), timeout=10)
    finally:
        await nc.close()
        await broker.stop()


async def test_a_message_published_while_a_slow_one_is_handled_does_not_wait_for_it(
    settings: Settings,
) -> None:
    slow_started, slow_may_finish, quick_done = asyncio.Event(), asyncio.Event(), asyncio.Event()
    both_done = asyncio.Event()
    order: list[int] = []

    async def handler(item: Ping) -> None:
        if item.n == 1:
            slow_started.set()
            await slow_may_finish.wait()
        else:
            quick_done.set()
        order.append(item.n)
        if len(order) == 2:
            both_done.set()

    broker, _ = await _started_broker(settings, handler)
    nc = await connect(settings)
    try:
        js = nc.jetstream()
        await js.publish(ARTICLES_SUBJECT, Ping(n=1).model_dump_json().encode())
        await asyncio.wait_for(slow_started.wait(), timeout=10)
        await js.publish(ARTICLES_SUBJECT, Ping(n=2).model_dump_json().encode())
        await asyncio.wait_for(quick_done.wait(), timeout=10)
        slow_may_finish.set()
        await asyncio.wait_for(both_done.wait(), timeout=10)
        assert order == [2, 1]
    finally:
        slow_may_finish.set()
        await nc.close()
        await broker.stop()


def test_every_dead_letter_reason_is_exported_at_zero_before_the_first_letter() -> None:
    registry = CollectorRegistry()
    DeadLetters(NatsBroker(), service="probe", registry=registry)
    for reason in ("invalid", "failed", "unprocessable"):
        value = registry.get_sample_value("policywatch_probe_dead_letters_total", {"reason": reason})
        assert value == 0.0, reason


class _FetchThatTimesOutOnce:
    """A pull subscription whose next fetch raises what nats-py 2.16's batch fetch can raise when
    its deadline runs out between two requests: a bare asyncio.TimeoutError."""

    def __init__(self, subscription) -> None:  # type: ignore[no-untyped-def]
        self._subscription = subscription
        self.timed_out = asyncio.Event()

    async def fetch(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not self.timed_out.is_set():
            self.timed_out.set()
            raise TimeoutError  # what asyncio.TimeoutError is since 3.11
        return await self._subscription.fetch(*args, **kwargs)

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._subscription, name)


async def test_an_idle_pull_timeout_is_not_logged_as_an_error_and_the_consumer_keeps_going(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    got = asyncio.Event()

    async def handler(item: Ping) -> None:
        got.set()

    registry = CollectorRegistry()
    broker = make_broker(settings.nats, service="test", registry=registry)
    dead = DeadLetters(broker, service="test", registry=registry)
    spec = ConsumerSpec(
        service="test", durable="test-consumer", subject=ARTICLES_SUBJECT, stream=articles_stream()
    )
    subscriber = subscribe(broker, spec, Ping, handler, settings=settings.nats, dead_letters=dead)
    await broker.connect()
    await ensure_streams(broker, "test")
    caplog.set_level("INFO", logger="policywatch.test.broker")
    await broker.start()
    try:
        fake = _FetchThatTimesOutOnce(subscriber.subscription)
        subscriber.subscription = fake
        await asyncio.wait_for(fake.timed_out.wait(), 10)
        nc = await connect(settings)
        try:
            await nc.jetstream().publish(ARTICLES_SUBJECT, b'{"n": 1}')
        finally:
            await nc.close()
        await asyncio.wait_for(got.wait(), 10)
    finally:
        await broker.stop()

    noisy = [r for r in caplog.records if r.levelno >= logging.ERROR or "raised an exception" in r.message]
    assert noisy == []


async def test_a_durable_created_with_other_limits_gets_the_configured_ack_wait_at_start(
    settings: Settings,
) -> None:
    async def handler(item: Ping) -> None:
        return None

    def with_nats(**update: float) -> Settings:
        return settings.model_copy(update={"nats": settings.nats.model_copy(update=update)})

    # An older release created the durable with a long ack_wait and fewer deliveries.
    old, _ = await _started_broker(with_nats(ack_wait_seconds=30.0, max_deliver=2), handler)
    await old.stop()
    new_settings = with_nats(ack_wait_seconds=2.5, max_deliver=4)
    new, _ = await _started_broker(new_settings, handler)
    nc = await connect(new_settings)
    try:
        js = nc.jetstream()
        info = await js.consumer_info(articles_stream().name, "test-consumer")
        assert info.config.ack_wait == pytest.approx(2.5)
        assert info.config.max_deliver == 4 + CRASH_HEADROOM
        assert info.config.filter_subject == ARTICLES_SUBJECT  # the rest of the durable as it was
        # The updated durable still delivers to the new subscriber.
        seen = asyncio.Event()
        await new.stop()
        newest, _ = await _started_broker(new_settings, lambda item: _set(seen, item))
        try:
            await js.publish(ARTICLES_SUBJECT, Ping(n=3).model_dump_json().encode())
            await asyncio.wait_for(seen.wait(), timeout=10)
        finally:
            await newest.stop()
    finally:
        await nc.close()
        await new.stop()


async def test_update_consumer_leaves_a_durable_that_matches_or_does_not_exist(settings: Settings) -> None:
    nc = await connect(settings)
    try:
        js = nc.jetstream()
        await js.add_stream(name="UPDATE_TEST", subjects=["update.test.>"])
        config = ConsumerConfig(durable_name="same", ack_wait=3.0, max_deliver=6)
        assert await update_consumer(js, "UPDATE_TEST", config) is False  # none yet: nothing made
        with pytest.raises(nats.js.errors.NotFoundError):
            await js.consumer_info("UPDATE_TEST", "same")
        await js.add_consumer("UPDATE_TEST", config=config)
        assert await update_consumer(js, "UPDATE_TEST", config) is False
        shorter = ConsumerConfig(durable_name="same", ack_wait=1.5, max_deliver=6)
        assert await update_consumer(js, "UPDATE_TEST", shorter) is True
        assert (await js.consumer_info("UPDATE_TEST", "same")).config.ack_wait == pytest.approx(1.5)
    finally:
        await nc.close()


async def _set(event: asyncio.Event, item: Ping) -> None:
    assert item.n == 3
    event.set()
