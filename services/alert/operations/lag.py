"""Consumer lag: how far each durable consumer is behind its stream, from JetStream's own info."""

from __future__ import annotations

import asyncio

from nats.errors import Error as NatsError
from nats.js.manager import JetStreamManager
from pydantic import BaseModel, Field

from shared.subjects import (
    ALERT_EXTRACTIONS_DURABLE,
    ALERT_SHIFTS_DURABLE,
    ARTICLES_STREAM,
    EXTRACT_DURABLE,
    EXTRACTIONS_STREAM,
    SHIFTS_STREAM,
)

SERVICE_DURABLES: tuple[tuple[str, str, str], ...] = (
    ("extract", ARTICLES_STREAM, EXTRACT_DURABLE),
    ("alert", SHIFTS_STREAM, ALERT_SHIFTS_DURABLE),
    ("alert", EXTRACTIONS_STREAM, ALERT_EXTRACTIONS_DURABLE),
)


class ConsumerLag(BaseModel):
    reader: str = Field(description="The service, or `you` for one of your own durables.")
    stream: str
    durable: str
    pending: int | None = Field(default=None, description="Messages not yet delivered.")
    ack_pending: int | None = Field(default=None, description="Delivered, not yet acknowledged.")
    redelivered: int | None = None
    error: str | None = Field(default=None, description="Why the info could not be read.")


async def consumer_lag(js: JetStreamManager, durables: list[tuple[str, str, str]]) -> list[ConsumerLag]:
    """One row per (reader, stream, durable), read concurrently; a failed read is a row with `error`."""
    return list(await asyncio.gather(*(_lag_of(js, *durable) for durable in durables)))


async def _lag_of(js: JetStreamManager, reader: str, stream: str, durable: str) -> ConsumerLag:
    row = ConsumerLag(reader=reader, stream=stream, durable=durable)
    try:
        info = await js.consumer_info(stream, durable)
    except (NatsError, TimeoutError) as exc:  # not created yet, or not permitted to this identity
        return row.model_copy(update={"error": str(exc) or type(exc).__name__})
    return row.model_copy(
        update={
            "pending": info.num_pending,
            "ack_pending": info.num_ack_pending,
            "redelivered": info.num_redelivered,
        }
    )
