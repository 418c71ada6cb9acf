"""Per-key locks: one holder per key, keys independent, nothing left behind."""

from __future__ import annotations

import asyncio

from shared.locks import KeyedLocks


async def test_one_holder_per_key_and_other_keys_run_meanwhile() -> None:
    locks = KeyedLocks()
    order: list[str] = []
    first_in = asyncio.Event()
    release = asyncio.Event()

    async def first() -> None:
        async with locks.hold("s1"):
            order.append("first in")
            first_in.set()
            await release.wait()
            order.append("first out")

    async def second() -> None:
        await first_in.wait()
        async with locks.hold("s1"):
            order.append("second in")

    async def other() -> None:
        await first_in.wait()
        async with locks.hold("s2"):
            order.append("other in")

    tasks = [asyncio.create_task(job()) for job in (first, second, other)]
    await first_in.wait()
    await asyncio.sleep(0.01)
    assert order == ["first in", "other in"], "s2 is not held up by s1; the second s1 waits"
    assert len(locks) == 1, "s2's lock is gone once released; s1's is held and awaited"
    release.set()
    await asyncio.gather(*tasks)
    assert order == ["first in", "other in", "first out", "second in"]
    assert len(locks) == 0


async def test_a_holder_that_raises_frees_the_key() -> None:
    locks = KeyedLocks()
    try:
        async with locks.hold("s1"):
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    async with asyncio.timeout(1):
        async with locks.hold("s1"):
            pass
    assert len(locks) == 0
