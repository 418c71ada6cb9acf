"""Any body, header or size a client sends gets a clear 4xx, never a 500 or a dropped connection."""

from __future__ import annotations

import pytest

from tests.alert.conftest import AlertApi

pytestmark = pytest.mark.nats

JSON = {"content-type": "application/json"}


@pytest.mark.parametrize(
    "body",
    [
        b'{"name": "nan", "min_confidence": NaN}',
        b'{"name": "inf", "min_confidence": Infinity}',
        b'{"name": "neg", "min_confidence": -Infinity}',
        b'{"name": "\\ud800"}',
        b'{"name": "x", "topics": ["\\udfff tariffs"]}',
    ],
    ids=["nan", "infinity", "minus-infinity", "lone-surrogate-name", "lone-surrogate-topic"],
)
async def test_non_finite_numbers_and_lone_surrogates_are_422(alert_api: AlertApi, body: bytes) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        response = await http.post("/rules", content=body, headers=JSON)
        assert response.status_code == 422, response.text
        assert response.json()["detail"][0]["type"] == "json_invalid"
        assert (await http.get("/rules")).json()["items"] == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("min_sources", 10**30), ("min_sources", 1001), ("digest_minutes", 10**12)],
)
async def test_numeric_fields_out_of_bounds_are_422(alert_api: AlertApi, field: str, value: int) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        response = await http.post("/rules", json={"name": "big", field: value})
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", field]


async def test_rule_with_too_many_topics_or_actors_is_422(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        topics = await http.post(
            "/rules", json={"name": "t", "topics": [f"topic {n}" for n in range(100_000)]}
        )
        actors = await http.post("/rules", json={"name": "a", "actors": [f"actor {n}" for n in range(5000)]})
        long_query = await http.post("/rules", json={"name": "q", "query": " OR ".join(["tariffs"] * 400)})
    assert topics.status_code in (413, 422)
    assert actors.status_code == 422 and actors.json()["detail"][0]["loc"] == ["body", "actors"]
    assert long_query.status_code == 422 and long_query.json()["detail"][0]["loc"] == ["body", "query"]


async def test_body_over_the_size_limit_is_413(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    limit = alert_api.settings.alert.max_body_bytes
    padding = "x" * (limit + 1)
    async with alert_api.client(key) as http:
        declared = await http.post("/rules", json={"name": "big", "query": padding})

        async def chunks():  # no Content-Length: the limit holds while the body streams in
            yield b'{"name": "big", "query": "'
            for _ in range(limit // 65536 + 1):
                yield b"x" * 65536
            yield b'"}'

        streamed = await http.post("/rules", content=chunks(), headers=JSON)
    assert declared.status_code == 413
    assert streamed.status_code == 413
    assert "limit" in declared.json()["detail"]


@pytest.mark.parametrize("last_event_id", ["-5", "99999999999999999999999", "abc", "1.5"])
async def test_bad_last_event_id_is_400(alert_api: AlertApi, last_event_id: str) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        response = await http.get("/alerts/stream", headers={"Last-Event-ID": last_event_id})
    assert response.status_code == 400, response.text
    assert "Last-Event-ID" in response.json()["detail"]


async def test_owner_cannot_hold_more_rules_than_the_limit(alert_api: AlertApi) -> None:
    alert_api.app.state.alert.settings.alert.max_rules_per_owner = 3
    key, other = alert_api.new_owner("acme"), alert_api.new_owner("other")
    async with alert_api.client(key) as http:
        created = [
            (await http.post("/rules", json={"name": f"r{n}", "match_all": True})).status_code
            for n in range(4)
        ]
        rules = (await http.get("/rules")).json()["items"]
        deleted = await http.delete(f"/rules/{rules[0]['id']}")
        again = await http.post("/rules", json={"name": "after delete", "match_all": True})
    async with alert_api.client(other) as http:
        theirs = await http.post("/rules", json={"name": "mine", "match_all": True})
    assert created == [201, 201, 201, 409]
    assert deleted.status_code == 204 and again.status_code == 201
    assert theirs.status_code == 201


async def test_a_key_over_the_rate_limit_gets_429_and_other_owners_do_not(alert_settings) -> None:  # type: ignore[no-untyped-def]
    from services.alert.app import create_app

    alert_settings.alert.rate_limit_per_second = 0.5
    alert_settings.alert.rate_limit_burst = 5
    app = create_app(alert_settings)
    async with app.router.lifespan_context(app):
        api = AlertApi(app, alert_settings)
        key, other = api.new_owner("acme"), api.new_owner("other")
        async with api.client(key) as http:
            statuses = [(await http.get("/rules")).status_code for _ in range(8)]
            health = (await http.get("/health")).status_code
        async with api.client(other) as http:
            theirs = (await http.get("/rules")).status_code
    assert statuses[:5] == [200] * 5 and set(statuses[5:]) == {429}
    assert health == 200 and theirs == 200


@pytest.mark.parametrize("path", ["/rules", "/alerts", "/deliveries", "/shifts"])
@pytest.mark.parametrize(
    "cursor",
    ["garbage!", "bm8tc2VwYXJhdG9y", "bm90LWEtZGF0ZXx4", "__8"],
    ids=["not-base64", "no-separator", "not-a-date", "not-utf8"],
)
async def test_a_cursor_the_api_did_not_write_is_422_on_every_listing(
    alert_api: AlertApi, path: str, cursor: str
) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        response = await http.get(path, params={"cursor": cursor})
    assert response.status_code == 422, response.text
    assert response.json()["detail"] == [
        {"loc": ["query", "cursor"], "msg": "invalid cursor", "type": "value_error"}
    ]
