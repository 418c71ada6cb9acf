"""Fixtures shared by every test layer: a real nats-server per test, fresh settings.

The server runs with NATS identities (operator mode, no anonymous clients), as `policywatch
up` runs it; `settings` connects as the identity `nats_identity` names: `admin` here, the
service itself in each service's test folder.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.natsauth.material import Material, ensure_material
from shared.natsserver import NatsServer
from shared.settings import ExtractSettings, NatsSettings, Settings

POSTGRES_ENV = "POLICYWATCH_TEST_POSTGRES_URL"


@pytest.fixture
def nats_auth(tmp_path: Path) -> Material:
    """This test's NATS identities: operator, accounts, service and admin users."""
    return ensure_material(tmp_path / "nats-auth")


@pytest.fixture
def nats_server(tmp_path: Path, nats_auth: Material) -> Iterator[NatsServer]:
    """A fresh nats-server with JetStream and auth on a free port, its store in the test's tmp dir."""
    with NatsServer(store_dir=tmp_path / "nats", auth=nats_auth) as server:
        yield server


@pytest.fixture
def nats_identity() -> str:
    """Whose credentials `settings` carries; service test folders override it."""
    return "admin"


@pytest.fixture
def settings(tmp_path: Path, nats_server: NatsServer, nats_auth: Material, nats_identity: str) -> Settings:
    """Settings pointing at this test's nats-server and data dir, with fast retries."""
    return Settings(
        data_dir=tmp_path / "data",
        nats=NatsSettings(
            url=nats_server.url,
            retry_delay_seconds=0.05,
            max_deliver=3,
            batch_size=4,
            creds_file=nats_auth.creds(nats_identity),
        ),
    )


@pytest.fixture
def postgres_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set: PostgreSQL tests run where .ci/run sets it")
    return url


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say loudly when PostgreSQL tests were skipped: a green run without them proves less."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if POSTGRES_ENV in str(r.longrepr)]
    if skipped:
        terminalreporter.write_sep(
            "!", f"{len(skipped)} PostgreSQL tests SKIPPED: {POSTGRES_ENV} is not set", red=True
        )


_MODEL_LOADED_BEFORE = pytest.StashKey[bool]()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # before any fixture: a session-scoped one (tests/extract's `extractor`) loads the model
    # during the setup of the first test that asks for it
    item.stash[_MODEL_LOADED_BEFORE] = ExtractSettings().spacy_model in sys.modules


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """The fast layer (`-m "not slow"`) needs no spaCy model: a test that loads one must say so
    with the `slow` marker. Blank pipelines (`spacy.blank("en")`) are fine."""
    yield  # the test's own teardown first, whatever this finds
    model = ExtractSettings().spacy_model
    newly_loaded = not item.stash.get(_MODEL_LOADED_BEFORE, True) and model in sys.modules
    if newly_loaded and item.get_closest_marker("slow") is None:
        pytest.fail(f"{item.nodeid} loaded the spaCy model {model} but is not marked slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests last: each starts the whole stack and a chromium, and the rest of the
    suite should not wait behind them (nor share the machine with them)."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
