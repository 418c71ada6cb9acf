"""The operational endpoints every service serves: /health, /ready and /metrics."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from faststream.nats import NatsBroker
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest, start_http_server

ReadinessCheck = Callable[[], Awaitable[bool]]
log = logging.getLogger(__name__)


class NotReady(Exception):
    """Raised by a readiness check to say why it fails: /ready shows the reason beside the check.

    A check that returns False, or raises anything else, fails without a reason in the body (an
    exception's text may hold internals; it goes to the log)."""


def make_ops_router(
    registry: CollectorRegistry, checks: Mapping[str, ReadinessCheck], *, serve_metrics: bool = True
) -> APIRouter:
    """/health says the process is alive; /ready runs every check (broker, database...); /metrics
    unless the metrics have a listener of their own (`MetricsListener`)."""
    router = APIRouter(tags=["operations"])

    @router.get("/health", summary="Liveness")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/ready", summary="Readiness: broker, database and the service's own checks")
    async def ready() -> JSONResponse:
        outcomes = {name: await _run_check(check) for name, check in checks.items()}
        results = {name: ok for name, (ok, _) in outcomes.items()}
        reasons = {name: reason for name, (_, reason) in outcomes.items() if reason}
        ok = all(results.values())
        body: dict[str, Any] = {"status": "ready" if ok else "unavailable", "checks": results}
        if reasons:
            body["reasons"] = reasons
        return JSONResponse(body, status_code=200 if ok else 503)

    if serve_metrics:

        @router.get("/metrics", summary="Prometheus metrics", response_class=PlainTextResponse)
        async def metrics() -> Response:
            return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return router


class MetricsListener:
    """/metrics on an interface and port of its own (prometheus_client's server, in a thread)."""

    def __init__(self, registry: CollectorRegistry, *, host: str, port: int) -> None:
        self._registry, self._host, self._port = registry, host, port
        self._server: Any = None
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    def start(self) -> None:
        self._server, self._thread = start_http_server(self._port, addr=self._host, registry=self._registry)

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)
        self._server = self._thread = None


def broker_check(broker: NatsBroker) -> ReadinessCheck:
    """Connected and answering: a PING/PONG round trip, since `ping()` only reads a flag that
    lags behind a server that has just gone away."""

    async def check() -> bool:
        if not await broker.ping(timeout=1.0):
            return False
        await broker.config.connection_state.connection.flush(timeout=1)
        return True

    return check


async def _run_check(check: ReadinessCheck) -> tuple[bool, str | None]:
    try:
        return await asyncio.wait_for(check(), timeout=3.0), None
    except NotReady as exc:
        return False, str(exc)
    except Exception as exc:  # a failing check means "not ready", never a 500
        log.warning("readiness check failed: %r", exc)
        return False, None
