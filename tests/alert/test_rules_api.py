"""Rule CRUD over HTTP: validation names the field, versions are kept, owners are isolated."""

from __future__ import annotations

import pytest

from tests.alert.conftest import AlertApi

pytestmark = pytest.mark.nats

RULE = {"name": "US steel", "actors": ["United States"], "topics": ["steel"], "min_confidence": 0.5}
HOOK = {**RULE, "webhook_url": "https://hooks.example.com/policywatch"}


async def test_rule_is_created_listed_read_updated_and_deleted(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        created = (await http.post("/rules", json=RULE)).json()
        assert created["version"] == 1 and created["name"] == "US steel"
        assert created["subject"] == f"policy.alerts.v1.acme.{created['id']}"

        listed = (await http.get("/rules")).json()
        assert [r["id"] for r in listed["items"]] == [created["id"]]

        read = await http.get(f"/rules/{created['id']}")
        assert read.status_code == 200 and read.json()["topics"] == ["steel"]

        replaced = (await http.put(f"/rules/{created['id']}", json={**RULE, "topics": ["aluminium"]})).json()
        assert replaced["version"] == 2 and replaced["topics"] == ["aluminium"]

        patched = (await http.patch(f"/rules/{created['id']}", json={"min_confidence": 0.8})).json()
        assert (
            patched["version"] == 3
            and patched["min_confidence"] == 0.8
            and patched["topics"] == ["aluminium"]
        )

        versions = (await http.get(f"/rules/{created['id']}/versions")).json()
        assert [v["version"] for v in versions] == [1, 2, 3]
        assert versions[0]["spec"]["topics"] == ["steel"]

        assert (await http.delete(f"/rules/{created['id']}")).status_code == 204
        assert (await http.get(f"/rules/{created['id']}")).status_code == 404
        assert (await http.get("/rules")).json()["items"] == []


async def test_invalid_rule_is_refused_with_422_naming_the_field(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        response = await http.post("/rules", json={**RULE, "min_confidence": 3})
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "min_confidence"]

        response = await http.post("/rules", json={**RULE, "shift_types": ["sideways"]})
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"][:2] == ["body", "shift_types"]


async def test_malformed_query_is_refused_with_what_and_where(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        response = await http.post("/rules", json={**RULE, "query": "tariff AND (steel OR"})
        assert response.status_code == 422
        error = response.json()["detail"][0]
        assert error["loc"] == ["body", "query"]
        assert "position" in error["msg"]

        rule = (await http.post("/rules", json=RULE)).json()
        response = await http.patch(f"/rules/{rule['id']}", json={"query": '"unclosed'})
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "query"]


async def test_request_without_a_valid_key_is_refused(alert_api: AlertApi) -> None:
    async with alert_api.client() as http:
        assert (await http.get("/rules")).status_code == 401
    async with alert_api.client("pw_000000000000_wrong") as http:
        assert (await http.get("/rules")).status_code == 401


async def test_another_owners_rule_answers_404_on_every_rule_endpoint(alert_api: AlertApi) -> None:
    alice, bob = alert_api.new_owner("alice"), alert_api.new_owner("bob")
    async with alert_api.client(alice) as http:
        rule_id = (await http.post("/rules", json=RULE)).json()["id"]
    async with alert_api.client(bob) as http:
        assert (await http.get(f"/rules/{rule_id}")).status_code == 404
        assert (await http.put(f"/rules/{rule_id}", json=RULE)).status_code == 404
        assert (await http.patch(f"/rules/{rule_id}", json={"name": "x"})).status_code == 404
        assert (await http.delete(f"/rules/{rule_id}")).status_code == 404
        assert (await http.get(f"/rules/{rule_id}/versions")).status_code == 404
        assert (await http.post(f"/rules/{rule_id}/webhook-secret")).status_code == 404
        assert (await http.get("/rules")).json()["items"] == []
    async with alert_api.client(alice) as http:
        assert (await http.get(f"/rules/{rule_id}")).json()["version"] == 1


async def test_webhook_secret_is_shown_only_in_the_response_that_sets_it(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        created = (await http.post("/rules", json=HOOK)).json()
        generated = created["webhook_secret"]
        assert generated and created["webhook_secret_set"] is True
        path = f"/rules/{created['id']}"

        read = (await http.get(path)).json()
        listed = (await http.get("/rules")).json()["items"][0]
        unchanged = (await http.put(path, json={**HOOK, "min_confidence": 0.6})).json()
        patched = (await http.patch(path, json={"name": "renamed"})).json()
        for shown in (read, listed, unchanged, patched):
            assert shown["webhook_secret"] is None and shown["webhook_secret_set"] is True
        versions = (await http.get(f"{path}/versions")).json()
        assert all(generated not in str(v) for v in versions)

        chosen = "a-secret-chosen-by-the-owner"
        set_by_patch = (await http.patch(path, json={"webhook_secret": chosen})).json()
        assert set_by_patch["webhook_secret"] == chosen
        kept = (await http.patch(path, json={"webhook_secret": None})).json()
        assert kept["webhook_secret"] is None, "no secret given: the old one is kept, not shown"

        rotated = await http.post(f"{path}/webhook-secret")
        assert rotated.status_code == 200
        fresh = rotated.json()
        assert fresh["webhook_secret"] not in (None, chosen, generated)
        assert fresh["version"] == kept["version"] + 1
        assert (await http.get(path)).json()["webhook_secret"] is None

        plain = (await http.post("/rules", json=RULE)).json()
        assert plain["webhook_secret"] is None and plain["webhook_secret_set"] is False
        assert (await http.post(f"/rules/{plain['id']}/webhook-secret")).status_code == 409


@pytest.mark.parametrize("body", [{"name": "x"}, {"name": "x", "query": ""}, {"name": "x", "actors": []}])
async def test_rule_without_criteria_is_refused_unless_it_asks_to_match_all(
    alert_api: AlertApi, body: dict[str, object]
) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        refused = await http.post("/rules", json=body)
        assert refused.status_code == 422
        error = refused.json()["detail"][0]
        assert error["loc"] == ["body", "match_all"] and "no criteria" in error["msg"]

        accepted = await http.post("/rules", json={**body, "match_all": True})
        assert accepted.status_code == 201 and accepted.json()["match_all"] is True


async def test_patch_that_removes_the_last_criterion_is_refused(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        rule = (await http.post("/rules", json={"name": "x", "topics": ["steel"]})).json()
        refused = await http.patch(f"/rules/{rule['id']}", json={"topics": []})
        assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "match_all"]
        assert (
            await http.patch(f"/rules/{rule['id']}", json={"topics": [], "match_all": True})
        ).status_code == 200


async def test_an_actor_the_gazetteer_does_not_know_is_accepted_with_a_warning(alert_api: AlertApi) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        created = await http.post("/rules", json={"name": "x", "actors": ["Washington", "Ruritania"]})
        assert created.status_code == 201
        assert created.json()["warnings"] == [
            "actor 'Ruritania' is not in the gazetteer: only that exact name matches"
        ]
        replaced = await http.put(f"/rules/{created.json()['id']}", json={"name": "x", "actors": ["RBA"]})
        assert replaced.status_code == 200 and replaced.json()["warnings"] == []
