"""The article handler on FastStream's in-memory TestNatsBroker, with a fake extractor."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest
from faststream.nats import NatsBroker, TestNatsBroker
from faststream.nats.annotations import NatsMessage
from prometheus_client import CollectorRegistry

from services.extract.events import ArticleText
from services.extract.handler import ExtractorSlot, make_article_handler, make_notifier, make_publisher
from services.extract.metrics import ExtractMetrics
from shared.broker import make_broker
from shared.consumer import ConsumerSpec, DeadLetters, subscribe
from shared.contract import Article, ArticleExtracted, Evidence, PolicyShift
from shared.service import ensure_streams
from shared.settings import NatsSettings, Settings
from shared.subjects import (
    ARTICLES_STREAM,
    ARTICLES_SUBJECT,
    EXTRACTIONS_SUBJECT,
    SHIFTS_ALL,
    articles_stream,
    extractions_stream,
    shifts_stream,
)
from tests.natsclient import connect


class FakeExtractor:
    """Returns one reversal per article, naming the article in its topic."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def extract(self, articles: Sequence[ArticleText]) -> list[list[PolicyShift]]:
        self.seen.extend(a.ref.id for a in articles)
        return [[_shift(a)] for a in articles]


def _shift(article: ArticleText) -> PolicyShift:
    return PolicyShift(
        id=PolicyShift.make_id(article.ref.id, "Canada", "digital services tax"),
        article_id=article.ref.id,
        article_version=article.ref.version,
        actor="Canada",
        topic="digital services tax",
        shift_type="reversal",
        evidence=Evidence(text=article.text, start=0, end=len(article.text)),
        confidence=0.9,
    )


def _article(article_id: str, language: str | None = "en", version: int = 1) -> Article:
    return Article(
        id=article_id, text="Canada rescinded its tax.", content_hash="h", language=language, version=version
    )


Published = list[tuple[str, PolicyShift | ArticleExtracted, str]]


def _wire(extractor: FakeExtractor) -> tuple[NatsBroker, CollectorRegistry, Published]:
    registry = CollectorRegistry()
    settings = NatsSettings()
    broker = make_broker(settings, service="extract", registry=registry)
    slot = ExtractorSlot()
    slot.extractor = extractor
    handler = make_article_handler(
        slot, make_publisher(broker), ExtractMetrics(registry), notify=make_notifier(broker)
    )
    spec = ConsumerSpec(
        service="extract", durable="extract", subject=ARTICLES_SUBJECT, stream=articles_stream()
    )
    subscribe(
        broker,
        spec,
        Article,
        handler,
        settings=settings,
        dead_letters=DeadLetters(broker, service="extract", registry=registry),
    )
    published: Published = []

    @broker.subscriber(SHIFTS_ALL, stream=shifts_stream())
    async def collect(shift: PolicyShift, msg: NatsMessage) -> None:
        published.append((msg.raw_message.subject, shift, msg.headers.get("Nats-Msg-Id", "")))

    @broker.subscriber(EXTRACTIONS_SUBJECT, stream=extractions_stream())
    async def collect_notice(notice: ArticleExtracted, msg: NatsMessage) -> None:
        published.append((msg.raw_message.subject, notice, msg.headers.get("Nats-Msg-Id", "")))

    return broker, registry, published


def _shifts(published: Published) -> list[tuple[str, PolicyShift]]:
    return [(subject, body) for subject, body, _ in published if isinstance(body, PolicyShift)]


async def test_article_yields_published_shift_on_actor_and_type_subject() -> None:
    extractor = FakeExtractor()
    broker, registry, published = _wire(extractor)
    async with TestNatsBroker(broker) as test_broker:
        await test_broker.publish(_article("a1"), ARTICLES_SUBJECT)
    assert [(subject, s.article_id) for subject, s in _shifts(published)] == [
        ("policy.shifts.v1.canada.reversal", "a1")
    ]
    assert registry.get_sample_value("policywatch_extract_articles_total") == 1.0
    assert registry.get_sample_value("policywatch_extract_shifts_total", {"shift_type": "reversal"}) == 1.0


