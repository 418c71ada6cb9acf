"""Feeds and pages written for the tests (RSS 2.0, RSS 0.91, Atom, JSON Feed, article HTML)."""

from __future__ import annotations

import json
from html import escape


def rss(items: list[dict[str, str]], version: str = "2.0") -> bytes:
    body = "".join(
        f"<item><title>{escape(i['title'])}</title><link>{escape(i['link'])}</link>"
        f"<guid>{escape(i.get('guid', i['link']))}</guid>"
        f"<description>{escape(i.get('summary', ''))}</description>"
        f"<pubDate>{i.get('date', 'Tue, 03 Mar 2026 10:00:00 GMT')}</pubDate></item>"
        for i in items
    )
    return (
        f'<?xml version="1.0"?><rss version="{version}"><channel><title>Test feed</title>'
        f"<link>http://127.0.0.1/</link><description>d</description>{body}</channel></rss>"
    ).encode()


def atom(entries: list[dict[str, str]]) -> bytes:
    body = "".join(
        f'<entry><title>{escape(e["title"])}</title><link href="{escape(e["link"])}"/>'
        f"<id>{escape(e['link'])}</id><updated>{e.get('updated', '2026-03-03T10:00:00Z')}</updated>"
        f"<summary>{escape(e.get('summary', ''))}</summary></entry>"
        for e in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Atom test</title><id>urn:test</id><updated>2026-03-03T10:00:00Z</updated>{body}</feed>"
    ).encode()


def json_feed(items: list[dict[str, str]]) -> bytes:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "JSON test",
            "items": [
                {
                    "id": i["link"],
                    "url": i["link"],
                    "title": i["title"],
                    "content_html": i.get("summary", ""),
                    "date_published": "2026-03-03T10:00:00Z",
                }
                for i in items
            ],
        }
    ).encode()


def article_page(
    *, title: str, paragraphs: list[str], canonical: str | None = None, author: str = ""
) -> bytes:
    link = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    meta = f'<meta name="author" content="{escape(author)}">' if author else ""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{escape(title)} | Test Times</title>{link}{meta}"
        '<meta property="article:published_time" content="2026-03-03T10:00:00Z"></head><body>'
        '<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>'
        f"<article><h1>{escape(title)}</h1>{body}"
        "<figure><img src='/x.jpg'><figcaption>The minister at work. Photo: Agency</figcaption></figure>"
        "</article><footer>Copyright Test Times. Share on Facebook</footer></body></html>"
    ).encode()
