"""The SSE endpoint streams an owner's alerts live, and resumes after Last-Event-ID."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator

import httpx
import pytest
import uvicorn

from tests.alert.conftest import AlertApi, make_shift
from tests.alert.test_pipeline_nats import publish_shift

pytestmark = pytest.mark.nats


@pytest.fixture
async def base_url(alert_api: AlertApi) -> AsyncIterator[str]:
    """The app on a real HTTP server: streaming responses need one (ASGITransport buffers)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()  # listening before uvicorn starts: early connections wait in the backlog
    server = uvicorn.Server(uvicorn.Config(alert_api.app, lifespan="off", log_level="warning"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    await task


async def next_event(lines: AsyncIterator[str]) -> dict[str, str]:
    event: dict[str, str] = {}
    async for line in lines:
        if not line:
            if event:
                return event
            continue
        field, _, value = line.partition(":")
        event[field] = value.strip()
    raise AssertionError("stream ended")


async def test_alert_is_streamed_live_and_again_after_last_event_id(
    alert_api: AlertApi, base_url: str
) -> None:
    key, other = alert_api.new_owner("acme"), alert_api.new_owner("other")
    headers = {"X-API-Key": key}
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=10) as http:
        await http.post("/rules", json={"name": "US", "actors": ["United States"]})
        await http.post("/rules", json={"name": "all", "match_all": True}, headers={"X-API-Key": other})
        async with http.stream("GET", "/alerts/stream") as response:
            assert response.status_code == 200
            lines = response.aiter_lines()
            assert "subscribed" in (await next_event(lines))[""]
            await publish_shift(alert_api.settings, make_shift())
            event = await asyncio.wait_for(next_event(lines), 10)
        assert event["event"] == "alert"
        alert = json.loads(event["data"])
        assert alert["owner"] == "acme", "only the owner's own alerts are streamed"

        async with http.stream("GET", "/alerts/stream", headers={"Last-Event-ID": "0"}) as response:
            lines = response.aiter_lines()
            await next_event(lines)
            again = await asyncio.wait_for(next_event(lines), 10)
        assert json.loads(again["data"])["id"] == alert["id"]
        assert again["id"] == event["id"]


async def test_stream_without_key_is_refused(alert_api: AlertApi, base_url: str) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as http:
        assert (await http.get("/alerts/stream")).status_code == 401
