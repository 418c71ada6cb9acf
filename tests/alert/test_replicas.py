"""Rule changes reach every alert replica (RuleChanged on core NATS); start-up loads rules in bulk."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import pytest

from services.alert.app import create_app
from services.alert.progress import RULE_REFRESHES
from services.alert.rules.rulebook import RuleBook
from services.alert.storage.tables import Rule
from shared.contract import utcnow
from shared.settings import Settings
from tests.alert.conftest import AlertApi


@pytest.fixture
async def two_replicas(alert_settings: Settings) -> AsyncIterator[tuple[AlertApi, AlertApi]]:
    """Two alert apps on one nats-server and one database, as two replicas would be deployed."""
    async with AsyncExitStack() as stack:
        apis = []
        for _ in range(2):
            api = AlertApi(create_app(alert_settings), alert_settings)
            await stack.enter_async_context(api.app.router.lifespan_context(api.app))
            apis.append(api)
        yield apis[0], apis[1]


async def refreshed(api: AlertApi, count: int, within: float = 10.0) -> None:
    """Wait until `api` has applied `count` RuleChanged notices."""
    await asyncio.wait_for(api.app.state.alert.progress.reached(RULE_REFRESHES, count), within)


@pytest.mark.nats
async def test_rule_created_updated_and_deleted_on_one_replica_reaches_the_other(
    two_replicas: tuple[AlertApi, AlertApi],
) -> None:
    first, second = two_replicas
    book: RuleBook = second.app.state.alert.rules
    key = first.new_owner("acme")
    async with first.client(key) as http:
        rule = (await http.post("/rules", json={"name": "US", "actors": ["United States"]})).json()
        await refreshed(second, 1)
        replica_rule = book.get(rule["id"])
        assert replica_rule is not None and replica_rule.filter.actors == ["United States"]

        await http.patch(f"/rules/{rule['id']}", json={"topics": ["steel"]})
        await refreshed(second, 2)
        replica_rule = book.get(rule["id"])
        assert replica_rule is not None and (replica_rule.version, replica_rule.filter.topics) == (
            2,
            ["steel"],
        )

        await http.delete(f"/rules/{rule['id']}")
        await refreshed(second, 3)
        assert book.get(rule["id"]) is None and len(book) == 0


def test_refresh_keeps_a_newer_version_and_drops_deleted_rules() -> None:
    book = RuleBook()
    newer = Rule(id="r1", owner_id="acme", name="new", version=3, spec={"topics": ["steel"]})
    older = Rule(id="r1", owner_id="acme", name="old", version=2, spec={"topics": ["iron"]})
    book.put(newer)
    book.refresh("r1", older)  # a read that raced with the newer write
    assert book.get("r1") is not None and book.get("r1").version == 3  # type: ignore[union-attr]
    book.refresh("r1", Rule(id="r1", owner_id="acme", name="new", version=3, spec={}, deleted_at=utcnow()))
    assert book.get("r1") is None
    book.refresh("r2", None)  # unknown and absent: nothing to do
    assert len(book) == 0


@pytest.mark.nats
@pytest.mark.parametrize("gc_freeze", [True, False], ids=["gc-freeze", "no-gc-freeze"])
async def test_rules_loaded_at_start_up_are_indexed_and_frozen_out_of_the_collector_when_set(
    alert_settings: Settings, gc_freeze: bool
) -> None:
    alert_settings.alert.gc_freeze = gc_freeze
    gc.unfreeze()
    try:
        await _start_twice_and_look_at_the_collector(alert_settings, frozen=gc_freeze)
    finally:
        gc.unfreeze()  # process-global: give the test process its collector back


async def _start_twice_and_look_at_the_collector(alert_settings: Settings, *, frozen: bool) -> None:
    first = AlertApi(create_app(alert_settings), alert_settings)
    key = first.new_owner("acme")
    async with first.app.router.lifespan_context(first.app), first.client(key) as http:
        ids = [
            (await http.post("/rules", json={"name": f"r{n}", "topics": [f"t{n}"]})).json()["id"]
            for n in range(3)
        ]

    restarted = AlertApi(create_app(alert_settings), alert_settings)
    async with restarted.app.router.lifespan_context(restarted.app):
        book: RuleBook = restarted.app.state.alert.rules
        loaded = [book.get(rule_id) for rule_id in ids]
        assert all(rule is not None for rule in loaded)
        loaded_ids = {id(rule) for rule in loaded}
        tracked = {id(obj) for obj in gc.get_objects()} & loaded_ids
        if frozen:
            assert not tracked, "gc.freeze() after the load"
            assert gc.get_freeze_count() > 0
        else:
            assert tracked == loaded_ids, "ALERT__GC_FREEZE off: the collector still sees the rules"
            assert gc.get_freeze_count() == 0
