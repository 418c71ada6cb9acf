"""Where the services' own HTTP requests may go (server-side request forgery): never to
internal addresses. One guard for every URL a client chooses: alert's webhooks, ingest's feeds
and the article pages feed items link to.

Without it, a rule's webhook or a registered feed could make a service request its own network
(a database admin port, the cloud metadata endpoint 169.254.169.254) and, for feeds, publish
what it found there as an article. Two gates, both off when private hosts are allowed
(`POLICYWATCH_ALERT__WEBHOOK_ALLOW_PRIVATE_HOSTS`, `POLICYWATCH_INGEST__FETCH_ALLOW_PRIVATE_HOSTS`:
on-premises receivers and feeds, tests):

- `url_problem`, when the URL is saved and again before each request (every redirect hop): http
  or https only, no credentials in the URL, and no internal IP address written as the host,
  in any of the forms a resolver accepts (`127.1`, `2130706433`, `0x7f000001`, `[::1]`);
- `GuardedBackend`, when the HTTP client opens a connection: the host is resolved (without
  blocking the event loop), refused if ANY of its addresses is internal, and the connection is
  made to the vetted address itself. Checking at connect time and connecting to what was
  checked is what defeats DNS rebinding (a name that resolves to a public address when the
  URL is saved and to 127.0.0.1 when it is fetched).
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Checked in this order: 127.0.0.1 is also "private" in Python's tables; say the precise word.
_CATEGORIES = (
    ("is_unspecified", "an unspecified address"),
    ("is_loopback", "a loopback address"),
    ("is_link_local", "a link-local address"),
    ("is_multicast", "a multicast address"),
    ("is_private", "a private address"),
)


# What inet_aton reads as an IPv4 address besides dotted quads: '127.1', '2130706433', '0x7f000001'.
_IPV4_SHORTHAND = re.compile(r"(?:0x[0-9a-f]+|[0-9]+)(?:\.(?:0x[0-9a-f]+|[0-9]+)){0,3}", re.IGNORECASE)


class BlockedAddressError(Exception):
    """A destination refused because it is (or resolves to) an internal address."""


def literal_address(host: str) -> str | None:
    """The IP address `host` names literally (in any form a resolver reads), or None for a name.

    >>> literal_address("0x7f000001")
    '127.0.0.1'
    """
    try:
        return str(ipaddress.ip_address(host.partition("%")[0]))
    except ValueError:
        pass
    if _IPV4_SHORTHAND.fullmatch(host):
        try:
            return str(ipaddress.IPv4Address(socket.inet_aton(host)))
        except OSError:
            return None
    return None


def blocked_reason(address: str) -> str | None:
    """Why `address` (an IP literal) may not be requested, or None if it is public.

    >>> blocked_reason("10.1.2.3")
    'a private address'
    """
    ip = _unwrap(ipaddress.ip_address(address.partition("%")[0]))  # drop an IPv6 zone id
    for attribute, label in _CATEGORIES:
        if getattr(ip, attribute):
            return label
    if not ip.is_global:  # shared (100.64/10, some clouds' metadata), reserved, documentation...
        return "a non-public address"
    return None


def _unwrap(ip: IpAddress) -> IpAddress:
    # IPv6 forms that carry an IPv4 address reach that address; Python 3.11 does not classify
    # ::ffff:127.0.0.1 as loopback by itself.
    if isinstance(ip, ipaddress.IPv6Address):
        return ip.ipv4_mapped or ip.sixtofour or ip
    return ip


def url_problem(url: str, *, allow_private: bool) -> str | None:
    """What makes `url` unacceptable to request, or None. Does no DNS lookup."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        has_credentials = parts.username is not None or parts.password is not None
    except ValueError as exc:
        return f"not a valid URL: {exc}"
    if parts.scheme.lower() not in ("http", "https"):
        return "only http and https URLs are allowed"
    if has_credentials:
        return "credentials in the URL are not allowed"
    if not host:
        return "the URL has no host"
    if allow_private:
        return None
    address = literal_address(host)
    if address is None:  # a name: checked when it is resolved
        return None
    reason = blocked_reason(address)
    if reason:
        shown = host if host == address else f"{host} ({address})"
        return f"host {shown} is {reason}; only public hosts are allowed"
    return None


async def vetted_addresses(host: str, port: int, *, purpose: str = "webhook") -> list[str]:
    """The addresses `host` resolves to, if none is internal; else `BlockedAddressError`."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:  # unknown name, resolver down: a connection error, retried
        raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for address in addresses:
        reason = blocked_reason(address)
        if reason:
            raise BlockedAddressError(f"refused: {purpose} host {host} resolves to {address}, {reason}")
    return addresses


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to vetted addresses (see the module doc);
    `purpose` names the requests in refusals ('webhook', 'feed')."""

    def __init__(self, purpose: str = "webhook") -> None:
        self._inner = httpcore.AnyIOBackend()
        self._purpose = purpose

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        error: Exception | None = None
        for address in await vetted_addresses(host, port, purpose=self._purpose):
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except httpcore.ConnectError as exc:  # try the next address, as a plain connect would
                error = exc
        raise error or httpcore.ConnectError(f"no address for {host}")

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddressError(f"refused: unix sockets are not {self._purpose} destinations")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def guarded_transport(limits: httpx.Limits, *, purpose: str = "webhook") -> httpx.AsyncHTTPTransport:
    """An httpx transport whose connections go through `GuardedBackend`.

    httpx 0.28 has no public way to pass a network backend, so the transport's connection pool
    is replaced by one built the same way with the backend (httpx is pinned; the webhook and feed
    tests fail if this stops taking effect). A client given this transport ignores proxy variables.
    """
    transport = httpx.AsyncHTTPTransport(limits=limits)
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=GuardedBackend(purpose),
    )
    return transport
