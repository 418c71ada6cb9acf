"""`policywatch up --demo`: register a rule, feed sample articles, show the alerts arriving.

The sample articles in `articles.jsonl` were written for this demo; they are not real news.
"""

from __future__ import annotations

import asyncio
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

import httpx
import nats

from shared.contract import Alert
from shared.natsauth.connect import auth_options
from shared.natsauth.permissions import owner_inbox
from shared.subjects import ALERTS_STREAM, owner_alerts, owner_durable

if TYPE_CHECKING:
    from services.stack import Stack

OWNER = "demo"
DEMO_RULE = {
    "name": "demo: defence, interest rates and tariffs",
    "query": 'defence OR "policy rate" OR tariffs',
    "min_confidence": 0.3,
}


def sample_articles() -> list[dict[str, Any]]:
    text = resources.files("services.demo").joinpath("articles.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def demo_key(database_url: str) -> str:
    from services.alert.owners import admin
    from services.alert.owners.store import OwnerExistsError

    try:
        return admin.create_owner(database_url, OWNER)
    except OwnerExistsError:
        return admin.add_key(database_url, OWNER)


def demo_ingest_key(database_url: str) -> str:
    """An ingest API key for the demo's pushes (what `policywatch ingest create-key demo` prints)."""
    from services.ingest.db import migrate
    from services.ingest.keys import KeyStore
    from services.ingest.store import make_engine

    engine = make_engine(database_url)
    try:
        migrate(engine)
        return str(KeyStore(engine).create(name=OWNER)[1])
    finally:
        engine.dispose()


async def demo_rule(http: httpx.AsyncClient, alert_url: str, headers: dict[str, str]) -> dict[str, Any]:
    """The demo's rule: the one an earlier run registered, else a new one."""
    page = (await http.get(f"{alert_url}/rules", headers=headers, params={"limit": 500})).json()
    for rule in page["items"]:
        if rule["name"] == DEMO_RULE["name"]:
            return dict(rule)
    response = await http.post(f"{alert_url}/rules", json=DEMO_RULE, headers=headers)
    response.raise_for_status()
    return dict(response.json())


def run_demo(stack: Stack, timeout: float = 90.0) -> bool:
    """True when alerts were shown (new ones, or those a previous demo run stored)."""
    return asyncio.run(_demo(stack, timeout))


async def _demo(stack: Stack, timeout: float) -> bool:
    key = demo_key(stack.settings.alert_database_url())
    headers = {"X-API-Key": key}
    ingest_headers = {"X-API-Key": demo_ingest_key(stack.settings.ingest_database_url())}
    arrived: asyncio.Queue[Alert] = asyncio.Queue()

    async def on_alert(msg: Any) -> None:
        arrived.put_nowait(Alert.model_validate_json(msg.data))

    async with httpx.AsyncClient(timeout=30.0) as http:
        nc = await connect_as_owner(http, stack, headers)
        try:
            await nc.subscribe(owner_alerts(OWNER), cb=on_alert)
            rule = await demo_rule(http, stack.url("alert"), headers)
            print(f"demo: rule {rule['id']!r} registered for {OWNER!r}; listening on {owner_alerts(OWNER)}")
            print(f"demo: watch them in the console, {stack.url('alert')}/, with {OWNER!r}'s key {key}")
            pushed = await http.post(
                f"{stack.url('ingest')}/articles", json=sample_articles(), headers=ingest_headers
            )
            pushed.raise_for_status()
            report = pushed.json()
            print(f"demo: ingest published {report['published']} articles, {report['duplicates']} duplicates")
            if report["published"] == 0:
                return await _show_stored(http, stack, headers)
            return await _show_arriving(arrived, timeout)
        finally:
            await nc.close()


async def connect_as_owner(http: httpx.AsyncClient, stack: Stack, headers: dict[str, str]) -> nats.NATS:
    """Connect with the demo owner's own NATS credentials, issued (rotated) through the alert API.

    With an external NATS server (`--nats-url`) and no issuer, the demo uses this process's settings.
    """
    response = await http.post(f"{stack.url('alert')}/nats/credentials", headers=headers)
    if response.status_code == 503 and stack.auth is None:
        return await nats.connect(stack.nats_servers(), **auth_options(stack.settings.nats))
    response.raise_for_status()
    issued = response.json()
    path = (stack.auth.root if stack.auth else stack.settings.data_dir) / "owners" / f"{OWNER}.creds"
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.write_text(issued["creds"])
    path.chmod(0o600)
    creds, server = path.resolve(), stack.nats_url
    print(
        f"demo: NATS credentials for {OWNER!r} in {creds} (earlier ones revoked). Follow the alerts with\n"
        f"      policywatch alerts tail --owner {OWNER} --creds {creds}   (add --durable alerts to resume)\n"
        f"   or nats sub --server {server} --creds {creds} '{owner_alerts(OWNER)}'\n"
        f"      nats consumer next {ALERTS_STREAM} {owner_durable(OWNER, 'alerts')} --server {server} "
        f"--creds {creds} --inbox-prefix {owner_inbox(OWNER)}",
        flush=True,
    )
    return await nats.connect(
        stack.nats_servers(), user_credentials=str(path), inbox_prefix=owner_inbox(OWNER)
    )


async def _show_arriving(arrived: asyncio.Queue[Alert], timeout: float) -> bool:
    shown = 0
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    # Three of the four sample articles state a shift the demo rule watches.
    while shown < 3 and loop.time() < deadline:
        try:
            alert = await asyncio.wait_for(arrived.get(), deadline - loop.time())
        except TimeoutError:
            break
        print(describe(alert), flush=True)
        shown += 1
    print(f"demo: {shown} alerts arrived. The stack keeps running; Ctrl-C stops it.", flush=True)
    return shown > 0


async def _show_stored(http: httpx.AsyncClient, stack: Stack, headers: dict[str, str]) -> bool:
    print("demo: the sample articles were ingested by an earlier run in this data dir; stored alerts:")
    page = (await http.get(f"{stack.url('alert')}/alerts", headers=headers)).json()
    items = page["items"] if isinstance(page, dict) else page
    for item in items:
        print(describe(Alert.model_validate(item)))
    return bool(items)


def describe(alert: Alert) -> str:
    s = alert.shift
    change = f"{s.before or '?'} -> {s.after or '?'}"
    return (
        f"ALERT {alert.rule_name or alert.rule_id}: {s.actor} | {s.topic} | {s.shift_type} ({s.status}, "
        f"confidence {s.confidence:.2f}) | {change}\n      evidence: {s.evidence.text}"
    )
