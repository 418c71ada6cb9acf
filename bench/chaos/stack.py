"""The pipeline as processes for crash runs: NATS (one server or a three-node cluster), any number
of ingest, extract and alert processes, each `policywatch serve <name>` with its own NATS
identity and the environment `policywatch up` gives it, and SIGKILL / restart of any of them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from services.stack import service_identity
from shared.natsauth.material import Material, ensure_material
from shared.natscluster import NatsCluster
from shared.natsserver import NatsServer, free_port

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("ingest", "extract", "alert")


@dataclass
class Worker:
    """One service process: `extract-2` is the second extract process."""

    service: str
    index: int
    port: int
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    kills: int = 0
    failed_starts: int = 0

    @property
    def name(self) -> str:
        return f"{self.service}-{self.index}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with open(self.log_path, "ab") as log_file:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "services.cli", "serve", self.service],
                env=self.env,
                cwd=ROOT,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        if self.alive():
            assert self.process is not None
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.kills += 1

    def stop(self, timeout: float = 20.0) -> None:
        if self.alive():
            assert self.process is not None
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def wait_ready(self, timeout: float = 120.0, restarts: int = 10) -> None:
        """Until /ready answers 200. A process that exits while it starts (JetStream answered no
        request while a node was down and a leader being elected) is started again, as a
        supervisor (compose's `restart: unless-stopped`, systemd) would, `restarts` times."""
        deadline = time.monotonic() + timeout
        with httpx.Client(timeout=2.0) as client:
            while time.monotonic() < deadline:
                if not self.alive():
                    if self.failed_starts >= restarts:
                        raise RuntimeError(f"{self.name} exited:\n{self.log_path.read_text()[-3000:]}")
                    self.failed_starts += 1
                    time.sleep(1.0)
                    self.start()
                    continue
                try:
                    if client.get(f"{self.url}/ready").status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
        raise TimeoutError(f"{self.name} not ready in {timeout}s:\n{self.log_path.read_text()[-3000:]}")


@dataclass
class ChaosStack:
    root: Path
    auth: Material
    nats_url: str
    workers: list[Worker] = field(default_factory=list)
    cluster: NatsCluster | None = None
    server: NatsServer | None = None

    def of(self, service: str) -> list[Worker]:
        return [w for w in self.workers if w.service == service]

    def worker(self, name: str) -> Worker:
        [found] = [w for w in self.workers if w.name == name]
        return found

    def nats_kill(self, server_name: str | None = None) -> None:
        if self.cluster is not None:
            assert server_name is not None
            self.cluster.kill(server_name)
        else:
            assert self.server is not None
            self.server.kill()

    def nats_restart(self, server_name: str | None = None) -> None:
        if self.cluster is not None:
            assert server_name is not None
            self.cluster.restart(server_name)
        else:
            assert self.server is not None
            self.server.start()


def service_environment(
    root: Path, nats_url: str, auth: Material, service: str, database_url: str, extra: Mapping[str, str]
) -> dict[str, str]:
    """What a worker gets: all NATS URLs, its own identity, the shared database, a fresh port."""
    port = free_port()
    env = dict(os.environ)
    env.update(
        {
            "POLICYWATCH_NATS__URL": nats_url,
            "POLICYWATCH_DATA_DIR": str(root / "data"),
            "POLICYWATCH_LOG_LEVEL": "INFO",
            "POLICYWATCH_ALERT__DATABASE_URL": database_url,
            "POLICYWATCH_INGEST__DATABASE_URL": database_url.replace("alert.db", "ingest.db"),
            f"POLICYWATCH_{service.upper()}__PORT": str(port),
            f"POLICYWATCH_{service.upper()}__HOST": "127.0.0.1",
            f"POLICYWATCH_{service.upper()}__RATE_LIMIT_PER_SECOND": "0",
            "POLICYWATCH_INGEST__FEEDS_ENABLED": "false",
            "POLICYWATCH_ALERT__WEBHOOK_ALLOW_PRIVATE_HOSTS": "true",
        }
    )
    env.update(service_identity(auth, service))
    env.update(extra)
    return env


@contextmanager
def chaos_stack(
    root: Path,
    *,
    counts: Mapping[str, int],
    database_url: str | None = None,
    cluster: bool = True,
    extra_env: Mapping[str, str] | None = None,
) -> Iterator[ChaosStack]:
    """NATS and `counts[service]` processes of each service, all ready. `database_url` is shared by
    ingest and alert (PostgreSQL); without it each gets a SQLite file in the data dir."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "data").mkdir(exist_ok=True)
    (root / "logs").mkdir(exist_ok=True)
    auth = ensure_material(root / "nats-auth")
    with ExitStack() as cleanup:
        if cluster:
            nats_cluster = cleanup.enter_context(NatsCluster(root / "nats", auth))
            stack = ChaosStack(root, auth, nats_cluster.url, cluster=nats_cluster)
        else:
            server = cleanup.enter_context(NatsServer(store_dir=root / "nats", auth=auth))
            stack = ChaosStack(root, auth, server.url, server=server)
        db_url = database_url or f"sqlite:///{(root / 'data' / 'alert.db').resolve()}"
        for service in SERVICES:
            for index in range(1, counts.get(service, 1) + 1):
                env = service_environment(root, stack.nats_url, auth, service, db_url, extra_env or {})
                port = int(env[f"POLICYWATCH_{service.upper()}__PORT"])
                log_path = root / "logs" / f"{service}-{index}.log"
                stack.workers.append(Worker(service, index, port, env, log_path))
        for worker in stack.workers:
            cleanup.callback(worker.stop)
        # One process at a time on a fresh database: ingest and alert migrate it when they start.
        for worker in stack.workers:
            worker.start()
            worker.wait_ready()
        yield stack


@dataclass(frozen=True)
class Keys:
    ingest: str
    owner: str
    rule_id: str


def database_of(stack: ChaosStack) -> str:
    return stack.of("alert")[0].env["POLICYWATCH_ALERT__DATABASE_URL"]


def prepare(stack: ChaosStack, *, actors: list[str], rule: Mapping[str, object] | None = None) -> Keys:
    """An ingest key, the owner `newsroom` and its rule over `actors` that alerts on every
    article of a story (so each article owes exactly one alert)."""
    from services.alert.owners import admin

    ingest = stack.of("ingest")[0]
    made = subprocess.run(
        [sys.executable, "-m", "services.cli", "ingest", "create-key", "chaos"],
        env=ingest.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    owner_key = admin.create_owner(database_of(stack), "newsroom")
    body = {"name": "chaos", "actors": actors, "notify_updates": True, **(rule or {})}
    response = httpx.post(
        f"{stack.of('alert')[0].url}/rules", json=body, headers={"X-API-Key": owner_key}, timeout=30
    )
    response.raise_for_status()
    return Keys(made.stdout.strip(), owner_key, response.json()["id"])
