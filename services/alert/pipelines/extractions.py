"""The consumer's work for one `ArticleExtracted` notice: retract, alert, publish, then ack.

Two transactions on purpose: the notice is committed before the article's shifts are read, and
the shift consumer re-reads the notice after committing a shift, so whichever commits second
sees the other's work and no late shift escapes retraction.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session

from services.alert.metrics import AlertMetrics
from services.alert.pipelines.shifts import AfterPublish, AlertPublisher
from services.alert.progress import EXTRACTIONS, Progress
from services.alert.rules.rulebook import RuleBook
from services.alert.stories import retractions
from shared.contract import Alert, ArticleExtracted


@dataclass
class ExtractionPipeline:
    engine: Engine
    rules: RuleBook
    metrics: AlertMetrics
    publisher: AlertPublisher
    progress: Progress
    after_publish: AfterPublish | None = None

    async def on_article_extracted(self, notice: ArticleExtracted) -> None:
        pending, alert_ids = await asyncio.to_thread(self.store_and_retract, notice)
        await self.publisher.publish(pending)
        if self.after_publish is not None:
            await self.after_publish(alert_ids)  # the sender skips deliveries already finished
        await self.progress.bump(EXTRACTIONS)

    def store_and_retract(self, notice: ArticleExtracted) -> tuple[list[Alert], Sequence[str]]:
        """Keep the notice, retract what it no longer lists; return the retractions to publish."""
        with Session(self.engine) as session:
            retractions.record_extraction(session, notice)
            session.commit()
            done = retractions.retract_stale(session, article_id=notice.article_id, rules=self.rules)
            session.commit()
            self.metrics.shifts_retracted.inc(len(done.shifts))
            self.metrics.alerts_stored.inc(len(done.alerts))
            pending = retractions.unpublished_retractions(session, article_id=notice.article_id)
            return pending, retractions.retraction_ids(session, article_id=notice.article_id)
