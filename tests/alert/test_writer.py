"""The consumers' writer thread: calls run one at a time, in the order they were submitted."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from services.alert.storage.writer import DbWriter


async def test_calls_from_concurrent_tasks_never_overlap_and_keep_their_order() -> None:
    writer = DbWriter()
    running = 0
    most = 0
    order: list[int] = []
    threads: set[int] = set()
    lock = threading.Lock()

    def work(n: int) -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.01)  # long enough for a second thread to overlap, were there one
        with lock:
            running -= 1
            order.append(n)
        threads.add(threading.get_ident())
        return n * n

    try:
        results = await asyncio.gather(*(writer.run(work, n) for n in range(8)))
    finally:
        writer.close()
    assert results == [n * n for n in range(8)]
    assert most == 1
    assert order == list(range(8))
    assert len(threads) == 1 and threading.get_ident() not in threads  # off the event loop's thread


async def test_an_exception_reaches_its_caller_and_the_next_call_still_runs() -> None:
    writer = DbWriter()

    def fail() -> None:
        raise ValueError("bad row")

    try:
        with pytest.raises(ValueError, match="bad row"):
            await writer.run(fail)
        assert await writer.run(lambda: "after") == "after"
    finally:
        writer.close()
    with pytest.raises(RuntimeError):
        await writer.run(lambda: None)  # closed
