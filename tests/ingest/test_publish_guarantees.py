"""Seen only after the ack: a crash between publish and record republishes, JetStream drops it."""

from __future__ import annotations

import pytest
from prometheus_client import CollectorRegistry

from services.ingest.app import create_parts
from services.ingest.ingestor import Ingestor, make_publisher
from services.ingest.metrics import IngestMetrics
from services.ingest.schemas import ArticleIn
from services.ingest.store import SeenStore
from shared.contract import Article
from shared.service import ensure_streams
from shared.settings import Settings
from tests.ingest.conftest import stream_messages

pytestmark = pytest.mark.nats

ARTICLE = ArticleIn(
    url="https://example.org/budget",
    title="Budget",
    text="The finance minister raised the defence budget to 2.5 percent of output.",
)


class CrashBeforeRecordingOnce(SeenStore):
    """A seen-set whose first write fails, as if the process died right after the publish."""

    crashed = False

    def record_published(self, *, article: Article, candidate: object) -> None:  # type: ignore[override]
        if not self.crashed:
            self.crashed = True
            raise RuntimeError("process died")
        super().record_published(article=article, candidate=candidate)  # type: ignore[arg-type]


async def test_crash_between_publish_and_record_republishes_once_and_jetstream_drops_the_copy(
    settings: Settings,
) -> None:
    parts = create_parts(settings)
    parts.migrate()
    store = CrashBeforeRecordingOnce(parts.store.engine)
    ingestor = Ingestor(
        store=store,
        publish=make_publisher(parts.runtime.broker),
        metrics=IngestMetrics(CollectorRegistry()),
        detect_language=lambda text: "en",
        max_body_bytes=10_000,
    )
    await parts.runtime.broker.connect()
    try:
        await ensure_streams(parts.runtime.broker)
        with pytest.raises(RuntimeError):
            await ingestor.ingest(ARTICLE)
        retried = await ingestor.ingest(ARTICLE)
        after = await ingestor.ingest(ARTICLE)
    finally:
        await parts.runtime.broker.stop()
    assert retried.status == "published"
    assert after.status == "duplicate"
    assert len(await stream_messages(settings)) == 1
