"""Several alert replicas on one database: each webhook delivery is sent by one replica only.

Real nats-server, real HTTP receiver, real database (SQLite, and PostgreSQL when
POLICYWATCH_TEST_POSTGRES_URL is set); two app instances stand for two replicas.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import AsyncExitStack
from datetime import timedelta

import pytest
import sqlalchemy as sa
from prometheus_client import CollectorRegistry
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from services.alert.app import create_app
from services.alert.delivery import leases
from services.alert.delivery.alerts import new_delivery, to_record
from services.alert.delivery.dispatch import WebhookTarget
from services.alert.delivery.sender import DbDeliveryRecorder, WebhookSender
from services.alert.metrics import create_metrics
from services.alert.owners import admin
from services.alert.progress import Progress
from services.alert.rules import store as rules
from services.alert.rules.rulebook import RuleBook
from services.alert.schemas import RuleCreate
from services.alert.storage import db
from services.alert.storage.tables import Delivery
from shared.contract import Alert, utcnow
from shared.settings import Settings
from tests.alert.conftest import AlertApi, make_shift
from tests.alert.test_history_api import feed
from tests.alert.test_webhooks import Receiver, alert_settings, receiver  # noqa: F401  (fixtures)

pytestmark = pytest.mark.nats

LEASE = timedelta(seconds=60)


@pytest.fixture
def engine(alert_settings: Settings) -> Iterator[Engine]:  # noqa: F811
    engine = db.make_engine(alert_settings.alert_database_url())
    db.migrate(engine)
    yield engine
    engine.dispose()


def replica(settings: Settings) -> AlertApi:
    return AlertApi(create_app(settings), settings)


async def started(stack: AsyncExitStack, api: AlertApi) -> AlertApi:
    await stack.enter_async_context(api.app.router.lifespan_context(api.app))
    return api


def working_on(api: AlertApi) -> frozenset[str]:
    return frozenset(api.app.state.webhooks.working_on)


def the_delivery(engine: Engine) -> Delivery:
    with Session(engine) as session:
        [delivery] = session.exec(select(Delivery)).all()
        return delivery


def test_only_one_replica_wins_a_claim_until_its_lease_expires(engine: Engine) -> None:
    now = utcnow()
    with Session(engine) as session:
        session.add(Delivery(id="d1", owner_id="acme", rule_id="r1", alert_id="x", url="https://h.example/"))
        session.commit()
        assert leases.claim(session, delivery_id="d1", replica="one", now=now, lease=LEASE)
        assert not leases.claim(session, delivery_id="d1", replica="two", now=now, lease=LEASE)
        assert leases.claim(session, delivery_id="d1", replica="one", now=now, lease=LEASE), "its own"
        later = now + LEASE + timedelta(seconds=1)
        assert leases.claim(session, delivery_id="d1", replica="two", now=later, lease=LEASE), "expired"
        assert not leases.claim(session, delivery_id="d1", replica="one", now=later, lease=LEASE)
        assert leases.release(session, replica="two") == 1
        assert leases.claim(session, delivery_id="d1", replica="one", now=later, lease=LEASE)
        session.commit()


async def test_second_replica_starting_while_the_first_sends_does_not_send_it_again(
    alert_settings: Settings,  # noqa: F811
    receiver: Receiver,  # noqa: F811
    engine: Engine,
) -> None:
    receiver.gate = asyncio.Event()  # the first replica's request is held in flight
    async with AsyncExitStack() as stack:
        first = await started(stack, replica(alert_settings))
        key = first.new_owner("acme")
        async with first.client(key) as http:
            await http.post("/rules", json={"name": "hook", "match_all": True, "webhook_url": receiver.url})
        await feed(first, make_shift())
        await asyncio.wait_for(receiver.called.wait(), 10)
        delivery_id = the_delivery(engine).id
        assert working_on(first) == {delivery_id}

        second = await started(stack, replica(alert_settings))  # its start-up resumes what is unfinished
        assert working_on(second) == frozenset(), "claimed by the first replica"
        receiver.gate.set()
        await first.delivered(1)
    assert len(receiver.requests) == 1
    delivery = the_delivery(engine)
    assert (delivery.status, delivery.attempts, delivery.claimed_by) == ("delivered", 1, None)


async def test_delivery_of_a_crashed_replica_is_resumed_once_its_lease_expired(
    alert_settings: Settings,  # noqa: F811
    receiver: Receiver,  # noqa: F811
    engine: Engine,
) -> None:
    receiver.statuses = [500] * 1000
    alert_settings.alert.webhook_max_attempts = 10_000
    async with AsyncExitStack() as stack:
        first = await started(stack, replica(alert_settings))
        key = first.new_owner("acme")
        async with first.client(key) as http:
            await http.post("/rules", json={"name": "hook", "match_all": True, "webhook_url": receiver.url})
        await feed(first, make_shift())
        await asyncio.wait_for(receiver.called.wait(), 10)
    receiver.statuses = []

    def held_by_a_crashed_replica(until: timedelta) -> None:
        with Session(engine) as session:
            session.exec(sa.update(Delivery).values(claimed_by="crashed", claimed_until=utcnow() + until))
            session.commit()

    held_by_a_crashed_replica(timedelta(minutes=5))
    receiver.gate = asyncio.Event()  # a request, if any, stays in flight while we look
    async with AsyncExitStack() as stack:
        waiting = await started(stack, replica(alert_settings))
        assert working_on(waiting) == frozenset(), "the lease has not expired yet"

    held_by_a_crashed_replica(-timedelta(seconds=1))
    async with AsyncExitStack() as stack:
        taking_over = await started(stack, replica(alert_settings))
        assert len(working_on(taking_over)) == 1
        receiver.gate.set()
        await taking_over.delivered(1)
    assert the_delivery(engine).status == "delivered"


class CountingDispatcher:
    """A fake dispatcher: records what it is handed, sends nothing."""

    def __init__(self) -> None:
        self.submitted: list[str] = []

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def submit(self, target: object, alert: object, delivery_id: str, *, attempts: int = 0) -> None:
        self.submitted.append(delivery_id)


async def test_hand_offs_racing_in_one_replica_submit_a_delivery_once(
    alert_settings: Settings,  # noqa: F811
    engine: Engine,
) -> None:
    # The shift consumer, the extraction consumer and the lease renewal's resume all hand
    # deliveries to the same sender at once; a replica's own claim is re-entrant, so only the
    # sender's bookkeeping keeps it from submitting one delivery twice.
    admin.create_owner(alert_settings.alert_database_url(), "acme")
    with Session(engine) as session:
        rule = rules.create_rule(
            session, owner_id="acme", body=RuleCreate(name="hook", webhook_url="https://h.example/")
        )
        book = RuleBook()
        book.put(rule)
        active = book.get(rule.id)
        assert active is not None
        alert = Alert(id="alert-1", owner="acme", rule_id=rule.id, shift=make_shift())
        session.add(to_record(alert, kind="new", mode="immediate"))
        session.add(new_delivery(active, alert_id=alert.id))
        session.commit()
    dispatcher = CountingDispatcher()
    recorder = DbDeliveryRecorder(engine, create_metrics(CollectorRegistry()), Progress())
    sender = WebhookSender(engine, book, dispatcher, recorder, WebhookTarget)

    await asyncio.gather(sender.for_alerts([alert.id]), sender.for_alerts([alert.id]), sender.resume())

    assert len(dispatcher.submitted) == 1
    assert sender.working_on == {dispatcher.submitted[0]}
