"""The alert service's composition root: `create_app(settings)` wires storage, rules and NATS."""

from __future__ import annotations

import asyncio
import gc
import logging
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI
from sqlmodel import Session

from services.alert.api import alerts as alerts_api
from services.alert.api import drafts as drafts_api
from services.alert.api import errors as api_errors
from services.alert.api import nats as nats_api
from services.alert.api import operations as operations_api
from services.alert.api import rules as rules_api
from services.alert.api import shifts as shifts_api
from services.alert.api import stories as stories_api
from services.alert.api import stream as stream_api
from services.alert.console import add_console
from services.alert.context import AlertContext
from services.alert.delivery.digests import Digest, DigestScheduler
from services.alert.delivery.dispatch import WebhookDispatcher, WebhookTarget
from services.alert.delivery.sender import DbDeliveryRecorder, WebhookSender
from services.alert.matching import AliasResolver
from services.alert.metrics import create_metrics
from services.alert.owners.nats_access import OwnerAccess
from services.alert.pipelines.extractions import ExtractionPipeline
from services.alert.pipelines.shifts import AlertPipeline, AlertPublisher
from services.alert.rules import replicas
from services.alert.rules import store as rules
from services.alert.rules.rulebook import RuleBook
from services.alert.storage import db
from services.alert.storage.writer import DbWriter
from shared.consumer import ConsumerSpec, subscribe
from shared.contract import ArticleExtracted, PolicyShift
from shared.gazetteer import Gazetteer
from shared.ops import NotReady
from shared.periodic import PeriodicTask
from shared.service import create_runtime, create_service_app
from shared.settings import Settings
from shared.subjects import (
    ALERT_EXTRACTIONS_DURABLE,
    ALERT_SHIFTS_DURABLE,
    EXTRACTIONS_SUBJECT,
    SHIFTS_ALL,
    extractions_stream,
    shifts_stream,
)

log = logging.getLogger(__name__)

DESCRIPTION = """Watch rules over the policy shifts PolicyWatch detects, and the alerts they fire.

Authenticate with an owner's API key in the `X-API-Key` header
(create one with `policywatch alert create-owner NAME`). Alerts are published on
`policy.alerts.v1.<owner>.<rule_id>`; `GET /alerts/stream` streams them as Server-Sent Events.
"""


def create_app(settings: Settings) -> FastAPI:
    runtime = create_runtime(settings, "alert")
    engine = db.make_engine(settings.alert_database_url())
    metrics = create_metrics(runtime.registry)
    gazetteer = load_gazetteer(settings.alert.gazetteer_file)
    context = AlertContext(settings, runtime, engine, RuleBook(gazetteer.resolver), metrics)
    writer = DbWriter()  # the consumers' writes, on one thread: they never contend for SQLite's lock
    publisher = AlertPublisher(runtime.broker, engine, metrics, writer)
    webhooks = make_webhooks(context)

    async def send_digest(digest: Digest) -> None:
        await publisher.publish(digest.alerts, headers={"Policywatch-Digest-Id": digest.id})
        await webhooks.for_digests([digest.id])

    digests = DigestScheduler(
        engine, context.rules, send_digest, interval=settings.alert.digest_check_seconds
    )
    pipeline = AlertPipeline(
        engine=engine,
        rules=context.rules,
        metrics=metrics,
        publisher=publisher,
        story_window=timedelta(hours=settings.alert.story_window_hours),
        progress=context.progress,
        after_publish=webhooks.for_alerts,
        max_batch=settings.nats.batch_size,
        writer=writer,
    )
    subscribe(
        runtime.broker,
        ConsumerSpec(
            service="alert", durable=ALERT_SHIFTS_DURABLE, subject=SHIFTS_ALL, stream=shifts_stream()
        ),
        PolicyShift,
        pipeline.on_shift_detected,
        settings=settings.nats,
        dead_letters=runtime.dead_letters,
    )
    subscribe_extractions(context, publisher, webhooks, writer)
    replicas.subscribe_rule_changes(context)
    owner_access = OwnerAccess(settings, engine, lambda: runtime.broker.connection.jetstream())
    owner_sync = PeriodicTask(
        owner_access.sync, interval=settings.alert.nats_sync_seconds, name="owner NATS sync"
    )

    async def start() -> None:
        await asyncio.to_thread(_migrate_and_load, context)
        await webhooks.start()
        await digests.start()

    async def stop() -> None:
        await owner_sync.stop()
        await digests.stop()
        await webhooks.stop()
        await asyncio.to_thread(writer.close)
        engine.dispose()

    async def database_ready() -> bool:
        return await asyncio.to_thread(db.ping, engine)

    app = create_service_app(
        runtime,
        title="PolicyWatch alert",
        description=DESCRIPTION,
        http=settings.alert,
        routers=[
            drafts_api.router,  # before rules_api: /rules/check is not a rule id
            rules_api.router,
            stream_api.router,
            alerts_api.router,
            shifts_api.router,
            stories_api.router,
            nats_api.router,
            operations_api.router,
        ],
        checks={"database": database_ready, "gazetteer": gazetteer.check},
        on_startup=[start],
        after_start=[owner_sync.start],
        on_shutdown=[stop],
    )
    api_errors.add_error_handlers(app)
    add_console(app)
    app.state.alert = context
    app.state.digests = digests
    app.state.webhooks = webhooks
    app.state.owner_access = owner_access
    return app


