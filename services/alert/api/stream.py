"""/alerts/stream: an owner's alerts live, as Server-Sent Events, resumable with Last-Event-ID.

Backed by the durable alerts stream rather than an in-process queue, so it sees alerts however
many alert replicas publish them, and a client that reconnects with `Last-Event-ID` (the stream
sequence of the last event it got) receives what it missed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import nats.errors
from fastapi import APIRouter, Header, Request
from nats.js.api import ConsumerConfig, DeliverPolicy
from nats.js.client import JetStreamContext
from sse_starlette import EventSourceResponse, ServerSentEvent

from services.alert.api.deps import ContextDep, CurrentOwner
from shared.subjects import ALERTS_STREAM, owner_alerts

router = APIRouter(tags=["alerts"])


@router.get(
    "/alerts/stream",
    summary="Stream your alerts live (Server-Sent Events)",
    response_class=EventSourceResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "`event: alert`, data = Alert JSON"}
    },
)
async def stream_alerts(
    request: Request,
    owner: CurrentOwner,
    context: ContextDep,
    last_event_id: Annotated[str | None, Header(description="Resume after this event id.")] = None,
) -> EventSourceResponse:
    js = context.runtime.broker.connection.jetstream()
    events = _alert_events(request, js, owner_alerts(owner.id), _resume_from(last_event_id))
    return EventSourceResponse(events, ping=15)


def _resume_from(last_event_id: str | None) -> int | None:
    try:
        return int(last_event_id) + 1 if last_event_id else None
    except ValueError:
        return None


async def _alert_events(
    request: Request, js: JetStreamContext, subject: str, start: int | None
) -> AsyncIterator[ServerSentEvent]:
    if start is None:
        config = ConsumerConfig(deliver_policy=DeliverPolicy.NEW)
    else:
        config = ConsumerConfig(deliver_policy=DeliverPolicy.BY_START_SEQUENCE, opt_start_seq=start)
    sub = await js.subscribe(subject, stream=ALERTS_STREAM, ordered_consumer=True, config=config)
    try:
        yield ServerSentEvent(comment="subscribed")
        while not await request.is_disconnected():
            try:
                msg = await sub.next_msg(timeout=1.0)
            except nats.errors.TimeoutError:
                continue
            yield ServerSentEvent(data=msg.data.decode(), event="alert", id=str(msg.metadata.sequence.stream))
    finally:
        await sub.unsubscribe()
