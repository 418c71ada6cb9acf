"""What every service is made of: a broker, a metrics registry, dead letters and an HTTP app.

Each service's `create_app(settings)` builds a `ServiceRuntime`, registers its consumers on
`runtime.broker`, and hands its routers to `create_service_app`, which starts and stops the
broker in FastAPI's lifespan (FastStream's own FastAPI plugin is deprecated in 0.7).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass

from fastapi import APIRouter, FastAPI
from fastapi_offline import FastAPIOffline
from faststream.nats import NatsBroker
from prometheus_client import CollectorRegistry

from shared.asyncapi import document_publishers
from shared.broker import make_broker
from shared.consumer import DeadLetters
from shared.openapi import document_guards
from shared.ops import MetricsListener, ReadinessCheck, broker_check, make_ops_router
from shared.rate_limit import UNLIMITED_PATHS, RateLimit, RateLimits
from shared.request_body import RequestBodyGuard
from shared.settings import HttpSettings, NatsSettings, Settings
from shared.streams import ensure_streams

Hook = Callable[[], Awaitable[None]]
log = logging.getLogger(__name__)


@dataclass
class ServiceRuntime:
    name: str
    settings: Settings
    registry: CollectorRegistry
    broker: NatsBroker
    dead_letters: DeadLetters


def create_runtime(
    settings: Settings, service: str, registry: CollectorRegistry | None = None
) -> ServiceRuntime:
    registry = registry or CollectorRegistry()
    broker = make_broker(nats_identity(settings, service), service=service, registry=registry)
    document_publishers(broker, service)
    dead_letters = DeadLetters(broker, service=service, registry=registry)
    return ServiceRuntime(service, settings, registry, broker, dead_letters)


def nats_identity(settings: Settings, service: str) -> NatsSettings:
    """The NATS settings as configured; with no identity configured, the service's own creds from
    the embedded installation in the data dir (so `policywatch ingest FILE` works beside `up`)."""
    nats = settings.nats
    if nats.creds_file is None and nats.nkey_seed_file is None and nats.user is None:
        embedded = settings.nats_auth_dir() / service / "nats.creds"
        if embedded.exists():
            return nats.model_copy(update={"creds_file": embedded})
    return nats


def create_service_app(
    runtime: ServiceRuntime,
    *,
    title: str,
    description: str,
    http: HttpSettings | None = None,
    routers: Sequence[APIRouter] = (),
    checks: Mapping[str, ReadinessCheck] | None = None,
    on_startup: Sequence[Hook] = (),
    on_shutdown: Sequence[Hook] = (),
    after_start: Sequence[Hook] = (),
) -> FastAPI:
    """A FastAPI app serving the service's routers plus /health, /ready and /metrics, refusing
    request bodies over `http.max_body_bytes` (413), JSON nothing downstream can hold (422) and
    callers over the rate limit (429).

    `on_startup` hooks run before the broker connects, `after_start` ones once it consumes.
    """

    http = http or HttpSettings()
    metrics = (
        MetricsListener(runtime.registry, host=http.metrics_host, port=http.metrics_port)
        if http.metrics_port is not None
        else None
    )

    async def shut_down() -> None:
        if metrics is not None:
            await asyncio.to_thread(metrics.stop)
        await _stop_broker(runtime.broker)
        for hook in on_shutdown:
            try:
                await hook()
            except Exception:  # one failing hook must not keep the others from releasing
                log.exception("%s: shutdown hook %s failed", runtime.name, getattr(hook, "__name__", hook))
        log.info("%s stopped", runtime.name)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            for hook in on_startup:
                await hook()
            await runtime.broker.connect()
            await ensure_streams(runtime.broker, runtime.name, runtime.settings.streams)
            await runtime.broker.start()
            if metrics is not None:
                metrics.start()
                app.state.metrics_address = metrics.address
            for hook in after_start:
                await hook()
        except BaseException:
            await shut_down()  # release what the hooks that did run opened
            raise
        log.info("%s started", runtime.name)
        try:
            yield
        finally:
            await shut_down()

    # Swagger UI and ReDoc from files in the package, not a CDN: /docs works offline
    app = FastAPIOffline(title=title, description=description, lifespan=lifespan)
    all_checks = {"broker": broker_check(runtime.broker), **(checks or {})}
    app.include_router(make_ops_router(runtime.registry, all_checks, serve_metrics=metrics is None))
    for router in routers:
        app.include_router(router)
    add_request_guards(app, http)
    app.state.runtime = runtime
    return app


def add_request_guards(app: FastAPI, http: HttpSettings) -> None:
    """413 over the body limit, 422 for JSON nothing can hold, 429 over the rate limit, all
    declared in the app's OpenAPI schema."""
    app.add_middleware(RequestBodyGuard, max_bytes=http.max_body_bytes)
    if http.rate_limit_per_second > 0:  # added last, so outermost: a refused caller costs no body read
        limits = RateLimits(per_second=http.rate_limit_per_second, burst=http.rate_limit_burst)
        app.add_middleware(RateLimit, limits=limits)
    document_guards(
        app,
        body_limit=http.max_body_bytes,
        rate_limited=http.rate_limit_per_second > 0,
        unlimited=UNLIMITED_PATHS,
    )


async def _stop_broker(broker: NatsBroker) -> None:
    """Drain and close; with NATS unreachable there is nothing to drain, so just close."""
    try:
        await broker.stop()
    except Exception as exc:
        log.warning("broker could not drain (%r); closing the connection", exc)
        with suppress(Exception):  # never connected: nothing to close
            connection = broker.config.connection_state.connection
            if not connection.is_closed:
                await connection.close()
