"""Counts of finished work (shifts handled, deliveries finished, rules refreshed) that callers can await.

Tests and `policywatch up --demo` wait on these instead of sleeping.
"""

from __future__ import annotations

import asyncio
from collections import Counter

SHIFTS = "shifts"
EXTRACTIONS = "extractions"  # ArticleExtracted notices handled
DELIVERIES = "deliveries"
RULE_REFRESHES = "rule_refreshes"  # RuleChanged notices applied


class Progress:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self._changed = asyncio.Condition()

    async def bump(self, kind: str) -> None:
        async with self._changed:
            self.counts[kind] += 1
            self._changed.notify_all()

    async def reached(self, kind: str, count: int) -> None:
        """Return once `count` items of `kind` finished since start (callers bound the wait)."""
        async with self._changed:
            await self._changed.wait_for(lambda: self.counts[kind] >= count)
