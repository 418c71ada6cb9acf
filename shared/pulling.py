"""A durable consumer's pull loop that fetches while it works.

FastStream's pull loop fetches a batch, runs its handlers, and pulls again only once every one of
them has finished: the slowest message of a pull holds up the next pull, and a stage that batches
its work (extract's `nlp.pipe`, alert's transaction) sits idle while a batch's publishes and acks
go out. This loop keeps up to `max_in_flight` messages in hand instead: it pulls as many as there
is room for (at most `batch_size` a pull) whenever a handler finishes, and each message's handler
runs as its own task, so a message that arrives while a batch is being worked on joins the next
batch at once (`shared.batching`). Every message in hand is one a handler is working on, so it
reports progress (`shared.consumer.reporting_progress`) and is acked after its own work, as before.

A pull that finds nothing times out and is made again, quietly: nats-py 2.16's batch fetch can
raise a bare `asyncio.TimeoutError` where FastStream's loop expected its own, which escaped the
loop and was logged at ERROR with a traceback.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
from nats.errors import ConnectionClosedError
from nats.js.errors import ServiceUnavailableError

log = logging.getLogger(__name__)

# How long one pull request waits on the server for a first message.
PULL_SECONDS = 1.0
# The pause before pulling again when the connection is closed or JetStream is unavailable.
UNAVAILABLE_PAUSE_SECONDS = 0.2


class Room:
    """How many more messages the loop may take in hand."""

    def __init__(self, size: int) -> None:
        self.free = size
        self._changed = asyncio.Event()

    async def some(self) -> int:
        """Wait until at least one slot is free; how many are."""
        while self.free <= 0:
            self._changed.clear()
            await self._changed.wait()
        return self.free

    def take(self, count: int) -> None:
        self.free -= count

    def give(self) -> None:
        self.free += 1
        self._changed.set()


def pipeline_pulls(subscriber: Any, name: str, *, batch_size: int, max_in_flight: int) -> None:
    """Replace `subscriber`'s pull loop (FastStream's `PullStreamSubscriber`) with one that keeps
    up to `max_in_flight` messages in hand, pulling at most `batch_size` at a time."""

    async def consume_pull(cb: Callable[[Any], Awaitable[Any]]) -> None:
        room = Room(max_in_flight)

        async def handle(msg: Any) -> None:
            try:
                await cb(msg)  # FastStream's `consume`: acks, nacks and logs; never raises
            finally:
                room.give()

        # A task group, as FastStream's own loop has: stopping the subscriber cancels the loop
        # and the handlers it started (their messages, unacked, come back after ack_wait).
        async with anyio.create_task_group() as handlers:
            while subscriber.running:
                free = await room.some()
                messages = await pull(subscriber, name, min(batch_size, free))
                room.take(len(messages))
                for msg in messages:
                    handlers.start_soon(handle, msg)

    # FastStream schedules `self._consume_pull(cb=...)` when the subscription starts: an instance
    # attribute is found before the method.
    subscriber._consume_pull = consume_pull


async def pull(subscriber: Any, name: str, batch: int) -> list[Any]:
    """Up to `batch` messages: waits for the first (at most `PULL_SECONDS`), then takes only what
    is already there (nats-py's first request carries `no_wait` and `expires`, which the server
    answers with the messages at hand once there is one)."""
    try:
        return list(await subscriber.subscription.fetch(batch=batch, timeout=PULL_SECONDS))
    except TimeoutError:  # nats' own and asyncio's: nothing to do
        log.debug("%s: idle pull timed out; pulling again", name)
    except (ConnectionClosedError, ServiceUnavailableError) as exc:
        log.debug("%s: pull failed (%r); pulling again", name, exc)
        await asyncio.sleep(UNAVAILABLE_PAUSE_SECONDS)
    return []
