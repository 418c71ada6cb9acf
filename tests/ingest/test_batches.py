"""A batch POST is decided in groups and written in a few transactions, with the same verdicts as
the same articles posted one at a time (real nats-server, SQLite)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from services.ingest.batches import Group
from services.ingest.dedup import Candidate, Decision, Verdict
from services.ingest.schemas import ArticleIn
from shared.settings import Settings
from tests.ingest.stories import FUEL_DUTY, PETROL_BAN, RATE_HOLD
from tests.ingest.test_publish_guarantees import Pipeline, make_pipeline

pytestmark = pytest.mark.nats


def _item(url: str, text: str, source: str | None = None) -> ArticleIn:
    return ArticleIn(url=url, title="Policy", text=text, source=source)


# In one request: a new story, its syndicated copy, the same URL edited, a near copy with a wire
# tagline, an exact repeat, and two unrelated stories.
BATCH = [
    _item("https://a.example/petrol", PETROL_BAN),
    _item("https://b.example/petrol-copy", PETROL_BAN, source="b.example"),
    _item("https://a.example/petrol", PETROL_BAN.replace("Tuesday", "Wednesday")),
    _item("https://c.example/petrol", PETROL_BAN + "\nReporting by a staff writer.", source="c.example"),
    _item("https://a.example/petrol", PETROL_BAN.replace("Tuesday", "Wednesday")),
    _item("https://a.example/fuel", FUEL_DUTY),
    _item("https://a.example/rates", RATE_HOLD),
]


def _candidate(id_: str, content_hash: str, fingerprint: tuple[int, ...] | None = None) -> Candidate:
    return Candidate(
        id=id_,
        url=None,
        canonical_url=None,
        title="",
        text="",
        source="s",
        published_at=None,
        content_hash=content_hash,
        fingerprint=fingerprint,
        language="en",
    )


def test_a_group_clashes_with_what_its_publishes_and_syndications_write() -> None:
    group = Group()
    group.add(_candidate("a", "h1", (1,) * 64), Decision(Verdict.NEW, "a", 1))
    group.add(_candidate("b", "h2"), Decision(Verdict.SAME_CONTENT, "orig", 1))

    new = Decision(Verdict.NEW, "x", 1)
    assert group.clashes(_candidate("a", "h9"), Decision(Verdict.EDITED, "a", 2))
    assert group.clashes(_candidate("x", "h1"), new)
    assert group.clashes(_candidate("x", "h9", (1,) * 60 + (2,) * 4), new)
    assert group.clashes(_candidate("y", "h9"), Decision(Verdict.NEAR_DUPLICATE, "orig", 1))
    assert not group.clashes(_candidate("x", "h9", (2,) * 64), new)
    assert not group.clashes(_candidate("x", "h2"), new)  # a duplicate wrote no content


@pytest.fixture
async def pipelines(settings: Settings, tmp_path: Path) -> AsyncIterator[tuple[Pipeline, Pipeline]]:
    from services.ingest.app import create_parts
    from services.ingest.ingestor import make_publisher
    from shared.service import ensure_streams

    parts = create_parts(settings)
    # One stream for both: the batched run's publishes are repeats JetStream drops (acked as
    # duplicates); the verdicts compared come from each pipeline's own seen-set.
    publish = make_publisher(parts.runtime.broker)
    one = make_pipeline(settings, f"sqlite:///{tmp_path / 'one.db'}", publish)
    batched = make_pipeline(settings, f"sqlite:///{tmp_path / 'batched.db'}", publish)
    await parts.runtime.broker.connect()
    try:
        await ensure_streams(parts.runtime.broker, parts.runtime.name)
        yield one, batched
    finally:
        await parts.runtime.broker.stop()
        one.store.engine.dispose()
        batched.store.engine.dispose()


async def test_a_batch_gets_the_verdicts_of_the_same_articles_posted_one_at_a_time(
    pipelines: tuple[Pipeline, Pipeline],
) -> None:
    one, batched = pipelines
    singly = [await one.ingestor.ingest(item, index=n) for n, item in enumerate(BATCH)]

    together = await batched.ingestor.ingest_many(BATCH)

    def verdicts(results: list) -> list[tuple[int, str, str | None, int | None]]:  # type: ignore[type-arg]
        return [(r.index, r.status, r.reason, r.version) for r in results]

    assert verdicts(together) == verdicts(singly)
    assert [r.reason for r in together] == [
        "new", "same_content", "edited", "near_duplicate", "already_published", "new", "new",
    ]  # fmt: skip
    original = batched.store.get(str(together[0].id))
    assert original is not None and original.version == 2
    assert sorted(original.sources) == ["a.example", "b.example", "c.example"]
    assert batched.reservations() == []
