"""A count of shifts fully handled, that callers can await (tests, and `policywatch up --demo`)."""

from __future__ import annotations

import asyncio


class Progress:
    def __init__(self) -> None:
        self.handled = 0
        self._changed = asyncio.Condition()

    async def shift_handled(self) -> None:
        async with self._changed:
            self.handled += 1
            self._changed.notify_all()

    async def wait_handled(self, count: int) -> None:
        """Return once `count` shifts have been handled since start (callers bound the wait)."""
        async with self._changed:
            await self._changed.wait_for(lambda: self.handled >= count)
