"""Feed sources end to end: a loopback HTTP server serving feeds and pages, a real nats-server,
the real ingest app with its poller driven by the test (its own clock, explicit polls)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from shared.contract import Article
from shared.settings import Settings
from tests.ingest.conftest import running_app, stream_messages
from tests.ingest.feeddocs import article_page, atom, json_feed, rss
from tests.ingest.feedserver import FeedServer, Route
from tests.ingest.stories import FUEL_DUTY, PETROL_BAN, RATE_HOLD
from tests.natsclient import connect

pytestmark = pytest.mark.nats


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def feed_settings(settings: Settings) -> Settings:
    ingest = settings.ingest.model_copy(
        update={
            "feeds_enabled": False,
            "fetch_allow_private_hosts": True,  # the feeds are served on 127.0.0.1
            "fetch_timeout_seconds": 0.5,
            "max_page_bytes": 100_000,
            "summary_min_words": 40,
            "default_poll_seconds": 60.0,
            "max_backoff_seconds": 600.0,
            "default_max_silence_seconds": 3600.0,
        }
    )
    return settings.model_copy(update={"ingest": ingest})


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        running.routes["/robots.txt"] = Route(
            b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"
        )
        yield running


def paragraphs(text: str) -> list[str]:
    return [s.strip() + "." for s in text.split(". ") if s.strip()]


async def add_source(client: httpx.AsyncClient, url: str, **extra: object) -> dict:
    response = await client.post("/sources", json={"url": url, **extra})
    assert response.status_code == 201, response.text
    return response.json()


async def poll(client: httpx.AsyncClient, source: dict) -> dict:
    response = await client.post(f"/sources/{source['id']}/poll")
    assert response.status_code == 200
    return response.json()


async def articles(settings: Settings) -> list[Article]:
    return [Article.model_validate_json(m.data or b"") for m in await stream_messages(settings)]


async def test_rss_items_with_full_text_are_published_and_a_304_republishes_nothing(
    feed_settings: Settings, server: FeedServer
) -> None:
    items = [
        {"title": "Ministry delays petrol ban", "link": server.url("/a/petrol"), "summary": PETROL_BAN},
        {"title": "Bank holds rates", "link": server.url("/a/rates?utm_source=rss"), "summary": RATE_HOLD},
    ]
    server.routes["/feed.xml"] = Route(rss(items), content_type="application/rss+xml", etag='"v1"')
    async with running_app(feed_settings) as (_, client):
        source = await add_source(client, server.url("/feed.xml"), name="testfeed")
        first = await poll(client, source)
        second = await poll(client, source)
        metrics = (await client.get("/metrics")).text
    assert (first["items_seen"], first["items_new"], first["failures"]) == (2, 2, 0)
    assert second["items_new"] == 2
    assert server.hits[-1].headers.get("If-None-Match") == '"v1"'
    published = await articles(feed_settings)
    assert [a.title for a in published] == ["Ministry delays petrol ban", "Bank holds rates"]
    assert published[1].canonical_url == server.url("/a/rates").replace("http://", "https://")
    assert all(a.source == "testfeed" and a.language == "en" for a in published)
    assert 'policywatch_ingest_feed_polls_total{outcome="not_modified",source="testfeed"} 1.0' in metrics
    assert 'policywatch_ingest_feed_items_new_total{source="testfeed"} 2.0' in metrics


async def test_a_feed_listing_an_item_twice_takes_it_once_with_the_others_in_one_batch(
    feed_settings: Settings, server: FeedServer
) -> None:
    petrol = {"title": "Ministry delays petrol ban", "link": server.url("/a/petrol"), "summary": PETROL_BAN}
    rates = {"title": "Bank holds rates", "link": server.url("/a/rates"), "summary": RATE_HOLD}
    fuel = {"title": "Fuel duty frozen", "link": server.url("/a/fuel"), "summary": FUEL_DUTY}
    feed = rss([petrol, rates, petrol, fuel])
    server.routes["/feed.xml"] = Route(feed, content_type="application/rss+xml", etag='"v1"')
    async with running_app(feed_settings) as (_, client):
        source = await add_source(client, server.url("/feed.xml"), name="testfeed")
        polled = await poll(client, source)
        await poll(client, source)
    assert (polled["items_seen"], polled["items_new"], polled["items_failed"]) == (3, 3, 0)
    assert [a.title for a in await articles(feed_settings)] == [
        "Ministry delays petrol ban",
        "Bank holds rates",
        "Fuel duty frozen",
    ]
    assert server.hits[-1].headers.get("If-None-Match") == '"v1"'  # every item taken: validator kept


@pytest.mark.parametrize("make_feed", [atom, json_feed, lambda items: rss(items, version="0.91")])
async def test_summary_only_items_get_their_page_fetched_and_extracted(
    feed_settings: Settings, server: FeedServer, make_feed
) -> None:
    page = article_page(
        title="Fuel duty rises",
        paragraphs=paragraphs(FUEL_DUTY),
        canonical=server.url("/news/fuel-duty"),
        author="Sam Reporter",
    )
    server.routes["/amp/news/fuel-duty"] = Route(page)
    server.routes["/feed"] = Route(
        make_feed(
            [
                {
                    "title": "Fuel duty rises",
                    "link": server.url("/amp/news/fuel-duty"),
                    "summary": "Drivers will pay more.",
                }
            ]
        )
    )
    async with running_app(feed_settings) as (_, client):
        source = await add_source(client, server.url("/feed"))
        state = await poll(client, source)
    assert state["items_new"] == 1, state
    [article] = await articles(feed_settings)
    assert article.text.startswith("The transport ministry said on Tuesday that it would raise fuel duty")
    assert (
        "Home" not in article.text and "Photo: Agency" not in article.text and "Share on" not in article.text
    )
    assert article.canonical_url == server.url("/news/fuel-duty").replace("http://", "https://")
    assert article.byline == "Sam Reporter"
    assert server.hits[0].headers["User-Agent"].startswith("PolicyWatchBot/")


async def test_failing_source_backs_off_exponentially_and_recovers(
    feed_settings: Settings, server: FeedServer
) -> None:
    clock = Clock()
    server.routes["/feed.xml"] = Route(b"<rss><channel><item><title>broken", content_type="application/xml")
    async with running_app(feed_settings, clock=clock) as (app, client):
        source = await add_source(client, server.url("/feed.xml"), name="flaky")
        poller = app.state.ingest.poller
        waits = []
        for _ in range(3):
            await poller.poll_due()
            state = (await client.get(f"/sources/{source['id']}")).json()
            next_poll = datetime.fromisoformat(state["next_poll_at"])
            waits.append((next_poll - clock.now).total_seconds())
            assert await poller.poll_due() == []  # not due again before its backoff ends
            clock.now = next_poll
        server.routes["/feed.xml"] = Route(rss([]), content_type="application/rss+xml")
        await poller.poll_due()
        recovered = (await client.get(f"/sources/{source['id']}")).json()
    assert waits == [120.0, 240.0, 480.0]
    assert "not a readable feed" in state["last_error"]
    assert (recovered["failures"], recovered["last_error"]) == (0, None)


@pytest.mark.parametrize(
    ("route", "error"),
    [
        (Route(b"oops", status=500), "HTTP 500"),
        (Route(rss([]), delay=3.0), "no answer in time"),
        (Route(b"", status=302, headers={"Location": "/feed.xml"}), "more than 5 redirects"),
        (Route(b"x" * 200_000), "larger than the size limit"),
    ],
    ids=["500", "slow", "redirect-loop", "huge"],
)
async def test_unreachable_feed_is_a_failed_poll_with_its_reason(
    feed_settings: Settings, server: FeedServer, route: Route, error: str
) -> None:
    server.routes["/feed.xml"] = route
    async with running_app(feed_settings) as (_, client):
        source = await add_source(client, server.url("/feed.xml"))
        state = await poll(client, source)
    assert state["failures"] == 1
    assert error in state["last_error"]


async def test_page_failures_fail_the_item_or_fall_back_to_the_summary(
    feed_settings: Settings, server: FeedServer
) -> None:
    summary = "The council will scrap the parking levy in May, the mayor said."
    server.routes["/slow"] = Route(article_page(title="x", paragraphs=["y"]), delay=3.0)
    server.routes["/loop"] = Route(b"", status=302, headers={"Location": "/loop"})
    server.routes["/huge"] = Route(b"<html>" + b"<p>word</p>" * 20_000)
    server.routes["/private/page"] = Route(article_page(title="p", paragraphs=paragraphs(RATE_HOLD)))
    items = [
        {"title": f"Item {p}", "link": server.url(p), "summary": summary + f" ({p})"}
        for p in ["/slow", "/loop", "/huge", "/private/page"]
    ]
    server.routes["/feed.xml"] = Route(rss(items), content_type="application/rss+xml")
    async with running_app(feed_settings) as (_, client):
        state = await poll(client, await add_source(client, server.url("/feed.xml")))
    assert (state["items_failed"], state["items_new"]) == (2, 2)  # slow and loop retry later
    assert {a.title for a in await articles(feed_settings)} == {"Item /huge", "Item /private/page"}
    assert "/private/page" not in server.paths_hit()  # robots.txt respected


async def test_edited_article_is_published_again_as_version_2(
    feed_settings: Settings, server: FeedServer
) -> None:
    link = server.url("/news/petrol")
    server.routes["/news/petrol"] = Route(
        article_page(title="Petrol ban delayed", paragraphs=paragraphs(PETROL_BAN))
    )
    server.routes["/feed.xml"] = Route(
        rss([{"title": "Petrol ban delayed", "link": link, "summary": "Delay."}])
    )
    async with running_app(feed_settings) as (_, client):
        source = await add_source(client, server.url("/feed.xml"))
        await poll(client, source)
        edited = PETROL_BAN.replace("five years", "four years").replace("2035", "2034")
        server.routes["/news/petrol"] = Route(
            article_page(title="Petrol ban delayed", paragraphs=paragraphs(edited))
        )
        server.routes["/feed.xml"] = Route(
            rss(
                [
                    {
                        "title": "Petrol ban delayed",
                        "link": link,
                        "summary": "Delay.",
                        "date": "Wed, 04 Mar 2026 08:00:00 GMT",
                    }
                ]
            )
        )
        state = await poll(client, source)
    v1, v2 = await articles(feed_settings)
    assert (v1.id, v1.version) == (v2.id, 1)
    assert v2.version == 2
    assert v2.previous_version_hash == v1.content_hash
    assert "four years" in v2.text
    assert state["items_new"] == 2


async def test_restarted_app_resumes_from_the_saved_cursor(
    feed_settings: Settings, server: FeedServer
) -> None:
    items = [{"title": "Bank holds rates", "link": server.url("/a/rates"), "summary": RATE_HOLD}]
    server.routes["/feed.xml"] = Route(rss(items), content_type="application/rss+xml", etag='"e1"')
    async with running_app(feed_settings) as (_, client):
        source = await add_source(client, server.url("/feed.xml"))
        await poll(client, source)
    server.routes["/feed.xml"].etag = '"e2"'  # the feed changed its ETag but not its items
    async with running_app(feed_settings) as (_, client):
        state = await poll(client, source)
        listed = (await client.get("/sources")).json()
    assert server.hits[-1].headers.get("If-None-Match") == '"e1"'
    assert state["items_new"] == 1 and [s["id"] for s in listed] == [source["id"]]
    assert len(await articles(feed_settings)) == 1


async def test_source_with_no_new_item_for_too_long_is_reported_silent(
    feed_settings: Settings, server: FeedServer
) -> None:
    clock = Clock()
    server.routes["/feed.xml"] = Route(
        rss([{"title": "Rates", "link": server.url("/r"), "summary": RATE_HOLD}])
    )
    async with running_app(feed_settings, clock=clock) as (app, client):
        source = await add_source(client, server.url("/feed.xml"), name="quiet", max_silence_seconds=600)
        await app.state.ingest.poller.poll_due()
        clock.advance(3600)
        await app.state.ingest.poller.poll_due()  # the same item again: nothing new
        silent = (await client.get("/sources", params={"silent": True})).json()
        metrics = (await client.get("/metrics")).text
    assert [s["id"] for s in silent] == [source["id"]]
    assert 'policywatch_ingest_feed_silent{source="quiet"} 1.0' in metrics


async def test_non_english_item_is_published_with_its_language(
    feed_settings: Settings, server: FeedServer
) -> None:
    french = (
        "Le gouvernement a annoncé mardi qu'il repoussait de cinq ans l'interdiction des voitures neuves à "
        "essence, en fixant la nouvelle échéance à 2035 après la pression des constructeurs et des "
        "automobilistes ruraux. Le ministre a déclaré au parlement que le calendrier initial était trop "
        "ambitieux et que les bornes de recharge manquaient en dehors des grandes villes."
    )
    server.routes["/feed.xml"] = Route(
        rss([{"title": "Interdiction repoussée", "link": server.url("/fr"), "summary": french}])
    )
    async with running_app(feed_settings) as (_, client):
        await poll(client, await add_source(client, server.url("/feed.xml")))
    [article] = await articles(feed_settings)
    assert article.language == "fr"


async def test_poller_runs_inside_the_app_and_unknown_sources_are_404(
    feed_settings: Settings, server: FeedServer
) -> None:
    from shared.subjects import ARTICLES_SUBJECT

    server.routes["/feed.xml"] = Route(
        rss([{"title": "Rates", "link": server.url("/r"), "summary": RATE_HOLD}])
    )
    running = feed_settings.model_copy(
        update={
            "ingest": feed_settings.ingest.model_copy(
                update={"feeds_enabled": True, "poll_tick_seconds": 0.05}
            )
        }
    )
    nc = await connect(feed_settings)
    try:
        async with running_app(running) as (_, client):
            sub = await nc.jetstream().subscribe(ARTICLES_SUBJECT, ordered_consumer=True)
            await add_source(client, server.url("/feed.xml"))
            msg = await sub.next_msg(timeout=10)
            assert (await client.get("/sources/nope")).status_code == 404
            assert (await client.delete("/sources/nope")).status_code == 404
    finally:
        await nc.close()
    assert Article.model_validate_json(msg.data).title == "Rates"


async def test_item_whose_page_failed_is_retried_even_when_the_feed_answers_304(
    feed_settings: Settings, server: FeedServer
) -> None:
    page = article_page(title="Fuel duty rises", paragraphs=paragraphs(FUEL_DUTY))
    server.routes["/news/fuel"] = Route(b"busy", status=503)
    server.routes["/feed.xml"] = Route(
        rss([{"title": "Fuel duty rises", "link": server.url("/news/fuel"), "summary": "Drivers pay more."}]),
        content_type="application/rss+xml",
        etag='"f1"',
    )
    async with running_app(feed_settings) as (_, client):
        source = await add_source(client, server.url("/feed.xml"))
        failed = await poll(client, source)
        server.routes["/news/fuel"] = Route(page)  # the page is back; the feed has not changed
        retried = await poll(client, source)
    assert (failed["items_failed"], failed["items_new"]) == (1, 0)
    assert retried["items_new"] == 1, retried
    [article] = await articles(feed_settings)
    assert article.title == "Fuel duty rises"


def test_a_source_removed_while_it_was_polled_is_not_brought_back_by_the_poll(tmp_path) -> None:
    from services.ingest.db import migrate
    from services.ingest.feeds.sources import SourceStore
    from services.ingest.store import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'ingest.db'}")
    migrate(engine)
    store = SourceStore(engine)
    now = datetime(2026, 3, 3, tzinfo=UTC)
    row = store.add(
        url="http://feeds.test/x.xml", name="x", poll_seconds=60, max_silence_seconds=600, now=now
    )
    row.failures = 1  # the poll in flight updates its copy of the row ...
    assert store.remove(row.id)  # ... while DELETE /sources/{id} removes the source
    assert store.save(row) is False
    assert store.get(row.id) is None and store.all() == []
    engine.dispose()


def _source_series(metrics: str) -> list[str]:
    return [line for line in metrics.splitlines() if 'source="' in line and not line.startswith("#")]


async def test_deleted_sources_leave_no_metric_series_behind(
    feed_settings: Settings, server: FeedServer
) -> None:
    for n in range(10):
        server.routes[f"/feed{n}.xml"] = Route(
            rss([{"title": f"Rates {n}", "link": server.url(f"/r{n}"), "summary": RATE_HOLD}])
        )
        server.routes[f"/broken{n}.xml"] = Route(b"gone", status=500)
    async with running_app(feed_settings) as (app, client):
        sources = [
            await add_source(client, server.url(f"/{kind}{n}.xml"), name=f"{kind}-{n}")
            for n in range(10)
            for kind in ("feed", "broken")
        ]
        for source in sources:
            await poll(client, source)
        await app.state.ingest.poller.poll_due()  # health gauges for every source
        assert len(_source_series((await client.get("/metrics")).text)) >= 20 * 5
        for source in sources[:-1]:
            assert (await client.delete(f"/sources/{source['id']}")).status_code == 204
        # one removed behind the service's back (`policywatch sources remove` writes the database)
        app.state.ingest.sources.remove(sources[-1]["id"])
        await app.state.ingest.poller.poll_due()
        left = _source_series((await client.get("/metrics")).text)
    assert left == []
