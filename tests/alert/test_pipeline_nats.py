"""A shift on NATS becomes a stored alert published on the owner's subject, exactly once."""

from __future__ import annotations

import asyncio

import nats.errors
import pytest

from services.alert.pipelines.shifts import AlertPublisher
from shared.contract import Alert, PolicyShift
from shared.settings import Settings
from shared.subjects import ALERTS_STREAM, owner_alerts, shift_subject
from tests.alert.conftest import AlertApi, make_shift
from tests.natsclient import connect

pytestmark = pytest.mark.nats


async def publish_shift(settings: Settings, shift: PolicyShift, msg_id: str | None = None) -> None:
    """Publish `shift` as extract does, with extract's NATS identity."""
    nc = await connect(settings, "extract")
    try:
        await nc.jetstream().publish(
            shift_subject(shift.actor, shift.shift_type),
            shift.model_dump_json(by_alias=True).encode(),
            headers={"Nats-Msg-Id": msg_id or f"{shift.id}:v{shift.article_version}"},
        )
    finally:
        await nc.close()


async def test_published_shift_becomes_stored_alert_received_on_owner_subject(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    settings = alert_api.settings
    nc = await connect(settings)
    received = await nc.subscribe(owner_alerts("acme"))
    try:
        async with alert_api.client(key) as http:
            rule = (await http.post("/rules", json={"name": "US", "actors": ["United States"]})).json()
            shift = make_shift()
            await publish_shift(settings, shift)
            message = await received.next_msg(timeout=10)
            alert = Alert.model_validate_json(message.data)
            await alert_api.handled(1)
            stored = (await http.get("/alerts")).json()["items"]
    finally:
        await nc.close()

    assert message.subject == f"policy.alerts.v1.acme.{rule['id']}"
    assert alert.id == Alert.make_id(rule["id"], shift.id)
    assert alert.shift.id == shift.id and alert.rule_version == 1 and alert.owner == "acme"
    assert alert.reasons, "an alert explains why it matched"
    assert stored[0]["id"] == alert.id and stored[0]["kind"] == "new"
    registry = alert_api.app.state.alert.runtime.registry
    assert registry.get_sample_value("policywatch_alert_alerts_published_total") == 1.0
    assert registry.get_sample_value("policywatch_alert_rules") == 1.0


async def test_redelivered_shift_is_not_alerted_twice(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    settings = alert_api.settings
    async with alert_api.client(key) as http:
        await http.post("/rules", json={"name": "US", "actors": ["United States"]})
        shift = make_shift()
        await publish_shift(settings, shift, msg_id="first")
        await publish_shift(settings, shift, msg_id="second")  # a redelivery JetStream cannot dedupe
        await alert_api.handled(2)
        assert len((await http.get("/alerts")).json()["items"]) == 1
        assert len((await http.get("/shifts")).json()["items"]) == 1
    registry = alert_api.app.state.alert.runtime.registry
    assert registry.get_sample_value("policywatch_alert_alerts_published_total") == 1.0
    nc = await connect(settings)
    try:
        info = await nc.jetstream().stream_info(ALERTS_STREAM)
    finally:
        await nc.close()
    assert info.state.messages == 1


async def test_the_same_alerts_published_by_handlers_at_once_go_out_once(alert_api: AlertApi) -> None:
    # Notices of one article (a redelivery, a later version) in hand at once each hand the same
    # retractions to the publisher: one publish per alert, whoever asks and however often.
    key = alert_api.new_owner("acme")
    settings = alert_api.settings
    state = alert_api.app.state.alert
    async with alert_api.client(key) as http:
        await http.post("/rules", json={"name": "US", "actors": ["United States"]})
        await publish_shift(settings, make_shift())
        await alert_api.handled(1)
        [stored] = (await http.get("/alerts")).json()["items"]
    nc = await connect(settings)
    received = await nc.subscribe(owner_alerts("acme"))
    await nc.flush()  # the server knows the subscription before anything is published
    try:
        alert = Alert.model_validate(stored)
        publisher = AlertPublisher(state.runtime.broker, state.engine, state.metrics)
        before = state.runtime.registry.get_sample_value("policywatch_alert_alerts_published_total")
        await asyncio.gather(*(publisher.publish([alert, alert]) for _ in range(3)))
        await publisher.publish([alert])
        after = state.runtime.registry.get_sample_value("policywatch_alert_alerts_published_total")
        first = await received.next_msg(timeout=5)
        with pytest.raises(nats.errors.TimeoutError):
            await received.next_msg(timeout=0.5)
    finally:
        await nc.close()
    assert after - before == 1
    assert Alert.model_validate_json(first.data).id == alert.id
