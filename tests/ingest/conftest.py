"""Fixtures for ingest tests: the real app (lifespan included) on a real nats-server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import FastAPI
from nats.js.api import RawStreamMsg

from services.ingest.app import create_app
from services.ingest.feeds.poller import Clock
from services.ingest.feeds.sources import utcnow
from shared.settings import Settings
from shared.subjects import ARTICLES_STREAM
from tests.natsclient import connect


@pytest.fixture
def nats_identity() -> str:
    return "ingest"


@asynccontextmanager
async def running_app(
    settings: Settings, clock: Clock = utcnow, transport: httpx.AsyncBaseTransport | None = None
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """`create_app(settings)` started as uvicorn would (lifespan), with a client talking to it that
    holds a fresh ingest API key. `transport` stands in for the network under the feed fetcher."""
    app = create_app(settings, clock=clock, transport=transport)
    async with app.router.lifespan_context(app):
        _, key = app.state.ingest.keys.create(name="tests")
        to_app = httpx.ASGITransport(app=app)
        headers = {"X-API-Key": key}
        async with httpx.AsyncClient(transport=to_app, base_url="http://ingest", headers=headers) as client:
            yield app, client


async def stream_messages(settings: Settings) -> list[RawStreamMsg]:
    """Every message currently stored on the articles stream, oldest first."""
    nc = await connect(settings)
    try:
        js = nc.jetstream()
        info = await js.stream_info(ARTICLES_STREAM)
        return [
            await js.get_msg(ARTICLES_STREAM, seq)
            for seq in range(info.state.first_seq, info.state.last_seq + 1)
            if info.state.messages
        ]
    finally:
        await nc.close()
