"""Reserve, publish, record after the ack: a crash between the publish and the record neither
publishes a version twice nor loses the next content (real nats-server; SQLite file, and
PostgreSQL when POLICYWATCH_TEST_POSTGRES_URL is set)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry
from sqlmodel import Session, select

from services.ingest.app import create_parts
from services.ingest.db import migrate
from services.ingest.ingestor import Ingestor, Publish, make_publisher
from services.ingest.metrics import IngestMetrics
from services.ingest.schemas import ArticleIn, IngestResult
from services.ingest.store import ArticleVersionRow, ReservationRow, SeenStore, make_engine
from shared.contract import Article
from shared.service import ensure_streams
from shared.settings import Settings
from tests.databases import postgres_schema
from tests.ingest.conftest import stream_messages

pytestmark = pytest.mark.nats

ARTICLE = ArticleIn(
    url="https://example.org/budget",
    title="Budget",
    text="The finance minister raised the defence budget to 2.5 percent of output.",
)
EDIT = ARTICLE.model_copy(
    update={"text": "The finance minister raised the defence budget to 3 percent of output."}
)
SECOND_EDIT = ARTICLE.model_copy(
    update={"text": "The finance minister raised the defence budget to 3.5 percent of output."}
)


class CrashBeforeRecording(SeenStore):
    """A seen-set whose next write can be made to fail, as if the process died right after the publish."""

    crash_next = False

    def record_published_all(self, published: object) -> None:  # type: ignore[override]
        if self.crash_next:
            self.crash_next = False
            raise RuntimeError("process died")
        super().record_published_all(published)  # type: ignore[arg-type]


@dataclass
class Pipeline:
    ingestor: Ingestor
    store: CrashBeforeRecording
    registry: CollectorRegistry
    settings: Settings

    async def crash_after_publishing(self, item: ArticleIn) -> None:
        self.store.crash_next = True
        with pytest.raises(RuntimeError, match="process died"):
            await self.ingestor.ingest(item)

    async def stream(self) -> list[tuple[str, Article]]:
        """(Nats-Msg-Id, article) of every message on the articles stream, oldest first."""
        return [
            ((msg.headers or {})["Nats-Msg-Id"], Article.model_validate_json(msg.data))
            for msg in await stream_messages(self.settings)
        ]

    def versions(self, article_id: str) -> list[tuple[int, bool]]:
        with Session(self.store.engine) as session:
            rows = session.exec(select(ArticleVersionRow).where(ArticleVersionRow.article_id == article_id))
            return sorted((row.version, row.acknowledged) for row in rows)

    def reservations(self) -> list[ReservationRow]:
        with Session(self.store.engine) as session:
            return list(session.exec(select(ReservationRow)).all())

    def count(self, name: str) -> float:
        return self.registry.get_sample_value(name) or 0.0


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'seen.db'}"
    else:
        with postgres_schema(request.getfixturevalue("postgres_url"), "ingest_test") as url:
            yield url


def make_pipeline(settings: Settings, database_url: str, publish: Publish | None = None) -> Pipeline:
    runtime = create_parts(settings).runtime
    engine = make_engine(database_url)
    migrate(engine)
    store = CrashBeforeRecording(engine)
    registry = CollectorRegistry()
    ingestor = Ingestor(
        store=store,
        publish=publish or make_publisher(runtime.broker),
        metrics=IngestMetrics(registry),
        detect_language=lambda text: "en",
        max_body_bytes=10_000,
    )
    return Pipeline(ingestor, store, registry, settings)


@pytest.fixture
async def pipeline(settings: Settings, database_url: str) -> AsyncIterator[Pipeline]:
    parts = create_parts(settings)
    built = make_pipeline(settings, database_url, make_publisher(parts.runtime.broker))
    await parts.runtime.broker.connect()
    try:
        await ensure_streams(parts.runtime.broker, parts.runtime.name)
        yield built
    finally:
        await parts.runtime.broker.stop()
        built.store.engine.dispose()


async def test_same_content_after_a_crash_is_on_the_stream_once_and_recorded(pipeline: Pipeline) -> None:
    await pipeline.crash_after_publishing(ARTICLE)

    retried = await pipeline.ingestor.ingest(ARTICLE)
    after = await pipeline.ingestor.ingest(ARTICLE)

    assert (retried.status, retried.version) == ("published", 1)
    assert after.status == "duplicate"
    assert [msg_id for msg_id, _ in await pipeline.stream()] == [f"{retried.id}:v1"]
    assert pipeline.versions(str(retried.id)) == [(1, True)]
    assert pipeline.reservations() == []
    assert pipeline.count("policywatch_ingest_publish_duplicates_total") == 1


async def test_other_content_after_a_crash_is_the_next_version_chained_to_the_reserved_hash(
    pipeline: Pipeline,
) -> None:
    await pipeline.crash_after_publishing(ARTICLE)

    edited = await pipeline.ingestor.ingest(EDIT)
    old_copy = await pipeline.ingestor.ingest(ARTICLE)

    (_, first), (msg_id, second) = await pipeline.stream()
    assert (edited.status, edited.version) == ("published", 2)
    assert (msg_id, second.previous_version_hash) == (f"{edited.id}:v2", first.content_hash)
    assert pipeline.versions(str(edited.id)) == [(1, False), (2, True)]
    assert (old_copy.status, old_copy.reason) == ("duplicate", "stale_version")
    assert pipeline.count("policywatch_ingest_versions_unconfirmed_total") == 1


async def test_an_edit_after_a_crashed_edit_loses_neither(pipeline: Pipeline) -> None:
    await pipeline.ingestor.ingest(ARTICLE)
    await pipeline.crash_after_publishing(EDIT)

    second_edit = await pipeline.ingestor.ingest(SECOND_EDIT)

    stream = await pipeline.stream()
    assert [msg_id for msg_id, _ in stream] == [f"{second_edit.id}:v{n}" for n in (1, 2, 3)]
    assert [article.previous_version_hash for _, article in stream] == [
        None,
        stream[0][1].content_hash,
        stream[1][1].content_hash,
    ]
    assert pipeline.versions(str(second_edit.id)) == [(1, True), (2, False), (3, True)]
    assert pipeline.reservations() == []


async def test_a_failed_publish_is_sent_by_the_retry_under_the_reserved_version(
    settings: Settings, database_url: str
) -> None:
    parts = create_parts(settings)
    publish = make_publisher(parts.runtime.broker)
    failures = [ConnectionError("broker unreachable")]

    async def publish_failing_once(article: Article) -> bool:
        if failures:
            raise failures.pop()
        return await publish(article)

    pipeline = make_pipeline(settings, database_url, publish_failing_once)
    await parts.runtime.broker.connect()
    try:
        await ensure_streams(parts.runtime.broker, parts.runtime.name)
        with pytest.raises(ConnectionError):
            await pipeline.ingestor.ingest(ARTICLE)
        retried: IngestResult = await pipeline.ingestor.ingest(ARTICLE)
    finally:
        await parts.runtime.broker.stop()
        pipeline.store.engine.dispose()

    assert (retried.status, retried.version) == ("published", 1)
    assert [msg_id for msg_id, _ in await pipeline.stream()] == [f"{retried.id}:v1"]
    assert pipeline.count("policywatch_ingest_publish_duplicates_total") == 0


def _article(article_id: str, version: int, content_hash: str) -> Article:
    return Article(
        id=article_id,
        url=f"https://example.org/{article_id}",
        title="Budget",
        text="The finance minister raised the defence budget.",
        source="example.org",
        content_hash=content_hash,
        version=version,
    )


def test_one_reservation_call_adds_keeps_and_replaces_reservations_together(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate(engine)
    store = SeenStore(engine)
    try:
        store.reserve_all([_article("kept", 1, "k1"), _article("replaced", 2, "r2")])
        [kept_before] = [r for r in _reservations(store) if r.article_id == "kept"]

        store.reserve_all(
            [_article("kept", 1, "k1"), _article("replaced", 3, "r3"), _article("new", 1, "n1")]
        )

        rows = {r.article_id: r for r in _reservations(store)}
        assert {k: (r.version, r.content_hash) for k, r in rows.items()} == {
            "kept": (1, "k1"),
            "replaced": (3, "r3"),
            "new": (1, "n1"),
        }
        assert rows["kept"].reserved_at == kept_before.reserved_at  # a retry's reservation is left alone
        with Session(engine) as session:
            versions = session.exec(select(ArticleVersionRow)).all()
        # The replaced reservation's version may be on the stream: kept, never to be reused.
        assert [(v.article_id, v.version, v.content_hash, v.acknowledged) for v in versions] == [
            ("replaced", 2, "r2", False)
        ]
    finally:
        engine.dispose()


def _reservations(store: SeenStore) -> list[ReservationRow]:
    with Session(store.engine) as session:
        return list(session.exec(select(ReservationRow)).all())
