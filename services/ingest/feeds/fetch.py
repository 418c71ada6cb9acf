"""Fetching feeds and pages politely and safely: conditional GET, timeouts, a size limit,
robots.txt, a user agent that says who we are, a bounded number of redirects, and the address
guard (`shared/egress.py`): every hop of every request, robots.txt included, is checked, and
connections go only to vetted public addresses unless private hosts are allowed."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from shared.egress import BlockedAddressError, guarded_transport, url_problem

MAX_REDIRECTS = 5
ROBOTS_TTL_SECONDS = 3600.0


class FetchError(Exception):
    """A fetch that gave nothing usable; `kind` is a bounded label for metrics, `public` what the
    API may tell a client (never enough to tell a closed port from an open one)."""

    def __init__(self, kind: str, message: str, *, public: str | None = None) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.public = public or PUBLIC_REASONS.get(kind, "the fetch failed")


PUBLIC_REASONS = {
    "blocked": "refused: the host is not a public address",
    "network": "could not fetch: no connection, or no answer in time",
    "timeout": "could not fetch: no connection, or no answer in time",
    "redirects": f"more than {MAX_REDIRECTS} redirects",
    "too_large": "larger than the size limit",
    "robots": "robots.txt disallows it",
    "no_article": "no article found on the page",
}


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
    """One shared httpx client; `close()` on shutdown. `transport` replaces the network (tests)."""

    def __init__(
        self,
        *,
        user_agent: str,
        timeout: float,
        max_bytes: int,
        allow_private_hosts: bool = False,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.user_agent = user_agent
        self.max_bytes = max_bytes
        self.allow_private_hosts = allow_private_hosts
        if transport is None and not allow_private_hosts:
            transport = guarded_transport(httpx.Limits(), purpose="feed")
        self._client = httpx.AsyncClient(
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            transport=transport,
            event_hooks={"request": [self._check_hop]},
        )
        self._robots: dict[str, tuple[float, RobotFileParser | None]] = {}

    async def _check_hop(self, request: httpx.Request) -> None:
        """Runs before every request the client sends, each redirect hop included."""
        problem = url_problem(str(request.url), allow_private=self.allow_private_hosts)
        if problem:
            raise BlockedAddressError(f"refused: {problem}")

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
                    status = response.status_code
                    raise FetchError("http_status", f"{status} from {url}", public=f"HTTP {status}")
                return _fetched(response, await self._read_limited(response))
        except BlockedAddressError as exc:
            raise FetchError("blocked", f"{exc} ({url})") from exc
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
        except BlockedAddressError as exc:
            raise FetchError("blocked", f"{exc} ({origin}/robots.txt)") from exc
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
