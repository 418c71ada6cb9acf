"""The services as separate processes, configured exactly as docker-compose.yml configures them.

No Docker engine runs here, so this test reads each service's `command` and `environment` from
docker-compose.yml and runs the same commands as processes: `nats-auth`'s setup command writes the
identities, nats-server runs on the config it wrote, host names and volume paths are mapped to this
machine, and (when POLICYWATCH_TEST_POSTGRES_URL is set) PostgreSQL gets a fresh schema.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from services.alert.owners import admin
from shared.natsauth.material import Issuer
from shared.natsauth.permissions import owner_inbox
from shared.natsserver import free_port
from shared.subjects import owner_alerts
from tests.conftest import POSTGRES_ENV
from tests.databases import postgres_schema
from tests.deploycluster import NODES, compose_services, deployed_cluster
from tests.e2e.stackutil import AlertListener, spawn_service, stop, wait_ready

pytestmark = [pytest.mark.nats, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("ingest", "extract", "alert")
POLICYWATCH = (sys.executable, "-m", "services.cli")
EXPORTER_PREFIXES = ("policywatch_jetstream_", "policywatch_nats_server_")
ARTICLE = {
    "url": "https://wire.example/tariffs",
    "title": "Tariff pause",
    "text": "The European Union suspended its retaliatory tariffs on steel imports for 90 days, "
    "the European Commission said on Saturday.\nTalks continue next week.",
}


def compose_environment(
    service: str, nats_url: str, data_dir: Path, db_url: str | None, auth_dir: Path
) -> dict[str, str]:
    """The service's compose environment with compose host names and volumes mapped to this machine."""
    spec = compose_services()[service]
    assert spec["command"] == ["serve", service]
    env: dict[str, str] = {}
    for key, value in spec["environment"].items():
        if key.endswith("__DATABASE_URL"):
            if db_url:  # compose's postgres:5432 -> the local server; else SQLite in the data dir
                env[key] = db_url
            continue
        value = str(value).replace("/auth/", f"{auth_dir}/")
        compose_nats_url = ",".join(f"nats://{node}:4222" for node in NODES)
        env[key] = {compose_nats_url: nats_url, "/data": str(data_dir), "0.0.0.0": "127.0.0.1"}.get(
            value, value
        )
    env[f"POLICYWATCH_{service.upper()}__PORT"] = str(free_port())
    return {**os.environ, **env}


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str | None]:
    """A fresh PostgreSQL schema when the server is configured, else None (SQLite)."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        yield None
        return
    with postgres_schema(base, "pw_compose") as url:
        yield url


@contextlib.contextmanager
def compose_nats(tmp_path: Path) -> Iterator[str]:
    """compose's `nats-auth` command, then its three nodes on deploy/nats/; yields their URLs."""
    with deployed_cluster(tmp_path) as cluster:
        yield cluster.url


async def test_compose_services_run_as_processes_and_deliver_an_alert(
    tmp_path: Path, database_url: str | None
) -> None:
    data_dir, auth_dir = tmp_path / "data", tmp_path / "auth"  # deployed_cluster's auth volume
    with compose_nats(tmp_path) as nats_url:
        envs = {s: compose_environment(s, nats_url, data_dir, database_url, auth_dir) for s in SERVICES}
        urls = {s: f"http://127.0.0.1:{envs[s][f'POLICYWATCH_{s.upper()}__PORT']}" for s in SERVICES}
        logs = {s: tmp_path / f"{s}.log" for s in SERVICES}
        processes = {s: spawn_service(["serve", s], envs[s], logs[s]) for s in SERVICES}
        try:
            for s in SERVICES:
                wait_ready(urls[s], processes[s], logs[s])
            alert_db = database_url or f"sqlite:///{(data_dir / 'alert.db').resolve()}"
            key = admin.create_owner(alert_db, "newsroom")
            ingest_key = create_ingest_key(envs["ingest"])
            issuer = Issuer.load(auth_dir / "alert" / "issuer.json")
            creds = tmp_path / "newsroom.creds"
            creds.write_text(admin.issue_nats_credentials(alert_db, "newsroom", issuer).creds)
            async with (
                httpx.AsyncClient(timeout=30) as http,
                AlertListener(
                    nats_url,
                    owner_alerts("newsroom"),
                    user_credentials=str(creds),
                    inbox_prefix=owner_inbox("newsroom"),
                ) as listener,
            ):
                rule = await http.post(
                    f"{urls['alert']}/rules",
                    json={"name": "eu", "actors": ["EU"]},
                    headers={"X-API-Key": key},
                )
                assert rule.status_code == 201, rule.text
                pushed = await http.post(
                    f"{urls['ingest']}/articles", json=ARTICLE, headers={"X-API-Key": ingest_key}
                )
                assert pushed.json()["published"] == 1
                [alert] = await listener.wait_for(1, timeout=90)
                assert alert.shift.actor == "European Union"
                metrics = {s: (await http.get(f"{urls[s]}/metrics")).text for s in SERVICES}
        finally:
            for process in processes.values():
                stop(process)
    for s in SERVICES:
        # uvicorn finishes its shutdown, then re-raises SIGTERM: -15 is a clean stop.
        assert processes[s].returncode in (0, -signal.SIGTERM), logs[s].read_text()[-2000:]
        assert "Application shutdown complete" in logs[s].read_text()
    assert_dashboard_metrics_exist("\n".join(metrics.values()))


