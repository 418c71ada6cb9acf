"""The article handler on FastStream's in-memory TestNatsBroker, with a fake extractor."""

from __future__ import annotations

from collections.abc import Sequence

from faststream.nats import NatsBroker, TestNatsBroker
from faststream.nats.annotations import NatsMessage
from prometheus_client import CollectorRegistry

from services.extract.events import ArticleText
from services.extract.handler import ExtractorSlot, make_article_handler, make_publisher
from services.extract.metrics import ExtractMetrics
from shared.broker import make_broker
from shared.consumer import ConsumerSpec, DeadLetters, subscribe
from shared.contract import Article, Evidence, PolicyShift
from shared.settings import NatsSettings
from shared.subjects import ARTICLES_SUBJECT, SHIFTS_ALL, articles_stream, shifts_stream


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


def _article(article_id: str, language: str | None = "en") -> Article:
    return Article(id=article_id, text="Canada rescinded its tax.", content_hash="h", language=language)


def _wire(extractor: FakeExtractor) -> tuple[NatsBroker, CollectorRegistry, list[tuple[str, PolicyShift]]]:
    registry = CollectorRegistry()
    settings = NatsSettings()
    broker = make_broker(settings, service="extract", registry=registry)
    slot = ExtractorSlot()
    slot.extractor = extractor
    handler = make_article_handler(slot, make_publisher(broker), ExtractMetrics(registry))
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
    published: list[tuple[str, PolicyShift]] = []

    @broker.subscriber(SHIFTS_ALL, stream=shifts_stream())
    async def collect(shift: PolicyShift, msg: NatsMessage) -> None:
        published.append((msg.raw_message.subject, shift))

    return broker, registry, published


async def test_article_yields_published_shift_on_actor_and_type_subject() -> None:
    extractor = FakeExtractor()
    broker, registry, published = _wire(extractor)
    async with TestNatsBroker(broker) as test_broker:
        await test_broker.publish(_article("a1"), ARTICLES_SUBJECT)
    assert [(subject, s.article_id) for subject, s in published] == [
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
    assert published == []
    assert registry.get_sample_value("policywatch_extract_skipped_total", {"reason": "language"}) == 1.0