async def test_non_english_article_is_skipped_and_counted() -> None:
    extractor = FakeExtractor()
    broker, registry, published = _wire(extractor)
    async with TestNatsBroker(broker) as test_broker:
        await test_broker.publish(_article("fr1", language="fr"), ARTICLES_SUBJECT)
    assert extractor.seen == []
    assert _shifts(published) == []
    assert registry.get_sample_value("policywatch_extract_skipped_total", {"reason": "language"}) == 1.0


async def test_extraction_notice_lists_the_version_shifts_after_them() -> None:
    broker, _, published = _wire(FakeExtractor())
    async with TestNatsBroker(broker) as test_broker:
        await test_broker.publish(_article("a1", version=2), ARTICLES_SUBJECT)
    [(_, shift, _), (subject, notice, msg_id)] = published
    assert subject == "policy.extractions.v1"
    assert msg_id == "a1:v2:extracted"
    assert isinstance(shift, PolicyShift) and isinstance(notice, ArticleExtracted)
    assert (notice.article_id, notice.article_version, notice.shift_ids) == ("a1", 2, [shift.id])
    assert notice.extractor == shift.extractor


async def test_skipped_article_still_gets_an_empty_extraction_notice() -> None:
    broker, _, published = _wire(FakeExtractor())
    async with TestNatsBroker(broker) as test_broker:
        await test_broker.publish(_article("fr1", language="fr", version=3), ARTICLES_SUBJECT)
    [(_, notice, msg_id)] = published
    assert isinstance(notice, ArticleExtracted)
    assert (notice.article_id, notice.article_version, notice.shift_ids) == ("fr1", 3, [])
    assert msg_id == "fr1:v3:extracted"


async def test_article_without_shifts_gets_an_empty_extraction_notice() -> None:
    class NothingFound(FakeExtractor):
        def extract(self, articles: Sequence[ArticleText]) -> list[list[PolicyShift]]:
            return [[] for _ in articles]

    broker, _, published = _wire(NothingFound())
    async with TestNatsBroker(broker) as test_broker:
        await test_broker.publish(_article("a2"), ARTICLES_SUBJECT)
    [(_, notice, _)] = published
    assert isinstance(notice, ArticleExtracted) and notice.shift_ids == []


@pytest.mark.nats
async def test_redelivered_article_counts_its_version_and_shifts_once(settings: Settings) -> None:
    """A failure after the shifts and the notice went out, before the ack: JetStream redelivers
    the article, the handler publishes everything again, JetStream drops the duplicates, and the
    metrics count the article version and its shift once."""
    registry = CollectorRegistry()
    broker = make_broker(settings.nats, service="extract", registry=registry)
    slot = ExtractorSlot()
    slot.extractor = FakeExtractor()
    metrics = ExtractMetrics(registry)
    handler = make_article_handler(slot, make_publisher(broker), metrics, notify=make_notifier(broker))
    deliveries, seen = asyncio.Queue[int](), [0]

    async def handle_then_fail_once(article: Article) -> None:
        await handler(article)
        seen[0] += 1
        deliveries.put_nowait(seen[0])
        if seen[0] == 1:
            raise RuntimeError("failed after the notice, before the ack")

    spec = ConsumerSpec(
        service="extract", durable="extract", subject=ARTICLES_SUBJECT, stream=articles_stream()
    )
    dead_letters = DeadLetters(broker, service="extract", registry=registry)
    subscribe(broker, spec, Article, handle_then_fail_once, settings=settings.nats, dead_letters=dead_letters)
    await broker.connect()
    await ensure_streams(broker, "extract")
    await broker.start()
    try:
        ingest = await connect(settings, "ingest")  # articles come from ingest: extract may not publish them
        try:
            await ingest.jetstream().publish(
                ARTICLES_SUBJECT,
                _article("a1").model_dump_json().encode(),
                stream=ARTICLES_STREAM,
                headers={"Nats-Msg-Id": "a1:v1"},
            )
        finally:
            await ingest.close()
        assert await asyncio.wait_for(deliveries.get(), 10) == 1
        assert await asyncio.wait_for(deliveries.get(), 10) == 2, "redelivered after the failure"
    finally:
        await broker.stop()
    assert registry.get_sample_value("policywatch_extract_shifts_total", {"shift_type": "reversal"}) == 1.0
    assert registry.get_sample_value("policywatch_extract_articles_total") == 1.0
