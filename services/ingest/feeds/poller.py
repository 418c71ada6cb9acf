"""The feed poller: runs inside the ingest app, polls each due source, backs off failing ones.

Every new or changed item goes through the same `Ingestor` as pushed articles. A source's
cursor (ETag, Last-Modified, next poll, failures) is saved after each poll and an item is
marked seen only after ingest answered for it, so a restart resumes without losing or
republishing anything. Tests call `poll` / `poll_due` with their own clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from pydantic import ValidationError

from services.ingest.feeds.fetch import Fetcher, FetchError
from services.ingest.feeds.items import ItemArticle, ItemUnavailable, article_for_item
from services.ingest.feeds.metrics import FeedMetrics
from services.ingest.feeds.parse import FeedError, FeedItem, parse_feed
from services.ingest.feeds.sources import FeedSourceRow, SourceStore, utcnow
from services.ingest.ingestor import Ingestor
from services.ingest.schemas import IngestResult, Status
from shared.settings import IngestSettings

Clock = Callable[[], datetime]
log = logging.getLogger(__name__)
CONCURRENT_POLLS = 8


def next_poll_after_failure(row: FeedSourceRow, now: datetime, max_backoff: float) -> datetime:
    """Exponential backoff: poll interval x 2^failures, capped (failures counts this one)."""
    delay = min(row.poll_seconds * 2 ** min(row.failures, 30), max_backoff)
    return now + timedelta(seconds=max(delay, row.poll_seconds))


def public_reason(exc: Exception) -> str:
    """What the API says about a failed poll: what went wrong in general terms, never the
    network details that would let a client map ports through us (those go to the log)."""
    if isinstance(exc, FetchError):
        return exc.public
    if isinstance(exc, FeedError):
        return "not a readable feed (RSS, Atom or JSON Feed)"
    return "the poll failed; see the ingest log"


class Poller:
    def __init__(
        self,
        *,
        sources: SourceStore,
        fetcher: Fetcher,
        ingestor: Ingestor,
        metrics: FeedMetrics,
        settings: IngestSettings,
        clock: Clock = utcnow,
    ) -> None:
        self.sources = sources
        self._fetcher = fetcher
        self._ingestor = ingestor
        self._metrics = metrics
        self._settings = settings
        self._clock = clock
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._stop.clear()
        self._task = asyncio.create_task(self._run(), name="feed-poller")

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task
            self._task = None

    def now(self) -> datetime:
        return self._clock()

    def remove(self, source_id: str) -> bool:
        row = self.sources.get(source_id)
        if row is None or not self.sources.remove(source_id):
            return False
        self._metrics.forget(row.name)
        return True

    async def poll_due(self) -> list[str]:
        """Poll every source whose next poll time has come; returns their ids."""
        due = await asyncio.to_thread(self.sources.due, self._clock())
        limit = asyncio.Semaphore(CONCURRENT_POLLS)

        async def bounded(row: FeedSourceRow) -> None:
            async with limit:
                await self.poll(row.id)

        await asyncio.gather(*(bounded(row) for row in due))
        await asyncio.to_thread(self.refresh_health)
        return [row.id for row in due]

    async def poll(self, source_id: str) -> FeedSourceRow | None:
        """Poll one source now, whatever its schedule; returns its updated row."""
        row = await asyncio.to_thread(self.sources.get, source_id)
        if row is None:
            return None
        now = self._clock()
        row.last_polled_at = now
        try:
            outcome = await self._poll_feed(row, now)
        except Exception as exc:  # one broken source must never stop the others
            kind = (
                exc.kind if isinstance(exc, FetchError) else "feed" if isinstance(exc, FeedError) else "error"
            )
            self._failed(row, now, kind, exc)
        else:
            self._succeeded(row, now, outcome)
        if not await asyncio.to_thread(self.sources.save, row):
            return None  # removed while it was being polled
        return row

    async def _poll_feed(self, row: FeedSourceRow, now: datetime) -> str:
        fetched = await self._fetcher.get(row.url, etag=row.etag, last_modified=row.last_modified)
        if fetched.not_modified:
            return "not_modified"
        items = await asyncio.to_thread(
            parse_feed, fetched.body, url=fetched.url, content_type=fetched.content_type
        )
        taken = await self._take_all(row, items, now)
        if all(taken):
            row.etag, row.last_modified = fetched.etag, fetched.last_modified
        else:
            # An item left for the next poll must not be hidden behind a 304: keep no validator,
            # so the next poll reads the whole feed again (seen items are skipped by digest).
            row.etag = row.last_modified = None
        return "ok"

    async def _take_all(self, row: FeedSourceRow, items: list[FeedItem], now: datetime) -> list[bool]:
        """Take the feed's new items in, all of them in one `ingest_many` call (decided as if one
        at a time); per item, False when it is unavailable now and must be retried next poll."""
        taken: list[bool] = []
        made: list[tuple[FeedItem, ItemArticle]] = []
        for item in items:
            seen = await asyncio.to_thread(self.sources.seen_digest, source=row.id, item_key=item.key)
            earlier = next((other for other, _ in made if other.key == item.key), None)
            if seen == item.digest or earlier is not None:
                # An item listed twice in one feed is taken once; another version of it, next poll.
                taken.append(earlier is None or earlier.digest == item.digest)
                continue
            article = await self._article(row, item)
            if article is not None:
                made.append((item, article))
            taken.append(article is not None)
        if made:
            results = await self._ingestor.ingest_many(
                [m.article for _, m in made], canonical_hints=[m.canonical_hint for _, m in made]
            )
            for (item, _), result in zip(made, results, strict=True):
                await self._took(row, item, result, now)
        return taken

    async def _article(self, row: FeedSourceRow, item: FeedItem) -> ItemArticle | None:
        try:
            return await article_for_item(
                item, source=row.name, fetcher=self._fetcher, min_words=self._settings.summary_min_words
            )
        except (ItemUnavailable, ValidationError) as exc:
            row.items_failed += 1
            self._metrics.items_failed.labels(row.name).inc()
            log.warning("source %s: item %s unavailable: %s", row.name, item.key, exc)
            return None

    async def _took(self, row: FeedSourceRow, item: FeedItem, result: IngestResult, now: datetime) -> None:
        row.items_seen += 1
        row.last_new_item_at = now
        self._metrics.items_seen.labels(row.name).inc()
        if result.status == Status.PUBLISHED:
            row.items_new += 1
            self._metrics.items_new.labels(row.name).inc()
        await asyncio.to_thread(
            self.sources.mark_seen, source=row.id, item_key=item.key, digest=item.digest, article_id=result.id
        )

    def _succeeded(self, row: FeedSourceRow, now: datetime, outcome: str) -> None:
        row.failures, row.last_error, row.last_success_at = 0, None, now
        row.next_poll_at = now + timedelta(seconds=row.poll_seconds)
        self._metrics.polls.labels(row.name, outcome).inc()
        self._metrics.last_success.labels(row.name).set(now.timestamp())
        self._metrics.failures.labels(row.name).set(0)

    def _failed(self, row: FeedSourceRow, now: datetime, kind: str, exc: Exception) -> None:
        row.failures += 1
        row.last_error = public_reason(exc)
        row.next_poll_at = next_poll_after_failure(row, now, self._settings.max_backoff_seconds)
        self._metrics.polls.labels(row.name, kind).inc()
        self._metrics.failures.labels(row.name).set(row.failures)
        log.warning("source %s failed (%d in a row), next poll %s: %s: %s", row.name, row.failures,
                    row.next_poll_at.isoformat(), type(exc).__name__, exc)  # fmt: skip

    def refresh_health(self) -> None:
        now = self._clock()
        rows = self.sources.all()
        self._metrics.keep_only(row.name for row in rows)
        for row in rows:
            self._metrics.silent.labels(row.name).set(1 if row.is_silent(now) else 0)
            self._metrics.silent_seconds.labels(row.name).set(row.silent_for(now).total_seconds())

    async def _run(self) -> None:
        while not self._stop.is_set():
            try:
                await self.poll_due()
            except Exception:
                log.exception("feed poll round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=self._settings.poll_tick_seconds)
