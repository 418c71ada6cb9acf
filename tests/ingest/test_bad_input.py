"""Bodies and sizes that used to answer 500 or 503: each now gets a clear 4xx or an 'invalid'."""

from __future__ import annotations

import time

import pytest

from shared.settings import Settings
from tests.ingest.conftest import running_app, stream_messages

pytestmark = pytest.mark.nats

JSON = {"content-type": "application/json"}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/articles", b'{"text": "\\ud800abc"}'),
        ("/articles", b'{"text": "Rates rose.", "title": "\\udc00"}'),
        ("/sources", b'{"url": "https://feeds.example.org/rss", "max_silence_seconds": NaN}'),
        ("/sources", b'{"url": "https://feeds.example.org/rss", "poll_seconds": Infinity}'),
    ],
    ids=["surrogate-text", "surrogate-title", "nan-silence", "infinite-poll"],
)
async def test_lone_surrogates_and_non_finite_numbers_are_422(
    settings: Settings, path: str, body: bytes
) -> None:
    async with running_app(settings) as (_, client):
        response = await client.post(path, content=body, headers=JSON)
        ready = await client.get("/ready")
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["type"] == "json_invalid"
    assert ready.status_code == 200
    assert await stream_messages(settings) == []


@pytest.mark.parametrize(("field", "value"), [("poll_seconds", 1e308), ("max_silence_seconds", 1e308)])
async def test_source_intervals_are_bounded(settings: Settings, field: str, value: float) -> None:
    async with running_app(settings) as (_, client):
        response = await client.post("/sources", json={"url": "https://feeds.example.org/rss", field: value})
        listed = (await client.get("/sources")).json()
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", field]
    assert listed == []


async def test_article_over_the_size_limit_is_413_at_once_not_a_broker_error(settings: Settings) -> None:
    text = "The ministry raised the levy. " * (4_400_000 // 30)  # 4.4 MB, once documented as accepted
    async with running_app(settings) as (_, client):
        started = time.monotonic()
        response = await client.post("/articles", json={"text": text})
        took = time.monotonic() - started
        ready = await client.get("/ready")
    assert response.status_code == 413, response.text
    assert str(settings.ingest.max_body_bytes) in response.json()["detail"]
    assert took < 5
    assert ready.status_code == 200
    assert await stream_messages(settings) == []


async def test_article_that_cannot_fit_one_nats_message_is_invalid_not_503(settings: Settings) -> None:
    # a limit set above the server's max_payload (1 MiB): the article is refused with its reason
    settings.ingest.max_body_bytes = 3_000_000
    text = "Officials said the tariff would rise. " * (1_500_000 // 38)
    async with running_app(settings) as (_, client):
        response = await client.post("/articles", json={"text": text})
        small = await client.post("/articles", json={"text": "The central bank held rates at 4 percent."})
    assert response.status_code == 200, response.text
    [result] = response.json()["results"]
    assert result["status"] == "invalid"
    assert "max_payload" in result["reason"]
    assert small.json()["published"] == 1
    assert len(await stream_messages(settings)) == 1


@pytest.mark.parametrize("field", ["id", "source", "byline", "url"])
async def test_a_nul_character_in_an_articles_name_fields_is_422_and_nothing_is_published(
    settings: Settings, field: str
) -> None:
    """PostgreSQL's text holds no U+0000: an article carrying one in a field that reaches the
    stores downstream as it is (alert's shifts keep the source and URL) would fail there until
    dead-lettered. Text and title are cleaned of control characters instead."""
    value = "https://example.org/a\x00b" if field == "url" else "a\x00b"
    article = {"text": "Rates rose.", field: value}
    async with running_app(settings) as (_, client):
        response = await client.post("/articles", json=article)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"][-1] == field
    assert await stream_messages(settings) == []
