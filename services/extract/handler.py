"""The thin edge: an ingested `Article` in, each `PolicyShift` published on the shifts stream."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from faststream.nats import NatsBroker

from services.extract.events import ArticleRef, ArticleText
from services.extract.metrics import ExtractMetrics
from shared.contract import Article, PolicyShift
from shared.subjects import SHIFTS_STREAM, shift_subject

Publish = Callable[[PolicyShift], Awaitable[None]]


class ExtractsShifts(Protocol):
    def extract(self, articles: Sequence[ArticleText]) -> list[list[PolicyShift]]: ...


class ExtractorSlot:
    """Holds the extractor once the startup hook has loaded the model."""

    def __init__(self) -> None:
        self.extractor: ExtractsShifts | None = None

    def get(self) -> ExtractsShifts:
        if self.extractor is None:
            raise RuntimeError("the spaCy model is not loaded yet")
        return self.extractor


def make_publisher(broker: NatsBroker) -> Publish:
    async def publish(shift: PolicyShift) -> None:
        await broker.publish(
            shift,
            shift_subject(shift.actor, shift.shift_type),
            stream=SHIFTS_STREAM,
            headers={"Nats-Msg-Id": f"{shift.id}:v{shift.article_version}"},
        )

    return publish


def skip_reason(article: Article) -> str | None:
    """'language' for a non-English article, 'empty' for one without text; else None."""
    if article.language and article.language.lower() != "en":
        return "language"
    if not article.text.strip():
        return "empty"
    return None


def article_text(article: Article) -> ArticleText:
    ref = ArticleRef(
        id=article.id,
        version=article.version,
        url=article.url,
        title=article.title,
        source=article.source,
        published_at=article.published_at,
    )
    return ArticleText(ref=ref, text=article.text)


def make_article_handler(
    slot: ExtractorSlot, publish: Publish, metrics: ExtractMetrics, *, min_confidence: float = 0.0
) -> Callable[[Article], Awaitable[None]]:
    async def on_article_ingested(article: Article) -> None:
        metrics.articles.inc()
        reason = skip_reason(article)
        if reason:
            metrics.skipped.labels(reason).inc()
            return
        extractor = slot.get()
        started = time.perf_counter()
        # spaCy is CPU-bound: run it off the event loop so /health and acks stay responsive.
        [shifts] = await asyncio.to_thread(extractor.extract, [article_text(article)])
        metrics.seconds.observe(time.perf_counter() - started)
        for shift in shifts:
            if shift.confidence >= min_confidence:
                await publish(shift)
                metrics.shifts.labels(shift.shift_type).inc()

    return on_article_ingested
