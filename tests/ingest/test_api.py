"""POST /articles through the real app on a real nats-server and SQLite seen-set."""

from __future__ import annotations

import json

import pytest

from shared.contract import Article
from shared.settings import Settings
from tests.ingest.conftest import running_app, stream_messages
from tests.ingest.stories import PETROL_BAN

pytestmark = pytest.mark.nats

ARTICLE = {
    "id": "wire-1",
    "url": "https://news.example.org/tariffs/pause?utm_source=rss",
    "title": "Government pauses steel tariffs",
    "text": "<p>The government paused its planned steel tariffs for 90 days on Monday.</p>\n.jpg)\n"
    "<p>The trade minister said talks would continue.</p>",
    "published": "2026-03-02T09:00:00Z",
    "source": "Example News",
}


async def test_posted_article_lands_on_the_articles_stream_with_its_msg_id(settings: Settings) -> None:
    async with running_app(settings) as (_, client):
        response = await client.post("/articles", json=ARTICLE)
    assert response.status_code == 200
    report = response.json()
    assert report["published"] == 1
    result = report["results"][0]
    assert (result["status"], result["version"], result["reason"]) == ("published", 1, "new")

    [msg] = await stream_messages(settings)
    article = Article.model_validate_json(msg.data or b"")
    assert msg.headers is not None
    assert msg.headers["Nats-Msg-Id"] == f"{result['id']}:v1"
    assert article.id == result["id"]
    assert article.canonical_url == "https://news.example.org/tariffs/pause"
    assert article.text == (
        "The government paused its planned steel tariffs for 90 days on Monday.\n\n"
        "The trade minister said talks would continue."
    )
    assert article.language == "en"
    assert (
        article.published_at is not None and article.published_at.isoformat() == "2026-03-02T09:00:00+00:00"
    )


async def test_duplicate_article_is_answered_as_duplicate_and_not_republished(settings: Settings) -> None:
    async with running_app(settings) as (_, client):
        first = (await client.post("/articles", json=ARTICLE)).json()["results"][0]
        again = dict(ARTICLE, url="https://www.news.example.org/tariffs/pause#top")
        second = (await client.post("/articles", json=again)).json()["results"][0]
        metrics = (await client.get("/metrics")).text
    assert second["status"] == "duplicate"
    assert second["reason"] == "already_published"
    assert second["id"] == first["id"]
    assert len(await stream_messages(settings)) == 1
    assert 'policywatch_ingest_articles_duplicates_total{reason="already_published"} 1.0' in metrics
    assert "policywatch_ingest_articles_published_total 1.0" in metrics
    assert "policywatch_ingest_articles_received_total 2.0" in metrics


async def test_batch_answers_per_article_in_request_order(settings: Settings) -> None:
    other = dict(
        ARTICLE,
        url="https://news.example.org/rates",
        title="Bank cuts rates",
        text="The central bank cut its main rate by a quarter point to 3.5 percent.",
    )
    async with running_app(settings) as (_, client):
        response = await client.post("/articles", json=[ARTICLE, other, ARTICLE, dict(ARTICLE, text=".jpg)")])
    report = response.json()
    assert [r["status"] for r in report["results"]] == ["published", "published", "duplicate", "invalid"]
    assert [r["index"] for r in report["results"]] == [0, 1, 2, 3]
    assert report["results"][3]["reason"] == "text: empty after cleaning"
    assert (report["published"], report["duplicates"], report["invalid"]) == (2, 1, 1)


async def test_invalid_single_article_is_422_naming_the_wrong_field(settings: Settings) -> None:
    async with running_app(settings) as (_, client):
        missing_text = await client.post("/articles", json={"title": "No body"})
        blank_text = await client.post("/articles", json=dict(ARTICLE, text=" \n\t "))
        bad_date = await client.post("/articles", json=dict(ARTICLE, published="yesterday-ish"))
        metrics = (await client.get("/metrics")).text
    assert missing_text.status_code == 422
    assert [e["loc"] for e in missing_text.json()["detail"]] == [["body", "text"]]
    assert blank_text.status_code == 422
    assert blank_text.json()["detail"][0]["msg"] == "the article has no text: it is empty or only whitespace"
    assert bad_date.status_code == 422
    assert bad_date.json()["detail"][0]["loc"] == ["body", "published"]
    assert "policywatch_ingest_articles_invalid_total 3.0" in metrics
    assert await stream_messages(settings) == []


