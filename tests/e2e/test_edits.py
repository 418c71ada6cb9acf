"""End to end through a real nats-server: an edited article retracts the shift it no longer states.

ingest publishes the edit as version 2 of the same article; extract re-extracts it and publishes
its shifts and an `ArticleExtracted` notice; alert retracts the dropped shift and sends exactly
one retraction alert for it. The three services run in this process, as in `test_pipeline.py`.
"""

from __future__ import annotations

from contextlib import AsyncExitStack

import pytest

from services.alert.owners import admin
from shared.contract import Alert
from shared.settings import Settings
from tests.e2e.test_pipeline import app_of, running
from tests.natsclient import owner_listener

pytestmark = [pytest.mark.nats, pytest.mark.slow]

TARIFF_SENTENCE = (
    "Canada will lower its tariff on imported steel from 25% to 10% next month, "
    "the finance ministry said on Tuesday.\n"
)
RATE_SENTENCE = "Norges Bank lowered its policy rate from 4.5% to 4.0% on Thursday.\n"
CLOSING = "Analysts said both moves were expected."
ORIGINAL = {
    "url": "https://news.example/two-policy-moves",
    "title": "Two policy moves",
    "text": TARIFF_SENTENCE + RATE_SENTENCE + CLOSING,
    "source": "news.example",
}
EDITED = {**ORIGINAL, "text": TARIFF_SENTENCE + CLOSING}  # the rate sentence was wrong: removed
SENTINEL = {
    "url": "https://news.example/sweden-defence",
    "title": "Sweden lifts its defence goal",
    "text": "Sweden will raise its defence spending target from 2% to 3.5% of GDP by 2030, "
    "the government said on Wednesday.\nThe opposition backed the plan.",
    "source": "news.example",
}
RULE = {"name": "trade, rates, defence", "query": 'tariff OR "policy rate" OR defence', "min_confidence": 0.3}


async def test_edit_that_drops_a_shift_sends_one_retraction_and_hides_the_shift(settings: Settings) -> None:
    key = admin.create_owner(settings.alert_database_url(), "acme")
    headers = {"X-API-Key": key}
    async with AsyncExitStack() as stack:
        ingest = await stack.enter_async_context(running(app_of("ingest", settings)))
        await stack.enter_async_context(running(app_of("extract", settings)))
        alert = await stack.enter_async_context(running(app_of("alert", settings)))
        listener = await stack.enter_async_context(owner_listener(settings, "acme"))
        assert (await alert.post("/rules", json=RULE, headers=headers)).status_code == 201

        assert (await ingest.post("/articles", json=ORIGINAL)).json()["published"] == 1
        first = await listener.wait_for(2)
        assert sorted(a.shift.actor for a in first) == ["Canada", "Norges Bank"]
        assert {a.kind for a in first} == {"new"}
        [rate] = [a for a in first if a.shift.actor == "Norges Bank"]

        edit = (await ingest.post("/articles", json=EDITED)).json()
        assert edit["published"] == 1
        [retraction] = (await listener.wait_for(3))[2:]
        # The sentinel's shift follows the edit's shifts through the same consumer: once its alert
        # is in, the edit's Canada shift has been handled too, and must not have alerted again.
        assert (await ingest.post("/articles", json=SENTINEL)).json()["published"] == 1
        alerts = await listener.wait_for(4)
        listed = (await alert.get("/shifts", headers=headers)).json()["items"]

    assert retraction.kind == "retraction" and retraction.shift.id == rate.shift.id
    assert retraction.id == Alert.make_retraction_id(rate.id)
    assert retraction.reasons == [
        f"retracted: article {rate.shift.article_id} version 2 no longer reports this shift"
    ]
    assert [(a.kind, a.shift.actor) for a in alerts[3:]] == [("new", "Sweden")]
    assert len(alerts) == 4, "no second retraction, no new alert for the shift the edit kept"
    assert sorted(s["actor"] for s in listed) == ["Canada", "Sweden"]
    [canada] = [s for s in listed if s["actor"] == "Canada"]
    assert canada["article_version"] == 2, "the kept shift is amended from the edit"
