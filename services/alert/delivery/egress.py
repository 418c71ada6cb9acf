"""Where webhooks may go (server-side request forgery): never to internal addresses.

A rule's owner chooses its webhook URL, so without a check a rule could make the service POST
into its own network (a database admin port, the cloud metadata endpoint 169.254.169.254).
Two gates, both off when `allow_private` is set (on-premises receivers, tests):

- `url_problem`, when a rule is saved and again before sending: http or https only, no
  credentials in the URL, and no internal IP address written literally as the host;
- `GuardedBackend`, when the HTTP client opens a connection: the host is resolved (without
  blocking the event loop), refused if ANY of its addresses is internal, and the connection is
  made to the vetted address itself. Checking at connect time and connecting to what was
  checked is what defeats DNS rebinding (a name that resolves to a public address when the
  rule is saved and to 127.0.0.1 when the alert is sent).
"""

from __future__ import annotations

import asyncio
import ipaddress
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


class BlockedAddressError(Exception):
    """A webhook destination refused because it is (or resolves to) an internal address."""


def blocked_reason(address: str) -> str | None:
    """Why `address` (an IP literal) may not receive webhooks, or None if it is public.

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
    """What makes `url` unacceptable as a webhook target, or None. Does no DNS lookup."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        has_credentials = parts.username is not None or parts.password is not None
    except ValueError as exc:
        return f"not a valid URL: {exc}"
    if parts.scheme.lower() not in ("http", "https"):
        return "only http and https URLs are allowed"
    if has_credentials:
        return "credentials in the URL are not allowed (the request is signed instead)"
    if not host:
        return "the URL has no host"
    if allow_private:
        return None
    try:
        reason = blocked_reason(host)
    except ValueError:  # a name, not an IP literal: checked when it is resolved
        return None
    if reason:
        return f"host {host} is {reason}; webhooks go to public hosts only"
    return None


async def vetted_addresses(host: str, port: int) -> list[str]:
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
            raise BlockedAddressError(f"refused: webhook host {host} resolves to {address}, {reason}")
    return addresses


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to vetted addresses (see the module doc)."""

    def __init__(self) -> None:
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        error: Exception | None = None
        for address in await vetted_addresses(host, port):
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
        raise BlockedAddressError("refused: unix sockets are not webhook destinations")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def guarded_transport(limits: httpx.Limits) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose connections go through `GuardedBackend`.

    httpx 0.28 has no public way to pass a network backend, so the transport's connection pool
    is replaced by one built the same way with the backend (httpx is pinned; the webhook tests
    fail if this stops taking effect). A client given this transport ignores proxy variables.
    """
    transport = httpx.AsyncHTTPTransport(limits=limits)
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=GuardedBackend(),
    )
    return transport
