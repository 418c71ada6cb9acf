"""The offline reader: a record's publication date reaches the article (it dates recalled changes)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from services.extract.offline import published_at, to_article


def test_a_record_date_becomes_an_aware_publication_time() -> None:
    article = to_article({"id": "a", "title": "T", "text": "Body.", "published": "2024-12-20"})
    assert article.ref.published_at == datetime(2024, 12, 20, tzinfo=UTC)


def test_a_timestamp_keeps_its_zone_and_a_bad_or_missing_date_is_none() -> None:
    plus_two = timezone(timedelta(hours=2))
    assert published_at("2025-06-19T09:30:00+02:00") == datetime(2025, 6, 19, 9, 30, tzinfo=plus_two)
    assert published_at("June 19") is None
    assert published_at(None) is None
    assert to_article({"id": "a", "text": "Body."}).ref.published_at is None
