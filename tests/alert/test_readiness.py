"""/ready says whether alert can do its work: a gazetteer it cannot read makes alias rules fall
silent, so it fails readiness with the reason instead of only logging a warning."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from services.alert.app import create_app, load_gazetteer
from shared.settings import Settings
from tests.alert.conftest import AlertApi

pytestmark = pytest.mark.nats

FREEDONIA = '[[actor]]\nname = "Freedonia"\ntype = "state"\naliases = ["Fredonia"]\nmetonyms = ["Parva"]\n'


@asynccontextmanager
async def started(settings: Settings) -> AsyncIterator[AlertApi]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield AlertApi(app, settings)


@pytest.fixture(params=["sqlite"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    # readiness does not depend on the database kind: SQLite alone
    return f"sqlite:///{tmp_path / 'alert.db'}"


async def ready_body(settings: Settings) -> tuple[int, dict[str, object]]:
    async with started(settings) as api, api.client() as http:
        response = await http.get("/ready")
    return response.status_code, response.json()


async def test_ready_with_the_packaged_gazetteer(alert_settings: Settings) -> None:
    assert await ready_body(alert_settings) == (
        200,
        {"status": "ready", "checks": {"broker": True, "database": True, "gazetteer": True}},
    )


@pytest.mark.parametrize(
    ("make", "why"),
    [
        (lambda path: None, "missing"),
        (lambda path: path.mkdir(), "unreadable (Is a directory)"),
        (lambda path: path.write_text("[[actor]\nname = "), "not a gazetteer (TOMLDecodeError)"),
        (lambda path: path.write_bytes(b"\xff\xfe[[actor]]"), "not a gazetteer (UnicodeDecodeError)"),
        (lambda path: path.write_text('[[actor]]\ntype = "state"\n'), "not a gazetteer (KeyError)"),
    ],
    ids=["missing", "a-directory", "not-toml", "not-utf8", "entry-without-name"],
)
async def test_a_gazetteer_it_cannot_use_fails_ready_with_the_reason(
    alert_settings: Settings, tmp_path: Path, make: object, why: str
) -> None:
    path = tmp_path / "actors.toml"
    make(path)  # type: ignore[operator]
    alert_settings.alert.gazetteer_file = path
    status, body = await ready_body(alert_settings)
    assert status == 503
    assert body["checks"] == {"broker": True, "database": True, "gazetteer": False}
    assert body["reasons"] == {"gazetteer": f"actor gazetteer actors.toml: {why}; actor aliases do not match"}
    assert str(tmp_path) not in str(body), "the reason names the file, not where it lives"


async def test_the_configured_gazetteer_is_the_one_rules_match_aliases_through(
    alert_settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "freedonia.toml"
    path.write_text(FREEDONIA)
    alert_settings.alert.gazetteer_file = path
    async with started(alert_settings) as api:
        gazetteer = api.app.state.alert.rules.gazetteer
        assert gazetteer.resolve("Parva").canonical == "Freedonia"
        assert gazetteer.resolve("Washington") is None, "the packaged gazetteer is not read as well"
        async with api.client() as http:
            assert (await http.get("/ready")).status_code == 200


def test_load_gazetteer_without_a_path_reads_the_packaged_one() -> None:
    loaded = load_gazetteer()
    assert loaded.problem is None and loaded.resolver is not None
    assert loaded.resolver.resolve("Washington").canonical == "United States"  # type: ignore[union-attr]
