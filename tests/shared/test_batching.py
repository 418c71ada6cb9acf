"""Batcher: the calls of one burst run as one batch; a failing item fails alone."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from shared.batching import Batcher


class Doubler:
    def __init__(self, poison: int | None = None) -> None:
        self.batches: list[list[int]] = []
        self.poison = poison

    async def run(self, items: Sequence[int]) -> list[int]:
        self.batches.append(list(items))
        await asyncio.sleep(0.01)  # off the loop, as a thread or a child process would be
        if self.poison in items:
            raise ValueError(f"cannot read {self.poison}")
        return [2 * n for n in items]


async def test_calls_of_one_burst_run_as_one_batch_and_each_gets_its_own_result() -> None:
    doubler = Doubler()
    batcher = Batcher(doubler.run, max_size=16)

    results = await asyncio.gather(*(batcher.submit(n) for n in range(5)))

    assert results == [0, 2, 4, 6, 8]
    assert doubler.batches == [[0, 1, 2, 3, 4]]


async def test_calls_arriving_while_a_batch_runs_form_the_next_batch_of_at_most_max_size() -> None:
    doubler = Doubler()
    batcher = Batcher(doubler.run, max_size=3)

    first = asyncio.gather(*(batcher.submit(n) for n in range(2)))
    await asyncio.sleep(0.001)  # the first batch is running
    results = await asyncio.gather(first, *(batcher.submit(n) for n in range(10, 15)))

    assert results[0] == [0, 2]
    assert results[1:] == [20, 22, 24, 26, 28]
    assert doubler.batches == [[0, 1], [10, 11, 12], [13, 14]]


async def test_a_poisonous_item_fails_alone_and_the_rest_of_its_batch_succeeds() -> None:
    doubler = Doubler(poison=3)
    batcher = Batcher(doubler.run, max_size=16)

    results = await asyncio.gather(*(batcher.submit(n) for n in range(5)), return_exceptions=True)

    assert results[:3] == [0, 2, 4] and results[4] == 8
    assert isinstance(results[3], ValueError) and "cannot read 3" in str(results[3])
    assert doubler.batches[0] == [0, 1, 2, 3, 4]
    assert [b for b in doubler.batches[1:]] == [[0], [1], [2], [3], [4]]


async def test_a_cancelled_caller_does_not_break_the_batch() -> None:
    doubler = Doubler()
    batcher = Batcher(doubler.run, max_size=16)
    doomed = asyncio.ensure_future(batcher.submit(1))
    others = [asyncio.ensure_future(batcher.submit(n)) for n in (2, 3)]
    await asyncio.sleep(0)
    doomed.cancel()

    assert await asyncio.gather(*others) == [4, 6]
    with pytest.raises(asyncio.CancelledError):
        await doomed
