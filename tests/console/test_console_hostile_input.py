"""Hostile input on the console's endpoints: what a client sends that Python parses but the
database or date arithmetic cannot hold is a 422, never a 500."""

from __future__ import annotations

import base64
import http.server
import json
import threading

import httpx
import pytest
from pydantic import SecretStr

from shared.contract import DeadLetter
from shared.subjects import deadletter_subject
from tests.alert.conftest import AlertApi
from tests.alert.test_history_api import RATES, STEEL_UP, feed
from tests.natsclient import connect

pytestmark = pytest.mark.nats

# Parses as an ISO time, but lies outside UTC's years 1 to 9999 once converted.
YEAR_ZERO_IN_UTC = "0001-01-01T00:00:00+01:00"
YEAR_10000_IN_UTC = "9999-12-31T23:59:59-01:00"


def cursor_at(when: str, item_id: str = "x") -> str:
    return base64.urlsafe_b64encode(f"{when}|{item_id}".encode()).decode().rstrip("=")


@pytest.mark.parametrize("when", [YEAR_ZERO_IN_UTC, YEAR_10000_IN_UTC])
@pytest.mark.parametrize("path", ["/stories", "/alerts", "/deliveries"])
async def test_a_cursor_outside_utcs_years_is_refused_with_422(
    alert_api: AlertApi, path: str, when: str
) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        response = await http.get(path, params={"cursor": cursor_at(when)})
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["query", "cursor"]


@pytest.mark.parametrize("until", ["0001-01-01T00:00:00Z", "0001-01-10T00:00:00+05:00"])
async def test_a_draft_backtest_until_the_first_days_of_year_one_replays_from_the_earliest_time(
    alert_api: AlertApi, until: str
) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        response = await http.post("/rules/backtest", json={"rule": {"query": "tariff"}, "until": until})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["since"].startswith("0001-01-01T00:00:00") and body["shifts_scanned"] == 0


async def test_an_alert_failure_reason_is_shown_without_the_exception_text_that_may_hold_owners_data(
    alert_api: AlertApi,
) -> None:
    """Alert's handler touches every owner's rules and alerts: a database error's text quotes the
    statement's parameters (owner and rule ids, rule names). Every owner reads /operations, so
    only the exception's type is shown; `policywatch deadletters show SEQ` has the rest."""
    other = alert_api.new_owner("other")
    leaked = "[parameters: ('acme-owner-id', 'rule: acme merger watch')]"
    letters = [
        ("alert", f"failed after 5 deliveries: IntegrityError: (sqlite3.IntegrityError) UNIQUE {leaked}"),
        ("alert", "invalid PolicyShift: actor: Field required"),
        ("extract", "failed after 5 deliveries: ValueError: bad offsets"),
    ]
    nc = await connect(alert_api.settings, "admin")
    js = nc.jetstream()
    for service, reason in letters:
        letter = DeadLetter(
            service=service, subject="policy.shifts.v1.x.y", reason=reason, payload="{}", deliveries=5
        )
        await js.publish(deadletter_subject(service), letter.model_dump_json().encode())
    await nc.close()
    async with alert_api.client(other) as http:
        shown = (await http.get("/operations/dead-letters")).json()
    reasons = [item["reason"] for item in reversed(shown["items"])]
    assert "acme" not in str(shown)
    assert (
        reasons[0].startswith("failed after 5 deliveries: IntegrityError")
        and "deadletters show" in reasons[0]
    )
    assert reasons[1:] == [letters[1][1], letters[2][1]], "other reasons are shown whole"


async def test_stories_actor_filter_reads_like_wildcards_as_the_characters_they_are(
    alert_api: AlertApi,
) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        await feed(alert_api, STEEL_UP, RATES)
        assert len((await http.get("/stories")).json()["items"]) == 2
        for pattern in ("%", "United_States", "%Japan"):
            found = (await http.get("/stories", params={"actor": pattern})).json()["items"]
            assert found == [], (pattern, found)
        assert [
            s["actor"]
            for s in (await http.get("/stories", params={"actor": "bank of japan"})).json()["items"]
        ] == ["Bank of Japan"]


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "gopher://127.0.0.1:70/x", "http://user:secret@127.0.0.1:9", "http://"]
)
async def test_sources_refuse_an_ingest_url_that_is_no_plain_http_url(alert_api: AlertApi, url: str) -> None:
    """ALERT__INGEST_URL is the operator's, and ingest lives on the private network, so private
    hosts stay allowed; the rest of the address guard holds (http(s), a host, no credentials)."""
    key = alert_api.new_owner("acme")
    alert_api.settings.alert.ingest_url = url
    alert_api.settings.alert.ingest_api_key = SecretStr("pwi_x")
    async with alert_api.client(key) as http:
        response = await http.get("/operations/sources")
    assert response.status_code == 200
    report = response.json()
    assert report["configured"] is False and report["error"].startswith("POLICYWATCH_ALERT__INGEST_URL: ")
    assert "secret" not in report["error"]


