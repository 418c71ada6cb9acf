"""A request rate limit per API key (per client address for requests without one): 429 beyond it.

A token bucket per caller: `burst` requests at once, refilled at `per_second`. Buckets live in
this process (each replica limits on its own) and the least recently seen callers are forgotten
past `max_callers`, so memory stays bounded whatever keys clients invent. The key itself is
never kept, only a hash of it.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from shared.asgi import ASGIApp, Receive, Scope, Send, answer_json

Clock = Callable[[], float]
# Liveness, readiness and metrics answer probes and scrapers, never limited.
UNLIMITED_PATHS = frozenset({"/health", "/ready", "/metrics"})


@dataclass
class TokenBucket:
    tokens: float
    updated: float

    def take(self, now: float, *, per_second: float, burst: int) -> float:
        """Take one token: 0.0 when granted, else the seconds until one is available."""
        self.tokens = min(float(burst), self.tokens + (now - self.updated) * per_second)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / per_second


class RateLimits:
    """The buckets of every caller seen recently."""

    def __init__(
        self, *, per_second: float, burst: int, max_callers: int = 10_000, clock: Clock = time.monotonic
    ) -> None:
        self.per_second, self.burst = per_second, burst
        self._max_callers = max_callers
        self._clock = clock
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()

    def wait_for(self, caller: str) -> float:
        """0.0 when `caller` may go ahead now, else the seconds it must wait."""
        now = self._clock()
        bucket = self._buckets.pop(caller, None) or TokenBucket(tokens=float(self.burst), updated=now)
        self._buckets[caller] = bucket  # most recently seen last
        while len(self._buckets) > self._max_callers:
            self._buckets.popitem(last=False)
        return bucket.take(now, per_second=self.per_second, burst=self.burst)


def caller_of(scope: Scope) -> str:
    """A hash of the request's X-API-Key, else its client address."""
    for name, value in scope.get("headers", ()):
        if name.lower() == b"x-api-key" and value:
            return "key:" + hashlib.sha256(value).hexdigest()[:32]
    client = scope.get("client") or ("unknown", 0)
    return f"address:{client[0]}"


class RateLimit:
    """ASGI middleware applying `RateLimits` to every HTTP request but probes and scrapes."""

    def __init__(self, app: ASGIApp, *, limits: RateLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNLIMITED_PATHS:
            await self.app(scope, receive, send)
            return
        wait = self.limits.wait_for(caller_of(scope))
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        detail = (
            f"rate limit: {self.limits.per_second:g} requests per second per key "
            f"(bursts of {self.limits.burst}); retry in {wait:.1f} s"
        )
        retry_after = str(max(1, math.ceil(wait))).encode()
        await answer_json(send, 429, {"detail": detail}, headers=[(b"retry-after", retry_after)])
