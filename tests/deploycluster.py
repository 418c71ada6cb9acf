"""The three NATS nodes of docker-compose.yml, run here as processes from deploy/nats/*.conf.

No Docker engine runs on our machines, so this runs compose's `nats-auth` command (which writes
the identities and the nodes' shared `auth.conf`), then each node on its own deploy config file
with the compose host names, ports and volumes mapped to this machine: every node's client,
route and monitoring port becomes a free loopback port, its `/data` volume a directory of its
own, and the `nats-auth` volume's `server/` sub-directory sits where the config's relative
`include` finds it, as in the containers.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import yaml

from shared.natsserver import find_nats_server, free_port

ROOT = Path(__file__).resolve().parents[1]
NODES = ("nats-1", "nats-2", "nats-3")


@dataclass
class DeployedCluster:
    auth_dir: Path
    ports: dict[str, int]
    http_ports: dict[str, int]

    @property
    def url(self) -> str:
        return ",".join(f"nats://127.0.0.1:{self.ports[node]}" for node in NODES)


def compose_services() -> dict:
    return dict(yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"])


def write_auth(auth_dir: Path) -> None:
    """compose's `nats-auth` command, with its volume at `auth_dir`."""
    command = compose_services()["nats-auth"]["command"]
    args = [str(auth_dir) if arg == "/auth" else arg for arg in command]
    subprocess.run(
        [sys.executable, "-m", "services.cli", *args, "--host", "127.0.0.1"], check=True, capture_output=True
    )


def node_config(node: str, root: Path, auth_dir: Path, ports: dict[str, dict[str, int]]) -> Path:
    """`deploy/nats/<node>.conf` with host names and ports mapped, placed beside its auth include."""
    command = compose_services()[node]["command"]
    assert command[0] == "-c" and command[1].startswith("/etc/nats/"), command
    text = (ROOT / "deploy" / "nats" / Path(command[1]).name).read_text()
    data = root / node / "data"
    own = ports[node]
    text = text.replace('"0.0.0.0:4222"', f'"127.0.0.1:{own["client"]}"')
    text = text.replace('"0.0.0.0:6222"', f'"127.0.0.1:{own["route"]}"')
    text = text.replace("http_port: 8222", f"http_port: {own['http']}")
    text = text.replace('"/data"', f'"{data}"')
    text = re.sub(
        r"nats-route://(nats-\d):6222", lambda m: f"nats-route://127.0.0.1:{ports[m[1]]['route']}", text
    )
    etc = root / node / "etc" / "nats"
    etc.mkdir(parents=True, exist_ok=True)
    server_dir = root / node / "auth" / "server"  # ../../auth/server from /etc/nats, as mounted
    server_dir.mkdir(parents=True, exist_ok=True)
    auth = (auth_dir / "server" / "auth.conf").read_text().replace('"/data/', f'"{data}/')
    (server_dir / "auth.conf").write_text(auth)
    path = etc / f"{node}.conf"
    path.write_text(text)
    return path


@contextlib.contextmanager
def deployed_cluster(root: Path, timeout: float = 30.0) -> Iterator[DeployedCluster]:
    """Three nodes from the deploy configs, healthy (JetStream meta leader elected)."""
    auth_dir = root / "auth"
    write_auth(auth_dir)
    ports = {node: {"client": free_port(), "route": free_port(), "http": free_port()} for node in NODES}
    processes = []
    try:
        for node in NODES:
            config = node_config(node, root, auth_dir, ports)
            with open(root / f"{node}.log", "wb") as log:
                processes.append(
                    subprocess.Popen(
                        [find_nats_server(), "-c", str(config)], stdout=log, stderr=subprocess.STDOUT
                    )
                )
        cluster = DeployedCluster(
            auth_dir,
            {node: ports[node]["client"] for node in NODES},
            {node: ports[node]["http"] for node in NODES},
        )
        _wait_healthy(cluster, root, timeout)
        yield cluster
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(10)


def _wait_healthy(cluster: DeployedCluster, root: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    pending = list(NODES)
    with httpx.Client(timeout=1.0) as client:
        while pending:
            with contextlib.suppress(httpx.HTTPError):
                url = f"http://127.0.0.1:{cluster.http_ports[pending[0]]}/healthz"
                if client.get(url).status_code == 200:
                    pending.pop(0)
                    continue
            if time.monotonic() > deadline:
                logs = {node: (root / f"{node}.log").read_text()[-1500:] for node in pending}
                raise TimeoutError(f"deploy cluster nodes not healthy: {logs}")
            time.sleep(0.2)
