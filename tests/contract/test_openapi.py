"""Schemathesis against both HTTP APIs, each served by uvicorn on a real nats-server: whatever
the generated requests (valid, invalid, random), no server error, and every status code, content
type and body is the one the OpenAPI schema documents.

Bounded so the CI run stays short: `MAX_EXAMPLES` requests per operation and mode
(`POLICYWATCH_SCHEMATHESIS_EXAMPLES` raises it). The rate limit is off
here (generated requests would mostly meet 429), and ingest's feed fetcher gets a stand-in for
the network that answers 404 to everything: tests never send traffic off this host.
"""

from __future__ import annotations

import gc
import os
import socket
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import schemathesis
import uvicorn
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from services.alert.owners import admin
from shared.natsauth.material import ensure_material
from shared.natsserver import NatsServer
from shared.settings import NatsSettings, Settings

pytestmark = [pytest.mark.nats, pytest.mark.slow, pytest.mark.timeout(1800)]  # deep runs take a while

# Per operation and mode (valid, invalid); raise it for a deeper run, e.g. 500.
MAX_EXAMPLES = int(os.environ.get("POLICYWATCH_SCHEMATHESIS_EXAMPLES", "30"))


@dataclass
class Served:
    url: str
    key: str


@pytest.fixture(scope="module")
def stack_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    root: Path = tmp_path_factory.mktemp("contract")
    auth = ensure_material(root / "nats-auth")
    with NatsServer(store_dir=root / "nats", auth=auth) as server:
        settings = Settings(data_dir=root / "data", nats=NatsSettings(url=server.url))
        settings.ingest.rate_limit_per_second = 0
        settings.alert.rate_limit_per_second = 0
        settings.ingest.feeds_enabled = False
        settings.alert.nats_issuer_file = auth.issuer_file
        settings.alert.nats_system_creds_file = auth.system_creds
        yield settings


def as_service(settings: Settings, service: str) -> Settings:
    """The same stack, connecting to NATS as `service` (each service is its own NATS user)."""
    auth_root = settings.data_dir.parent / "nats-auth"
    nats = settings.nats.model_copy(update={"creds_file": auth_root / service / "nats.creds"})
    return settings.model_copy(update={"nats": nats})


@pytest.fixture(scope="module")
def ingest_server(stack_settings: Settings) -> Iterator[Served]:
    from services.ingest.app import create_app

    offline = httpx.MockTransport(lambda request: httpx.Response(404))
    app = create_app(as_service(stack_settings, "ingest"), transport=offline)
    with serving(app) as url:
        _, key = app.state.ingest.keys.create(name="schemathesis")
        yield Served(url, key)


@pytest.fixture(scope="module")
def alert_server(stack_settings: Settings) -> Iterator[Served]:
    from services.alert.app import create_app

    app = create_app(as_service(stack_settings, "alert"))
    try:
        with serving(app) as url:
            yield Served(url, admin.create_owner(stack_settings.alert_database_url(), "schemathesis"))
    finally:
        gc.unfreeze()  # the app froze the collector at start-up


BOUNDED = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,  # the same requests on every run: CI failures reproduce
    database=None,
    suppress_health_check=list(HealthCheck),
)
# The live stream answers forever; its 400 and 401 are tested in tests/alert/test_bad_input.py.
STREAMING = {"/alerts/stream"}
# Every other check runs (no 5xx, documented status codes, content types, headers and bodies,
# authentication enforced...), but these two: the schema cannot say everything the services
# validate (an http(s) URL, a query that parses, a topic with a letter in it), so a request can
# be schema-valid and still rightly 422; and FastAPI ignores unknown query parameters rather
# than rejecting them.
NOT_CHECKED = [schemathesis.checks.positive_data_acceptance, schemathesis.checks.negative_data_rejection]


def check_every_operation(served: Served) -> list[str]:
    """Run schemathesis's checks on `MAX_EXAMPLES` valid and invalid requests per operation;
    returns what failed, per operation (empty: all as documented)."""
    schema = schemathesis.openapi.from_url(f"{served.url}/openapi.json")
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path in STREAMING:
            continue
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @BOUNDED
            @given(case=operation.as_strategy(generation_mode=mode))
            def call(case: schemathesis.Case) -> None:
                case.call_and_validate(headers={"X-API-Key": served.key}, excluded_checks=NOT_CHECKED)

            try:
                call()
            except Unsatisfiable:  # nothing to make invalid (no parameters, no body)
                assert mode is GenerationMode.NEGATIVE
            except (Exception, BaseExceptionGroup) as exc:  # the report names the request and the problem
                report = "".join(traceback.format_exception(exc))[-4000:]
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}):\n{report}")
    return failures


def test_ingest_api_answers_every_request_as_documented(ingest_server: Served) -> None:
    failures = check_every_operation(ingest_server)
    assert not failures, "\n\n".join(failures)


def test_alert_api_answers_every_request_as_documented(alert_server: Served) -> None:
    failures = check_every_operation(alert_server)
    assert not failures, "\n\n".join(failures)


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """`app` under uvicorn in a thread with its own event loop (schemathesis calls it over HTTP,
    synchronously), lifespan included; stopped, lifespan and all, on exit."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    server = uvicorn.Server(uvicorn.Config(app, lifespan="on", log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()
