"""Helpers for the end-to-end tests: run services as processes, wait on NATS for alerts."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
import nats

from shared.contract import Alert


def spawn_service(args: list[str], env: Mapping[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    with open(log_path, "ab") as log_file:
        return subprocess.Popen(
            [sys.executable, "-m", "services.cli", *args],
            env=dict(env),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )


def wait_ready(
    base_url: str, process: subprocess.Popen[bytes], log_path: Path, timeout: float = 120.0
) -> None:
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=2.0) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"{base_url} exited early:\n{log_path.read_text()[-3000:]}")
            try:
                if client.get(f"{base_url}/ready").status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
    raise AssertionError(f"{base_url} not ready in {timeout}s:\n{log_path.read_text()[-3000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class AlertListener:
    """Subscribes to an owner's alert subject on a real NATS server and collects alerts."""

    def __init__(self, url: str, subject: str, **connect_options: Any) -> None:
        """`connect_options` carry the identity: an owner's creds and inbox prefix."""
        self.url, self.subject, self._options = url, subject, connect_options
        self.alerts: list[Alert] = []
        self._arrived = asyncio.Condition()

    async def __aenter__(self) -> AlertListener:
        self._nc = await nats.connect(self.url.split(","), **self._options)
        self._sub = await self._nc.subscribe(self.subject, cb=self._on_msg)
        await self._nc.flush()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._nc.close()

    async def _on_msg(self, msg) -> None:  # type: ignore[no-untyped-def]
        async with self._arrived:
            self.alerts.append(Alert.model_validate_json(msg.data))
            self._arrived.notify_all()

    async def wait_for(self, count: int, timeout: float = 60.0) -> list[Alert]:
        async with self._arrived:
            await asyncio.wait_for(self._arrived.wait_for(lambda: len(self.alerts) >= count), timeout)
        return list(self.alerts)
