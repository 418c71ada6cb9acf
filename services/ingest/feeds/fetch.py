"""Fetching feeds and pages politely: conditional GET, timeouts, a size limit, robots.txt, a
user agent that says who we are, and a bounded number of redirects."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

MAX_REDIRECTS = 5
ROBOTS_TTL_SECONDS = 3600.0


class FetchError(Exception):
    """A fetch that gave nothing usable; `kind` is a bounded label for metrics."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind


@dataclass(frozen=True)
class Fetched:
    status: int
    url: str  # after redirects
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """One shared httpx client; `close()` on shutdown."""

    def __init__(self, *, user_agent: str, timeout: float, max_bytes: int) -> None:
        self.user_agent = user_agent
        self.max_bytes = max_bytes
        self._client = httpx.AsyncClient(
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
        )
        self._robots: dict[str, tuple[float, RobotFileParser | None]] = {}

    async def close(self) -> None:
        await self._client.aclose()

    async def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET `url`; a 304 is returned as such, any other non-2xx raises `FetchError`."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            async with self._client.stream("GET", url, headers=headers) as response:
                if response.status_code == 304:
                    return _fetched(response, b"")
                if response.status_code >= 400:
                    raise FetchError("http_status", f"{response.status_code} from {url}")
                return _fetched(response, await self._read_limited(response))
        except httpx.TooManyRedirects as exc:
            raise FetchError("redirects", f"more than {MAX_REDIRECTS} redirects from {url}") from exc
        except httpx.TimeoutException as exc:
            raise FetchError("timeout", f"{type(exc).__name__} fetching {url}") from exc
        except httpx.HTTPError as exc:
            raise FetchError("network", f"{type(exc).__name__} fetching {url}: {exc}") from exc

    async def allowed(self, url: str) -> bool:
        """Whether robots.txt lets our user agent fetch `url` (cached an hour per host)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(origin)
        if cached is None or time.monotonic() - cached[0] > ROBOTS_TTL_SECONDS:
            cached = (time.monotonic(), await self._load_robots(origin))
            self._robots[origin] = cached
        rules = cached[1]
        return True if rules is None else rules.can_fetch(self.user_agent, url)

    async def _load_robots(self, origin: str) -> RobotFileParser | None:
        # RFC 9309: a 4xx means no rules; a server error or no answer means "do not crawl".
        rules = RobotFileParser()
        try:
            response = await self._client.get(f"{origin}/robots.txt")
        except httpx.HTTPError:
            rules.parse(["User-agent: *", "Disallow: /"])
            return rules
        if 400 <= response.status_code < 500:
            return None
        if response.status_code >= 500:
            rules.parse(["User-agent: *", "Disallow: /"])
            return rules
        rules.parse(response.text[: self.max_bytes].splitlines())
        return rules

    async def _read_limited(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError("too_large", f"{declared} bytes declared, limit {self.max_bytes}")
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError("too_large", f"more than {self.max_bytes} bytes")
            chunks.append(chunk)
        return b"".join(chunks)


def _fetched(response: httpx.Response, body: bytes) -> Fetched:
    return Fetched(
        status=response.status_code,
        url=str(response.url),
        body=body,
        content_type=response.headers.get("content-type", ""),
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
    )