NUL_REQUESTS = [
    ("GET", "/stories?topic=%00", None),
    ("GET", "/stories?actor=a%00b", None),
    ("GET", "/shifts?topic=%00", None),
    ("GET", "/shifts?status=%00", None),
    ("GET", "/alerts?rule_id=%00", None),
    ("GET", "/stories/%00", None),
    ("GET", "/rules/%00", None),
    ("GET", "/timeline?actor=%00&topic=x", None),
    ("GET", "/alerts?cursor=" + cursor_at("2020-01-01T00:00:00+00:00", "a\x00b"), None),
    ("POST", "/rules", {"name": "a\u0000", "query": "tariff"}),
]


@pytest.mark.parametrize(("method", "path", "body"), NUL_REQUESTS)
async def test_a_nul_character_in_any_text_is_a_422_not_a_500(
    alert_api: AlertApi, database_url: str, method: str, path: str, body: object
) -> None:
    """PostgreSQL's text holds no NUL character: psycopg refuses to send one (a DataError, which
    was a 500). SQLite stores it, so there the request is answered as any other."""
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        response = await http.request(method, path, json=body)
    if database_url.startswith("postgresql"):
        assert response.status_code == 422, response.text
        assert "NUL" in response.json()["detail"][0]["msg"]
    else:
        assert response.status_code < 500, response.text


@pytest.mark.parametrize(
    "path", ["/console/index.html", "/console/js/app.js", "/console/vendor/uplot/README.md"]
)
async def test_every_console_file_carries_the_security_headers_not_only_the_page_at_root(
    alert_api: AlertApi, path: str
) -> None:
    """index.html is also reachable under /console/: without the CSP and frame-ancestors there,
    the same page loses its defences against injected markup and framing."""
    async with alert_api.client() as http:
        response = await http.get(path)
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


async def sources_from_an_ingest_answering(alert_api: AlertApi, body: bytes) -> httpx.Response:
    """GET /operations/sources with ALERT__INGEST_URL pointing at a loopback server that answers
    every GET with `body` (200, JSON)."""

    class Answer(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    key = alert_api.new_owner("acme")
    alert_api.settings.alert.ingest_url = f"http://127.0.0.1:{site.server_address[1]}"
    alert_api.settings.alert.ingest_api_key = SecretStr("pwi_x")
    try:
        async with alert_api.client(key) as client:
            return await client.get("/operations/sources")
    finally:
        site.shutdown()
        site.server_close()


@pytest.mark.parametrize("body", [b"[1, 2]", b'[{"id": "s1"}, "x"]', b"{}", b"<html></html>"])
async def test_sources_report_an_ingest_url_that_answers_no_list_of_sources(
    alert_api: AlertApi, body: bytes
) -> None:
    """ALERT__INGEST_URL pointing at something else than ingest is an error in the report, not a 500."""
    response = await sources_from_an_ingest_answering(alert_api, body)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["configured"] is True and report["sources"] == [] and "not a list" in report["error"]


async def test_sources_show_every_owner_feed_urls_without_tokens_or_credentials(alert_api: AlertApi) -> None:
    """Sources are shared by all owners: a private feed's token or password is nobody else's business."""
    body = json.dumps(
        [
            {
                "name": "private",
                "url": "https://reader:s3cret@feeds.example.com:8443/rss?token=abc123#top",
                "status": "ok",
            },
            {"name": "plain", "url": "http://news.example.org/feed.xml", "last_error": None},
        ]
    ).encode()
    response = await sources_from_an_ingest_answering(alert_api, body)
    assert response.status_code == 200, response.text
    sources = response.json()["sources"]
    assert [s["url"] for s in sources] == [
        "https://feeds.example.com:8443/rss",
        "http://news.example.org/feed.xml",
    ]
    assert sources[0]["status"] == "ok" and "s3cret" not in response.text and "abc123" not in response.text
