"""/health, /ready and /metrics as every service serves them."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from shared.natsauth.material import Material
from shared.natsserver import NatsServer
from shared.ops import NotReady, make_ops_router
from shared.service import create_runtime, create_service_app
from shared.settings import NatsSettings, Settings


def client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://service")


@pytest.mark.nats
async def test_ready_turns_503_naming_the_broker_when_nats_goes_away(
    tmp_path: Path, nats_auth: Material
) -> None:
    server = NatsServer(store_dir=tmp_path / "nats", auth=nats_auth).start()
    nats = NatsSettings(url=server.url, reconnect_wait_seconds=0.2, creds_file=nats_auth.creds("admin"))
    settings = Settings(data_dir=tmp_path, nats=nats)
    runtime = create_runtime(settings, "probe")

    async def database_ok() -> bool:
        return True

    app = create_service_app(runtime, title="probe", description="", checks={"database": database_ok})
    try:
        async with app.router.lifespan_context(app), client(app) as http:
            up = await http.get("/ready")
            assert (up.status_code, up.json()["checks"]) == (200, {"broker": True, "database": True})
            server.stop()
            down = await http.get("/ready")
            assert down.status_code == 503
            assert down.json() == {"status": "unavailable", "checks": {"broker": False, "database": True}}
            assert (await http.get("/health")).json() == {"status": "ok"}
            metrics = (await http.get("/metrics")).text
            assert "policywatch_probe_dead_letters_total" in metrics
    finally:
        server.stop()


async def test_failed_start_releases_what_startup_hooks_opened(tmp_path: Path) -> None:
    runtime = create_runtime(Settings(data_dir=tmp_path), "probe")
    events: list[str] = []

    async def open_pool() -> None:
        events.append("opened")

    async def load_model() -> None:
        raise RuntimeError("model package missing")

    async def close_pool() -> None:
        events.append("closed")

    app = create_service_app(
        runtime, title="probe", description="", on_startup=[open_pool, load_model], on_shutdown=[close_pool]
    )
    with pytest.raises(RuntimeError, match="model package missing"):
        async with app.router.lifespan_context(app):
            pass
    assert events == ["opened", "closed"]


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_api_docs_load_every_asset_from_the_service_not_a_cdn(tmp_path: Path, page: str) -> None:
    runtime = create_runtime(Settings(data_dir=tmp_path), "probe")
    app = create_service_app(runtime, title="probe", description="")
    async with client(app) as http:
        html = (await http.get(page)).text
        assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css|png))"', html)
        assert assets, html
        for asset in assets:
            assert asset.startswith("/"), f"{asset} is not served by the service"
            loaded = await http.get(asset)
            assert loaded.status_code == 200 and len(loaded.content) > 1000, asset


@pytest.mark.nats
async def test_metrics_can_move_to_their_own_internal_listener(settings: Settings) -> None:
    from shared.settings import HttpSettings

    runtime = create_runtime(settings, "probe")
    app = create_service_app(
        runtime, title="probe", description="", http=HttpSettings(metrics_host="127.0.0.1", metrics_port=0)
    )
    async with app.router.lifespan_context(app), client(app) as http:
        on_api = await http.get("/metrics")
        host, port = app.state.metrics_address
        async with httpx.AsyncClient() as scraper:
            scraped = await scraper.get(f"http://{host}:{port}/metrics")
        health = await http.get("/health")
    assert on_api.status_code == 404
    assert scraped.status_code == 200 and "policywatch_probe_dead_letters_total" in scraped.text
    assert health.status_code == 200
    with pytest.raises(httpx.ConnectError):  # the listener stops with the service
        async with httpx.AsyncClient() as scraper:
            await scraper.get(f"http://{host}:{port}/metrics")


async def test_a_check_that_says_why_it_fails_gives_its_reason_and_others_give_none() -> None:
    async def fine() -> bool:
        return True

    async def no_model() -> bool:
        raise NotReady("model en_core_web_sm: missing")

    async def crashing() -> bool:
        raise RuntimeError("password=hunter2 in a connection string")

    async def down() -> bool:
        return False

    app = FastAPI()
    checks = {"fine": fine, "model": no_model, "crashing": crashing, "down": down}
    app.include_router(make_ops_router(CollectorRegistry(), checks))
    async with client(app) as http:
        response = await http.get("/ready")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"fine": True, "model": False, "crashing": False, "down": False},
        "reasons": {"model": "model en_core_web_sm: missing"},
    }
