"""Posting generated articles to ingest as a client would: retry on 503 or a lost connection
(another ingest process, after a pause) until ingest answers for the article."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import httpx

from bench.chaos.articles import GeneratedArticle


@dataclass
class FeedResult:
    accepted: dict[str, str] = field(default_factory=dict)  # key -> article id
    outcomes: dict[str, str] = field(default_factory=dict)  # key -> published / duplicate:<reason>
    retries: int = 0


async def post_article(
    http: httpx.AsyncClient,
    urls: Callable[[], Sequence[str]],
    key: str,
    article: GeneratedArticle,
    result: FeedResult,
    *,
    deadline: float = 180.0,
) -> None:
    """Until ingest takes `article`: a 503 (NATS unavailable) or a dead ingest is retried."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + deadline
    failed_before = False
    for attempt in itertools.count():
        choices = urls()
        url = choices[attempt % len(choices)] if choices else None
        try:
            if url is None:
                raise httpx.ConnectError("no ingest process is up")
            response = await http.post(f"{url}/articles", json=article.body(), headers={"X-API-Key": key})
            if response.status_code == 200:
                [item] = response.json()["results"]
                status = item["status"]
                if status == "published" or (status == "duplicate" and failed_before):
                    result.accepted[article.key] = item.get("id", "")
                result.outcomes[article.key] = status if status != "duplicate" else f"duplicate:{item}"
                return
            if response.status_code != 503:
                raise AssertionError(f"ingest answered {response.status_code}: {response.text}")
        except httpx.HTTPError:
            pass
        failed_before = True
        result.retries += 1
        if loop.time() > give_up:
            raise TimeoutError(f"ingest never took {article.key}")
        await asyncio.sleep(0.25)


async def post_batch(
    http: httpx.AsyncClient,
    urls: Callable[[], Sequence[str]],
    key: str,
    articles: Sequence[GeneratedArticle],
    result: FeedResult,
    *,
    deadline: float = 180.0,
) -> list[str]:
    """Post `articles` in one request until ingest answers; returns each one's status. An article
    ingest already published before a failed attempt comes back as a duplicate of itself: it
    counts as accepted (as in `post_article`)."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + deadline
    failed_before = False
    for attempt in itertools.count():
        choices = urls()
        try:
            if not choices:
                raise httpx.ConnectError("no ingest process is up")
            url = choices[attempt % len(choices)]
            body = [article.body() for article in articles]
            response = await http.post(f"{url}/articles", json=body, headers={"X-API-Key": key})
            if response.status_code == 200:
                items = response.json()["results"]
                for article, item in zip(articles, items, strict=True):
                    status = item["status"]
                    if status == "published" or (status == "duplicate" and failed_before):
                        result.accepted[article.key] = item.get("id", "")
                    result.outcomes[article.key] = status
                return [item["status"] for item in items]
            if response.status_code != 503:
                raise AssertionError(f"ingest answered {response.status_code}: {response.text}")
        except httpx.HTTPError:
            pass
        failed_before = True
        result.retries += 1
        if loop.time() > give_up:
            raise TimeoutError(f"ingest never took {[a.key for a in articles]}")
        await asyncio.sleep(0.25)
    raise AssertionError("unreachable")
