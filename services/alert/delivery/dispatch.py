"""Webhook delivery: signed JSON POSTs, retried with capped exponential backoff, isolated per receiver.

Each delivery runs as its own task. Requests to one receiver (scheme, host and port) share a small
concurrency limit, so a receiver that hangs or fails only ever holds up its own deliveries.

Signature (the scheme Stripe and GitHub use): ``X-PolicyWatch-Signature: t=<unix ts>,v1=<hex>``
where ``hex = HMAC-SHA256(secret, f"{t}." + body)``. Each attempt is signed afresh, so a receiver
can reject stale timestamps (replays). `verify` does all of that for Python receivers.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Protocol

import httpx
from pydantic import BaseModel

from shared.egress import BlockedAddressError, guarded_transport, url_problem

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-PolicyWatch-Signature"
TIMESTAMP_HEADER = "X-PolicyWatch-Timestamp"  # the signed `t`, repeated for receivers' logs
DELIVERY_HEADER = "X-PolicyWatch-Delivery"
EVENT_HEADER = "X-PolicyWatch-Event"
USER_AGENT = "PolicyWatch-Webhook/1"
RETRIED_CLIENT_ERRORS = frozenset({408, 429})


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """The signature header value for `body` sent at `timestamp` (unix seconds)."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify(secret: str, body: bytes, header: str, *, tolerance: int = 300, now: float | None = None) -> bool:
    """True when `header` is a valid signature of `body` by `secret`, made within `tolerance` seconds.

    Several `v1=` values are accepted (one per secret while a secret is being rotated).
    """
    timestamp, signatures = None, []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1":
            signatures.append(value)
    if timestamp is None or not signatures:
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = sign(secret, body, timestamp).rpartition("v1=")[2]
    return any(hmac.compare_digest(expected, candidate) for candidate in signatures)


@dataclass(frozen=True, slots=True)
class WebhookTarget:
    """Where a rule's alerts go, and the secret they are signed with."""

    url: str
    secret: str
    rule_id: str
    owner: str


class DeliveryRecorder(Protocol):
    """Told about every state change of a delivery (`pending`, `retrying`, `delivered`, `failed`)."""

    async def record(
        self,
        delivery_id: str,
        *,
        status: str,
        attempts: int,
        last_error: str | None,
        response_status: int | None,
    ) -> None: ...


@dataclass(frozen=True, slots=True)
class Outcome:
    """One attempt's result: `retry` says whether another attempt may succeed."""

    delivered: bool
    retry: bool
    error: str | None = None
    status: int | None = None
    retry_after: float | None = None


def backoff_delay(
    attempt: int, *, base: float, cap: float, rng: Callable[[], float] = random.random
) -> float:
    """Delay before attempt `attempt + 1`: exponential in `attempt`, capped, with "equal jitter".

    The ceiling doubles per attempt (base, 2 base, 4 base...) up to `cap`; the delay is drawn
    between half the ceiling and the ceiling, so receivers are not hit in lockstep.
    """
    ceiling = min(cap, base * 2 ** max(0, attempt - 1))
    return ceiling / 2 + rng() * ceiling / 2


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta seconds or an HTTP date), if valid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


def classify(status: int, retry_after: float | None = None) -> Outcome:
    """2xx delivered; 408, 429 and 5xx retried; any other status failed for good."""
    if 200 <= status < 300:
        return Outcome(delivered=True, retry=False, status=status)
    retry = status >= 500 or status in RETRIED_CLIENT_ERRORS
    error = f"HTTP {status}"
    return Outcome(delivered=False, retry=retry, error=error, status=status, retry_after=retry_after)


def receiver_key(url: str) -> str:
    """Deliveries to the same scheme, host and port share a concurrency limit."""
    parsed = httpx.URL(url)
    return f"{parsed.scheme}://{parsed.host}:{parsed.port or ''}"