async def test_batch_with_an_invalid_item_reports_it_and_publishes_the_valid_ones(settings: Settings) -> None:
    other = dict(ARTICLE, url="https://news.example.org/rates", text="The central bank cut its main rate.")
    batch = [ARTICLE, dict(ARTICLE, url="ftp://example.org/x"), {"title": "no text"}, "not an object", other]
    async with running_app(settings) as (_, client):
        response = await client.post("/articles", json=batch)
        metrics = (await client.get("/metrics")).text
    assert response.status_code == 200
    report = response.json()
    assert [(r["index"], r["status"]) for r in report["results"]] == [
        (0, "published"),
        (1, "invalid"),
        (2, "invalid"),
        (3, "invalid"),
        (4, "published"),
    ]
    reasons = [r["reason"] for r in report["results"][1:4]]
    assert reasons[0] == "url: Value error, must be an absolute http(s) URL"
    assert reasons[1] == "text: Field required"
    assert reasons[2].startswith("item: Input should be a valid dictionary")
    assert (report["published"], report["duplicates"], report["invalid"]) == (2, 0, 3)
    assert "policywatch_ingest_articles_invalid_total 3.0" in metrics
    published = await stream_messages(settings)
    assert sorted(Article.model_validate_json(m.data).url or "" for m in published) == [
        "https://news.example.org/rates",
        "https://news.example.org/tariffs/pause?utm_source=rss",
    ]


@pytest.mark.parametrize(
    ("headers", "sent"),
    [
        ({}, "no Content-Type"),
        (
            {"Content-Type": "application/x-www-form-urlencoded"},
            "Content-Type 'application/x-www-form-urlencoded'",
        ),
        ({"Content-Type": "text/plain"}, "Content-Type 'text/plain'"),
    ],
)
async def test_body_not_sent_as_json_is_415_saying_what_to_send(
    settings: Settings, headers: dict[str, str], sent: str
) -> None:
    body = json.dumps(ARTICLE).encode()
    async with running_app(settings) as (_, client):
        response = await client.post("/articles", content=body, headers=headers)
    assert response.status_code == 415
    assert response.json()["detail"] == (
        f"the request body must be JSON, sent with Content-Type: application/json (this one has {sent})"
    )
    assert await stream_messages(settings) == []


async def test_restarted_app_does_not_republish_what_it_published(settings: Settings) -> None:
    async with running_app(settings) as (_, client):
        first = (await client.post("/articles", json=ARTICLE)).json()["results"][0]
    async with running_app(settings) as (_, client):
        second = (await client.post("/articles", json=ARTICLE)).json()["results"][0]
        looked_up = (await client.get(f"/articles/{first['id']}")).json()
    assert (second["status"], second["reason"]) == ("duplicate", "already_published")
    assert len(await stream_messages(settings)) == 1
    assert looked_up["version"] == 1
    assert looked_up["sources"] == ["Example News"]


async def test_edited_article_is_published_as_the_next_version(settings: Settings) -> None:
    edited = dict(ARTICLE, text=ARTICLE["text"].replace("90 days", "120 days"))
    async with running_app(settings) as (_, client):
        first = (await client.post("/articles", json=ARTICLE)).json()["results"][0]
        second = (await client.post("/articles", json=edited)).json()["results"][0]
    assert (second["status"], second["reason"], second["version"]) == ("published", "edited", 2)
    v1, v2 = (Article.model_validate_json(m.data or b"") for m in await stream_messages(settings))
    assert v2.id == v1.id == first["id"]
    assert v2.previous_version_hash == v1.content_hash
    assert "120 days" in v2.text


async def test_health_and_readiness_include_the_database(settings: Settings) -> None:
    async with running_app(settings) as (_, client):
        ready = await client.get("/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"broker": True, "database": True}


async def test_syndicated_copy_is_one_article_with_several_sources(settings: Settings) -> None:
    original = {
        "url": "https://wire.example/petrol-ban",
        "title": "Petrol ban delayed",
        "text": PETROL_BAN,
        "source": "Wire",
    }
    copy = {
        "url": "https://daily.example/news/99",
        "title": "Ministry delays petrol car ban",
        "text": PETROL_BAN + "\nReporting by a staff writer.",
        "source": "Daily",
    }
    exact = dict(copy, url="https://weekly.example/a", source="Weekly", text=PETROL_BAN)
    async with running_app(settings) as (_, client):
        first = (await client.post("/articles", json=original)).json()["results"][0]
        near = (await client.post("/articles", json=copy)).json()["results"][0]
        same = (await client.post("/articles", json=exact)).json()["results"][0]
        record = (await client.get(f"/articles/{first['id']}")).json()
    assert (near["status"], near["reason"], near["duplicate_of"]) == (
        "duplicate",
        "near_duplicate",
        first["id"],
    )
    assert (same["status"], same["duplicate_of"]) == ("duplicate", first["id"])
    assert record["sources"] == ["Wire", "Daily", "Weekly"]
    assert len(await stream_messages(settings)) == 1


async def test_copies_of_one_story_posted_at_the_same_time_publish_once(settings: Settings) -> None:
    import asyncio

    copies = [
        {"url": f"https://outlet{n}.example/petrol", "title": "Petrol ban delayed", "text": PETROL_BAN}
        for n in range(4)
    ]
    async with running_app(settings) as (_, client):
        responses = await asyncio.gather(*(client.post("/articles", json=copy) for copy in copies))
    results = [r.json()["results"][0] for r in responses]
    assert sorted(r["status"] for r in results) == ["duplicate", "duplicate", "duplicate", "published"]
    assert len({r["id"] for r in results}) == 1
    assert len(await stream_messages(settings)) == 1
