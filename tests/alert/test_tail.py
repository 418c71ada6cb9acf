"""`policywatch alerts tail`: an owner follows its alerts with nats-py, live or from its durable."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from services.alert.tail import nats_servers, tail, tail_target
from services.cli import main
from shared.settings import NatsSettings, Settings
from tests.alert.conftest import AlertApi, make_shift
from tests.alert.test_nats_permissions import issue
from tests.alert.test_pipeline_nats import publish_shift

pytestmark = pytest.mark.nats


async def _owner_with_creds(alert_api: AlertApi, tmp_path: Path) -> Path:
    key = alert_api.new_owner("acme")
    async with alert_api.client(key) as http:
        await http.post("/rules", json={"name": "US", "actors": ["United States"]})
    creds, _ = await issue(alert_api, key, tmp_path, "acme")
    return creds


async def test_tail_prints_an_alert_as_it_arrives_on_the_owners_subject(
    alert_api: AlertApi, tmp_path: Path
) -> None:
    creds = await _owner_with_creds(alert_api, tmp_path)
    target = tail_target(alert_api.settings, owner="acme", creds=creds, durable=None, server=None)
    lines: list[str] = []

    async def publish() -> None:
        await publish_shift(alert_api.settings, make_shift())

    shown = await asyncio.wait_for(tail(target, lines.append, count=1, ready=publish), 20)
    assert shown == 1
    assert lines[0].startswith("ALERT [US] United States | ")
    assert "\n      evidence: " in lines[0]


async def test_tail_from_the_durable_gets_what_was_published_before_and_acks_it(
    alert_api: AlertApi, tmp_path: Path
) -> None:
    creds = await _owner_with_creds(alert_api, tmp_path)
    await publish_shift(alert_api.settings, make_shift())
    await alert_api.handled(1)
    target = tail_target(alert_api.settings, owner="acme", creds=creds, durable="alerts", server=None)
    assert target.durable == "acme-alerts"

    lines: list[str] = []
    assert await asyncio.wait_for(tail(target, lines.append, count=1), 20) == 1
    assert lines[0].startswith("ALERT [US] United States")
    with pytest.raises(TimeoutError):  # acked: a second run has nothing left to show
        await asyncio.wait_for(tail(target, lines.append, count=1), 3)
    assert len(lines) == 1


def test_tail_without_the_owners_credentials_says_where_they_come_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("POLICYWATCH_DATA_DIR", str(tmp_path))
    assert main(["alerts", "tail", "--owner", "Nobody Inc"]) == 2
    error = capsys.readouterr().err
    assert "no NATS credentials for 'nobody_inc'" in error and "create-owner" in error


def test_tail_with_a_durable_but_no_owner_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("POLICYWATCH_DATA_DIR", str(tmp_path))
    assert main(["alerts", "tail", "--durable", "alerts"]) == 2
    assert "--durable needs --owner" in capsys.readouterr().err


def test_tail_finds_nats_where_policywatch_up_recorded_it_unless_a_url_is_configured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("POLICYWATCH_NATS__URL", raising=False)
    settings = Settings(data_dir=tmp_path)
    assert nats_servers(settings) == ["nats://127.0.0.1:4222"]
    settings.recorded_nats_url_file().write_text("nats://127.0.0.1:40771\n")
    assert nats_servers(settings) == ["nats://127.0.0.1:40771"]
    configured = Settings(data_dir=tmp_path, nats=NatsSettings(url="nats://10.0.0.5:4222"))
    assert nats_servers(configured) == ["nats://10.0.0.5:4222"]
