"""The one path every article takes (HTTP, CLI, feeds): clean, identify, dedupe, publish, remember."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from faststream.nats import NatsBroker

from services.ingest.dedup import SYNDICATED, Candidate, Decision, decide
from services.ingest.metrics import IngestMetrics
from services.ingest.prepare import DetectLanguage, InvalidArticle, message_id, prepare, to_article
from services.ingest.schemas import ArticleIn, IngestResult, Status
from services.ingest.store import SeenStore
from shared.contract import Article
from shared.subjects import ARTICLES_STREAM, ARTICLES_SUBJECT

# Publishes one version and answers whether JetStream dropped it as a repeat of its Nats-Msg-Id.
Publish = Callable[[Article], Awaitable[bool]]
# The largest message the broker takes (its max_payload), None while unknown.
MessageLimit = Callable[[], int | None]
# Room kept for the headers that travel in the same message (Nats-Msg-Id, FastStream's own).
HEADER_ROOM = 1024
log = logging.getLogger(__name__)


class Ingestor:
    """Takes articles one at a time (a lock), so two copies of one story never both publish."""

    def __init__(
        self,
        *,
        store: SeenStore,
        publish: Publish,
        metrics: IngestMetrics,
        detect_language: DetectLanguage,
        max_body_bytes: int,
        message_limit: MessageLimit = lambda: None,
    ) -> None:
        self._store = store
        self._publish = publish
        self._metrics = metrics
        self._detect_language = detect_language
        self._max_body_bytes = max_body_bytes
        self._message_limit = message_limit
        self._lock = asyncio.Lock()

    async def ingest(
        self, item: ArticleIn, *, index: int = 0, canonical_hint: str | None = None
    ) -> IngestResult:
        self._metrics.received.inc()
        try:
            # Cleaning, fingerprinting and language detection are CPU work, the seen-set is
            # blocking database IO: neither runs on the event loop that serves HTTP and NATS.
            candidate = await asyncio.to_thread(
                prepare,
                item,
                detect_language=self._detect_language,
                max_body_bytes=self._max_body_bytes,
                canonical_hint=canonical_hint,
            )
        except InvalidArticle as exc:
            self._metrics.invalid.inc()
            return IngestResult(index=index, status=Status.INVALID, reason=str(exc))
        async with self._lock:
            decision = decide(candidate, await asyncio.to_thread(self._store.lookup, candidate))
            if not decision.publishes:
                if decision.verdict in SYNDICATED:
                    await asyncio.to_thread(
                        self._store.set_sources,
                        article_id=decision.article_id,
                        sources=list(decision.sources),
                    )
                self._metrics.duplicates.labels(decision.verdict.value).inc()
                return IngestResult(
                    index=index,
                    id=decision.article_id,
                    status=Status.DUPLICATE,
                    version=decision.version,
                    reason=decision.verdict.value,
                    duplicate_of=decision.article_id if decision.verdict in SYNDICATED else None,
                )
            try:
                article = await self._publish_version(candidate, decision)
            except InvalidArticle as exc:
                self._metrics.invalid.inc()
                return IngestResult(index=index, status=Status.INVALID, reason=str(exc))
        self._metrics.published.inc()
        if article.version > 1:
            self._metrics.edits.inc()
        log.info("published %s v%d (%s)", article.id, article.version, decision.verdict.value)
        return IngestResult(
            index=index,
            id=article.id,
            status=Status.PUBLISHED,
            version=article.version,
            reason=decision.verdict.value,
        )

    async def _publish_version(self, candidate: Candidate, decision: Decision) -> Article:
        """Reserve, publish, then record (only once JetStream acked); the caller holds the lock."""
        article = to_article(candidate, decision)
        self._check_fits(article)
        await asyncio.to_thread(self._store.reserve, article)
        if decision.skips_reserved is not None:
            self._metrics.unconfirmed.inc()
            log.warning(
                "%s v%d was reserved but never recorded (a crash?): it may be on the stream, so "
                "this different content is v%d",
                article.id,
                decision.skips_reserved,
                article.version,
            )
        dropped = await self._publish(article)
        await asyncio.to_thread(self._store.record_published, article=article, candidate=candidate)
        if dropped:
            self._metrics.publish_duplicates.inc()
            log.warning(
                "JetStream already had %s (published before a crash); recorded it now", message_id(article)
            )
        return article

    def _check_fits(self, article: Article) -> None:
        """InvalidArticle when the version cannot travel as one NATS message: refused with its
        reason, rather than failing at the broker as if the broker were down."""
        limit = self._message_limit()
        if limit is None:
            return
        size = len(article.model_dump_json().encode("utf-8")) + HEADER_ROOM
        if size > limit:
            raise InvalidArticle(
                f"too large to publish: about {size} bytes as a message, the NATS server's "
                f"max_payload is {limit}"
            )

    async def ingest_many(self, items: list[ArticleIn]) -> list[IngestResult]:
        return [await self.ingest(item, index=i) for i, item in enumerate(items)]

    def count_invalid(self) -> None:
        """Count an article rejected before it reached `ingest` (bad body or JSONL line)."""
        self._metrics.received.inc()
        self._metrics.invalid.inc()


def message_limit_of(broker: NatsBroker) -> MessageLimit:
    """The connected server's max_payload (None before the broker connects)."""

    def limit() -> int | None:
        try:
            return int(broker.connection.max_payload)
        except Exception:  # not connected yet
            return None

    return limit


def make_publisher(broker: NatsBroker) -> Publish:
    """Publish an article version to the articles stream, waiting for JetStream's ack; True when
    the ack says JetStream dropped it (it already stored that `Nats-Msg-Id` within 24 hours)."""

    async def publish(article: Article) -> bool:
        ack = await broker.publish(
            article, ARTICLES_SUBJECT, stream=ARTICLES_STREAM, headers={"Nats-Msg-Id": message_id(article)}
        )
        return bool(ack is not None and ack.duplicate)

    return publish
