"""One thread for the consumers' database writes: shifts, extraction notices and published marks.

Alert's two consumers (shifts and extraction notices) receive an article's messages together.
Run on two threads against one SQLite file, one transaction waited out the other's write lock
in SQLite's busy-retry sleeps (up to 100 ms each): a notice that needed 4 ms of CPU took 155 ms,
and an alert stalled now and then for about 0.6 s. On one thread they run one after the other
and never contend; the process shares one GIL anyway, so little ran in parallel. PostgreSQL
gains nothing from the threads either: replicas and their advisory locks work as before.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class DbWriter:
    """`await writer.run(fn, *args)`: `fn` runs on the writer's one thread, after the calls
    submitted before it (as `asyncio.to_thread` runs it, context variables included)."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="alert-db-writer")

    async def run(self, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
        context = contextvars.copy_context()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: context.run(fn, *args, **kwargs))

    def close(self) -> None:
        """Finish what was submitted; later calls raise `RuntimeError`."""
        self._executor.shutdown(wait=True)
