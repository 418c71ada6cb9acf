"""The console in a real browser (Debian's chromium through Playwright) against the whole stack
as `policywatch up` runs it: nats-server, ingest, extract (spaCy) and alert as processes.

Screenshots of each page go to docs/console/ when POLICYWATCH_SCREENSHOTS=1 (the README links
them), else to the test's temporary folder. Waits are on what the page shows, never sleeps.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

pytest.importorskip("playwright", reason="the browser tests need the dev extras (playwright)")

from playwright.sync_api import Page, expect

from services.alert.owners import admin
from services.stack import Stack, start_stack
from shared.settings import NatsSettings, Settings

# generous: the first test also waits for the stack (spaCy loads in extract) on a shared machine
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.nats, pytest.mark.timeout(600)]

ROOT = Path(__file__).resolve().parents[2]
EVENT_WAIT_MS = 90_000  # an article goes through extract's spaCy on a loaded machine
PAGE_WAIT_MS = 20_000
DEFENCE = {
    "url": "https://news.example/canada-defence-target",
    "title": "Canada raises its defence target",
    "text": "Canada will raise its defence spending target from 1.5% to 2.5% of GDP by 2030, "
    "the defence minister announced on Monday.\nCritics said the plan was unfunded.",
    "source": "news.example",
    "published": "2026-11-20T09:00:00Z",
}
RATES = {
    "url": "https://wire.example/norges-bank-cut",
    "title": "Norges Bank cuts",
    "text": "Norges Bank lowered its policy rate from 4.5% to 4.0% on Thursday.\n"
    "Markets had expected the move.",
    "source": "wire.example",
    "published": "2026-11-26T09:00:00Z",
}
DEFENCE_EDITED = {
    **DEFENCE,
    "text": "Canada's defence minister spoke about the military budget on Monday.\n"
    "Critics said the plan was unfunded.",
}
EMPTY_FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet wire</title>
<link>http://127.0.0.1/</link><description>no items yet</description></channel></rss>"""


@dataclass
class Console:
    stack: Stack
    owner_key: str
    ingest_key: str
    shots: Path

    @property
    def url(self) -> str:
        return self.stack.url("alert")

    def post_article(self, article: dict[str, Any]) -> None:
        response = httpx.post(
            f"{self.stack.url('ingest')}/articles",
            json=article,
            headers={"X-API-Key": self.ingest_key},
            timeout=30,
        )
        assert response.status_code in (200, 201, 202), response.text

    def screenshot(self, page: Page, name: str) -> None:
        page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)


class FeedHandler(BaseHTTPRequestHandler):
    """A feed on loopback that answers (an empty RSS channel), and one that is gone (404)."""

    def do_GET(self) -> None:
        if self.path == "/wire.xml":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(EMPTY_FEED)
        else:
            self.send_error(404)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def feeds() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory, browser_type_launch_args: object) -> Iterator[Console]:
    """The stack with an owner and an ingest key; `browser_type_launch_args` first, so that
    without a chromium the stack is not even started."""
    root = tmp_path_factory.mktemp("console")
    shots = ROOT / "docs" / "console" if os.environ.get("POLICYWATCH_SCREENSHOTS") == "1" else root / "shots"
    shots.mkdir(parents=True, exist_ok=True)
    settings = Settings(data_dir=root / "data", nats=NatsSettings(url="nats://127.0.0.1:0"))
    for service in (settings.ingest, settings.extract, settings.alert, settings.exporter):
        service.port = 0  # free ports: other test runs share this machine
    with pytest.MonkeyPatch.context() as env:
        env.setenv("POLICYWATCH_INGEST__FETCH_ALLOW_PRIVATE_HOSTS", "true")  # the loopback feeds
        with start_stack(settings, ready_timeout=300) as stack:
            from services.ingest.keys import KeyStore
            from services.ingest.store import make_engine

            engine = make_engine(settings.ingest_database_url())
            ingest_key = KeyStore(engine).create(name="browser test")[1]
            engine.dispose()
            owner_key = admin.create_owner(settings.alert_database_url(), "analyst")
            yield Console(stack, owner_key, ingest_key, shots)


def sign_in(page: Page, console: Console) -> None:
    page.goto(console.url + "/")
    page.get_by_label("API key").fill(console.owner_key)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Live alerts", level=1)).to_be_visible(timeout=PAGE_WAIT_MS)


UNLABELLED = """() => [...document.querySelectorAll("input, select, textarea, button")]
  .filter((el) => !el.closest("[hidden]") && !(el.labels && el.labels.length)
    && !el.getAttribute("aria-label") && !(el.textContent || "").trim())
  .map((el) => el.outerHTML.slice(0, 120))"""


