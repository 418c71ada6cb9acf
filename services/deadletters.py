"""`policywatch deadletters list | show SEQ | replay SEQ... | replay --all`: the dead-letter stream
(POLICY_DEADLETTER) read and recovered.

Replaying a letter republishes the original message to its subject, with its headers, into the
stream it came from, and deletes the letter only once JetStream has acknowledged that publish: a
replay interrupted at any point loses nothing. The bytes are the original's, read back from its
stream at `stream_sequence` while it is still there; else the letter's quoted payload (refused
when that was truncated). The republish carries `Nats-Msg-Id: <original id>:replay:<letter seq>`:
the original id would be dropped as a duplicate for 24 hours, and one id per letter makes a
replay run twice (a crash between the ack and the delete) publish once.

It connects as the installation's `admin` NATS user unless NATS__CREDS_FILE names another: it
publishes on other services' subjects and deletes from the dead-letter stream.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

import nats
import nats.errors
from nats.aio.client import Client
from nats.js.client import JetStreamContext
from nats.js.errors import NotFoundError
from pydantic import ValidationError

from shared.contract import DeadLetter
from shared.natsauth.connect import auth_options, servers
from shared.service import nats_identity
from shared.settings import Settings
from shared.subjects import DEADLETTER_ALL, DEADLETTER_STREAM, deadletter_subject

REPLAYED_FROM = "PolicyWatch-Replayed-From"


class NotALetter(Exception):
    """A message in the dead-letter stream that no PolicyWatch service wrote (a script's, a test's)."""


def parse_letter(sequence: int, data: bytes | None) -> DeadLetter:
    try:
        return DeadLetter.model_validate_json(data or b"")
    except ValidationError as exc:
        raise NotALetter(f"{sequence} is not a dead letter") from exc


class CannotReplay(Exception):
    """The original message is gone from its stream and the letter quotes only part of it."""


@dataclass(frozen=True)
class StoredLetter:
    sequence: int
    letter: DeadLetter


@dataclass(frozen=True)
class Original:
    subject: str
    data: bytes
    headers: dict[str, str]
    stream: str | None


async def connect_admin(settings: Settings) -> Client:
    identity = nats_identity(settings, "admin")
    return await nats.connect(servers(identity), name="policywatch-deadletters", **auth_options(identity))


async def letters(
    js: JetStreamContext, *, service: str | None = None, skipped: list[int] | None = None
) -> AsyncIterator[StoredLetter]:
    """Every dead letter in stream order (one service's with `service`); the sequences of
    messages that are no dead letter go to `skipped`."""
    # always a subject: a plain get of a deleted sequence (a replayed letter) would end the walk
    subject = deadletter_subject(service) if service else DEADLETTER_ALL
    sequence = 1
    while True:
        try:
            raw = await js.get_msg(DEADLETTER_STREAM, sequence, subject=subject, next=True)
        except NotFoundError:
            return
        assert raw.seq is not None
        sequence = raw.seq + 1
        try:
            yield StoredLetter(raw.seq, parse_letter(raw.seq, raw.data))
        except NotALetter:
            if skipped is not None:
                skipped.append(raw.seq)


async def read_letter(js: JetStreamContext, sequence: int) -> StoredLetter:
    raw = await js.get_msg(DEADLETTER_STREAM, sequence)
    return StoredLetter(sequence, parse_letter(sequence, raw.data))


async def original_of(js: JetStreamContext, stored: StoredLetter) -> Original:
    """The message the letter stands for: from its stream if still there, else from the letter."""
    letter = stored.letter
    if letter.stream and letter.stream_sequence:
        try:
            raw = await js.get_msg(letter.stream, letter.stream_sequence)
        except NotFoundError:
            raw = None
        if raw is not None and raw.subject == letter.subject and raw.data is not None:
            headers = {str(k): str(v) for k, v in (raw.headers or {}).items()}
            return Original(letter.subject, raw.data, headers, letter.stream)
    if letter.payload_truncated:
        raise CannotReplay(
            f"dead letter {stored.sequence}: the original ({letter.stream} #{letter.stream_sequence}) is no "
            "longer in its stream and the letter quotes only its first part"
        )
    return Original(letter.subject, letter.payload.encode(), dict(letter.headers), letter.stream)


def replay_headers(original: Original, sequence: int) -> dict[str, str]:
    headers = dict(original.headers)
    msg_id = headers.get("Nats-Msg-Id") or DEADLETTER_STREAM
    headers["Nats-Msg-Id"] = f"{msg_id}:replay:{sequence}"
    headers[REPLAYED_FROM] = f"{DEADLETTER_STREAM}:{sequence}"
    return headers


async def replay(js: JetStreamContext, stored: StoredLetter) -> None:
    """Republish the letter's original; delete the letter once the publish is acknowledged."""
    original = await original_of(js, stored)
    await js.publish(
        original.subject,
        original.data,
        stream=original.stream,
        headers=replay_headers(original, stored.sequence),
    )
    await js.delete_msg(DEADLETTER_STREAM, stored.sequence)


# ---- the command line ----------------------------------------------------------------------


def add_commands(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "deadletters",
        help="list, show and replay dead-lettered messages (POLICY_DEADLETTER)",
        usage="policywatch deadletters list [--service S] [--limit N] | show SEQ | "
        "replay SEQ [SEQ...] | replay --all [--service S]",
        description="replay republishes each original message to its subject with its headers and "
        "removes the letter only once the republish is acknowledged. Fix the cause first: a message "
        "that fails again is dead-lettered again.",
    )
    parser.add_argument("action", choices=("list", "show", "replay"))
    parser.add_argument(
        "sequences", nargs="*", type=int, metavar="SEQ", help="dead letters' sequence numbers"
    )
    parser.add_argument("--service", help="only this service's dead letters (ingest, extract, alert)")
    parser.add_argument("--limit", type=int, default=100, help="list: at most this many (default 100)")
    parser.add_argument("--all", action="store_true", help="replay: every dead letter (of --service)")
    parser.set_defaults(run=lambda settings, args: asyncio.run(run(settings, args)))


async def run(settings: Settings, args: Any) -> int:
    if args.action == "show" and len(args.sequences) != 1:
        print("show takes one sequence number")
        return 2
    if args.action == "replay" and bool(args.sequences) == bool(args.all):
        print("replay takes sequence numbers or --all")
        return 2
    nc = await connect_admin(settings)
    try:
        js = nc.jetstream()
        if args.action == "list":
            return await _list(js, args.service, args.limit)
        if args.action == "show":
            return await _show(js, args.sequences[0])
        return await _replay(js, args.sequences, args.service)
    finally:
        await nc.close()


async def _list(js: JetStreamContext, service: str | None, limit: int) -> int:
    shown, skipped = 0, list[int]()
    async for stored in letters(js, service=service, skipped=skipped):
        if shown == limit:
            print(f"... more: --limit {limit * 10}")
            break
        letter = stored.letter
        print(
            f"{stored.sequence:>8}  {letter.failed_at:%Y-%m-%d %H:%M:%S}  {letter.service:<8} "
            f"{letter.subject:<32} {letter.reason[:80]}"
        )
        shown += 1
    print(f"{shown} dead letter(s)")
    if skipped:
        listed = ", ".join(map(str, skipped[:20]))
        print(f"{len(skipped)} message(s) that are no dead letter skipped: {listed}")
    return 0


async def _show(js: JetStreamContext, sequence: int) -> int:
    try:
        stored = await read_letter(js, sequence)
    except NotFoundError:
        print(f"no dead letter {sequence}")
        return 1
    except NotALetter as exc:
        print(exc)
        return 1
    body = stored.letter.model_dump(mode="json")
    with suppress(ValueError):  # the payload as the JSON it usually is, easier to read
        body["payload"] = json.loads(body["payload"])
    print(json.dumps({"sequence": sequence, **body}, indent=2, ensure_ascii=False))
    return 0


async def _replay(js: JetStreamContext, sequences: list[int], service: str | None) -> int:
    if not sequences:
        sequences = [stored.sequence async for stored in letters(js, service=service)]
    failed = 0
    for sequence in sequences:
        try:
            stored = await read_letter(js, sequence)
            await replay(js, stored)
        except NotFoundError:
            print(f"{sequence}: no such dead letter")
            failed += 1
        except NotALetter:
            print(f"{sequence}: not a dead letter")
            failed += 1
        except (CannotReplay, nats.errors.Error) as exc:  # the letter stays where it is
            print(f"{sequence}: not replayed: {exc}")
            failed += 1
        else:
            print(f"{sequence}: replayed to {stored.letter.subject}")
    print(f"{len(sequences) - failed} replayed, {failed} not")
    return 1 if failed else 0
