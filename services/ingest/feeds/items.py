"""From a feed item to an `ArticleIn`: the item's own content when it carries the article, else
the page it links to (robots.txt permitting), read with trafilatura."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from services.ingest.feeds.fetch import Fetcher, FetchError
from services.ingest.feeds.pages import extract_page
from services.ingest.feeds.parse import FeedItem
from services.ingest.schemas import ArticleIn
from shared.cleaning import clean_text

# Page failures that will not go away on the next poll: publish the feed's summary instead.
PERMANENT = frozenset({"too_large", "robots", "no_article", "blocked"})


class ItemUnavailable(Exception):
    """Nothing publishable for this item now; it is retried at the next poll."""


@dataclass(frozen=True)
class ItemArticle:
    article: ArticleIn
    canonical_hint: str | None
    from_page: bool


def is_summary(item: FeedItem, min_words: int) -> bool:
    return len(clean_text(item.content).split()) < min_words


async def article_for_item(item: FeedItem, *, source: str, fetcher: Fetcher, min_words: int) -> ItemArticle:
    if item.url and is_summary(item, min_words):
        try:
            return await _from_page(item, source=source, fetcher=fetcher)
        except FetchError as exc:
            if exc.kind not in PERMANENT or not clean_text(item.content):
                raise ItemUnavailable(str(exc)) from exc
    if not clean_text(item.content):
        raise ItemUnavailable("item has no content and no page")
    return ItemArticle(_article(item, source=source, text=item.content), None, from_page=False)


async def _from_page(item: FeedItem, *, source: str, fetcher: Fetcher) -> ItemArticle:
    assert item.url is not None
    if not await fetcher.allowed(item.url):
        raise FetchError("robots", f"robots.txt disallows {item.url}")
    fetched = await fetcher.get(item.url)
    # trafilatura parses the whole page: CPU work kept off the event loop.
    page = await asyncio.to_thread(extract_page, fetched.body, url=fetched.url)
    if page is None or not clean_text(page.text):
        raise FetchError("no_article", f"no article body found on {fetched.url}")
    article = _article(item, source=source, text=page.text)
    article.title = item.title or page.title or ""
    article.published_at = item.published_at or page.published_at
    article.byline = page.author or item.author
    return ItemArticle(article, page.canonical_url, from_page=True)


def _article(item: FeedItem, *, source: str, text: str) -> ArticleIn:
    return ArticleIn(
        id=item.key[:512],
        url=item.url,
        title=item.title[:2000],
        text=text,
        published_at=item.published_at,
        source=source,
        byline=item.author,
    )
