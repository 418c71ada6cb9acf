"""NATS refuses what an identity has no right to, on a real nats-server with PolicyWatch's
identities: anonymous clients, one owner reading or pulling another's alerts, owners publishing
anything, services publishing outside their subjects, rotated credentials."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import nats
import pytest
from nats.aio.client import Client
from nats.errors import TimeoutError as NatsTimeoutError

from shared.contract import Alert
from shared.natsauth.permissions import owner_inbox
from shared.natsserver import NatsServer
from shared.settings import Settings
from shared.subjects import ALERTS_STREAM, ARTICLES_SUBJECT, alert_subject, owner_alerts, shift_subject
from tests.alert.conftest import AlertApi, make_shift
from tests.alert.test_pipeline_nats import publish_shift
from tests.natsclient import connect

pytestmark = pytest.mark.nats


class Denials:
    """Collects the server's permission errors for one connection."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.arrived = asyncio.Event()

    async def on_error(self, error: Exception) -> None:
        self.errors.append(str(error))
        self.arrived.set()

    async def wait(self, fragment: str, timeout: float = 5.0) -> str:
        """The first error naming `fragment` (nats-py lower-cases the server's message)."""

        async def seen() -> str:
            while True:
                for error in self.errors:
                    if fragment.lower() in error.lower():
                        return error
                self.arrived.clear()
                await self.arrived.wait()

        return await asyncio.wait_for(seen(), timeout)


async def issue(api: AlertApi, key: str, tmp: Path, name: str) -> tuple[Path, dict]:
    async with api.client(key) as http:
        response = await http.post("/nats/credentials", json={"consumers": ["alerts"]})
    assert response.status_code == 201, response.text
    body = response.json()
    path = tmp / f"{name}.creds"
    path.write_text(body["creds"])
    return path, body


@asynccontextmanager
async def owner_connection(
    settings: Settings, owner: str, creds: Path
) -> AsyncIterator[tuple[Client, Denials]]:
    denials = Denials()
    nc = await nats.connect(
        settings.nats.url,
        user_credentials=str(creds),
        inbox_prefix=owner_inbox(owner),
        error_cb=denials.on_error,
        allow_reconnect=False,
    )
    try:
        yield nc, denials
    finally:
        await nc.close()


async def test_anonymous_client_is_refused(nats_server: NatsServer) -> None:
    with pytest.raises(nats.errors.Error, match="Authorization Violation"):
        await nats.connect(nats_server.url, allow_reconnect=False, max_reconnect_attempts=0)


async def test_an_owner_reads_its_alerts_and_cannot_read_or_pull_another_owners(
    alert_api: AlertApi, tmp_path: Path
) -> None:
    keys = {owner: alert_api.new_owner(owner) for owner in ("acme", "globex")}
    for key in keys.values():
        async with alert_api.client(key) as http:
            await http.post("/rules", json={"name": "US", "actors": ["United States"]})
    acme_creds, acme = await issue(alert_api, keys["acme"], tmp_path, "acme")
    _, globex = await issue(alert_api, keys["globex"], tmp_path, "globex")
    await publish_shift(alert_api.settings, make_shift())
    await alert_api.handled(1)

    async with owner_connection(alert_api.settings, "acme", acme_creds) as (nc, denials):
        own = await nc.subscribe(owner_alerts("acme"))
        await nc.subscribe(owner_alerts("globex"))
        await denials.wait('subscription to "policy.alerts.v1.globex.>"')
        await nc.subscribe("policy.alerts.v1.>")
        await denials.wait('subscription to "policy.alerts.v1.>"')
        await nc.subscribe(f"{owner_inbox('globex')}.>")
        await denials.wait(f'subscription to "{owner_inbox("globex")}.>"')

        js = nc.jetstream()
        [durable] = acme["durables"]
        pulled = await (await js.pull_subscribe_bind(durable, stream=ALERTS_STREAM)).fetch(1, timeout=5)
        assert Alert.model_validate_json(pulled[0].data).owner == "acme"
        await pulled[0].ack()

        [theirs] = globex["durables"]
        with pytest.raises(NatsTimeoutError):
            await (await js.pull_subscribe_bind(theirs, stream=ALERTS_STREAM)).fetch(1, timeout=1)
        await denials.wait(f'publish to "$JS.API.CONSUMER.MSG.NEXT.{ALERTS_STREAM}.{theirs}"')
        # A consumer of its own subject, but pushed wherever it likes: owners create no consumers.
        with pytest.raises(NatsTimeoutError):
            await js.add_consumer(
                ALERTS_STREAM, name="acme-x", durable_name="acme-x", filter_subject=owner_alerts("acme")
            )
        await denials.wait(f'publish to "$JS.API.CONSUMER.CREATE.{ALERTS_STREAM}.acme-x.')
        await publish_shift(alert_api.settings, make_shift(article_id="a2", topic="aluminium tariffs"))
        live = await own.next_msg(timeout=10)
        assert Alert.model_validate_json(live.data).owner == "acme"


