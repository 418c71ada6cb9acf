"""`policywatch nats-exporter`: a small HTTP process that Prometheus scrapes for NATS's side.

    /metrics              JetStream's streams and durable consumers (`shared.jetstream_metrics`),
                          read when Prometheus asks, as the exporter's own read-only NATS user
    /nats?target=URL      one NATS node's monitoring endpoint (`shared.natsmonitor`); URL must be
                          one of EXPORTER__NATS_MONITOR_URLS (400 otherwise)
    /health, /ready       alive; connected to NATS

Like the services, it exposes what it reads without a key: bind it (EXPORTER__HOST) where only
Prometheus reaches it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import nats
from fastapi import FastAPI, Query, Response
from fastapi.responses import JSONResponse
from nats.aio.client import Client
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from shared.jetstream_metrics import JetStreamCollector, read_jetstream
from shared.natsauth.connect import auth_options, servers
from shared.natsauth.permissions import EXPORTER, service_inbox
from shared.natsmonitor import NodeUnreachable, monitor_urls, node_metrics, read_node
from shared.service import nats_identity
from shared.settings import Settings

log = logging.getLogger(__name__)


async def connect_exporter(settings: Settings) -> Client:
    """The exporter's NATS connection: its own identity and inbox, reconnecting for ever."""
    identity = nats_identity(settings, EXPORTER)
    return await nats.connect(
        servers(identity),
        name="policywatch-exporter",
        allow_reconnect=True,
        max_reconnect_attempts=-1,
        reconnect_time_wait=identity.reconnect_wait_seconds,
        **auth_options(identity, inbox_prefix=service_inbox(EXPORTER)),
    )


def create_exporter_app(settings: Settings) -> FastAPI:
    """The exporter's HTTP app; it connects to NATS in its lifespan."""
    config = settings.exporter
    nodes = set(monitor_urls(config.nats_monitor_urls))
    collector = JetStreamCollector()
    registry = CollectorRegistry()
    registry.register(collector)
    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state["nc"] = await connect_exporter(settings)
        state["http"] = httpx.AsyncClient(timeout=config.read_timeout_seconds, follow_redirects=False)
        log.info("nats-exporter started; nodes: %s", ", ".join(sorted(nodes)) or "none")
        try:
            yield
        finally:
            await state["http"].aclose()
            await state["nc"].close()

    app = FastAPI(title="PolicyWatch NATS exporter", lifespan=lifespan, docs_url=None, redoc_url=None)

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/ready")
    async def ready() -> JSONResponse:
        ok = bool(state.get("nc") and state["nc"].is_connected)
        return JSONResponse({"status": "ready" if ok else "unavailable"}, status_code=200 if ok else 503)

    @app.get("/metrics")
    async def metrics() -> Response:
        started = time.perf_counter()
        try:
            js = state["nc"].jetstream(timeout=config.read_timeout_seconds)
            snapshot = await asyncio.wait_for(read_jetstream(js), config.read_timeout_seconds)
        except Exception as exc:  # NATS away or slow: say so in policywatch_jetstream_up, never a 500
            log.warning("could not read JetStream: %r", exc)
            snapshot = None
        collector.update(snapshot, seconds=time.perf_counter() - started)
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    @app.get("/nats")
    async def node(target: str = Query(description="a configured node's monitoring URL")) -> Response:
        base = target.strip().rstrip("/")
        if base not in nodes:
            return JSONResponse(
                {"detail": f"unknown target {target!r}: not in EXPORTER__NATS_MONITOR_URLS"}, status_code=400
            )
        try:
            varz, healthy = await read_node(state["http"], base)
            text = node_metrics(varz, healthy)
        except NodeUnreachable as exc:
            return Response(str(exc), status_code=503, media_type="text/plain")
        except ValueError as exc:
            message = f"{base}/varz is not a nats-server's: {exc}"
            return Response(message, status_code=503, media_type="text/plain")
        return Response(text, media_type=CONTENT_TYPE_LATEST)

    return app


def add_command(subparsers: Any) -> None:
    exporter = subparsers.add_parser(
        "nats-exporter",
        help="serve JetStream's stream and consumer state and the NATS nodes' health to Prometheus",
        description="Listens on EXPORTER__HOST:EXPORTER__PORT (127.0.0.1:8004): /metrics (streams, "
        "durable consumers' lag), /nats?target=URL (a node of EXPORTER__NATS_MONITOR_URLS). Connects as "
        "the installation's read-only `exporter` NATS user (NATS__CREDS_FILE).",
    )
    exporter.set_defaults(run=lambda settings, args: serve_exporter(settings))


def serve_exporter(settings: Settings) -> None:
    import uvicorn

    app = create_exporter_app(settings)
    config = settings.exporter
    uvicorn.run(app, host=config.host, port=config.port, log_level=settings.log_level.lower(), lifespan="on")
