"""/operations: what the console's operations page shows, behind an owner's key.

Sources, dead letters and the services' consumers are the installation's, shared by every owner
like the shifts; dead letters come without their bodies. Of the owners' own durables, each
owner sees only its own.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query
from nats.errors import Error as NatsError
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from services.alert.api.deps import ContextDep, CurrentOwner
from services.alert.operations.deadletters import DeadLetterSummary, recent_dead_letters
from services.alert.operations.lag import SERVICE_DURABLES, ConsumerLag, consumer_lag
from services.alert.operations.sources import SourcesReport, ingest_sources
from services.alert.storage.tables import NatsCredential
from shared.auth import UNAUTHORIZED
from shared.subjects import ALERTS_STREAM, owner_durable

router = APIRouter(prefix="/operations", tags=["operations"], responses=UNAUTHORIZED)
JS_TIMEOUT_SECONDS = 3.0


class DeadLetters(BaseModel):
    total: int | None = Field(description="Dead letters kept in POLICY_DEADLETTER.")
    items: list[DeadLetterSummary]
    error: str | None = None


@router.get("/sources", summary="The feed sources and their health (silent, failing), from ingest")
async def sources(owner: CurrentOwner, context: ContextDep) -> SourcesReport:
    options = context.settings.alert
    return await ingest_sources(options.ingest_url, options.ingest_api_key)


@router.get("/dead-letters", summary="The newest dead letters with their reasons (no bodies)")
async def dead_letters(
    owner: CurrentOwner, context: ContextDep, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> DeadLetters:
    js = context.runtime.broker.connection.jetstream(timeout=JS_TIMEOUT_SECONDS)
    try:
        total, items = await recent_dead_letters(js, limit=limit)
    except (NatsError, TimeoutError) as exc:
        return DeadLetters(total=None, items=[], error=str(exc) or type(exc).__name__)
    return DeadLetters(total=total, items=items)


@router.get("/lag", summary="How far each durable consumer is behind: the services' and your own")
async def lag(owner: CurrentOwner, context: ContextDep) -> list[ConsumerLag]:
    # the database is blocking IO: not on the event loop that serves every request and NATS
    own = await asyncio.to_thread(_own_durables, context.engine, owner.id)
    durables = [*SERVICE_DURABLES, *own]
    js = context.runtime.broker.connection.jetstream(timeout=JS_TIMEOUT_SECONDS)
    return await consumer_lag(js, durables)


def _own_durables(engine: Engine, owner_id: str) -> list[tuple[str, str, str]]:
    query = select(NatsCredential).where(
        NatsCredential.owner_id == owner_id, col(NatsCredential.revoked_at).is_(None)
    )
    with Session(engine) as session:
        labels = sorted({label for row in session.exec(query).all() for label in row.consumers})
    return [("you", ALERTS_STREAM, owner_durable(owner_id, label)) for label in labels]
