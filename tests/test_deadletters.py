"""`policywatch deadletters` on a real nats-server: a message a consumer gave up on comes back
to its subject with its headers once the cause is fixed, and its letter goes only after the
republish was acknowledged."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from nats.js.client import JetStreamContext
from prometheus_client import CollectorRegistry
from pydantic import BaseModel

from services import deadletters
from services.cli import build_parser
from shared.broker import make_broker
from shared.consumer import ConsumerSpec, DeadLetters, Unprocessable, subscribe
from shared.contract import DeadLetter
from shared.settings import Settings, StreamsSettings
from shared.streams import declare_stream, stream_config
from shared.subjects import (
    ARTICLES_STREAM,
    ARTICLES_SUBJECT,
    DEADLETTER_ALL,
    DEADLETTER_STREAM,
    all_streams,
    articles_stream,
    deadletter_subject,
)
from tests.natsclient import connect

pytestmark = pytest.mark.nats


class Ping(BaseModel):
    n: int


async def command(settings: Settings, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    args = build_parser().parse_args(["deadletters", *argv])
    code = await deadletters.run(settings, args)
    return code, capsys.readouterr().out


async def stored_letters(js: JetStreamContext) -> list[deadletters.StoredLetter]:
    return [stored async for stored in deadletters.letters(js)]


async def declare_all(js: JetStreamContext) -> None:
    for stream in all_streams():
        await declare_stream(js, stream_config(stream, StreamsSettings(), replicas=1))


async def test_replay_brings_a_dead_lettered_message_back_to_its_consumer_with_its_headers(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = True
    handled: list[int] = []
    done = asyncio.Event()

    async def handler(item: Ping) -> None:
        if broken:
            raise Unprocessable("model package missing")
        handled.append(item.n)
        done.set()

    registry = CollectorRegistry()
    broker = make_broker(settings.nats, service="test", registry=registry)
    spec = ConsumerSpec(
        service="test", durable="test-consumer", subject=ARTICLES_SUBJECT, stream=articles_stream()
    )
    dead = DeadLetters(broker, service="test", registry=registry)
    subscribe(broker, spec, Ping, handler, settings=settings.nats, dead_letters=dead)
    nc = await connect(settings)
    try:
        js = nc.jetstream()
        await declare_all(js)
        await broker.connect()
        await broker.start()
        arrived = await js.subscribe(DEADLETTER_ALL, ordered_consumer=True)
        await js.publish(ARTICLES_SUBJECT, b'{"n": 7}', headers={"Nats-Msg-Id": "a-7", "X-Trace": "t-7"})
        await arrived.next_msg(timeout=10)
        code, listed = await command(settings, capsys, "list")
        assert code == 0 and "model package missing" in listed and "1 dead letter(s)" in listed
        sequence = (await stored_letters(js))[0].sequence
        code, shown = await command(settings, capsys, "show", str(sequence))
        assert code == 0 and '"n": 7' in shown and '"X-Trace": "t-7"' in shown

        broken = False  # the cause is fixed
        replayed = await js.subscribe(ARTICLES_SUBJECT, ordered_consumer=True, deliver_policy="new")
        code, out = await command(settings, capsys, "replay", str(sequence))
        msg = await replayed.next_msg(timeout=5)
        await asyncio.wait_for(done.wait(), 10)
        assert code == 0 and "1 replayed, 0 not" in out
        assert await stored_letters(js) == [], "the letter goes once the republish is acknowledged"
    finally:
        await broker.stop()
        await nc.close()
    assert handled == [7]
    assert msg.data == b'{"n": 7}'
    assert msg.headers is not None
    assert msg.headers["X-Trace"] == "t-7"
    assert msg.headers["Nats-Msg-Id"] == f"a-7:replay:{sequence}"
    assert msg.headers[deadletters.REPLAYED_FROM] == f"{DEADLETTER_STREAM}:{sequence}"


def letter(**fields: Any) -> bytes:
    base = {"service": "extract", "subject": ARTICLES_SUBJECT, "reason": "boom", "payload": '{"n": 1}'}
    return DeadLetter.model_validate({**base, **fields}).model_dump_json().encode()


async def test_a_letter_whose_republish_is_refused_stays_in_the_stream(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    nc = await connect(settings)
    try:
        js = nc.jetstream()
        await declare_all(js)
        # names a stream that does not hold its subject: JetStream refuses the republish
        await js.publish(deadletter_subject("extract"), letter(stream="POLICY_SHIFTS", stream_sequence=1))
        # quotes only part of a message that is gone from its stream: nothing to replay from
        await js.publish(
            deadletter_subject("alert"),
            letter(service="alert", payload_truncated=True, stream=ARTICLES_STREAM, stream_sequence=999),
        )
        code, out = await command(settings, capsys, "replay", "--all")
        left = await stored_letters(js)
        articles = await js.stream_info(ARTICLES_STREAM)
    finally:
        await nc.close()
    assert code == 1
    assert "0 replayed, 2 not" in out
    assert "no longer in its stream" in out
    assert [stored.sequence for stored in left] == [1, 2]
    assert articles.state.messages == 0


async def test_a_replay_run_again_after_a_crash_before_the_delete_publishes_once(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    nc = await connect(settings)
    try:
        js = nc.jetstream()
        await declare_all(js)
        await js.publish(deadletter_subject("extract"), letter(headers={"Nats-Msg-Id": "a-1"}))
        await js.publish(deadletter_subject("alert"), letter(service="alert", payload='{"n": 2}'))
        stored = (await stored_letters(js))[0]
        # the first run published and died before deleting the letter
        original = await deadletters.original_of(js, stored)
        await js.publish(original.subject, original.data, headers=deadletters.replay_headers(original, 1))
        code, listed = await command(settings, capsys, "list", "--service", "extract")
        assert code == 0 and "1 dead letter(s)" in listed
        code, out = await command(settings, capsys, "replay", "--all", "--service", "extract")
        articles = await js.stream_info(ARTICLES_STREAM)
        left = await stored_letters(js)
    finally:
        await nc.close()
    assert code == 0 and "1 replayed, 0 not" in out
    assert articles.state.messages == 1, "JetStream dropped the second publish as a duplicate"
    assert [s.letter.service for s in left] == ["alert"], "only the extract letter was replayed"


async def test_show_and_replay_of_an_unknown_sequence_say_so(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    nc = await connect(settings)
    try:
        await declare_all(nc.jetstream())
    finally:
        await nc.close()
    assert await command(settings, capsys, "show", "42") == (1, "no dead letter 42\n")
    code, out = await command(settings, capsys, "replay", "42")
    assert code == 1 and "42: no such dead letter" in out
    assert (await command(settings, capsys, "replay"))[0] == 2


async def test_a_message_in_the_stream_that_is_no_dead_letter_is_skipped_not_a_crash(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """Anyone allowed to publish on policy.deadletter.v1.> (the admin user, a script) may have put
    something else there: list and replay --all go on past it, show and replay name it."""
    nc = await connect(settings)
    try:
        js = nc.jetstream()
        await declare_all(js)
        await js.publish(deadletter_subject("extract"), b"not a dead letter")
        letter = DeadLetter(
            service="extract", subject=ARTICLES_SUBJECT, reason="r", payload="{}", deliveries=1
        )
        await js.publish(deadletter_subject("extract"), letter.model_dump_json().encode())
    finally:
        await nc.close()
    code, out = await command(settings, capsys, "list")
    assert code == 0 and "1 dead letter(s)" in out and "1 message(s) that are no dead letter" in out
    code, out = await command(settings, capsys, "show", "1")
    assert code == 1 and "1 is not a dead letter" in out
    code, out = await command(settings, capsys, "replay", "1")
    assert code == 1 and "1: not a dead letter" in out
