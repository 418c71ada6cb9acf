"""The ingest service: `create_app(settings)` wires the seen-set, the publisher, the feed poller
and the routes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError

from services.ingest.api import make_articles_router, make_validation_handler
from services.ingest.db import migrate
from services.ingest.feeds.api import make_sources_router
from services.ingest.feeds.fetch import Fetcher
from services.ingest.feeds.metrics import FeedMetrics
from services.ingest.feeds.poller import Clock, Poller
from services.ingest.feeds.sources import SourceStore, utcnow
from services.ingest.ingestor import Ingestor, make_publisher, message_limit_of
from services.ingest.keys import KeyStore
from services.ingest.language import LanguageDetector
from services.ingest.metrics import IngestMetrics
from services.ingest.store import SeenStore, make_engine
from shared.service import ServiceRuntime, create_runtime, create_service_app
from shared.settings import Settings

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[Any]]


@dataclass
class IngestParts:
    """What a running ingest is made of; tests and the CLI build the same parts."""

    runtime: ServiceRuntime
    store: SeenStore
    sources: SourceStore
    ingestor: Ingestor
    fetcher: Fetcher
    poller: Poller
    keys: KeyStore

    def migrate(self) -> None:
        """Build or upgrade the ingest tables (the seen-set and the feed sources share an engine)."""
        migrate(self.store.engine)

    async def close(self) -> None:
        await self.fetcher.close()
        self.store.engine.dispose()


def create_parts(
    settings: Settings, *, clock: Clock = utcnow, transport: httpx.AsyncBaseTransport | None = None
) -> IngestParts:
    """`transport` replaces the network under the feed fetcher (tests that must not leave the host)."""
    runtime = create_runtime(settings, "ingest")
    engine = make_engine(settings.ingest_database_url())
    store, sources = SeenStore(engine), SourceStore(engine)
    ingestor = Ingestor(
        store=store,
        publish=make_publisher(runtime.broker),
        metrics=IngestMetrics(runtime.registry),
        detect_language=LanguageDetector().detect,
        max_body_bytes=settings.ingest.max_body_bytes,
        message_limit=message_limit_of(runtime.broker),
    )
    fetcher = Fetcher(
        user_agent=settings.ingest.user_agent,
        timeout=settings.ingest.fetch_timeout_seconds,
        max_bytes=settings.ingest.max_page_bytes,
        allow_private_hosts=settings.ingest.fetch_allow_private_hosts,
        transport=transport,
    )
    poller = Poller(
        sources=sources,
        fetcher=fetcher,
        ingestor=ingestor,
        metrics=FeedMetrics(runtime.registry),
        settings=settings.ingest,
        clock=clock,
    )
    return IngestParts(runtime, store, sources, ingestor, fetcher, poller, KeyStore(engine))


def create_app(
    settings: Settings, *, clock: Clock = utcnow, transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    parts = create_parts(settings, clock=clock, transport=transport)

    async def migrate_database() -> None:
        await asyncio.to_thread(parts.migrate)

    async def database_ready() -> bool:
        return await asyncio.to_thread(parts.store.ping)

    app = create_service_app(
        parts.runtime,
        title="PolicyWatch ingest",
        description="Takes articles in (HTTP, JSONL, feeds), cleans and deduplicates them, "
        "and publishes each new article version to `policy.articles.v1`.",
        http=settings.ingest,
        routers=[
            make_articles_router(parts.ingestor, parts.store),
            make_sources_router(parts.poller, settings.ingest),
        ],
        checks={"database": database_ready},
        on_startup=[migrate_database],
        on_shutdown=[parts.close],
    )
    if settings.ingest.feeds_enabled:
        app.router.lifespan_context = _with_poller(app.router.lifespan_context, parts.poller)
    app.add_exception_handler(RequestValidationError, make_validation_handler(parts.ingestor))
    app.state.ingest = parts
    return app


def _with_poller(lifespan: Lifespan, poller: Poller) -> Lifespan:
    """The service lifespan with the poller running inside it: it publishes, so it starts once
    the broker is connected and stops before the broker does."""

    @asynccontextmanager
    async def with_poller(app: FastAPI) -> AsyncIterator[Any]:
        async with lifespan(app) as state:
            await poller.start()
            try:
                yield state
            finally:
                await poller.stop()

    return with_poller
