"""`policywatch up` keeps its configured ports across a quick restart and says when one was busy."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from services.stack import Stack, _port_or_free, _print_banner
from shared.settings import Settings


def _port_in_time_wait() -> int:
    """A port whose listener is gone and whose last connection, closed by the server side first,
    is in TIME_WAIT: what a service leaves behind when `policywatch up` stops with a client
    connected."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = int(listener.getsockname()[1])
    client = socket.create_connection(("127.0.0.1", port))
    accepted, _ = listener.accept()
    accepted.close()  # the server closes first: its side of the connection goes to TIME_WAIT
    client.recv(1)
    client.close()
    listener.close()
    return port


def test_a_port_left_in_time_wait_by_a_quick_restart_is_used_again() -> None:
    port = _port_in_time_wait()
    with socket.socket() as plain, pytest.raises(OSError):
        plain.bind(("127.0.0.1", port))  # the old test-bind called this port busy
    assert _port_or_free(port) == port


def test_a_port_another_process_listens_on_is_replaced() -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        busy = int(listener.getsockname()[1])
        assert _port_or_free(busy) != busy


def test_banner_says_which_configured_port_was_busy_and_which_replaced_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stack = Stack(
        Settings(data_dir=tmp_path),
        "nats://127.0.0.1:40123",
        {"ingest": 8001, "extract": 8002, "alert": 41000, "exporter": 8004},
        {},
        replaced_ports={"NATS": (4222, 40123), "alert": (8003, 41000)},
    )
    _print_banner(stack)
    banner = capsys.readouterr().out
    assert "  NATS (JetStream)   nats://127.0.0.1:40123" in banner
    assert (
        "  busy ports         NATS 4222 -> 40123, alert API 8003 -> 41000 "
        "(the configured port was in use by another process)"
    ) in banner


def test_banner_without_busy_ports_has_no_such_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stack = Stack(
        Settings(data_dir=tmp_path),
        "nats://127.0.0.1:4222",
        {"ingest": 1, "extract": 2, "alert": 3, "exporter": 4},
        {},
    )
    _print_banner(stack)
    assert "busy ports" not in capsys.readouterr().out


def test_banner_says_where_the_policywatch_command_is_when_it_is_not_on_the_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    stack = Stack(
        Settings(data_dir=tmp_path),
        "nats://127.0.0.1:4222",
        {"ingest": 1, "extract": 2, "alert": 3, "exporter": 4},
        {},
    )
    _print_banner(stack)
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("  policywatch "))
    assert "not on your PATH" in line and "/bin/activate`" in line
