"""Retraction through the service on a real nats-server: an ArticleExtracted notice that no longer
lists a shift retracts it, and whoever was alerted gets one retraction alert, on NATS and webhook."""

from __future__ import annotations

import json

import pytest

from shared.contract import Alert, ArticleExtracted, PolicyShift
from shared.settings import Settings
from shared.subjects import ALERTS_STREAM, EXTRACTIONS_SUBJECT, owner_alerts
from tests.alert.conftest import AlertApi, make_shift
from tests.alert.test_history_api import DAY1, feed
from tests.alert.test_webhooks import Receiver, alert_settings, receiver  # noqa: F401  (fixtures)
from tests.natsclient import connect

pytestmark = pytest.mark.nats

TARIFF = make_shift(article_id="a1", source="Wire One")
RATE = make_shift(
    article_id="a1",
    actor="Bank of Japan",
    topic="policy rate",
    source="Wire One",
    text="The Bank of Japan raised its policy rate to 0.75 percent.",
)


async def publish_notice(api: AlertApi, notice: ArticleExtracted, msg_id: str | None = None) -> None:
    nc = await connect(api.settings, "extract")
    try:
        await nc.jetstream().publish(
            EXTRACTIONS_SUBJECT,
            notice.model_dump_json().encode(),
            headers={"Nats-Msg-Id": msg_id or f"{notice.article_id}:v{notice.article_version}:extracted"},
        )
    finally:
        await nc.close()


def edit_keeping(*shifts: PolicyShift, version: int = 2, article_id: str = "a1") -> ArticleExtracted:
    return ArticleExtracted(article_id=article_id, article_version=version, shift_ids=[s.id for s in shifts])


async def alerts_on_stream(settings: Settings) -> list[Alert]:
    nc = await connect(settings)
    try:
        js = nc.jetstream()
        sub = await js.subscribe(owner_alerts("acme"), ordered_consumer=True)
        count = (await js.stream_info(ALERTS_STREAM)).state.messages
        return [Alert.model_validate_json((await sub.next_msg(timeout=5)).data) for _ in range(count)]
    finally:
        await nc.close()


async def test_edit_that_drops_a_shift_sends_one_retraction_and_hides_the_shift(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        rule = (await http.post("/rules", json={"name": "all", "match_all": True})).json()
        await feed(alert_api, TARIFF, RATE)
        await publish_notice(alert_api, edit_keeping(TARIFF))
        await alert_api.extracted(1)
        listed = (await http.get("/shifts")).json()["items"]
        everything = (await http.get("/shifts", params={"include_retracted": "true"})).json()["items"]
        retractions = (await http.get("/alerts", params={"kind": "retraction"})).json()["items"]
        one = (await http.get(f"/shifts/{RATE.id}")).json()

    sent = await alerts_on_stream(alert_api.settings)
    expected = [("new", TARIFF.id), ("new", RATE.id), ("retraction", RATE.id)]
    assert [(a.kind, a.shift.id) for a in sent] == expected
    retraction = sent[-1]
    assert retraction.id == Alert.make_retraction_id(Alert.make_id(rule["id"], RATE.id))
    assert retraction.rule_id == rule["id"] and retraction.owner == "acme"
    assert retraction.reasons == ["retracted: article a1 version 2 no longer reports this shift"]
    assert [s["id"] for s in listed] == [TARIFF.id]
    assert {s["id"] for s in everything} == {TARIFF.id, RATE.id}
    assert one["retracted_in_version"] == 2 and one["retracted_at"] is not None
    assert [a["id"] for a in retractions] == [retraction.id] and retractions[0]["kind"] == "retraction"
    registry = alert_api.app.state.alert.runtime.registry
    assert registry.get_sample_value("policywatch_alert_shifts_retracted_total") == 1.0


async def test_redelivered_notice_sends_no_second_retraction(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        await http.post("/rules", json={"name": "all", "match_all": True})
        await feed(alert_api, TARIFF, RATE)
        await publish_notice(alert_api, edit_keeping(TARIFF), msg_id="first")
        await publish_notice(alert_api, edit_keeping(TARIFF), msg_id="second")  # JetStream cannot dedupe
        await alert_api.extracted(2)
        assert len((await http.get("/alerts", params={"kind": "retraction"})).json()["items"]) == 1
    kinds = [a.kind for a in await alerts_on_stream(alert_api.settings)]
    assert kinds == ["new", "new", "retraction"]
    registry = alert_api.app.state.alert.runtime.registry
    assert registry.get_sample_value("policywatch_alert_shifts_retracted_total") == 1.0


async def test_shift_arriving_after_the_edit_notice_is_stored_retracted_and_never_alerted(
    alert_api: AlertApi,
) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        await http.post("/rules", json={"name": "all", "match_all": True})
        await publish_notice(alert_api, edit_keeping(TARIFF))
        await alert_api.extracted(1)
        await feed(alert_api, TARIFF, RATE)  # version 1's shifts, late
        stored = (await http.get("/alerts")).json()["items"]
        listed = (await http.get("/shifts")).json()["items"]
        rate = (await http.get(f"/shifts/{RATE.id}")).json()
    assert [(a["kind"], a["shift"]["id"]) for a in stored] == [("new", TARIFF.id)]
    assert [s["id"] for s in listed] == [TARIFF.id]
    assert rate["retracted_in_version"] == 2 and rate["story_id"] is None
    registry = alert_api.app.state.alert.runtime.registry
    assert registry.get_sample_value("policywatch_alert_shifts_retracted_total") == 1.0


async def test_retracted_shift_leaves_timeline_backtest_and_story_sources(alert_api: AlertApi) -> None:
    corroboration = make_shift(article_id="a2", source="Paper Two")
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        rule = (await http.post("/rules", json={"name": "two sources", "min_sources": 2})).json()
        await feed(alert_api, TARIFF, corroboration)
        await publish_notice(alert_api, edit_keeping(article_id="a2"))  # a2's edit states no shift
        await alert_api.extracted(1)
        timeline = (await http.get("/timeline", params={"actor": "United States", "topic": "tariffs"})).json()
        backtest = (await http.post(f"/rules/{rule['id']}/backtest", json={"since": DAY1.isoformat()})).json()
        story = (await http.get(f"/stories/{timeline[0]['story_id']}")).json()
    assert timeline[0]["sources"] == ["wire one"] and len(timeline[0]["evidence"]) == 1
    assert backtest["hits"] == [], "one live source left: min_sources 2 no longer met"
    assert story["source_count"] == 1 and [s["id"] for s in story["shifts"]] == [TARIFF.id]


async def test_retraction_is_posted_to_the_rule_webhook(alert_api: AlertApi, receiver: Receiver) -> None:  # noqa: F811
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        rule = {"name": "hook", "actors": ["Bank of Japan"], "webhook_url": receiver.url}
        await http.post("/rules", json=rule)
        await feed(alert_api, TARIFF, RATE)
        await alert_api.delivered(1)
        await publish_notice(alert_api, edit_keeping(TARIFF))
        await alert_api.extracted(1)
        await alert_api.delivered(2)
        deliveries = (await http.get("/deliveries")).json()["items"]
    bodies = [json.loads(body) for _, body in receiver.requests]
    assert [(b["kind"], b["shift"]["id"]) for b in bodies] == [("new", RATE.id), ("retraction", RATE.id)]
    assert {d["status"] for d in deliveries} == {"delivered"} and len(deliveries) == 2
