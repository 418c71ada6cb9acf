"""Hostile input on the console's endpoints: what a client sends that Python parses but the
database or date arithmetic cannot hold is a 422, never a 500."""

from __future__ import annotations

import base64

import pytest

from tests.alert.conftest import AlertApi

pytestmark = pytest.mark.nats

# Parses as an ISO time, but lies outside UTC's years 1 to 9999 once converted.
YEAR_ZERO_IN_UTC = "0001-01-01T00:00:00+01:00"
YEAR_10000_IN_UTC = "9999-12-31T23:59:59-01:00"


def cursor_at(when: str, item_id: str = "x") -> str:
    return base64.urlsafe_b64encode(f"{when}|{item_id}".encode()).decode().rstrip("=")


@pytest.mark.parametrize("when", [YEAR_ZERO_IN_UTC, YEAR_10000_IN_UTC])
@pytest.mark.parametrize("path", ["/stories", "/alerts", "/deliveries"])
async def test_a_cursor_outside_utcs_years_is_refused_with_422(
    alert_api: AlertApi, path: str, when: str
) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        response = await http.get(path, params={"cursor": cursor_at(when)})
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["query", "cursor"]


@pytest.mark.parametrize("until", ["0001-01-01T00:00:00Z", "0001-01-10T00:00:00+05:00"])
async def test_a_draft_backtest_until_the_first_days_of_year_one_replays_from_the_earliest_time(
    alert_api: AlertApi, until: str
) -> None:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        response = await http.post("/rules/backtest", json={"rule": {"query": "tariff"}, "until": until})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["since"].startswith("0001-01-01T00:00:00") and body["shifts_scanned"] == 0
