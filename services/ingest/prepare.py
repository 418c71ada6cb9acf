"""From an incoming article to a `Candidate` (cleaned, identified) and to the wire `Article`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlsplit

from services.ingest.dedup import Candidate, Decision
from services.ingest.fingerprint import minhash
from services.ingest.identity import article_id, canonical_url, content_hash
from services.ingest.schemas import ArticleIn
from shared.cleaning import clean_text, clean_title
from shared.contract import Article, utcnow

DetectLanguage = Callable[[str], str | None]


class InvalidArticle(ValueError):
    """An article ingest will not publish; the message says why."""


def prepare(
    item: ArticleIn,
    *,
    detect_language: DetectLanguage,
    max_body_bytes: int,
    canonical_hint: str | None = None,
) -> Candidate:
    """Clean and identify `item`; `canonical_hint` is a page's rel=canonical, if one was read."""
    if len(item.text.encode("utf-8")) > max_body_bytes:
        raise InvalidArticle(f"text: larger than {max_body_bytes} bytes")
    text = clean_text(item.text)
    if not text:
        raise InvalidArticle("text: empty after cleaning")
    title = clean_title(item.title)
    canonical = _canonical(canonical_hint) or _canonical(item.url)
    source = item.source or _host(canonical or item.url) or "unknown"
    hash_ = content_hash(title, text)
    return Candidate(
        id=article_id(canonical=canonical, source=source, external_id=item.id, hash_=hash_),
        url=item.url,
        canonical_url=canonical,
        title=title,
        text=text,
        source=source,
        published_at=item.published_at,
        content_hash=hash_,
        fingerprint=minhash(text),
        language=item.language or detect_language(f"{title}\n{text}"),
        byline=item.byline,
    )


def to_article(candidate: Candidate, decision: Decision, *, fetched_at: datetime | None = None) -> Article:
    """The wire message for a candidate the dedup decision publishes."""
    return Article(
        id=decision.article_id,
        url=candidate.url,
        canonical_url=candidate.canonical_url,
        title=candidate.title,
        text=candidate.text,
        source=candidate.source,
        published_at=candidate.published_at,
        fetched_at=fetched_at or utcnow(),
        content_hash=candidate.content_hash,
        language=candidate.language,
        version=decision.version,
        previous_version_hash=decision.previous_version_hash,
        sources=list(decision.sources),
        byline=candidate.byline,
    )


def message_id(article: Article) -> str:
    """The `Nats-Msg-Id` of an article version: JetStream drops a repeat within 24 hours."""
    return f"{article.id}:v{article.version}"


def _canonical(url: str | None) -> str | None:
    return canonical_url(url) if url else None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
