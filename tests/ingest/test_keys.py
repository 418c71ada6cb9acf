"""ingest answers data requests only with an ingest API key; probes stay open."""

from __future__ import annotations

import subprocess
import sys

import pytest
import sqlalchemy as sa

from services.alert.owners import admin
from services.ingest.keys import KeyStore
from shared.settings import Settings
from tests.ingest.conftest import running_app, stream_messages

pytestmark = pytest.mark.nats

ARTICLE = {"text": "The ministry doubled the fuel levy on Monday.", "url": "https://news.example.org/levy"}
DATA_ENDPOINTS = [
    ("POST", "/articles", ARTICLE),
    ("GET", "/articles/abc", None),
    ("POST", "/sources", {"url": "https://feeds.example.org/rss"}),
    ("GET", "/sources", None),
    ("GET", "/sources/abc", None),
    ("POST", "/sources/abc/poll", None),
    ("DELETE", "/sources/abc", None),
]


@pytest.mark.parametrize(("method", "path", "body"), DATA_ENDPOINTS)
async def test_every_data_endpoint_is_401_without_a_valid_key(
    settings: Settings, method: str, path: str, body: dict | None
) -> None:
    alert_key = admin.create_owner(settings.alert_database_url(), "acme")  # an owner key is not an ingest key
    async with running_app(settings) as (app, client):
        key_row, revoked = app.state.ingest.keys.create(name="old")
        app.state.ingest.keys.revoke(key_row.id)
        client.headers.pop("X-API-Key")  # each request below brings its own, or none
        answers = {}
        for name, key in [("none", None), ("wrong", "pwi_0123456789ab_wrong"), ("garbage", "x" * 300),
                          ("revoked", revoked), ("alert owner's", alert_key)]:  # fmt: skip
            headers = {"X-API-Key": key} if key else {}
            response = await client.request(method, path, json=body, headers=headers)
            answers[name] = (response.status_code, response.headers.get("www-authenticate"))
    assert set(answers.values()) == {(401, "ApiKey")}, answers
    assert await stream_messages(settings) == []


async def test_a_valid_key_is_let_through_and_probes_need_none(settings: Settings) -> None:
    async with running_app(settings) as (_, client):
        pushed = await client.post("/articles", json=ARTICLE)
        key = client.headers.pop("X-API-Key")
        probes = [(await client.get(path)).status_code for path in ("/health", "/ready", "/metrics")]
        refused = await client.get("/sources")
        allowed = await client.get("/sources", headers={"X-API-Key": key})
    assert pushed.status_code == 200 and pushed.json()["published"] == 1
    assert probes == [200, 200, 200]
    assert refused.status_code == 401 and allowed.status_code == 200


def test_keys_are_stored_hashed_and_revocation_ends_them(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from services.ingest.db import migrate
    from services.ingest.store import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'ingest.db'}")
    migrate(engine)
    keys = KeyStore(engine)
    row, plaintext = keys.create(name="newsroom importer")
    with engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT * FROM ingest_api_key")).all()
    assert plaintext.startswith(f"pwi_{row.id}_")
    assert plaintext not in repr(stored) and plaintext.split("_", 2)[2] not in repr(stored)
    assert keys.is_valid(plaintext)
    assert not keys.is_valid(plaintext + "x") and not keys.is_valid(plaintext.replace("pwi_", "pw_"))
    assert keys.revoke(row.id) and not keys.is_valid(plaintext)
    assert keys.revoke(row.id) is False
    engine.dispose()


def test_create_key_command_prints_a_key_that_list_shows_and_revoke_ends(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {"POLICYWATCH_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "services.cli", "ingest", *args], env=env, capture_output=True, text=True
        )

    created = run("create-key", "newsroom")
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip()
    key_id = key.split("_")[1]
    listed = run("list-keys")
    assert key_id in listed.stdout and "newsroom" in listed.stdout and key not in listed.stdout
    assert run("revoke-key", key_id).returncode == 0
    assert "revoked" in run("list-keys").stdout
    assert run("revoke-key", "nope").returncode == 1
