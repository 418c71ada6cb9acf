"""The one path every article takes (HTTP, CLI, feeds): clean, identify, dedupe, publish, remember."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from faststream.nats import NatsBroker

from services.ingest.batches import Group
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


@dataclass
class Pending:
    """An article of a request once prepared, until its result is known."""

    index: int
    candidate: Candidate
    decision: Decision | None = None


class Ingestor:
    """Takes one request at a time (a lock), so two copies of one story never both publish.

    A batch is decided in groups (`services.ingest.batches`): one read of the seen-set for the
    group, one transaction for its reservations, its publishes pipelined with their acks awaited
    together, one transaction for the records of the acknowledged ones."""

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
        [result] = await self.ingest_many([item], canonical_hints=[canonical_hint], first_index=index)
        return result

    async def ingest_many(
        self,
        items: Sequence[ArticleIn],
        *,
        canonical_hints: Sequence[str | None] | None = None,
        first_index: int = 0,
    ) -> list[IngestResult]:
        """Results in the order of `items`; a broker failure raises once the articles acked
        before it are recorded (their retry is then a duplicate, not a second publish)."""
        self._metrics.received.inc(len(items))
        hints = canonical_hints or [None] * len(items)
        # Cleaning, fingerprinting and language detection are CPU work, the seen-set is
        # blocking database IO: neither runs on the event loop that serves HTTP and NATS.
        prepared = await asyncio.to_thread(self._prepare_all, items, hints, first_index)
        results: dict[int, IngestResult] = {r.index: r for r in prepared if isinstance(r, IngestResult)}
        pending = [p for p in prepared if isinstance(p, Pending)]
        async with self._lock:
            while pending:
                # Deciding a group and writing what it decides is one trip off the event loop.
                decided, publishing, pending = await asyncio.to_thread(self._decide_and_reserve, pending)
                if publishing:
                    decided += await self._publish_reserved(publishing)
                for result in decided:
                    results[result.index] = result
        return [results[first_index + n] for n in range(len(items))]

    def _prepare_all(
        self, items: Sequence[ArticleIn], hints: Sequence[str | None], first_index: int
    ) -> list[Pending | IngestResult]:
        prepared: list[Pending | IngestResult] = []
        for n, (item, hint) in enumerate(zip(items, hints, strict=True)):
            index = first_index + n
            try:
                candidate = prepare(
                    item,
                    detect_language=self._detect_language,
                    max_body_bytes=self._max_body_bytes,
                    canonical_hint=hint,
                )
            except InvalidArticle as exc:
                self._metrics.invalid.inc()
                prepared.append(IngestResult(index=index, status=Status.INVALID, reason=str(exc)))
                continue
            prepared.append(Pending(index, candidate))
        return prepared

    def _decide_group(self, pending: list[Pending]) -> tuple[list[Pending], list[Pending]]:
        """The longest prefix of `pending` that can be decided from one read, and the rest."""
        group = Group()
        for n, item in enumerate(pending):
            decision = decide(item.candidate, self._store.lookup(item.candidate))
            if n and group.clashes(item.candidate, decision):
                return pending[:n], pending[n:]
            item.decision = decision
            group.add(item.candidate, decision)
        return pending, []

    def _decide_and_reserve(
        self, pending: list[Pending]
    ) -> tuple[list[IngestResult], list[tuple[Pending, Article]], list[Pending]]:
        """Decide the next group of `pending` and write what does not wait for the broker: the
        sources of syndicated copies, and one transaction of reservations for the versions to
        publish. Returns the results known now, the reserved versions, and the articles left."""
        group, rest = self._decide_group(pending)
        results = [self._duplicate(item) for item in group if not _decided(item).publishes]
        syndicated = [_decided(item) for item in group if _decided(item).verdict in SYNDICATED]
        if syndicated:
            self._store.set_sources_all(syndicated)
        publishing: list[tuple[Pending, Article]] = []
        for item in group:
            if _decided(item).publishes:
                try:
                    publishing.append((item, self._version(item)))
                except InvalidArticle as exc:
                    self._metrics.invalid.inc()
                    results.append(IngestResult(index=item.index, status=Status.INVALID, reason=str(exc)))
        if publishing:
            self._store.reserve_all([article for _, article in publishing])
        return results, publishing, rest

    def _duplicate(self, item: Pending) -> IngestResult:
        decision = _decided(item)
        self._metrics.duplicates.labels(decision.verdict.value).inc()
        return IngestResult(
            index=item.index,
            id=decision.article_id,
            status=Status.DUPLICATE,
            version=decision.version,
            reason=decision.verdict.value,
            duplicate_of=decision.article_id if decision.verdict in SYNDICATED else None,
        )

    def _version(self, item: Pending) -> Article:
        decision = _decided(item)
        article = to_article(item.candidate, decision)
        self._check_fits(article)
        if decision.skips_reserved is not None:
            self._metrics.unconfirmed.inc()
            log.warning(
                "%s v%d was reserved but never recorded (a crash?): it may be on the stream, so "
                "this different content is v%d",
                article.id,
                decision.skips_reserved,
                article.version,
            )
        return article

    async def _publish_reserved(self, publishing: list[tuple[Pending, Article]]) -> list[IngestResult]:
        """Publish all (acks awaited together), record the acknowledged ones; the caller holds
        the lock and has reserved them."""
        outcomes = await asyncio.gather(
            *(self._publish(article) for _, article in publishing), return_exceptions=True
        )
        acked = [
            (item, article, dropped)
            for (item, article), dropped in zip(publishing, outcomes, strict=True)
            if isinstance(dropped, bool)
        ]
        await asyncio.to_thread(
            self._store.record_published_all, [(article, item.candidate) for item, article, _ in acked]
        )
        failures = [o for o in outcomes if isinstance(o, BaseException)]
        if failures:
            raise failures[0]
        return [self._published(item, article, dropped) for item, article, dropped in acked]

    def _published(self, item: Pending, article: Article, dropped: bool) -> IngestResult:
        if dropped:
            self._metrics.publish_duplicates.inc()
            log.warning(
                "JetStream already had %s (published before a crash); recorded it now", message_id(article)
            )
        self._metrics.published.inc()
        if article.version > 1:
            self._metrics.edits.inc()
        verdict = _decided(item).verdict
        log.info("published %s v%d (%s)", article.id, article.version, verdict.value)
        return IngestResult(
            index=item.index,
            id=article.id,
            status=Status.PUBLISHED,
            version=article.version,
            reason=verdict.value,
        )

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

    def count_invalid(self) -> None:
        """Count an article rejected before it reached `ingest` (bad body or JSONL line)."""
        self._metrics.received.inc()
        self._metrics.invalid.inc()


def _decided(item: Pending) -> Decision:
    assert item.decision is not None, "decided in _decide_group"
    return item.decision


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
