"""Calls that arrive together, run together: a consumer's handlers for the messages of one pull
start at once, and a batch function (spaCy's `nlp.pipe`, one transaction) serves them in one go.

`Batcher.submit(item)` waits for the item's own result. The first call of a burst lets the
event loop run the other handlers of the pull up to their own `submit`, then hands the items
to `run`; calls arriving while a batch runs form the next one. A batch that raises is run again
one item at a time, so an item that always fails (or runs past a time budget) fails alone and
its message is retried or dead-lettered by itself, while the others of its batch succeed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
log = logging.getLogger(__name__)

# Event-loop turns a burst gets to arrive: each handler of a pull reaches `submit` in a few.
GATHER_TURNS = 4


class Batcher(Generic[T, R]):
    """`run(items)` must return one result per item, in order."""

    def __init__(self, run: Callable[[Sequence[T]], Awaitable[Sequence[R]]], *, max_size: int) -> None:
        self._run = run
        self._max_size = max_size
        self._waiting: list[tuple[T, asyncio.Future[R]]] = []
        self._draining: asyncio.Task[None] | None = None

    async def submit(self, item: T) -> R:
        """The result of `run` for `item`, run in a batch with the items submitted with it."""
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if self._draining is None or self._draining.done():
            self._draining = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        while self._waiting:
            for _ in range(GATHER_TURNS):
                await asyncio.sleep(0)
            batch = [(item, f) for item, f in self._waiting[: self._max_size] if not f.done()]
            del self._waiting[: self._max_size]
            if batch:
                await self._run_batch(batch)

    async def _run_batch(self, batch: list[tuple[T, asyncio.Future[R]]]) -> None:
        try:
            results = await self._run([item for item, _ in batch])
        except Exception as exc:
            if len(batch) == 1:
                _settle(batch[0][1], exception=exc)
                return
            log.warning("a batch of %d failed (%r): running its items one at a time", len(batch), exc)
            for one in batch:
                await self._run_batch([one])
            return
        for (_, future), result in zip(batch, results, strict=True):
            _settle(future, result=result)


def _settle(
    future: asyncio.Future[R], *, result: R | None = None, exception: BaseException | None = None
) -> None:
    if future.done():  # the caller was cancelled meanwhile
        return
    if exception is not None:
        future.set_exception(exception)
    else:
        future.set_result(result)  # type: ignore[arg-type]
