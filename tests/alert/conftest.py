"""Alert fixtures: the app on a real nats-server and a real database (SQLite, and PostgreSQL
when POLICYWATCH_TEST_POSTGRES_URL is set), owners with API keys, a shift factory."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI

from services.alert.owners import admin
from services.alert.progress import DELIVERIES, EXTRACTIONS, SHIFTS, Progress
from shared.contract import Evidence, PolicyShift
from shared.natsauth.material import Material
from shared.settings import Settings
from tests.databases import postgres_schema

POSTGRES_ENV = "POLICYWATCH_TEST_POSTGRES_URL"


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A fresh, empty database: a SQLite file, or a private schema in the test PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'alert.db'}"
        return
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    with postgres_schema(base, "alert_test") as url:
        yield url


@pytest.fixture
def nats_identity() -> str:
    return "alert"


@pytest.fixture
def alert_settings(settings: Settings, database_url: str, nats_auth: Material) -> Settings:
    settings.alert.database_url = database_url
    settings.alert.nats_issuer_file = nats_auth.issuer_file
    settings.alert.nats_system_creds_file = nats_auth.system_creds
    settings.alert.webhook_base_delay_seconds = 0.02
    settings.alert.webhook_max_delay_seconds = 0.1
    settings.alert.webhook_timeout_seconds = 5.0
    settings.alert.gc_freeze = False  # process-global: a test that wants it turns it on
    return settings


@dataclass
class AlertApi:
    app: FastAPI
    settings: Settings

    def client(self, key: str | None = None) -> httpx.AsyncClient:
        headers = {"X-API-Key": key} if key else {}
        transport = httpx.ASGITransport(app=self.app)
        return httpx.AsyncClient(transport=transport, base_url="http://alert", headers=headers)

    async def handled(self, count: int, within: float = 10.0) -> None:
        """Wait until the consumer has fully handled `count` shifts."""
        progress: Progress = self.app.state.alert.progress
        await asyncio.wait_for(progress.reached(SHIFTS, count), within)

    async def extracted(self, count: int, within: float = 10.0) -> None:
        """Wait until the consumer has fully handled `count` ArticleExtracted notices."""
        progress: Progress = self.app.state.alert.progress
        await asyncio.wait_for(progress.reached(EXTRACTIONS, count), within)

    async def delivered(self, count: int, within: float = 10.0) -> None:
        """Wait until `count` webhook deliveries reached a final status."""
        progress: Progress = self.app.state.alert.progress
        await asyncio.wait_for(progress.reached(DELIVERIES, count), within)

    def new_owner(self, name: str) -> str:
        return admin.create_owner(self.settings.alert_database_url(), name)


@pytest.fixture
async def alert_api(alert_settings: Settings) -> AsyncIterator[AlertApi]:
    from services.alert.app import create_app

    app = create_app(alert_settings)
    async with app.router.lifespan_context(app):
        yield AlertApi(app, alert_settings)


def make_shift(
    *,
    article_id: str = "a1",
    actor: str = "United States",
    topic: str = "steel tariffs",
    shift_type: str = "hardening",
    source: str = "example.com",
    text: str = "The United States raised steel tariffs to 50 percent on Monday.",
    confidence: float = 0.9,
    status: str = "announced",
    published_at: datetime | None = None,
    before: str | None = "25 percent",
    after: str | None = "50 percent",
    article_version: int = 1,
) -> PolicyShift:
    """A shift as extract would publish it, on sentences written for the tests."""
    return PolicyShift(
        id=PolicyShift.make_id(article_id, actor, topic),
        article_id=article_id,
        article_version=article_version,
        article_title=f"Article {article_id}",
        source=source,
        published_at=published_at or datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        actor=actor,
        topic=topic,
        shift_type=shift_type,
        status=status,
        before=before,
        after=after,
        evidence=Evidence(text=text, start=0, end=len(text)),
        confidence=confidence,
    )
