"""Fixtures for ingest tests: the real app (lifespan included) on a real nats-server."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import httpx
import nats
import sqlalchemy as sa
from fastapi import FastAPI
from nats.js.api import RawStreamMsg

from services.ingest.app import create_app
from services.ingest.feeds.poller import Clock
from services.ingest.feeds.sources import utcnow
from shared.settings import Settings
from shared.subjects import ARTICLES_STREAM


@asynccontextmanager
async def running_app(
    settings: Settings, clock: Clock = utcnow
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """`create_app(settings)` started as uvicorn would (lifespan), with a client talking to it."""
    app = create_app(settings, clock=clock)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://ingest") as client:
            yield app, client


async def stream_messages(settings: Settings) -> list[RawStreamMsg]:
    """Every message currently stored on the articles stream, oldest first."""
    nc = await nats.connect(settings.nats.url)
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


@contextmanager
def postgres_schema(base: str) -> Iterator[str]:
    """A URL of `base` in a fresh schema, dropped afterwards: parallel runs never share tables."""
    schema = f"ingest_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    joiner = "&" if "?" in base else "?"
    try:
        yield f"{base}{joiner}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
