"""The nats-server runner never leaves a process behind."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest

from shared.natsserver import PORT_FLOOR, NatsServer, _ephemeral_low, free_port


def test_a_server_that_does_not_listen_in_time_is_stopped_not_leaked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def recording_popen(*args: object, **kwargs: object) -> subprocess.Popen[bytes]:
        process = real_popen(*args, **kwargs)  # type: ignore[call-overload]
        started.append(process)
        return process

    monkeypatch.setattr(subprocess, "Popen", recording_popen)
    server = NatsServer(store_dir=tmp_path / "nats")
    with pytest.raises(TimeoutError):
        server.start(timeout=0)  # gives up before the first connection attempt
    [process] = started
    assert process.poll() is not None, "the nats-server process is still running"
    assert server.process is None


def test_free_ports_are_below_the_ephemeral_range_distinct_and_bindable() -> None:
    ports = [free_port() for _ in range(50)]

    assert len(set(ports)) == 50
    assert all(PORT_FLOOR <= port < _ephemeral_low() for port in ports)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", ports[-1]))
