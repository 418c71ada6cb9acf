"""History over HTTP: alerts and shifts with filters and cursors, timeline, backtest, isolation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.alert.conftest import AlertApi, make_shift
from tests.alert.test_pipeline_nats import publish_shift

pytestmark = pytest.mark.nats

DAY1 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
STEEL_UP = make_shift(article_id="a1", source="Wire One")
STEEL_UP_AGAIN = make_shift(article_id="a2", source="Paper Two", published_at=DAY1 + timedelta(hours=3))
STEEL_DOWN = make_shift(
    article_id="a3",
    shift_type="softening",
    text="The United States cut steel tariffs back to 25 percent.",
    before="50 percent",
    after="25 percent",
    published_at=DAY1 + timedelta(days=10),
)
RATES = make_shift(
    article_id="a4",
    actor="Bank of Japan",
    topic="policy rate",
    text="The Bank of Japan raised its policy rate to 0.75 percent.",
    published_at=DAY1 + timedelta(days=11),
)


async def feed(api: AlertApi, *shifts: object) -> None:
    for shift in shifts:
        await publish_shift(api.settings, shift)  # type: ignore[arg-type]
    await api.handled(len(shifts))


async def test_alerts_page_with_cursor_and_filter_by_rule(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        us = (await http.post("/rules", json={"name": "US", "actors": ["United States"]})).json()
        await http.post("/rules", json={"name": "all", "match_all": True})
        await feed(alert_api, STEEL_UP, STEEL_DOWN, RATES)

        first = (await http.get("/alerts", params={"limit": 3})).json()
        second = (await http.get("/alerts", params={"limit": 3, "cursor": first["next_cursor"]})).json()
        ids = [a["id"] for a in first["items"] + second["items"]]
        assert len(ids) == 5 and len(set(ids)) == 5 and second["next_cursor"] is None

        only_us = (await http.get("/alerts", params={"rule_id": us["id"]})).json()["items"]
        assert {a["shift"]["article_id"] for a in only_us} == {"a1", "a3"}
        assert all(a["reasons"] and a["rule_version"] == 1 for a in only_us)
        assert (await http.get("/alerts", params={"cursor": "garbage!"})).status_code == 422


async def test_shifts_are_all_stored_and_filtered_matched_or_not(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        await feed(alert_api, STEEL_UP, STEEL_UP_AGAIN, RATES)
        everything = (await http.get("/shifts")).json()["items"]
        assert len(everything) == 3, "shifts are stored even when no rule matches"
        boj = (await http.get("/shifts", params={"actor": "bank of japan"})).json()["items"]
        assert [s["article_id"] for s in boj] == ["a4"]
        by_alias = (await http.get("/shifts", params={"actor": "BOJ"})).json()["items"]
        assert [s["article_id"] for s in by_alias] == ["a4"], "an alias finds what rules and /timeline find"
        washington = (await http.get("/shifts", params={"actor": "Washington"})).json()["items"]
        assert {s["article_id"] for s in washington} == {"a1", "a2"}
        assert (await http.get("/shifts", params={"actor": "%"})).json()["items"] == [], "no LIKE wildcards"
        since = (await http.get("/shifts", params={"since": (DAY1 + timedelta(hours=1)).isoformat()})).json()
        assert {s["article_id"] for s in since["items"]} == {"a2", "a4"}
        story_id = everything[-1]["story_id"]
        story = (await http.get(f"/stories/{story_id}")).json()
        assert story["source_count"] == 2 and len(story["shifts"]) == 2


async def test_stance_timeline_lists_before_and_after_with_evidence_in_order(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        await feed(alert_api, STEEL_UP, STEEL_UP_AGAIN, STEEL_DOWN, RATES)
        timeline = (await http.get("/timeline", params={"actor": "united states", "topic": "tariff"})).json()
        wildcard = (await http.get("/timeline", params={"actor": "united%", "topic": "tariff"})).json()
    assert wildcard == [], "an actor is a name, not a LIKE pattern"
    assert [(e["shift_type"], e["before"], e["after"]) for e in timeline] == [
        ("hardening", "25 percent", "50 percent"),
        ("softening", "50 percent", "25 percent"),
    ]
    assert timeline[0]["sources"] == ["wire one", "paper two"]
    assert len(timeline[0]["evidence"]) == 2 and "raised steel tariffs" in timeline[0]["evidence"][0]["text"]


async def test_backtest_returns_what_would_have_fired_without_alerting(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        await feed(alert_api, STEEL_UP, STEEL_UP_AGAIN, STEEL_DOWN, RATES)
        rule = (
            await http.post("/rules", json={"name": "US", "actors": ["Washington", "United States"]})
        ).json()
        result = (await http.post(f"/rules/{rule['id']}/backtest", json={"since": DAY1.isoformat()})).json()
        assert result["shifts_scanned"] == 4
        assert [(h["shift"]["article_id"], h["kind"]) for h in result["hits"]] == [
            ("a1", "new"),
            ("a3", "new"),
        ]
        assert all(h["reasons"] for h in result["hits"])
        later = {"since": (DAY1 + timedelta(days=5)).isoformat()}
        assert len((await http.post(f"/rules/{rule['id']}/backtest", json=later)).json()["hits"]) == 1
        assert (await http.get("/alerts")).json()["items"] == [], "a backtest never alerts"

        await http.patch(f"/rules/{rule['id']}", json={"min_sources": 2})
        result = (await http.post(f"/rules/{rule['id']}/backtest", json={"since": DAY1.isoformat()})).json()
        assert [(h["shift"]["article_id"], h["story_sources"]) for h in result["hits"]] == [("a2", 2)]


async def test_another_owners_alerts_deliveries_and_backtests_answer_404(alert_api: AlertApi) -> None:
    alice, bob = alert_api.new_owner("alice"), alert_api.new_owner("bob")
    async with alert_api.client(alice) as http:
        rule = (
            await http.post(
                "/rules",
                json={"name": "US", "match_all": True, "webhook_url": "https://hooks.example.invalid/hook"},
            )
        ).json()
        await feed(alert_api, STEEL_UP)
        alert = (await http.get("/alerts")).json()["items"][0]
        delivery = (await http.get("/deliveries")).json()["items"][0]
        assert (await http.get(f"/alerts/{alert['id']}")).status_code == 200
        assert (await http.get(f"/deliveries/{delivery['id']}")).status_code == 200
    async with alert_api.client(bob) as http:
        assert (await http.get(f"/alerts/{alert['id']}")).status_code == 404
        assert (await http.get(f"/deliveries/{delivery['id']}")).status_code == 404
        assert (
            await http.post(f"/rules/{rule['id']}/backtest", json={"since": DAY1.isoformat()})
        ).status_code == 404
        assert (await http.get("/alerts")).json()["items"] == []
        assert (await http.get("/deliveries")).json()["items"] == []
        assert (await http.get("/alerts", params={"rule_id": rule["id"]})).json()["items"] == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/rules"),
        ("POST", "/rules"),
        ("GET", "/rules/x"),
        ("PUT", "/rules/x"),
        ("PATCH", "/rules/x"),
        ("DELETE", "/rules/x"),
        ("GET", "/rules/x/versions"),
        ("POST", "/rules/x/backtest"),
        ("POST", "/rules/x/webhook-secret"),
        ("GET", "/alerts"),
        ("GET", "/alerts/x"),
        ("GET", "/alerts/stream"),
        ("GET", "/deliveries"),
        ("GET", "/deliveries/x"),
        ("GET", "/shifts"),
        ("GET", "/shifts/x"),
        ("GET", "/stories/x"),
        ("GET", "/timeline?actor=a&topic=b"),
    ],
)
async def test_every_endpoint_needs_an_api_key(alert_api: AlertApi, method: str, path: str) -> None:
    async with alert_api.client() as http:
        assert (await http.request(method, path)).status_code == 401
