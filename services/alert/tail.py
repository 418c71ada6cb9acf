"""`policywatch alerts tail`: follow alerts as they arrive, with nats-py (no nats CLI needed).

Live (the default) it subscribes to the owner's subject, `policy.alerts.v1.<owner>.>`, and
prints what arrives from now on. With `--durable LABEL` it pulls from the owner's durable
consumer `<owner>-<label>` on POLICY_ALERTS and acks each alert once printed, so a later run
resumes where this one stopped and nothing published meanwhile is missed.

It connects as the owner (`<data_dir>/nats-auth/owners/<owner>.creds`, as `create-owner` writes
it, or `--creds`), or without `--owner` as the stack's admin user to follow every owner's alerts.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import nats
from nats.aio.msg import Msg
from pydantic import ValidationError

from shared.contract import Alert
from shared.natsauth.connect import auth_options
from shared.natsauth.permissions import owner_inbox
from shared.settings import Settings
from shared.subjects import ALERTS_ALL, ALERTS_STREAM, owner_alerts, owner_durable, subject_token


@dataclass(frozen=True)
class TailTarget:
    """Where to read alerts and as whom."""

    servers: list[str]
    subject: str
    connect_options: dict[str, object]
    durable: str | None = None


def describe(alert: Alert) -> str:
    """One alert in two lines: 'ALERT [rule] actor | topic | type (status, confidence) | before -> after'
    and its evidence; a retraction says so."""
    s = alert.shift
    head = "RETRACTED" if alert.kind == "retraction" else "ALERT"
    return (
        f"{head} [{alert.rule_name or alert.rule_id}] {s.actor} | {s.topic} | {s.shift_type} ({s.status}, "
        f"confidence {s.confidence:.2f}) | {s.before or '?'} -> {s.after or '?'}\n"
        f"      evidence: {s.evidence.text}"
    )


def nats_servers(settings: Settings) -> list[str]:
    """The configured NATS URL; unless one is configured, the one `policywatch up` recorded."""
    recorded = settings.recorded_nats_url_file()
    url = settings.nats.url
    if "url" not in settings.nats.model_fields_set and recorded.is_file():
        url = recorded.read_text().strip() or url
    return [part.strip() for part in url.split(",") if part.strip()]


def tail_target(
    settings: Settings, *, owner: str | None, creds: Path | None, durable: str | None, server: str | None
) -> TailTarget:
    """As the owner (its creds and inbox prefix) on its subject, or as the admin on every owner's."""
    servers = [server] if server else nats_servers(settings)
    if owner is None:
        if durable is not None:
            raise ValueError("--durable needs --owner: durables belong to an owner")
        path = creds or settings.nats_auth_dir() / "admin" / "nats.creds"
        nats_settings = settings.nats.model_copy(update={"creds_file": path if path.is_file() else None})
        return TailTarget(servers, ALERTS_ALL, auth_options(nats_settings))
    owner_id = subject_token(owner)
    path = creds or settings.nats_auth_dir() / "owners" / f"{owner_id}.creds"
    if not path.is_file():
        raise ValueError(
            f"no NATS credentials for {owner_id!r} at {path}: `policywatch alert create-owner` writes them, "
            "POST /nats/credentials issues new ones (give the file with --creds)"
        )
    options: dict[str, object] = {"user_credentials": str(path), "inbox_prefix": owner_inbox(owner_id)}
    name = owner_durable(owner_id, durable) if durable else None
    return TailTarget(servers, owner_alerts(owner_id), options, name)


async def tail(
    target: TailTarget,
    show: Callable[[str], None],
    *,
    count: int | None = None,
    ready: Callable[[], Awaitable[None]] | None = None,
) -> int:
    """Print alerts until `count` were shown (or forever); returns how many were shown."""
    nc = await nats.connect(target.servers, **target.connect_options)  # type: ignore[arg-type]
    try:
        if target.durable:
            return await _pull(nc, target, show, count, ready)
        return await _subscribe(nc, target, show, count, ready)
    finally:
        with contextlib.suppress(Exception):
            await nc.close()


async def _subscribe(
    nc: nats.NATS,
    target: TailTarget,
    show: Callable[[str], None],
    count: int | None,
    ready: Callable[[], Awaitable[None]] | None,
) -> int:
    done = asyncio.Event()
    shown = 0

    async def on_message(msg: Msg) -> None:
        nonlocal shown
        if done.is_set():
            return
        show(_line(msg))
        shown += 1
        if count is not None and shown >= count:
            done.set()

    await nc.subscribe(target.subject, cb=on_message)
    await nc.flush()
    if ready is not None:
        await ready()
    await done.wait()
    return shown


async def _pull(
    nc: nats.NATS,
    target: TailTarget,
    show: Callable[[str], None],
    count: int | None,
    ready: Callable[[], Awaitable[None]] | None,
) -> int:
    assert target.durable is not None
    js = nc.jetstream()
    # The owner may not create consumers: bind to the durable alert created for it. Its pull
    # replies come to the connection's inbox prefix, the only inboxes the owner may read.
    subscription = await js.pull_subscribe_bind(durable=target.durable, stream=ALERTS_STREAM)
    if ready is not None:
        await ready()
    shown = 0
    while count is None or shown < count:
        try:
            messages = await subscription.fetch(1, timeout=5)
        except TimeoutError:  # nothing new: keep waiting
            continue
        for msg in messages:
            show(_line(msg))
            await msg.ack()
            shown += 1
    return shown


def _line(msg: Msg) -> str:
    try:
        return describe(Alert.model_validate_json(msg.data))
    except ValidationError as exc:
        return f"(a message on {msg.subject} that is not an alert: {exc.errors()[0]['msg']})"