def subscribe_extractions(
    context: AlertContext, publisher: AlertPublisher, webhooks: WebhookSender, writer: DbWriter
) -> None:
    """Edits: shifts an article's newest version no longer reports are retracted."""
    pipeline = ExtractionPipeline(
        engine=context.engine,
        rules=context.rules,
        metrics=context.metrics,
        publisher=publisher,
        progress=context.progress,
        after_publish=webhooks.for_alerts,
        max_batch=context.settings.nats.batch_size,
        writer=writer,
    )
    spec = ConsumerSpec(
        service="alert",
        durable=ALERT_EXTRACTIONS_DURABLE,
        subject=EXTRACTIONS_SUBJECT,
        stream=extractions_stream(),
    )
    subscribe(
        context.runtime.broker,
        spec,
        ArticleExtracted,
        pipeline.on_article_extracted,
        settings=context.settings.nats,
        dead_letters=context.runtime.dead_letters,
    )


def make_webhooks(context: AlertContext) -> WebhookSender:
    options = context.settings.alert
    recorder = DbDeliveryRecorder(context.engine, context.metrics, context.progress)
    dispatcher = WebhookDispatcher(
        recorder,
        max_attempts=options.webhook_max_attempts,
        base_delay=options.webhook_base_delay_seconds,
        max_delay=options.webhook_max_delay_seconds,
        timeout=options.webhook_timeout_seconds,
        allow_private_hosts=options.webhook_allow_private_hosts,
    )
    return WebhookSender(context.engine, context.rules, dispatcher, recorder, WebhookTarget)


def _migrate_and_load(context: AlertContext) -> None:
    db.migrate(context.engine)
    with Session(context.engine) as session:
        context.rules.load(rules.live_rules(session))  # RuleIndex.add_all: GC paused while loading
    if context.settings.alert.gc_freeze:
        # The loaded rules live as long as the process. Left in the collector's generations, every
        # full collection would traverse them all (100k rules: millions of objects, a pause that
        # lands in the middle of matching). Collect the start-up garbage once, then move everything
        # alive now out of the collector's sight; reference counting still frees a removed rule.
        gc.collect()
        gc.freeze()
    context.rules_changed()
    log.info("alert storage ready; %d live rules indexed", len(context.rules))


@dataclass(frozen=True)
class LoadedGazetteer:
    """The actor gazetteer, or why there is none (then /ready fails with that reason)."""

    resolver: AliasResolver | None
    problem: str | None = None

    async def check(self) -> bool:
        if self.problem is not None:
            raise NotReady(self.problem)
        return True


def load_gazetteer(path: Path | None = None) -> LoadedGazetteer:
    """The actor gazetteer (default: the packaged one), so rules match aliases. Without it names
    would match literally and alias rules fall silent: the service says so in /ready."""
    name = path.name if path is not None else "actors.toml (packaged)"
    try:
        return LoadedGazetteer(Gazetteer.load(path))
    except FileNotFoundError:
        why = "missing"
    except OSError as exc:
        why = f"unreadable ({exc.strerror or type(exc).__name__})"
    except (ValueError, KeyError, TypeError) as exc:  # not UTF-8, not TOML, entries of the wrong shape
        why = f"not a gazetteer ({type(exc).__name__})"
    problem = f"actor gazetteer {name}: {why}; actor aliases do not match"
    log.error("%s (%s)", problem, path)
    return LoadedGazetteer(None, problem)
