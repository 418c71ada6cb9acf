"""The extract service end to end on a real nats-server: an Article in, a PolicyShift out."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from services.extract.app import create_app
from shared.contract import Article, PolicyShift
from shared.settings import Settings
from shared.subjects import ARTICLES_STREAM, ARTICLES_SUBJECT, SHIFTS_ALL
from tests.natsclient import connect

pytestmark = [pytest.mark.nats, pytest.mark.slow]

TEXT = "Markets were quiet. Norway has rescinded its plastic packaging tax after months of pressure."


async def _ready(app: FastAPI) -> dict:
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://extract") as client:
        return (await client.get("/ready")).json()


async def test_article_on_the_stream_yields_a_policy_shift(settings: Settings) -> None:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        ready = await _ready(app)
        nc = await connect(settings)
        try:
            js = nc.jetstream()
            shifts = await js.subscribe(SHIFTS_ALL, ordered_consumer=True)
            article = Article(
                id="art-1", title="Norway drops tax", text=TEXT, content_hash="h1", language="en"
            )
            await js.publish(
                ARTICLES_SUBJECT,
                article.model_dump_json().encode(),
                stream=ARTICLES_STREAM,
                headers={"Nats-Msg-Id": "art-1:v1"},
            )
            msg = await shifts.next_msg(timeout=20)
        finally:
            await nc.close()

    assert ready["checks"]["model"] is True
    shift = PolicyShift.model_validate_json(msg.data)
    assert msg.subject == "policy.shifts.v1.norway.reversal"
    assert msg.headers is not None and msg.headers["Nats-Msg-Id"] == f"{shift.id}:v1"
    assert shift.article_id == "art-1"
    assert TEXT[shift.evidence.start : shift.evidence.end] == shift.evidence.text
