"""The per-key rate limit: a token bucket per caller, 429 with Retry-After beyond it."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from shared.rate_limit import RateLimit, RateLimits, caller_of


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_caller_gets_its_burst_then_one_request_per_refill() -> None:
    clock = FakeClock()
    limits = RateLimits(per_second=2.0, burst=3, clock=clock)
    assert [limits.wait_for("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limits.wait_for("a") == 0.5
    assert limits.wait_for("b") == 0.0  # another caller has its own bucket
    clock.now += 0.5
    assert limits.wait_for("a") == 0.0
    clock.now += 60
    assert [limits.wait_for("a") for _ in range(4)][-1] > 0  # refilled to the burst, not beyond


def test_buckets_are_bounded_by_forgetting_the_least_recent_callers() -> None:
    limits = RateLimits(per_second=1.0, burst=1, max_callers=100, clock=FakeClock())
    assert limits.wait_for("first") == 0.0
    for n in range(1000):
        limits.wait_for(f"made-up-{n}")
    assert len(limits._buckets) == 100
    assert limits.wait_for("first") == 0.0  # forgotten, so a fresh bucket


def test_the_caller_is_a_hash_of_the_key_else_the_client_address() -> None:
    with_key = {"headers": [(b"x-api-key", b"pw_secret")], "client": ("10.0.0.1", 5000)}
    without = {"headers": [], "client": ("10.0.0.1", 5000)}
    assert caller_of(with_key).startswith("key:") and "pw_secret" not in caller_of(with_key)
    assert caller_of(without) == "address:10.0.0.1"


async def test_over_the_limit_is_429_with_retry_after_and_probes_are_never_limited() -> None:
    app = FastAPI()

    @app.get("/things")
    async def things() -> dict[str, str]:
        return {"ok": "yes"}

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    app.add_middleware(RateLimit, limits=RateLimits(per_second=0.1, burst=2))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://probe") as http:
        mine = [(await http.get("/things", headers={"X-API-Key": "k1"})).status_code for _ in range(3)]
        refused = await http.get("/things", headers={"X-API-Key": "k1"})
        other = await http.get("/things", headers={"X-API-Key": "k2"})
        probes = [(await http.get("/health")).status_code for _ in range(10)]
    assert mine == [200, 200, 429]
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert "rate limit" in refused.json()["detail"]
    assert other.status_code == 200
    assert probes == [200] * 10
