"""The consumer's work for one `ArticleExtracted` notice: retract, alert, publish, then ack.

Two transactions on purpose: the notice is committed before the article's shifts are read, and
the shift consumer re-reads the notice after committing a shift, so whichever commits second
sees the other's work and no late shift escapes retraction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from sqlmodel import Session

from services.alert.metrics import AlertMetrics
from services.alert.pipelines.shifts import AfterPublish, AlertPublisher
from services.alert.progress import EXTRACTIONS, Progress
from services.alert.rules.rulebook import RuleBook
from services.alert.storage.writer import DbWriter
from services.alert.stories import retractions
from shared.batching import Batcher
from shared.contract import Alert, ArticleExtracted

# The retractions still to publish, and every retraction id of the article.
Retractions = tuple[list[Alert], Sequence[str]]


@dataclass
class ExtractionPipeline:
    """The notices of one pull are stored together (`shared.batching`): one hop to the writer's
    thread (`storage.writer`, shared with the shifts) and the two transactions for the batch; a
    batch that fails is run again notice by notice."""

    engine: Engine
    rules: RuleBook
    metrics: AlertMetrics
    publisher: AlertPublisher
    progress: Progress
    after_publish: AfterPublish | None = None
    max_batch: int = 16
    # Shared with the shifts' pipeline: the two never contend for SQLite's write lock.
    writer: DbWriter = field(default_factory=DbWriter)
    _stored: Batcher[ArticleExtracted, Retractions] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        async def store_all(notices: Sequence[ArticleExtracted]) -> list[Retractions]:
            return await self.writer.run(self.store_and_retract_all, notices)

        self._stored = Batcher(store_all, max_size=self.max_batch)

    async def on_article_extracted(self, notice: ArticleExtracted) -> None:
        pending, alert_ids = await self._stored.submit(notice)
        await self.publisher.publish(pending)
        if self.after_publish is not None:
            await self.after_publish(alert_ids)  # the sender skips deliveries already finished
        await self.progress.bump(EXTRACTIONS)

    def store_and_retract_all(self, notices: Sequence[ArticleExtracted]) -> list[Retractions]:
        with Session(self.engine) as session:
            retractions.record_extractions(session, notices)
            session.commit()
            article_ids = list(dict.fromkeys(notice.article_id for notice in notices))
            done = retractions.retract_stale_all(session, article_ids=article_ids, rules=self.rules)
            self.metrics.shifts_retracted.inc(len(done.shifts))
            self.metrics.alerts_stored.inc(len(done.alerts))
            if done.shifts:
                session.commit()
            found = retractions.retractions_of_articles(session, article_ids)
            return [found[notice.article_id] for notice in notices]
