"""The nats-server runner never leaves a process behind."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from shared.natsserver import NatsServer


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