async def test_an_owner_cannot_publish_a_shift_an_alert_or_an_article(
    alert_api: AlertApi, tmp_path: Path
) -> None:
    key = alert_api.new_owner("acme")
    alert_api.new_owner("globex")
    creds, _ = await issue(alert_api, key, tmp_path, "acme")
    forged = make_shift(article_id="forged").model_dump_json(by_alias=True).encode()
    async with owner_connection(alert_api.settings, "acme", creds) as (nc, denials):
        for subject in (
            shift_subject("United States", "hardening"),
            alert_subject("globex", "r1"),
            alert_subject("acme", "r1"),
            ARTICLES_SUBJECT,
        ):
            await nc.publish(subject, forged)
            await denials.wait(f'publish to "{subject}"')
    admin = await connect(alert_api.settings, "admin")
    try:
        js = admin.jetstream()
        assert (await js.stream_info(ALERTS_STREAM)).state.messages == 0
        assert (await js.stream_info("POLICY_SHIFTS")).state.messages == 0
    finally:
        await admin.close()


@pytest.mark.parametrize(
    ("service", "subject"),
    [
        ("extract", alert_subject("acme", "r1")),
        ("ingest", shift_subject("United States", "hardening")),
        ("ingest", alert_subject("acme", "r1")),
        ("alert", ARTICLES_SUBJECT),
        ("alert", shift_subject("United States", "hardening")),
        ("extract", "policy.deadletter.v1.alert"),
    ],
)
async def test_a_service_cannot_publish_outside_its_subjects(
    settings: Settings, service: str, subject: str
) -> None:
    denials = Denials()
    nc = await connect(settings, service, error_cb=denials.on_error)
    try:
        await nc.publish(subject, b"{}")
        await denials.wait(f'publish to "{subject}"')
        await nc.subscribe(owner_alerts("acme") if service != "alert" else ARTICLES_SUBJECT)
        await denials.wait("subscription to")
    finally:
        await nc.close()


async def test_rotated_credentials_stop_working_and_their_connection_is_closed(
    alert_api: AlertApi, tmp_path: Path
) -> None:
    key = alert_api.new_owner("acme")
    old_creds, old = await issue(alert_api, key, tmp_path, "old")
    closed = asyncio.Event()

    async def on_closed() -> None:
        closed.set()

    old_connection = await nats.connect(
        alert_api.settings.nats.url,
        user_credentials=str(old_creds),
        inbox_prefix=owner_inbox("acme"),
        allow_reconnect=False,
        closed_cb=on_closed,
    )
    try:
        new_creds, new = await issue(alert_api, key, tmp_path, "new")
        await asyncio.wait_for(closed.wait(), 10)
    finally:
        await old_connection.close()
    assert new["user"] != old["user"] and new["durables"] == old["durables"]
    with pytest.raises(nats.errors.Error, match=r"Authorization Violation|Revoked"):
        await nats.connect(
            alert_api.settings.nats.url, user_credentials=str(old_creds), allow_reconnect=False
        )
    async with owner_connection(alert_api.settings, "acme", new_creds) as (nc, _):
        assert nc.is_connected


async def test_credentials_need_the_owners_api_key(alert_api: AlertApi) -> None:
    async with alert_api.client() as http:
        assert (await http.post("/nats/credentials")).status_code == 401
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        bad = await http.post("/nats/credentials", json={"consumers": ["Not-OK"]})
    assert bad.status_code == 422
