"""Digest mode: a rule's alerts are held, then published together once the interval passed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from services.alert.delivery.alerts import to_record
from services.alert.delivery.digests import group_due
from services.alert.rules.rulebook import RuleBook
from services.alert.storage import db
from services.alert.storage.tables import AlertRecord
from shared.contract import Alert, utcnow
from shared.subjects import owner_alerts
from tests.alert.conftest import AlertApi, make_shift
from tests.alert.test_history_api import feed
from tests.natsclient import connect

pytestmark = pytest.mark.nats


async def test_digest_rule_holds_alerts_until_the_interval_then_sends_them_together(
    alert_api: AlertApi,
) -> None:
    key = alert_api.new_owner("acme")
    nc = await connect(alert_api.settings)
    received = await nc.subscribe(owner_alerts("acme"))
    scheduler = alert_api.app.state.digests
    try:
        async with alert_api.client(key) as http:
            rule = {"name": "daily", "match_all": True, "delivery_mode": "digest", "digest_minutes": 60}
            await http.post("/rules", json=rule)
            await feed(alert_api, make_shift(article_id="a1"), make_shift(article_id="a2", topic="aluminium"))
            held = (await http.get("/alerts")).json()["items"]
            assert len(held) == 2 and all(a["published_at"] is None for a in held)

            assert await scheduler.tick(now=utcnow() + timedelta(minutes=30)) == 0
            assert await scheduler.tick(now=utcnow() + timedelta(minutes=61)) == 1
            messages = [await received.next_msg(timeout=5) for _ in range(2)]
            sent = (await http.get("/alerts")).json()["items"]
    finally:
        await nc.close()
    digest_ids = {m.headers["Policywatch-Digest-Id"] for m in messages if m.headers}
    assert len(digest_ids) == 1
    assert {Alert.model_validate_json(m.data).id for m in messages} == {a["id"] for a in held}
    assert all(a["published_at"] and a["digest_id"] in digest_ids for a in sent)
    assert await scheduler.tick(now=utcnow() + timedelta(minutes=200)) == 0, "nothing is sent twice"


DAILY = {"name": "daily", "match_all": True, "delivery_mode": "digest"}


async def test_deleted_rule_delivers_none_of_its_pending_digest_items(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    scheduler = alert_api.app.state.digests
    async with alert_api.client(key) as http:
        rule = (await http.post("/rules", json=DAILY)).json()
        await feed(alert_api, make_shift(article_id="a1"), make_shift(article_id="a2", topic="aluminium"))
        assert (await http.delete(f"/rules/{rule['id']}")).status_code == 204
        # discarded with the deletion itself, not left for the next digest check to find
        at_once = (await http.get("/alerts")).json()["items"]
        assert len(at_once) == 2 and all(a["discarded_at"] for a in at_once)

        assert await scheduler.tick(now=utcnow() + timedelta(minutes=61)) == 0, "nothing is sent"
        held = (await http.get("/alerts")).json()["items"]
    assert len(held) == 2
    assert all(a["discarded_at"] and a["published_at"] is None and a["digest_id"] is None for a in held)


async def test_digest_grouped_but_unsent_when_its_rule_is_deleted_is_never_sent(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    context = alert_api.app.state.alert
    async with alert_api.client(key) as http:
        rule = (await http.post("/rules", json=DAILY)).json()
        await feed(alert_api, make_shift(article_id="a1"))
        with Session(context.engine) as session:  # grouped, then the service stopped before sending
            assert len(group_due(session, rules=context.rules, now=utcnow() + timedelta(minutes=61))) == 1
        await http.delete(f"/rules/{rule['id']}")

        assert await alert_api.app.state.digests.tick() == 0
        [held] = (await http.get("/alerts")).json()["items"]
    assert held["digest_id"] and held["discarded_at"] and held["published_at"] is None


def test_digest_items_of_a_rule_this_replica_has_not_loaded_yet_wait(database_url: str) -> None:
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        shift = make_shift()
        alert = Alert(id="x1", owner="acme", rule_id="elsewhere", rule_version=1, shift=shift, reasons=[])
        with Session(engine) as session:
            session.add(to_record(alert, kind="new", mode="digest"))
            session.commit()
            assert group_due(session, rules=RuleBook(None), now=utcnow() + timedelta(days=1)) == []
            record = session.get(AlertRecord, "x1")
            assert record is not None and record.discarded_at is None and record.digest_id is None
    finally:
        engine.dispose()
