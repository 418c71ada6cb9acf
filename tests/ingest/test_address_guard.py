"""ingest fetches only public addresses: registration, connect time, every redirect hop, item links;
and a failed fetch tells the API nothing that would map ports."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator

import httpx
import pytest

from shared.settings import Settings
from tests.ingest.conftest import running_app, stream_messages
from tests.ingest.feeddocs import rss
from tests.ingest.feedserver import FeedServer, Route
from tests.ingest.stories import RATE_HOLD

pytestmark = pytest.mark.nats


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        running.routes["/feed.xml"] = Route(rss([{"title": "Internal", "link": "/x", "summary": RATE_HOLD}]))
        yield running


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1:{port}", "0.0.0.0:{port}", "2130706433:{port}", "0x7f000001:{port}", "127.1:{port}",
     "[::1]:{port}", "169.254.169.254", "10.0.0.5", "[::ffff:127.0.0.1]:{port}"],
)  # fmt: skip
async def test_internal_addresses_are_refused_when_a_source_is_registered(
    settings: Settings, server: FeedServer, host: str
) -> None:
    url = f"http://{host.format(port=server.port)}/feed.xml"
    async with running_app(settings) as (_, client):
        response = await client.post("/sources", json={"url": url})
        listed = (await client.get("/sources")).json()
    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "url"] and "only public hosts" in error["msg"]
    assert listed == []


async def test_a_name_resolving_to_loopback_is_refused_at_connect_time(
    settings: Settings, server: FeedServer
) -> None:
    async with running_app(settings) as (_, client):
        source = (
            await client.post("/sources", json={"url": f"http://localhost:{server.port}/feed.xml"})
        ).json()
        polled = (await client.post(f"/sources/{source['id']}/poll")).json()
    assert server.hits == []  # not even robots.txt: nothing reached the internal server
    assert polled["failures"] == 1
    assert polled["last_error"] == "refused: the host is not a public address"
    assert await stream_messages(settings) == []


def _public_web(routes: dict[str, httpx.Response], seen: list[str]) -> httpx.MockTransport:
    """A stand-in for the public web (tests never leave this host): answers by URL."""

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return routes.get(str(request.url), httpx.Response(404))

    return httpx.MockTransport(answer)


async def test_every_redirect_hop_is_checked(settings: Settings) -> None:
    seen: list[str] = []
    web = _public_web(
        {
            "https://feeds.example.com/feed.xml": httpx.Response(
                302, headers={"Location": "http://127.0.0.1:8080/admin"}
            )
        },
        seen,
    )
    async with running_app(settings, transport=web) as (_, client):
        source = (await client.post("/sources", json={"url": "https://feeds.example.com/feed.xml"})).json()
        polled = (await client.post(f"/sources/{source['id']}/poll")).json()
    assert seen == ["https://feeds.example.com/feed.xml"]  # the hop to 127.0.0.1 was never sent
    assert polled["last_error"] == "refused: the host is not a public address"


async def test_an_item_linking_to_an_internal_page_never_fetches_it(settings: Settings) -> None:
    seen: list[str] = []
    feed = rss(
        [{"title": "Rates held", "link": "http://169.254.169.254/latest/meta-data", "summary": RATE_HOLD}]
    )
    web = _public_web({"https://feeds.example.com/feed.xml": httpx.Response(200, content=feed)}, seen)
    settings.ingest.summary_min_words = 10_000  # every item counts as a summary: its page is wanted
    async with running_app(settings, transport=web) as (_, client):
        source = (await client.post("/sources", json={"url": "https://feeds.example.com/feed.xml"})).json()
        polled = (await client.post(f"/sources/{source['id']}/poll")).json()
    assert not any("169.254" in url for url in seen)
    assert polled["items_new"] == 1  # published from the feed's own summary instead
    [message] = await stream_messages(settings)
    assert b"169.254" not in (message.data or b"").split(b'"text"')[1]


@contextlib.contextmanager
def _speaks_no_http() -> Iterator[int]:
    """An open port that accepts and closes connections without a word of HTTP."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.1)
    stop = False

    def serve() -> None:
        while not stop:
            with contextlib.suppress(OSError):
                conn, _ = listener.accept()
                conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop = True
        thread.join()
        listener.close()


async def test_a_closed_port_and_an_open_one_fail_with_the_same_reason(settings: Settings) -> None:
    settings.ingest.fetch_allow_private_hosts = True  # even where internal hosts are allowed
    settings.ingest.fetch_timeout_seconds = 1.0
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    with _speaks_no_http() as open_port:
        async with running_app(settings) as (_, client):
            errors = []
            for port in (closed_port, open_port):
                url = f"http://127.0.0.1:{port}/feed.xml"
                source = (await client.post("/sources", json={"url": url})).json()
                errors.append((await client.post(f"/sources/{source['id']}/poll")).json()["last_error"])
    assert errors[0] == errors[1] == "could not fetch: no connection, or no answer in time"
