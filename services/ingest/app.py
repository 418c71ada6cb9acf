"""The ingest service: `create_app(settings)` wires the seen-set, the publisher and the routes."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError

from services.ingest.api import make_articles_router, make_validation_handler
from services.ingest.ingestor import Ingestor, make_publisher
from services.ingest.language import LanguageDetector
from services.ingest.metrics import IngestMetrics
from services.ingest.store import SeenStore, make_engine
from shared.service import ServiceRuntime, create_runtime, create_service_app
from shared.settings import Settings


@dataclass
class IngestParts:
    """What a running ingest is made of; tests and the CLI build the same parts."""

    runtime: ServiceRuntime
    store: SeenStore
    ingestor: Ingestor


def create_parts(settings: Settings, runtime: ServiceRuntime | None = None) -> IngestParts:
    runtime = runtime or create_runtime(settings, "ingest")
    store = SeenStore(make_engine(settings.ingest_database_url()))
    detector = LanguageDetector()
    ingestor = Ingestor(
        store=store,
        publish=make_publisher(runtime.broker),
        metrics=IngestMetrics(runtime.registry),
        detect_language=detector.detect,
        max_body_bytes=settings.ingest.max_body_bytes,
    )
    return IngestParts(runtime, store, ingestor)


def create_app(settings: Settings) -> FastAPI:
    parts = create_parts(settings)

    async def create_tables() -> None:
        parts.store.create_tables()

    async def database_ready() -> bool:
        return await asyncio.to_thread(parts.store.ping)

    async def dispose_engine() -> None:
        parts.store.engine.dispose()

    app = create_service_app(
        parts.runtime,
        title="PolicyWatch ingest",
        description="Takes articles in (HTTP, JSONL, feeds), cleans and deduplicates them, "
        "and publishes each new article version to `policy.articles.v1`.",
        routers=[make_articles_router(parts.ingestor, parts.store)],
        checks={"database": database_ready},
        on_startup=[create_tables],
        on_shutdown=[dispose_engine],
    )
    app.add_exception_handler(RequestValidationError, make_validation_handler(parts.ingestor))
    app.state.ingest = parts
    return app
