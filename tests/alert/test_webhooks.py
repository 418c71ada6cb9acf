"""Webhooks end to end: signed POSTs to a real HTTP receiver, retries, records, resume on restart."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from services.alert.app import create_app
from services.alert.delivery.dispatch import verify
from shared.settings import Settings
from tests.alert.conftest import AlertApi, make_shift
from tests.alert.test_history_api import feed

pytestmark = pytest.mark.nats


@dataclass
class Receiver:
    url: str
    statuses: list[int] = field(default_factory=list)  # answers to give, then 200
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    called: asyncio.Event = field(default_factory=asyncio.Event)
    gate: asyncio.Event | None = None  # when given, each request waits for it before answering


@pytest.fixture
def alert_settings(alert_settings: Settings) -> Settings:
    """The receivers here listen on 127.0.0.1, a loopback address webhooks are refused by default."""
    alert_settings.alert.webhook_allow_private_hosts = True
    return alert_settings


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    box = Receiver(url=f"http://127.0.0.1:{sock.getsockname()[1]}/hook")

    async def hook(request: Request) -> Response:
        box.requests.append((dict(request.headers), await request.body()))
        box.called.set()
        if box.gate is not None:
            await box.gate.wait()
        return Response(status_code=box.statuses.pop(0) if box.statuses else 200)

    app = Starlette(routes=[Route("/hook", hook, methods=["POST"])])
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_level="warning"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    yield box
    if box.gate is not None:
        box.gate.set()  # a held request would keep the server from shutting down
    server.should_exit = True
    await task


def signature_ok(secret: str, headers: dict[str, str], body: bytes) -> bool:
    return verify(secret, body, headers["x-policywatch-signature"])


async def test_alert_is_posted_signed_and_its_delivery_recorded(
    alert_api: AlertApi, receiver: Receiver
) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        rule = (
            await http.post("/rules", json={"name": "hook", "match_all": True, "webhook_url": receiver.url})
        ).json()
        await feed(alert_api, make_shift())
        await alert_api.delivered(1)
        delivery = (await http.get("/deliveries")).json()["items"][0]
    headers, body = receiver.requests[0]
    assert json.loads(body)["rule_id"] == rule["id"]
    assert signature_ok(rule["webhook_secret"], headers, body)
    assert (
        delivery["status"] == "delivered" and delivery["attempts"] == 1 and delivery["response_status"] == 200
    )


async def test_rotated_secret_signs_the_next_delivery(alert_api: AlertApi, receiver: Receiver) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        rule = (
            await http.post("/rules", json={"name": "hook", "match_all": True, "webhook_url": receiver.url})
        ).json()
        rotated = (await http.post(f"/rules/{rule['id']}/webhook-secret")).json()["webhook_secret"]
        await feed(alert_api, make_shift())
        await alert_api.delivered(1)
    headers, body = receiver.requests[0]
    assert signature_ok(rotated, headers, body)
    assert not signature_ok(rule["webhook_secret"], headers, body)


async def test_failing_receiver_is_retried_and_the_attempts_recorded(
    alert_api: AlertApi, receiver: Receiver
) -> None:
    receiver.statuses = [500, 503]
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        await http.post("/rules", json={"name": "hook", "match_all": True, "webhook_url": receiver.url})
        await feed(alert_api, make_shift())
        await alert_api.delivered(1)
        delivery = (await http.get("/deliveries")).json()["items"][0]
    assert len(receiver.requests) == 3
    assert delivery["status"] == "delivered" and delivery["attempts"] == 3


async def test_digest_is_posted_as_one_request(alert_api: AlertApi, receiver: Receiver) -> None:
    from datetime import timedelta

    from shared.contract import utcnow

    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        rule = {
            "name": "d",
            "match_all": True,
            "webhook_url": receiver.url,
            "delivery_mode": "digest",
            "digest_minutes": 5,
        }
        await http.post("/rules", json=rule)
        await feed(alert_api, make_shift(article_id="a1"), make_shift(article_id="a2", topic="aluminium"))
        assert receiver.requests == []
        await alert_api.app.state.digests.tick(now=utcnow() + timedelta(minutes=6))
        await alert_api.delivered(1)
    body: dict[str, Any] = json.loads(receiver.requests[0][1])
    assert len(receiver.requests) == 1 and len(body["alerts"]) == 2


async def test_unfinished_delivery_is_resent_after_a_restart(
    alert_settings: Settings, receiver: Receiver
) -> None:
    receiver.statuses = [500] * 1000
    alert_settings.alert.webhook_max_attempts = 10_000
    first = AlertApi(create_app(alert_settings), alert_settings)
    key = first.new_owner("acme")
    async with first.app.router.lifespan_context(first.app), first.client(key) as http:
        await http.post("/rules", json={"name": "hook", "match_all": True, "webhook_url": receiver.url})
        await feed(first, make_shift())
        await asyncio.wait_for(receiver.called.wait(), 10)
    assert (await _delivery(first, key))["status"] in ("pending", "retrying")

    receiver.statuses = []
    second = AlertApi(create_app(alert_settings), alert_settings)
    async with second.app.router.lifespan_context(second.app):
        await second.delivered(1)
        delivery = await _delivery(second, key)
    assert delivery["status"] == "delivered"


async def _delivery(api: AlertApi, key: str) -> dict[str, Any]:
    async with api.client(key) as http:
        item: dict[str, Any] = (await http.get("/deliveries")).json()["items"][0]
        return item
