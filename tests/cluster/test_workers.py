"""Horizontal workers: two extract processes share the `extract` durable, two alert replicas share
`alert` and `alert-extractions` on one PostgreSQL; both extract processes do work, and no article
becomes two alerts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench.chaos.articles import ACTORS, make_articles
from bench.chaos.feed import FeedResult, post_article
from bench.chaos.stack import ChaosStack, Worker, chaos_stack, database_of, prepare
from bench.chaos.verify import classify, stored_alerts, streamed_alerts, wait_idle
from shared.settings import NatsSettings
from tests.databases import postgres_schema

pytestmark = [pytest.mark.cluster, pytest.mark.nats, pytest.mark.slow, pytest.mark.postgres]

ARTICLES = 80


@pytest.fixture
def shared_database(postgres_url: str) -> Iterator[str]:
    with postgres_schema(postgres_url, "pw_workers") as url:
        yield url


def counter(worker: Worker, name: str) -> float:
    """The value of an unlabelled counter on a worker's /metrics."""
    text = httpx.get(f"{worker.url}/metrics", timeout=10).text
    found = re.search(rf"^{name} ([0-9.e+]+)$", text, re.M)
    return float(found[1]) if found else 0.0


def admin(stack: ChaosStack) -> NatsSettings:
    return NatsSettings(url=stack.nats_url, creds_file=stack.auth.creds("admin"))


async def test_two_extract_and_two_alert_processes_share_the_work_and_alert_each_article_once(
    tmp_path: Path, shared_database: str
) -> None:
    articles = make_articles(ARTICLES, seed=5, run="workers")
    counts = {"ingest": 1, "extract": 2, "alert": 2}
    with chaos_stack(tmp_path, counts=counts, database_url=shared_database, cluster=True) as stack:
        keys = prepare(stack, actors=list(ACTORS))
        result = FeedResult()
        ingest = [w.url for w in stack.of("ingest")]
        async with httpx.AsyncClient(timeout=30) as http:
            for article in articles:
                await post_article(http, lambda: ingest, keys.ingest, article, result)
        await wait_idle(admin(stack), timeout=120)
        extracted = {w.name: counter(w, "policywatch_extract_articles_total") for w in stack.of("extract")}
        received = {w.name: counter(w, "policywatch_alert_shifts_received_total") for w in stack.of("alert")}
        stored = stored_alerts(database_of(stack))
        streamed = await streamed_alerts(admin(stack))

    assert len(result.accepted) == ARTICLES
    assert all(done > 0 for done in extracted.values()), f"an extract process did nothing: {extracted}"
    assert sum(extracted.values()) == ARTICLES, f"an article was extracted twice: {extracted}"
    assert sum(received.values()) == ARTICLES, f"a shift was received twice: {received}"
    for where, alerts in (("database", stored), ("stream", streamed)):
        figures = classify(result.accepted, alerts)
        assert figures.figures() == {"ok": ARTICLES, "lost": 0, "duplicate": 0, "unexpected": 0}, (
            where,
            figures,
        )
