"""End to end through a real nats-server: article -> ingest -> extract -> alert -> subscriber.

The three services run in this process, each with its own broker connection, exactly as built
by their `create_app(settings)`; only HTTP goes through an in-memory transport.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import httpx
import pytest
from fastapi import FastAPI

from services.alert.app import create_app as create_alert_app
from services.alert.owners import admin
from services.extract.app import create_app as create_extract_app
from services.ingest.app import create_app as create_ingest_app
from shared.settings import Settings
from tests.natsclient import owner_listener, service_settings

pytestmark = [pytest.mark.nats, pytest.mark.slow]

DEFENCE = {
    "url": "https://news.example/defence-target?utm_source=feed",
    "title": "Canada raises its defence target",
    "text": "Canada will raise its defence spending target from 1.5% to 2.5% of GDP by 2030, "
    "the defence minister announced on Monday.\nCritics said the plan was unfunded.",
    "source": "news.example",
}
RATES = {
    "url": "https://news.example/rate-cut",
    "title": "Central bank cuts",
    "text": "Norges Bank lowered its policy rate from 4.5% to 4.0% on Thursday.\n"
    "Markets had expected the move.",
    "source": "news.example",
}
RULE = {"name": "defence and rates", "query": 'defence OR "policy rate"', "min_confidence": 0.3}


def app_of(service: str, settings: Settings) -> FastAPI:
    """The service's app as `policywatch up` runs it: with its own NATS identity."""
    factory = {"ingest": create_ingest_app, "extract": create_extract_app, "alert": create_alert_app}[service]
    return factory(service_settings(settings, service))


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        headers = {}
        if hasattr(app.state, "ingest"):  # ingest answers only with one of its API keys
            headers["X-API-Key"] = app.state.ingest.keys.create(name="e2e")[1]
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://service", headers=headers
        ) as client:
            yield client


async def register_rule(alert: httpx.AsyncClient, key: str) -> str:
    response = await alert.post("/rules", json=RULE, headers={"X-API-Key": key})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_posted_article_becomes_a_stored_alert_received_on_the_owner_subject(
    settings: Settings,
) -> None:
    key = admin.create_owner(settings.alert_database_url(), "acme")
    async with AsyncExitStack() as stack:
        ingest = await stack.enter_async_context(running(app_of("ingest", settings)))
        await stack.enter_async_context(running(app_of("extract", settings)))
        alert = await stack.enter_async_context(running(app_of("alert", settings)))
        listener = await stack.enter_async_context(owner_listener(settings, "acme"))
        rule_id = await register_rule(alert, key)

        posted = await ingest.post("/articles", json=DEFENCE)
        assert posted.json()["published"] == 1
        [received] = await listener.wait_for(1)

        assert received.owner == "acme" and received.rule_id == rule_id
        assert received.shift.actor == "Canada"
        assert received.shift.shift_type == "numeric_change"
        assert received.shift.quantity is not None
        assert (received.shift.quantity.from_, received.shift.quantity.to) == (1.5, 2.5)
        assert "defence spending target" in received.shift.evidence.text
        assert received.reasons, "an alert explains why it matched"

        # The same article again (tracking parameters differ) is a duplicate: no second alert.
        again = await ingest.post("/articles", json={**DEFENCE, "url": "https://news.example/defence-target"})
        assert again.json()["duplicates"] == 1
        await ingest.post("/articles", json=RATES)  # a sentinel: its alert comes after any duplicate's
        alerts = await listener.wait_for(2)
        assert [a.shift.actor for a in alerts] == ["Canada", "Norges Bank"]

        stored = await alert.get("/alerts", headers={"X-API-Key": key})
        assert stored.status_code == 200
        assert {item["id"] for item in stored.json()["items"]} == {a.id for a in alerts}


async def test_article_published_while_extract_is_down_is_alerted_once_it_is_back(settings: Settings) -> None:
    key = admin.create_owner(settings.alert_database_url(), "acme")
    async with AsyncExitStack() as stack:
        ingest = await stack.enter_async_context(running(app_of("ingest", settings)))
        alert = await stack.enter_async_context(running(app_of("alert", settings)))
        listener = await stack.enter_async_context(owner_listener(settings, "acme"))
        await register_rule(alert, key)
        # extract runs once, so its durable consumer exists, then stops: a crash or a deploy.
        async with running(app_of("extract", settings)):
            pass
        assert (await ingest.post("/articles", json=RATES)).json()["published"] == 1

        async with running(app_of("extract", settings)):
            [received] = await listener.wait_for(1)
        assert received.shift.actor == "Norges Bank"
