"""Extraction is bounded per article and never stalls the service (real nats-server and model)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import nats
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.extract.app import create_app
from services.extract.events import ArticleRef, ArticleText
from services.extract.extractor import Extractor
from services.extract.worker import extract_guarded
from shared.contract import Article, ArticleExtracted, DeadLetter
from shared.settings import Settings
from shared.subjects import ARTICLES_STREAM, ARTICLES_SUBJECT, DEADLETTER_ALL, EXTRACTIONS_SUBJECT
from tests.natsclient import connect

pytestmark = [pytest.mark.nats, pytest.mark.slow]

PROSE = "The central bank raised its policy rate from 4% to 4.5% on Tuesday, the governor said.\n"


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://extract") as client:
            yield client


async def publish(js, article_id: str, text: str) -> None:  # type: ignore[no-untyped-def]
    article = Article(id=article_id, text=text, content_hash=article_id, language="en")
    headers = {"Nats-Msg-Id": f"{article_id}:v1"}
    await js.publish(
        ARTICLES_SUBJECT, article.model_dump_json().encode(), stream=ARTICLES_STREAM, headers=headers
    )


async def test_a_pathological_article_never_stalls_health_and_is_extracted(settings: Settings) -> None:
    app = create_app(settings)
    async with running(app) as client:
        nc = await connect(settings)
        try:
            js = nc.jetstream()
            notices = await js.subscribe(EXTRACTIONS_SUBJECT, ordered_consumer=True)
            # 6 KB of `![` blocked /health for 13.5 s; 40 KB, unguarded, would take minutes
            await publish(js, "brackets", "![" * 20_000 + "\n" + PROSE)
            slowest = 0.0
            notice = None
            deadline = time.monotonic() + 60
            while notice is None and time.monotonic() < deadline:
                started = time.monotonic()
                assert (await client.get("/health")).status_code == 200
                slowest = max(slowest, time.monotonic() - started)
                try:
                    notice = ArticleExtracted.model_validate_json((await notices.next_msg(timeout=0.1)).data)
                except nats.errors.TimeoutError:
                    continue
        finally:
            await nc.close()
    assert notice is not None and notice.article_id == "brackets"
    assert len(notice.shift_ids) == 1
    assert slowest < 0.5


async def test_an_article_past_its_budget_is_dead_lettered_and_the_next_one_is_extracted(
    settings: Settings,
) -> None:
    settings.extract.budget_seconds = 0.5
    app = create_app(settings)
    async with running(app):
        nc = await connect(settings)
        try:
            js = nc.jetstream()
            letters = await js.subscribe(DEADLETTER_ALL, ordered_consumer=True)
            notices = await js.subscribe(EXTRACTIONS_SUBJECT, ordered_consumer=True)
            await publish(js, "huge", PROSE * 4000)  # 360 KB of cue sentences: about 10 s of parsing
            await publish(js, "small", PROSE)
            letter = DeadLetter.model_validate_json((await letters.next_msg(timeout=30)).data)
            notice = ArticleExtracted.model_validate_json((await notices.next_msg(timeout=30)).data)
        finally:
            await nc.close()
    assert letter.service == "extract"
    assert "exceeded its 0.5 s budget" in letter.reason
    assert letter.deliveries == 1
    assert notice.article_id == "small" and len(notice.shift_ids) == 1


# Junk and words. Prose dense with policy changes costs more per byte (every sentence is parsed):
# that is real work, bounded per article by the budget (test above), not a pathology.
SOUP = ["![", "[", "(", "'", "$", "\U0001f600", "a:", "_", "<", "-", "word ", " ", "\n", ". ", "A cat sat. "]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(SOUP), st.integers(1, 250_000)), min_size=1, max_size=4).map(
        lambda parts: "".join(unit * count for unit, count in parts)[:1_000_000]
    )
)
def test_any_text_up_to_the_size_limit_is_extracted_in_linear_time(extractor: Extractor, text: str) -> None:
    started = time.perf_counter()
    extract_guarded(extractor, [ArticleText(ArticleRef(id="soup"), text)])
    # about 10 s per MB at worst on this 2-core machine (1 MB of apostrophes); budget: 30 s
    assert time.perf_counter() - started < 2.0 + 25.0 * len(text) / 1_000_000
