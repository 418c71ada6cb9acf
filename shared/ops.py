"""The operational endpoints every service serves: /health, /ready and /metrics."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from faststream.nats import NatsBroker
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

ReadinessCheck = Callable[[], Awaitable[bool]]
log = logging.getLogger(__name__)


def make_ops_router(registry: CollectorRegistry, checks: Mapping[str, ReadinessCheck]) -> APIRouter:
    """/health says the process is alive; /ready runs every check (broker, database...)."""
    router = APIRouter(tags=["operations"])

    @router.get("/health", summary="Liveness")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/ready", summary="Readiness: broker and database reachable")
    async def ready() -> JSONResponse:
        results = {name: await _run_check(check) for name, check in checks.items()}
        ok = all(results.values())
        body = {"status": "ready" if ok else "unavailable", "checks": results}
        return JSONResponse(body, status_code=200 if ok else 503)

    @router.get("/metrics", summary="Prometheus metrics")
    async def metrics() -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return router


def broker_check(broker: NatsBroker) -> ReadinessCheck:
    """Connected and answering: a PING/PONG round trip, since `ping()` only reads a flag that
    lags behind a server that has just gone away."""

    async def check() -> bool:
        if not await broker.ping(timeout=1.0):
            return False
        await broker.config.connection_state.connection.flush(timeout=1)
        return True

    return check


async def _run_check(check: ReadinessCheck) -> bool:
    try:
        return await asyncio.wait_for(check(), timeout=3.0)
    except Exception as exc:  # a failing check means "not ready", never a 500
        log.warning("readiness check failed: %r", exc)
        return False