class WebhookDispatcher:
    """Sends webhook deliveries in the background; `submit` never blocks the caller.

    Unless `allow_private_hosts`, it refuses receivers that are or resolve to internal addresses
    (`egress`); a `client` passed in is used as it is (its transport decides).

    Start it before submitting; `stop` lets attempts in flight finish (up to `timeout`), cancels
    deliveries waiting to retry (they were recorded as `retrying`, so they can be resumed), and
    closes the HTTP client if the dispatcher created it.
    """

    def __init__(
        self,
        recorder: DeliveryRecorder,
        *,
        max_attempts: int = 6,
        base_delay: float = 1.0,
        max_delay: float = 300.0,
        timeout: float = 10.0,
        client: httpx.AsyncClient | None = None,
        per_receiver: int = 4,
        allow_private_hosts: bool = False,
    ) -> None:
        self.recorder = recorder
        self.allow_private_hosts = allow_private_hosts
        self.max_attempts, self.base_delay, self.max_delay = max(1, max_attempts), base_delay, max_delay
        self.timeout, self.per_receiver = timeout, per_receiver
        self._client, self._owns_client = client, client is None
        self._limits: dict[str, tuple[asyncio.Semaphore, list[int]]] = {}  # receiver -> (limit, users)
        self._tasks: dict[asyncio.Task[None], bool] = {}  # task -> is it sending right now?
        self._state = "new"  # -> "running" -> "stopped"

    @property
    def in_flight(self) -> int:
        """Deliveries not yet delivered or failed (sending, or waiting to retry)."""
        return len(self._tasks)

    async def start(self) -> None:
        if self._client is None:
            limits = httpx.Limits(max_connections=None, max_keepalive_connections=32)
            self._client = httpx.AsyncClient(
                timeout=self.timeout,
                follow_redirects=False,
                limits=limits,
                transport=None if self.allow_private_hosts else guarded_transport(limits),
                headers={"User-Agent": USER_AGENT},
            )
        self._state = "running"

    async def stop(self) -> None:
        self._state = "stopped"
        for task, sending in list(self._tasks.items()):
            if not sending:
                task.cancel()
        if self._tasks:
            _, late = await asyncio.wait(list(self._tasks), timeout=self.timeout + 1)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        if self._owns_client and self._client is not None:
            await self._client.aclose()
            self._client = None

    def submit(self, target: WebhookTarget, alert: BaseModel, delivery_id: str, *, attempts: int = 0) -> None:
        """Queue `alert` for `target`. `attempts` already made (when resuming after a restart).

        After `stop()` the delivery is not sent (it stays as the caller recorded it, to be resumed).
        """
        if self._state == "new":
            raise RuntimeError("WebhookDispatcher.submit() called before start()")
        if self._state == "stopped":
            log.warning("webhook delivery %s submitted after stop: left for the next start", delivery_id)
            return
        job = _Job(target, alert.model_dump_json().encode("utf-8"), type(alert).__name__.lower(), delivery_id)
        task = asyncio.get_running_loop().create_task(self._deliver(job, attempts))
        self._tasks[task] = False
        task.add_done_callback(self._forget)

    def _forget(self, task: asyncio.Task[None]) -> None:
        self._tasks.pop(task, None)
        if not task.cancelled() and task.exception() is not None:
            log.error("webhook delivery task crashed", exc_info=task.exception())

    async def _deliver(self, job: _Job, done: int) -> None:
        if done == 0:
            await self._record(job, "pending", 0)
        try:
            receiver = receiver_key(job.target.url)
        except (httpx.InvalidURL, ValueError) as exc:
            await self._record(job, "failed", done, Outcome(False, False, error=f"invalid URL: {exc}"))
            return
        # Rules saved before the check existed, or while private hosts were allowed.
        problem = url_problem(job.target.url, allow_private=self.allow_private_hosts)
        if problem:
            await self._record(job, "failed", done, Outcome(False, False, error=f"refused: {problem}"))
            return
        limit, users = self._limits.setdefault(receiver, (asyncio.Semaphore(self.per_receiver), [0]))
        users[0] += 1
        try:
            await self._attempts(job, done, limit)
        finally:
            users[0] -= 1
            if users[0] == 0:
                del self._limits[receiver]

    async def _attempts(self, job: _Job, done: int, limit: asyncio.Semaphore) -> None:
        task = asyncio.current_task()
        assert task is not None
        for attempt in range(done + 1, self.max_attempts + 1):
            async with limit:
                self._tasks[task] = True
                outcome = await self._attempt(job)
                self._tasks[task] = False
            if outcome.delivered or not outcome.retry or attempt == self.max_attempts:
                await self._record(job, "delivered" if outcome.delivered else "failed", attempt, outcome)
                return
            await self._record(job, "retrying", attempt, outcome)
            if self._state != "running":
                return
            await asyncio.sleep(self._delay(attempt, outcome.retry_after))

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.max_delay)
        return backoff_delay(attempt, base=self.base_delay, cap=self.max_delay)

    async def _attempt(self, job: _Job) -> Outcome:
        assert self._client is not None
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            SIGNATURE_HEADER: sign(job.target.secret, job.body, timestamp),
            TIMESTAMP_HEADER: str(timestamp),
            DELIVERY_HEADER: job.delivery_id,
            EVENT_HEADER: job.event,
        }
        try:
            async with asyncio.timeout(self.timeout):
                # The response body is never read: a receiver cannot make us download anything.
                request = self._client.stream("POST", job.target.url, content=job.body, headers=headers)
                async with request as response:
                    retry_after = parse_retry_after(response.headers.get("Retry-After"))
                    return classify(response.status_code, retry_after)
        except TimeoutError:
            return Outcome(delivered=False, retry=True, error=f"timed out after {self.timeout:g}s")
        except httpx.TimeoutException as exc:
            return Outcome(delivered=False, retry=True, error=f"timed out: {type(exc).__name__}")
        except httpx.UnsupportedProtocol as exc:
            return Outcome(delivered=False, retry=False, error=f"unsupported URL: {exc}")
        except httpx.TransportError as exc:
            return Outcome(delivered=False, retry=True, error=f"{type(exc).__name__}: {exc}"[:500])
        except httpx.InvalidURL as exc:
            return Outcome(delivered=False, retry=False, error=f"invalid URL: {exc}")
        except BlockedAddressError as exc:  # resolved to an internal address: no retry can help
            return Outcome(delivered=False, retry=False, error=str(exc))

    async def _record(self, job: _Job, status: str, attempts: int, outcome: Outcome | None = None) -> None:
        try:
            await self.recorder.record(
                job.delivery_id,
                status=status,
                attempts=attempts,
                last_error=outcome.error if outcome else None,
                response_status=outcome.status if outcome else None,
            )
        except Exception:  # a recorder failure must not stop the delivery itself
            log.exception("recording webhook delivery %s as %s failed", job.delivery_id, status)


@dataclass(frozen=True, slots=True)
class _Job:
    target: WebhookTarget
    body: bytes
    event: str
    delivery_id: str
