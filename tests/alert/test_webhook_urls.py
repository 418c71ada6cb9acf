"""The rule API refuses webhook URLs the service must not call; the sender refuses names that
resolve to internal addresses (DNS rebinding); a setting allows private hosts."""

from __future__ import annotations

import pytest

from services.alert.app import create_app
from shared.settings import Settings
from tests.alert.conftest import AlertApi, make_shift
from tests.alert.test_history_api import feed

pytestmark = pytest.mark.nats

UNSAFE = {
    "ftp://hooks.example.com/x": "URL scheme should be 'http' or 'https'",  # pydantic's AnyHttpUrl
    "https://user:secret@hooks.example.com/x": "credentials in the URL are not allowed",
    "http://127.0.0.1:8080/x": "host 127.0.0.1 is a loopback address",
    "http://[::1]/x": "host ::1 is a loopback address",
    "http://10.0.0.7/x": "host 10.0.0.7 is a private address",
    "http://169.254.169.254/latest/meta-data": "host 169.254.169.254 is a link-local address",
    "http://224.0.0.1/x": "host 224.0.0.1 is a multicast address",
    "http://0.0.0.0:9/x": "host 0.0.0.0 is an unspecified address",
    "http://2130706433/x": "host 127.0.0.1 is a loopback address",  # decimal form, normalised first
}


async def test_unsafe_webhook_urls_are_refused_with_422_saying_why(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        for url, reason in UNSAFE.items():
            response = await http.post("/rules", json={"name": "hook", "match_all": True, "webhook_url": url})
            assert response.status_code == 422, url
            error = response.json()["detail"][0]
            assert error["loc"] == ["body", "webhook_url"] and reason in error["msg"], (url, error)
        assert (await http.get("/rules")).json()["items"] == []


async def test_public_webhook_url_is_accepted_and_a_change_to_a_private_one_refused(
    alert_api: AlertApi,
) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        created = await http.post(
            "/rules", json={"name": "hook", "match_all": True, "webhook_url": "https://hooks.example.com/pw"}
        )
        assert created.status_code == 201
        rule_id = created.json()["id"]
        patched = await http.patch(f"/rules/{rule_id}", json={"webhook_url": "http://192.168.0.5/pw"})
        replaced = await http.put(
            f"/rules/{rule_id}", json={"name": "h", "match_all": True, "webhook_url": "http://[fe80::1]/"}
        )
        assert (patched.status_code, replaced.status_code) == (422, 422)
        assert patched.json()["detail"][0]["loc"] == ["body", "webhook_url"]
        assert (await http.get(f"/rules/{rule_id}")).json()["version"] == 1


async def test_name_resolving_to_loopback_is_accepted_then_refused_when_sending(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        created = await http.post(
            "/rules", json={"name": "hook", "match_all": True, "webhook_url": "http://localhost:9/hook"}
        )
        assert created.status_code == 201, "a name is checked when it is resolved, at send time"
        await feed(alert_api, make_shift())
        await alert_api.delivered(1)
        delivery = (await http.get("/deliveries")).json()["items"][0]
    assert (delivery["status"], delivery["attempts"], delivery["response_status"]) == ("failed", 1, None)
    assert (
        delivery["last_error"] == "refused: webhook host localhost resolves to 127.0.0.1, a loopback address"
    )


async def test_private_hosts_are_accepted_when_the_setting_allows_them(alert_settings: Settings) -> None:
    alert_settings.alert.webhook_allow_private_hosts = True
    api = AlertApi(create_app(alert_settings), alert_settings)
    key = api.new_owner("acme")
    async with api.app.router.lifespan_context(api.app), api.client(key) as http:
        response = await http.post(
            "/rules", json={"name": "hook", "match_all": True, "webhook_url": "http://10.0.0.7:8080/x"}
        )
        refused = await http.post(
            "/rules", json={"name": "hook", "match_all": True, "webhook_url": "http://u:p@10.0.0.7/x"}
        )
    assert response.status_code == 201
    assert refused.status_code == 422, "credentials stay refused"
