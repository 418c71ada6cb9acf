"""Reading an article page with trafilatura: body without navigation, captions and debris,
plus title, date, byline and the page's rel=canonical URL. Pure: HTML in, `Page` out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    published_at: datetime | None
    author: str | None
    canonical_url: str | None


def extract_page(html: str | bytes, *, url: str) -> Page | None:
    """The article in `html`, or None when trafilatura finds no article body."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_tables=False,
        include_links=False,
        favor_precision=True,
    )
    if document is None or isinstance(document, dict) or not getattr(document, "text", None):
        return None
    title = document.title or None
    text = _without_headline(document.text or "", title)
    canonical = document.url if document.url and document.url != url else None
    return Page(
        text=text,
        title=title,
        published_at=_date(document.date),
        author=document.author or None,
        canonical_url=canonical,
    )


def _without_headline(text: str, title: str | None) -> str:
    # trafilatura keeps the <h1> as the first line; the headline travels in Article.title
    first, _, rest = text.partition("\n")
    return rest if title and first.strip() == title.strip() else text


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