def assert_labelled(page: Page) -> None:
    """Every control a screen reader reaches has a name: a <label>, aria-label or its text."""
    assert page.evaluate(UNLABELLED) == []


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout}s: {what}")
        time.sleep(0.25)


def test_sign_in_refuses_a_wrong_key_and_keeps_the_key_in_the_tab_only(page: Page, console: Console) -> None:
    page.goto(console.url + "/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=PAGE_WAIT_MS)
    console.screenshot(page, "sign-in")
    page.get_by_label("API key").fill("pwa_wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("That key was not accepted.", timeout=PAGE_WAIT_MS)

    sign_in(page, console)
    assert page.evaluate("sessionStorage.getItem('policywatch.apiKey')") == console.owner_key
    assert page.evaluate("localStorage.length") == 0
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('policywatch.apiKey')") is None


def test_rule_with_a_query_error_fixed_then_an_article_alerts_live_and_opens_its_timeline(
    page: Page, console: Console
) -> None:
    sign_in(page, console)
    page.get_by_role("link", name="Rules").click()
    expect(page.get_by_role("heading", name="New rule")).to_be_visible(timeout=PAGE_WAIT_MS)
    page.get_by_label("Name").fill("Defence budgets")
    query = page.get_by_label("Query")
    query.fill("defence AND (spending OR target")
    expect(query).to_have_attribute("aria-invalid", "true", timeout=PAGE_WAIT_MS)
    expect(page.locator("#query-error")).to_contain_text("at position", timeout=PAGE_WAIT_MS)
    expect(page.get_by_role("button", name="Create rule")).to_be_disabled()
    console.screenshot(page, "rules-query-error")
    assert_labelled(page)

    query.fill("defence AND (spending OR target)")
    expect(page.locator("#rule-check")).to_contain_text("Query OK", timeout=PAGE_WAIT_MS)
    expect(query).not_to_have_attribute("aria-invalid", "true")
    page.get_by_role("button", name="Backtest: last 30 days").click()
    expect(page.locator("#backtest-result")).to_contain_text(
        "would have fired 0 times in the last 30 days", timeout=PAGE_WAIT_MS
    )
    page.get_by_role("button", name="Create rule").click()
    saved = page.locator("#rule-editor").get_by_role("status")
    expect(saved).to_contain_text("Saved “Defence budgets”, version 1", timeout=PAGE_WAIT_MS)
    expect(page.locator("#rule-list")).to_contain_text("Defence budgets")

    page.get_by_role("link", name="Live alerts").click()
    expect(page.locator("#stream-state")).to_contain_text("Live", timeout=PAGE_WAIT_MS)
    page.evaluate("window.__notReloaded = true")
    console.post_article(DEFENCE)
    card = page.locator("#alert-list li.card").filter(has_text="Canada")
    expect(card).to_be_visible(timeout=EVENT_WAIT_MS)
    assert page.evaluate("window.__notReloaded") is True, "the alert arrived without a reload"
    expect(card).to_contain_text("2.5")
    expect(card).to_contain_text("Defence budgets")
    expect(card.locator("mark").first).to_be_visible()
    expect(card.get_by_role("link", name="Canada raises its defence target")).to_have_attribute(
        "href", DEFENCE["url"]
    )
    console.screenshot(page, "live-alerts")
    assert_labelled(page)
    page.get_by_label("Shift type").select_option("reversal")
    expect(card).to_have_count(0)
    page.get_by_label("Shift type").select_option("numeric_change")
    page.get_by_label("Rule").select_option(label="Defence budgets")
    expect(card).to_be_visible()

    card.get_by_role("link", name="Timeline").click()
    expect(page.get_by_role("heading", name="Stance timeline")).to_be_visible(timeout=PAGE_WAIT_MS)
    expect(page.locator("#timeline-chart canvas").first).to_be_visible(timeout=PAGE_WAIT_MS)
    evidence = page.locator("#timeline-evidence")
    expect(evidence).to_contain_text("Choose a point")
    page.locator("#timeline-chart .u-over").click()  # the cursor snaps to the nearest point in time
    expect(evidence).to_contain_text("Canada will raise its defence spending target", timeout=PAGE_WAIT_MS)
    page.locator("#timeline-table").get_by_role("button", name="Evidence").first.click()
    expect(evidence).to_contain_text("1.5% → 2.5% of GDP by 2030")
    console.screenshot(page, "timeline")
    assert_labelled(page)

    page.get_by_role("link", name="Rules").click()
    page.locator("#rule-list").get_by_role("button", name="Edit Defence budgets").click()
    page.get_by_label("Query").fill("defence AND target")
    page.get_by_role("button", name="Backtest: last 30 days").click()
    expect(page.locator("#backtest-result")).to_contain_text(
        "would have fired once in the last 30 days", timeout=PAGE_WAIT_MS
    )
    expect(page.locator("#backtest-result")).to_contain_text("Canada · defence spending target")
    console.screenshot(page, "rules")
    page.get_by_role("button", name="Save a new version").click()
    expect(page.locator("#rule-editor").get_by_role("status")).to_contain_text(
        "version 2", timeout=PAGE_WAIT_MS
    )
    expect(page.locator("#rule-list")).to_contain_text("v2")
    page.locator("#rule-list").get_by_role("button", name="Versions of Defence budgets").click()
    versions = page.get_by_role("list", name="Versions of Defence budgets")
    expect(versions.get_by_role("listitem")).to_have_count(2, timeout=PAGE_WAIT_MS)
    expect(versions).to_contain_text("defence AND target")

    page.get_by_role("link", name="Live alerts").click()
    expect(page.locator("#stream-state")).to_contain_text("Live", timeout=PAGE_WAIT_MS)
    console.post_article(DEFENCE_EDITED)  # the edit no longer states the shift
    retraction = page.locator("#alert-list li.kind-retraction")
    expect(retraction).to_be_visible(timeout=EVENT_WAIT_MS)
    expect(retraction).to_contain_text("Retracted")
    expect(retraction).to_contain_text("no longer reports this shift")
    console.screenshot(page, "live-alerts-retraction")

    page.get_by_role("link", name="Rules").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#rule-list").get_by_role("button", name="Delete Defence budgets").click()
    expect(page.locator("#rule-list")).to_contain_text("No rules yet", timeout=PAGE_WAIT_MS)


def test_stories_explorer_and_operations_show_what_the_stack_holds(
    page: Page, console: Console, feeds: str
) -> None:
    ingest = httpx.Client(base_url=console.stack.url("ingest"), headers={"X-API-Key": console.ingest_key})
    for url in (f"{feeds}/wire.xml", f"{feeds}/gone.xml"):
        source = ingest.post("/sources", json={"url": url, "name": url.rsplit("/", 1)[1]}).json()
        assert ingest.post(f"/sources/{source['id']}/poll").status_code == 200
    console.post_article(RATES)
    alert = httpx.Client(base_url=console.url, headers={"X-API-Key": console.owner_key})
    wait_until(
        lambda: any(s["actor"] == "Norges Bank" for s in alert.get("/shifts").json()["items"]),
        EVENT_WAIT_MS / 1000,
        "the rate cut reaches alert",
    )

    sign_in(page, console)
    page.get_by_role("link", name="Stories").click()
    row = page.get_by_role("row").filter(has_text="Norges Bank")
    expect(row).to_contain_text("wire example", timeout=PAGE_WAIT_MS)
    row.get_by_role("button", name="Open").click()
    expect(page.locator("#story-detail")).to_contain_text("lowered its policy rate", timeout=PAGE_WAIT_MS)
    console.screenshot(page, "stories")
    assert_labelled(page)

    page.get_by_role("link", name="Shift explorer").click()
    page.get_by_label("Words in the text").fill("policy rate")
    page.get_by_role("button", name="Search").click()
    results = page.locator("#shift-results")
    expect(results).to_contain_text("Norges Bank", timeout=PAGE_WAIT_MS)
    expect(results).not_to_contain_text("Canada")
    expect(results.locator("mark").first).to_have_text("policy", ignore_case=True)
    console.screenshot(page, "shift-explorer")
    assert_labelled(page)

    page.get_by_role("link", name="Operations").click()
    sources = page.locator("#ops-sources")
    gone = sources.get_by_role("row").filter(has_text="gone.xml")
    expect(gone).to_contain_text("failing", timeout=PAGE_WAIT_MS)
    expect(sources.get_by_role("row").filter(has_text="wire.xml")).not_to_contain_text("failing")
    expect(page.locator("#ops-dead-letters")).to_contain_text("No dead letters")
    lag = page.locator("#ops-lag")
    expect(lag.get_by_role("row").filter(has_text="POLICY_ARTICLES")).to_contain_text("extract")
    expect(lag.get_by_role("row").filter(has_text="POLICY_SHIFTS")).to_contain_text("0")
    console.screenshot(page, "operations")
    assert_labelled(page)
