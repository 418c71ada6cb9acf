"""Reading a feed body into items: RSS 0.9x/2.0 and Atom through feedparser, JSON Feed by hand
(feedparser 6.0 does not read it). Pure: bytes in, items out, no network."""

from __future__ import annotations

import calendar
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin


class FeedError(ValueError):
    """The body is not a feed we can read (broken XML with no items, bad JSON...)."""


@dataclass(frozen=True)
class FeedItem:
    key: str  # the feed's own id for the item, else its link, else a hash of its title
    url: str | None
    title: str
    content: str  # HTML or text: full content if the feed carries it, else the summary
    published_at: datetime | None
    author: str | None
    digest: str  # changes when the feed's copy of the item changes (an edit)


def parse_feed(body: bytes, *, url: str, content_type: str = "") -> list[FeedItem]:
    """Items of a feed, newest order preserved; raises `FeedError` when nothing can be read."""
    head = body.lstrip()[:1]
    if "json" in content_type or head == b"{":
        return parse_json_feed(body, url=url)
    return parse_xml_feed(body, url=url, content_type=content_type)


def parse_xml_feed(body: bytes, *, url: str, content_type: str = "") -> list[FeedItem]:
    import feedparser

    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers, sanitize_html=True)
    items = [item for item in (_xml_item(entry, url) for entry in parsed.entries) if item.url or item.title]
    if not items:
        if parsed.get("bozo"):
            raise FeedError(f"unreadable feed: {parsed.get('bozo_exception')!r}")
        if not parsed.get("version"):
            raise FeedError("not a feed (no RSS, Atom or JSON Feed root)")
    return items


def _xml_item(entry: Any, base: str) -> FeedItem:
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    content = max(contents, key=len) if contents else entry.get("summary", "")
    link = entry.get("link") or None
    title = entry.get("title", "")
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    published = datetime.fromtimestamp(calendar.timegm(when), UTC) if when else None
    key = entry.get("id") or link or _hash(title)
    return FeedItem(
        key=key,
        url=urljoin(base, link) if link else None,
        title=title,
        content=content,
        published_at=published,
        author=entry.get("author"),
        digest=_hash(title, content, entry.get("updated", "")),
    )


def parse_json_feed(body: bytes, *, url: str) -> list[FeedItem]:
    """JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        document = json.loads(body)
    except ValueError as exc:
        raise FeedError(f"unreadable JSON Feed: {exc}") from exc
    if not isinstance(document, dict) or "jsonfeed.org" not in str(document.get("version", "")):
        raise FeedError("not a JSON Feed (no jsonfeed.org version)")
    return [_json_item(item, url) for item in document.get("items", []) if isinstance(item, dict)]


def _json_item(item: dict[str, Any], base: str) -> FeedItem:
    link = item.get("url") or item.get("external_url")
    title = str(item.get("title") or "")
    content = str(item.get("content_html") or item.get("content_text") or item.get("summary") or "")
    authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
    author = next((a.get("name") for a in authors if isinstance(a, dict) and a.get("name")), None)
    return FeedItem(
        key=str(item.get("id") or link or _hash(title)),
        url=urljoin(base, link) if link else None,
        title=title,
        content=content,
        published_at=_iso(item.get("date_published") or item.get("date_modified")),
        author=author,
        digest=_hash(title, content, str(item.get("date_modified") or "")),
    )


def _iso(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