def create_ingest_key(env: dict[str, str]) -> str:
    """`policywatch ingest create-key` with the service's own environment (its database)."""
    made = subprocess.run(
        [sys.executable, "-m", "services.cli", "ingest", "create-key", "e2e"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return made.stdout.strip()


def assert_dashboard_metrics_exist(exposition: str, *, exporter: bool = False) -> None:
    """Every metric the Grafana dashboard plots is exported by some service (and, with
    `exporter`, by the nats-exporter: `policywatch_jetstream_*`, `policywatch_nats_server_*`)."""
    dashboard = json.loads((ROOT / "deploy/grafana/dashboards/policywatch.json").read_text())
    # A labelled metric with no sample yet shows only its TYPE line: read names from those.
    exported = set(re.findall(r"^# TYPE (policywatch_\w+) ", exposition, re.M))
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            for name in re.findall(r"\b(policywatch_[a-z_]+?)(?:_bucket)?\b", target["expr"]):
                if name.endswith("_") or (not exporter and name.startswith(EXPORTER_PREFIXES)):
                    continue
                base = name.removesuffix("_total")
                assert {name, base} & exported, f"{panel['title']}: {name} not exported"


def test_up_runs_the_demo_restarts_a_service_that_dies_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    env = {**os.environ, "POLICYWATCH_DATA_DIR": str(tmp_path / "var")}
    ports = {s: free_port() for s in SERVICES}
    for s in SERVICES:
        env[f"POLICYWATCH_{s.upper()}__PORT"] = str(ports[s])
    env["POLICYWATCH_EXPORTER__PORT"] = str(free_port())
    up = subprocess.Popen(
        [sys.executable, "-m", "services.cli", "up", "--demo"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output = Output(up)
    try:
        seen = output.until("alerts arrived", timeout=300)
        assert "PolicyWatch is up." in seen, seen
        assert seen.count("ALERT ") == 3, seen
        console = re.search(r"in the console, (\S+/), with 'demo''s key (\S+)", seen)
        assert console, seen
        assert "<title>PolicyWatch console</title>" in httpx.get(console[1]).text
        sources = httpx.get(f"{console[1]}operations/sources", headers={"X-API-Key": console[2]}).json()
        assert sources == {"configured": True, "sources": [], "error": None}, "up wires ingest in"
        exporter = re.search(r"NATS metrics +(\S+/metrics)", seen)
        assert exporter, seen
        scraped = httpx.get(exporter[1]).text
        assert "policywatch_jetstream_up 1.0" in scraped, "the exporter reads the bundled server's JetStream"
        assert (
            'policywatch_jetstream_consumer_pending_messages{consumer="extract",stream="POLICY_ARTICLES"} 0.0'
            in scraped
        )
        children = _children(up.pid)
        assert len(children) >= 5, "nats-server, three services and the exporter run as children"

        # Beside the stack, as the README says: the demo owner's durable holds the three alerts,
        # and the command finds NATS through the URL `up` recorded in the data dir.
        tail = subprocess.run(
            [*POLICYWATCH, "alerts", "tail", "--owner", "demo", "--durable", "alerts", "--count", "3"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert tail.returncode == 0, tail.stderr
        assert tail.stdout.count("ALERT [") == 3, tail.stdout

        alert = _child_serving(children, "alert")
        os.kill(alert, signal.SIGKILL)
        seen = output.until("alert restarted", timeout=60)
        assert "alert exited with status -9; restarting it in 1s" in seen, seen
        _wait_until_ready(f"http://127.0.0.1:{ports['alert']}/ready", timeout=120)
        children = _children(up.pid)
        assert alert not in children

        up.send_signal(signal.SIGINT)
        assert up.wait(60) == 0
        assert all(not _alive(pid) for pid in children), "Ctrl-C leaves no process behind"
    finally:
        if up.poll() is None:  # a failed or hung run must not leave the stack behind
            _stop_stack(up)


def _child_serving(children: list[int], service: str) -> int:
    for pid in children:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        if command[-3:-1] == [b"serve", service.encode()]:
            return pid
    raise AssertionError(f"no child serves {service}")


def _wait_until_ready(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code == 200:
                return
        time.sleep(0.5)  # polling a process that is starting: there is no event to wait on
    raise AssertionError(f"{url} not ready after {timeout:.0f}s")


def _stop_stack(up: subprocess.Popen[str]) -> None:
    """Ctrl-C first (the launcher stops its children); then kill it and each child (own sessions)."""
    children = _children(up.pid)
    up.send_signal(signal.SIGINT)
    try:
        up.wait(60)
    except subprocess.TimeoutExpired:
        for pid in [*children, up.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        up.wait()


class Output:
    """A process's output, read by one thread, handed out up to a marker at a time."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self._lines: queue.Queue[str | None] = queue.Queue()

        def pump() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                self._lines.put(line)
            self._lines.put(None)

        threading.Thread(target=pump, daemon=True).start()

    def until(self, marker: str, timeout: float) -> str:
        """The lines up to the one holding `marker`, the end of the output, or the deadline."""
        seen: list[str] = []
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            seen.append(line)
            if marker in line:
                break
        return "".join(seen)


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for good but still answers kill(0); ps tells.
    state = subprocess.run(
        ["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True
    ).stdout.strip()
    return bool(state) and not state.startswith("Z")


if sys.platform != "linux":  # pragma: no cover
    pytestmark.append(pytest.mark.skip(reason="process checks use Linux ps"))
del asyncio
