"""Digest mode: a rule's alerts are held, then published together once the interval passed."""

from __future__ import annotations

from datetime import timedelta

import nats
import pytest

from shared.contract import Alert, utcnow
from shared.subjects import owner_alerts
from tests.alert.conftest import AlertApi, make_shift
from tests.alert.test_history_api import feed

pytestmark = pytest.mark.nats


async def test_digest_rule_holds_alerts_until_the_interval_then_sends_them_together(
    alert_api: AlertApi,
) -> None:
    key = alert_api.new_owner("acme")
    nc = await nats.connect(alert_api.settings.nats.url)
    received = await nc.subscribe(owner_alerts("acme"))
    scheduler = alert_api.app.state.digests
    try:
        async with alert_api.client(key) as http:
            rule = {"name": "daily", "delivery_mode": "digest", "digest_minutes": 60}
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
