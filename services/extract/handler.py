"""The thin edge: an ingested `Article` in, each `PolicyShift` published on the shifts stream."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from faststream.nats import NatsBroker
from faststream.nats.schemas import PubAck

from services.extract.events import ArticleRef, ArticleText
from services.extract.metrics import ExtractMetrics
from shared.batching import Batcher
from shared.contract import Article, ArticleExtracted, PolicyShift
from shared.subjects import EXTRACTIONS_STREAM, EXTRACTIONS_SUBJECT, SHIFTS_STREAM, shift_subject

# Both return True when JetStream stored a new message, False when its ack says `duplicate`.
Publish = Callable[[PolicyShift], Awaitable[bool]]
Notify = Callable[[ArticleExtracted], Awaitable[bool]]
# Named in a notice without shifts; a notice with shifts names theirs (events._EXTRACTOR).
EXTRACTOR = "rules-1"


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


def is_new(ack: PubAck | None) -> bool:
    """A JetStream publish that stored a new message: its ack is not flagged `duplicate` (the
    stream already held that `Nats-Msg-Id` within its duplicate window). No ack (a publish
    without a stream, e.g. FastStream's in-memory test broker) counts as new."""
    return ack is None or not ack.duplicate


def make_publisher(broker: NatsBroker) -> Publish:
    async def publish(shift: PolicyShift) -> bool:
        ack = await broker.publish(
            shift,
            shift_subject(shift.actor, shift.shift_type),
            stream=SHIFTS_STREAM,
            headers={"Nats-Msg-Id": f"{shift.id}:v{shift.article_version}"},
        )
        return is_new(ack)

    return publish


def make_notifier(broker: NatsBroker) -> Notify:
    async def notify(notice: ArticleExtracted) -> bool:
        ack = await broker.publish(
            notice,
            EXTRACTIONS_SUBJECT,
            stream=EXTRACTIONS_STREAM,
            headers={"Nats-Msg-Id": f"{notice.article_id}:v{notice.article_version}:extracted"},
        )
        return is_new(ack)

    return notify


def extracted(article: Article, shifts: Sequence[PolicyShift]) -> ArticleExtracted:
    """The notice that this article version was read and these are all of its shifts."""
    return ArticleExtracted(
        article_id=article.id,
        article_version=article.version,
        shift_ids=[shift.id for shift in shifts],
        extractor=shifts[0].extractor if shifts else EXTRACTOR,
    )


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
    slot: ExtractorSlot,
    publish: Publish,
    metrics: ExtractMetrics,
    *,
    notify: Notify,
    min_confidence: float = 0.0,
    max_batch: int = 16,
) -> Callable[[Article], Awaitable[None]]:
    """The handler of one article message. The articles of one pull are extracted together (one
    `nlp.pipe` batch, `shared.batching`); each message is acked once its own shifts and notice are
    published, and an article that fails its batch is retried alone (see `Batcher`)."""

    async def extract_all(texts: Sequence[ArticleText]) -> list[list[PolicyShift]]:
        # spaCy is CPU-bound: run it off the event loop so /health and acks stay responsive.
        return await asyncio.to_thread(slot.get().extract, texts)

    batcher: Batcher[ArticleText, list[PolicyShift]] = Batcher(extract_all, max_size=max_batch)

    async def on_article_ingested(article: Article) -> None:
        reason = skip_reason(article)
        published = await _extract_and_publish(article, reason)
        # Last, before the ack: a version's notice lists all its shifts, so an edit that dropped
        # a shift lets alert retract it; a skipped or shift-less version lists none.
        if await notify(extracted(article, published)):
            # Counted once per article version: a redelivery (crash or failure after the notice
            # went out, before the ack) re-publishes a notice JetStream drops as a duplicate.
            metrics.articles.inc()
            if reason:
                metrics.skipped.labels(reason).inc()

    async def _extract_and_publish(article: Article, reason: str | None) -> list[PolicyShift]:
        if reason:
            return []
        slot.get()  # not loaded yet: fail before joining a batch
        started = time.perf_counter()
        shifts = await batcher.submit(article_text(article))
        metrics.seconds.observe(time.perf_counter() - started)
        published = [shift for shift in shifts if shift.confidence >= min_confidence]
        # Sent together, their acks awaited together: one round trip for all of an article's shifts.
        stored = await asyncio.gather(*(publish(shift) for shift in published))
        for shift, new in zip(published, stored, strict=True):
            if new:  # a redelivery's re-publish is a duplicate: not a new shift
                metrics.shifts.labels(shift.shift_type).inc()
        return published

    return on_article_ingested
