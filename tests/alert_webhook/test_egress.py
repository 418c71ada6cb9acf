"""Webhooks never reach internal addresses unless allowed: literal hosts, and names resolved at send time."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from services.alert.delivery.dispatch import WebhookDispatcher
from shared.egress import blocked_reason, url_problem

from .receiver import running
from .test_webhook import MemoryRecorder, make_alert, target


@pytest.mark.parametrize(
    ("address", "category"),
    [
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.10", "private"),
        ("fd00::1", "private"),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped IPv6
        ("2002:7f00:1::", "loopback"),  # 6to4 around 127.0.0.1
        ("169.254.169.254", "link-local"),  # cloud metadata
        ("fe80::1%eth0", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("100.100.100.200", "non-public"),  # shared address space, another cloud's metadata
    ],
)
def test_internal_addresses_are_blocked_with_their_category(address: str, category: str) -> None:
    article = "an" if category == "unspecified" else "a"
    assert blocked_reason(address) == f"{article} {category} address"


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_not_blocked(address: str) -> None:
    assert blocked_reason(address) is None


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://hooks.example.com/x", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("https://user:pw@hooks.example.com/x", "credentials"),
        ("https://token@hooks.example.com/x", "credentials"),
        ("http://127.0.0.1:8080/x", "127.0.0.1 is a loopback address"),
        ("http://[::1]/x", "::1 is a loopback address"),
        ("http://10.0.0.7/x", "10.0.0.7 is a private address"),
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("http://0.0.0.0:9/x", "unspecified"),
        ("http://239.1.1.1/x", "multicast"),
        ("http:///x", "no host"),
    ],
)
def test_unsafe_webhook_urls_are_named_with_the_reason(url: str, words: str) -> None:
    problem = url_problem(url, allow_private=False)
    assert problem is not None and words in problem


def test_public_names_and_addresses_pass_the_url_check() -> None:
    assert url_problem("https://hooks.example.com/policywatch?x=1", allow_private=False) is None
    assert url_problem("http://93.184.216.34:8080/x", allow_private=False) is None
    assert url_problem("http://localhost/x", allow_private=False) is None, "names are checked when resolved"


def test_private_hosts_pass_when_allowed_but_scheme_and_credentials_still_count() -> None:
    assert url_problem("http://127.0.0.1:9/x", allow_private=True) is None
    assert url_problem("ftp://127.0.0.1/x", allow_private=True) is not None
    assert url_problem("http://u:p@127.0.0.1/x", allow_private=True) is not None


@pytest.fixture
def recorder() -> MemoryRecorder:
    return MemoryRecorder()


@pytest.fixture
async def guarded(recorder: MemoryRecorder) -> AsyncIterator[WebhookDispatcher]:
    """A dispatcher with the default policy: private hosts refused."""
    sender = WebhookDispatcher(recorder, max_attempts=3, base_delay=0.01, max_delay=0.02, timeout=5.0)
    await sender.start()
    yield sender
    await sender.stop()


async def test_literal_loopback_receiver_is_refused_before_any_request(
    guarded: WebhookDispatcher, recorder: MemoryRecorder
) -> None:
    async with running([200]) as receiver:
        guarded.submit(target(receiver.url), make_alert(), "d1")
        final = await recorder.final("d1")
    assert receiver.requests == []
    assert (final.status, final.attempts) == ("failed", 0)
    assert final.last_error is not None and "loopback" in final.last_error


async def test_name_resolving_to_loopback_is_refused_at_send_time_and_not_retried(
    guarded: WebhookDispatcher, recorder: MemoryRecorder
) -> None:
    # "localhost" passes the URL check (a name); the guard refuses what it resolves to (DNS rebinding).
    async with running([200]) as receiver:
        guarded.submit(target(f"http://localhost:{receiver.port}/hook"), make_alert(), "d1")
        final = await recorder.final("d1")
    assert receiver.requests == []
    assert [r.status for r in recorder.of("d1")] == ["pending", "failed"]
    assert final.attempts == 1 and final.response_status is None
    assert final.last_error is not None
    assert (
        "refused: webhook host localhost resolves to" in final.last_error and "loopback" in final.last_error
    )


async def test_name_that_does_not_resolve_is_a_retried_connection_error(
    guarded: WebhookDispatcher, recorder: MemoryRecorder
) -> None:
    guarded.submit(target("https://hooks.example.invalid/hook"), make_alert(), "d1")
    final = await recorder.final("d1")
    assert [r.status for r in recorder.of("d1")] == ["pending", "retrying", "retrying", "failed"]
    assert final.last_error is not None and "cannot resolve hooks.example.invalid" in final.last_error


async def test_private_receiver_is_reached_when_allowed(recorder: MemoryRecorder) -> None:
    sender = WebhookDispatcher(recorder, allow_private_hosts=True)
    await sender.start()
    try:
        async with running([200]) as receiver:
            sender.submit(target(f"http://localhost:{receiver.port}/hook"), make_alert(), "d1")
            final = await recorder.final("d1")
    finally:
        await sender.stop()
    assert final.status == "delivered" and len(receiver.requests) == 1


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://2130706433/x", "127.0.0.1"),
        ("http://0x7f000001/x", "127.0.0.1"),
        ("http://127.1/x", "127.0.0.1"),
        ("http://0177.0.0.1/x", "127.0.0.1"),
        ("http://0/x", "unspecified"),
        ("http://[::ffff:7f00:1]/x", "loopback"),
        ("http://3232235777/x", "192.168.1.1"),
    ],
)
def test_shorthand_forms_of_internal_addresses_are_refused_too(url: str, words: str) -> None:
    problem = url_problem(url, allow_private=False)
    assert problem is not None and words in problem
