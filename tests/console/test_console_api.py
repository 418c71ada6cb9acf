"""The console's pages and the endpoints it needs: rule check and draft backtest, stories,
operations. Every data endpoint needs an owner's key; an owner sees only its own durables."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import SecretStr

from services.alert.owners import admin
from shared.contract import DeadLetter
from shared.natsauth.material import Issuer
from shared.subjects import deadletter_subject
from tests.alert.conftest import AlertApi, make_shift
from tests.alert.test_history_api import DAY1, RATES, STEEL_DOWN, STEEL_UP, STEEL_UP_AGAIN, feed
from tests.alert.test_retractions_nats import edit_keeping, publish_notice
from tests.natsclient import connect

pytestmark = pytest.mark.nats

DATA_ENDPOINTS = [
    ("POST", "/rules/check", {"query": "tariff"}),
    ("POST", "/rules/backtest", {"rule": {"query": "tariff"}}),
    ("GET", "/stories", None),
    ("GET", "/operations/sources", None),
    ("GET", "/operations/dead-letters", None),
    ("GET", "/operations/lag", None),
]


async def test_console_page_and_its_files_are_served_from_the_package(alert_api: AlertApi) -> None:
    async with alert_api.client() as http:
        page = await http.get("/")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert '<script type="module" src="/console/js/app.js">' in page.text
        assert "http://" not in page.text and "https://" not in page.text, "nothing from another origin"
        scripts = ("js/app.js", "js/pages/timeline.js", "vendor/uplot/uPlot.esm.js")
        for path in (f"/console/{name}" for name in scripts):
            served = await http.get(path)
            assert served.status_code == 200 and "javascript" in served.headers["content-type"], path
        licence = await http.get("/console/vendor/uplot/LICENSE")
        assert licence.status_code == 200 and "MIT License" in licence.text
        assert (await http.get("/console/../app.py")).status_code == 404


@pytest.mark.parametrize(("method", "path", "body"), DATA_ENDPOINTS)
async def test_console_endpoints_refuse_a_caller_without_a_key(
    alert_api: AlertApi, method: str, path: str, body: object
) -> None:
    async with alert_api.client() as anonymous, alert_api.client("pwa_not-a-key") as wrong:
        for http in (anonymous, wrong):
            response = await http.request(method, path, json=body)
            assert response.status_code == 401, (path, response.text)


async def test_rule_check_points_at_the_query_error_and_warns_on_what_is_probably_not_meant(
    alert_api: AlertApi,
) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        broken = await http.post("/rules/check", json={"query": "tariff AND (steel OR"})
        assert broken.status_code == 422
        [error] = broken.json()["detail"]
        assert error["loc"] == ["body", "query"] and "at position" in error["msg"]
        assert error["ctx"]["position"] == len("tariff AND (steel OR")

        good = await http.post("/rules/check", json={"query": "tariff steel", "actors": ["Fed"]})
        assert good.status_code == 200, good.text
        assert good.json() == {"query": "(tariff AND steel)", "warnings": []}

        vague = (await http.post("/rules/check", json={"actors": ["Ministry of Nowhere"]})).json()
        assert vague["query"] is None
        assert vague["warnings"] == [
            "actor 'Ministry of Nowhere' is not in the gazetteer: only that exact name matches"
        ]
        empty = (await http.post("/rules/check", json={})).json()
        assert empty["warnings"] == [
            'no condition: the rule would fire on every shift; saving it needs "match_all": true'
        ]
        match_all = (await http.post("/rules/check", json={"match_all": True})).json()
        assert match_all["warnings"] == ["no condition: the rule would fire on every shift"]
        unknown_field = await http.post("/rules/check", json={"query": "x", "colour": "red"})
        assert unknown_field.status_code == 422
        assert (await http.get("/rules")).json()["items"] == [], "a check saves nothing"


async def test_draft_backtest_counts_what_an_unsaved_rule_would_have_fired(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    recent = make_shift(
        article_id="a9", source="Wire Nine", published_at=datetime.now(UTC) - timedelta(days=2)
    )
    async with alert_api.client(key) as http:
        await feed(alert_api, STEEL_UP, STEEL_UP_AGAIN, STEEL_DOWN, RATES, recent)
        rule = {"name": "US steel", "actors": ["Washington"], "topics": ["tariffs"]}
        window = {"since": DAY1.isoformat(), "until": (DAY1 + timedelta(days=30)).isoformat()}
        result = (await http.post("/rules/backtest", json={"rule": rule, **window})).json()
        assert result["shifts_scanned"] == 4 and result["fired"] == 2
        fired = [(h["shift"]["article_id"], h["kind"]) for h in result["hits"]]
        assert fired == [("a1", "new"), ("a3", "new")]

        last_30_days = (await http.post("/rules/backtest", json={"rule": rule})).json()
        assert last_30_days["fired"] == 1 and last_30_days["hits"][0]["shift"]["article_id"] == "a9"
        assert last_30_days["shifts_scanned"] == 1

        bad = await http.post("/rules/backtest", json={"rule": {"query": "(steel"}})
        assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "rule", "query"]
        assert (await http.get("/rules")).json()["items"] == []
        assert (await http.get("/alerts")).json()["items"] == [], "a backtest never alerts"


async def test_stories_are_listed_with_their_sources_newest_first_and_filtered(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        await feed(alert_api, STEEL_UP, STEEL_UP_AGAIN, STEEL_DOWN, RATES)
        stories = (await http.get("/stories")).json()
        assert [(s["actor"], s["direction"]) for s in stories["items"]] == [
            ("Bank of Japan", "hardening"),
            ("United States", "softening"),
            ("United States", "hardening"),
        ]
        steel = stories["items"][2]
        assert steel["source_count"] == 2 and steel["sources"] == ["wire one", "paper two"]
        assert steel["shift_count"] == 2
        by_alias = (await http.get("/stories", params={"actor": "Washington"})).json()["items"]
        assert {s["actor"] for s in by_alias} == {"United States"} and len(by_alias) == 2
        rates = (await http.get("/stories", params={"topic": "policy"})).json()["items"]
        assert [s["actor"] for s in rates] == ["Bank of Japan"]
        assert (await http.get("/stories", params={"topic": "%"})).json()["items"] == []
        first = (await http.get("/stories", params={"limit": 2})).json()
        rest = (await http.get("/stories", params={"limit": 2, "cursor": first["next_cursor"]})).json()
        assert [s["id"] for s in first["items"] + rest["items"]] == [s["id"] for s in stories["items"]]


async def test_dead_letters_are_shown_newest_first_with_reasons_and_without_bodies(
    alert_api: AlertApi,
) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        assert (await http.get("/operations/dead-letters")).json() == {"total": 0, "items": [], "error": None}
        nc = await connect(alert_api.settings, "admin")
        js = nc.jetstream()
        for n in range(3):
            letter = DeadLetter(
                service="extract",
                subject="policy.articles.v1",
                reason=f"invalid Article: text: Field required ({n})",
                payload='{"secret": "article body"}',
                deliveries=1,
            )
            await js.publish(deadletter_subject("extract"), letter.model_dump_json().encode())
        await js.publish(deadletter_subject("extract"), b"not a dead letter")
        await nc.close()
        shown = (await http.get("/operations/dead-letters", params={"limit": 2})).json()
    assert shown["total"] == 4
    assert [d["reason"] for d in shown["items"]] == [
        "invalid Article: text: Field required (2)",
        "invalid Article: text: Field required (1)",
    ]
    assert "secret" not in str(shown)
    assert shown["items"][0]["payload_bytes"] == len('{"secret": "article body"}')


async def test_lag_shows_the_service_consumers_and_only_the_callers_own_durables(alert_api: AlertApi) -> None:
    acme, other = alert_api.new_owner("acme"), alert_api.new_owner("other")
    issuer = Issuer.load(alert_api.settings.alert.nats_issuer_file)  # type: ignore[arg-type]
    database = alert_api.settings.alert_database_url()
    admin.issue_nats_credentials(database, "acme", issuer, labels=["phone"])
    admin.issue_nats_credentials(database, "other", issuer, labels=["desk"])
    await feed(alert_api, STEEL_UP)
    async with alert_api.client(acme) as http:
        rows = (await http.get("/operations/lag")).json()
    by_durable = {row["durable"]: row for row in rows}
    assert by_durable["alert"]["reader"] == "alert" and by_durable["alert"]["pending"] == 0
    assert by_durable["alert"]["error"] is None
    assert by_durable["acme-phone"]["reader"] == "you"
    assert "other-desk" not in by_durable, "another owner's durable is not shown"
    assert set(by_durable) >= {"extract", "alert", "alert-extractions"}
    async with alert_api.client(other) as http:
        assert "acme-phone" not in {row["durable"] for row in (await http.get("/operations/lag")).json()}


async def test_sources_say_how_to_configure_them_and_report_an_unreachable_ingest(
    alert_api: AlertApi,
) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        unset = (await http.get("/operations/sources")).json()
        assert unset["configured"] is False and "POLICYWATCH_ALERT__INGEST_URL" in unset["error"]
        alert_api.settings.alert.ingest_url = "http://127.0.0.1:9"  # discard port: nothing listens
        alert_api.settings.alert.ingest_api_key = SecretStr("pwi_x")
        down = (await http.get("/operations/sources")).json()
        assert down["configured"] is True and down["error"].startswith("ingest unreachable")


async def test_swagger_ui_is_served_from_the_package_not_a_cdn(alert_api: AlertApi) -> None:
    async with alert_api.client() as http:
        docs = await http.get("/docs")
        assert docs.status_code == 200
        assert "cdn." not in docs.text and "unpkg" not in docs.text, "/docs must work offline"
        assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', docs.text)
        assert assets, docs.text
        for asset in assets:
            assert asset.startswith("/"), asset
            assert (await http.get(asset)).status_code == 200, asset


async def test_a_story_whose_every_shift_was_retracted_is_not_listed(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        await feed(alert_api, STEEL_UP, RATES)
        await publish_notice(alert_api, edit_keeping(article_id="a4"))  # a4's edit states no shift
        await alert_api.extracted(1)
        stories = (await http.get("/stories")).json()["items"]
    assert [s["actor"] for s in stories] == ["United States"]
