"""/alerts/stream: an owner's alerts live, as Server-Sent Events, resumable with Last-Event-ID.

Backed by the durable alerts stream rather than an in-process queue, so it sees alerts however
many alert replicas publish them, and a client that reconnects with `Last-Event-ID` (the stream
sequence of the last event it got) receives what it missed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import nats.errors
from fastapi import APIRouter, Header, HTTPException, Request, status
from nats.js.api import ConsumerConfig, DeliverPolicy
from nats.js.client import JetStreamContext
from sse_starlette import EventSourceResponse, ServerSentEvent

from services.alert.api.deps import ContextDep, CurrentOwner
from shared.auth import UNAUTHORIZED
from shared.openapi import problem
from shared.subjects import ALERTS_STREAM, owner_alerts

router = APIRouter(tags=["alerts"], responses=UNAUTHORIZED)


@router.get(
    "/alerts/stream",
    summary="Stream your alerts live (Server-Sent Events)",
    response_class=EventSourceResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "`event: alert`, data = Alert JSON"},
        400: problem("`Last-Event-ID` is not the id of an event this stream sent."),
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


# JetStream stream sequences are unsigned 64-bit; an event id is one we sent, so it fits in 63.
_MAX_SEQUENCE = 2**63 - 2


def _resume_from(last_event_id: str | None) -> int | None:
    """The stream sequence after `Last-Event-ID`; 400 for anything that is not one of our ids."""
    if last_event_id is None or last_event_id == "":
        return None
    if not (last_event_id.isascii() and last_event_id.isdigit()) or int(last_event_id) > _MAX_SEQUENCE:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, "Last-Event-ID must be the id of an event this stream sent"
        )
    return int(last_event_id) + 1


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
