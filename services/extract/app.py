"""The extract service: `create_app(settings)` loads the model at startup and consumes articles."""

from __future__ import annotations

import asyncio

from fastapi import FastAPI

from services.extract.handler import ExtractorSlot, make_article_handler, make_notifier, make_publisher
from services.extract.metrics import ExtractMetrics
from services.extract.worker import ExtractorProcess
from shared.consumer import ConsumerSpec, subscribe
from shared.contract import Article
from shared.service import create_runtime, create_service_app
from shared.settings import Settings
from shared.subjects import ARTICLES_SUBJECT, EXTRACT_DURABLE, articles_stream


def create_app(settings: Settings) -> FastAPI:
    runtime = create_runtime(settings, "extract")
    slot = ExtractorSlot()
    metrics = ExtractMetrics(runtime.registry)
    handler = make_article_handler(
        slot,
        make_publisher(runtime.broker),
        metrics,
        notify=make_notifier(runtime.broker),
        min_confidence=settings.extract.min_confidence,
        max_batch=settings.nats.batch_size,
    )
    spec = ConsumerSpec(
        service="extract", durable=EXTRACT_DURABLE, subject=ARTICLES_SUBJECT, stream=articles_stream()
    )
    subscribe(
        runtime.broker, spec, Article, handler, settings=settings.nats, dead_letters=runtime.dead_letters
    )

    process = ExtractorProcess(settings.extract)

    async def load_model() -> None:
        slot.extractor = await asyncio.to_thread(process.start)

    async def stop_extracting() -> None:
        await asyncio.to_thread(process.close)

    async def model_loaded() -> bool:
        return slot.extractor is not None and process.alive

    app = create_service_app(
        runtime,
        title="PolicyWatch extract",
        description="Reads each article from `policy.articles.v1`, finds policy shifts with spaCy rules "
        "and publishes each `PolicyShift` to `policy.shifts.v1.<actor>.<shift_type>`, then an "
        "`ArticleExtracted` notice (all of the version's shift ids) on `policy.extractions.v1`.",
        http=settings.extract,
        checks={"model": model_loaded},
        on_startup=[load_model],
        on_shutdown=[stop_extracting],
    )
    app.state.extract = slot
    return app
