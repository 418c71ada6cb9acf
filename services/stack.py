"""`policywatch up`: the whole stack on one machine, on embedded defaults.

Starts the bundled nats-server (JetStream in `<data_dir>/nats`) unless a NATS URL is given, then
the three services as child processes, each `policywatch serve <name>` with the same environment
variables docker-compose sets, and `policywatch nats-exporter` (JetStream's lag for Prometheus).
Ctrl-C (or SIGTERM) stops them all and leaves nothing behind.

The bundled server runs with NATS identities (`shared/natsauth`): generated into
`<data_dir>/nats-auth` on first start and reused afterwards; each service gets its own creds.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import httpx

from services.supervisor import Supervisor
from shared.natsauth.material import Material, ensure_material, write_secret
from shared.natsserver import NatsServer, free_port
from shared.settings import Settings

SERVICES = ("ingest", "extract", "alert")
EXPORTER = "exporter"  # `policywatch nats-exporter`, settings under POLICYWATCH_EXPORTER__
PROCESSES = (*SERVICES, EXPORTER)


@dataclass
class Stack:
    settings: Settings
    nats_url: str
    ports: dict[str, int]
    processes: dict[str, subprocess.Popen[bytes]]
    auth: Material | None = None
    environments: dict[str, dict[str, str]] = field(default_factory=dict)
    # what was configured but busy: name -> (configured port, the free one used instead)
    replaced_ports: dict[str, tuple[int, int]] = field(default_factory=dict)

    def nats_servers(self) -> list[str]:
        """Every NATS URL the stack was given (`--nats-url` takes a comma-separated list)."""
        return [url.strip() for url in self.nats_url.split(",") if url.strip()]

    def url(self, service: str) -> str:
        return f"http://{getattr(self.settings, service).host}:{self.ports[service]}"

    def log_of(self, service: str) -> Path:
        return self.settings.data_dir.resolve() / "logs" / f"{service}.log"

    def respawn(self, service: str) -> subprocess.Popen[bytes]:
        return _spawn(service, self.environments[service], self.settings.data_dir)


def run_stack(
    settings: Settings, *, demo: bool = False, nats_url: str | None = None, exit_after_demo: bool = False
) -> int:
    stop = _install_stop_handler()
    with start_stack(settings, nats_url=nats_url) as stack:
        _print_banner(stack)
        if demo:
            from services.demo.run import run_demo

            shown = run_demo(stack)
            if exit_after_demo:
                return 0 if shown else 1
        supervisor = Supervisor(
            stack.processes, spawn=stack.respawn, log_of=lambda name: str(stack.log_of(name))
        )
        while not stop.is_set():
            supervisor.check()
            stop.wait(0.5)
    return 0


@contextmanager
def start_stack(
    settings: Settings, *, nats_url: str | None = None, ready_timeout: float = 120.0
) -> Iterator[Stack]:
    with ExitStack() as cleanup:
        auth = None
        configured = {name: getattr(settings, name).port for name in PROCESSES}
        ports = {name: _port_or_free(port) for name, port in configured.items()}
        monitor = ""
        if nats_url is None:
            auth = ensure_material(settings.nats_auth_dir())
            configured["NATS"] = _nats_port(settings)
            ports["NATS"] = _port_or_free(configured["NATS"])
            server = NatsServer(
                store_dir=settings.data_dir / "nats", port=ports.pop("NATS"), auth=auth, http_port=free_port()
            )
            cleanup.enter_context(server)
            nats_url = server.url
            monitor = f"http://127.0.0.1:{server.http_port}"
        record_nats_url(settings, nats_url, cleanup)
        env = stack_environment(settings, nats_url, ports)
        if monitor:
            env["POLICYWATCH_EXPORTER__NATS_MONITOR_URLS"] = monitor
        stack = Stack(
            settings, nats_url, ports, {}, auth, replaced_ports=_replaced(configured, ports, nats_url)
        )
        env |= console_ingest_access(settings, stack.url("ingest"))
        for name in PROCESSES:
            stack.environments[name] = env | (service_identity(auth, name) if auth else {})
            stack.processes[name] = stack.respawn(name)
            # whichever process runs the service at the end (the supervisor may have replaced it)
            cleanup.callback(_terminate_service, stack, name)
        _wait_ready(stack, ready_timeout)
        yield stack


def record_nats_url(settings: Settings, nats_url: str, cleanup: ExitStack) -> None:
    """Where commands run beside the stack (`policywatch alerts tail`) find NATS, even when a busy
    4222 moved it; gone when the stack stops."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    recorded = settings.recorded_nats_url_file()
    recorded.write_text(nats_url + "\n")
    cleanup.callback(recorded.unlink, missing_ok=True)


def stack_environment(settings: Settings, nats_url: str, ports: dict[str, int]) -> dict[str, str]:
    """The variables each service process gets: the same names docker-compose.yml sets."""
    env = dict(os.environ)
    env.update(
        {
            "POLICYWATCH_NATS__URL": nats_url,
            "POLICYWATCH_DATA_DIR": str(settings.data_dir.resolve()),
            "POLICYWATCH_LOG_LEVEL": settings.log_level,
            "POLICYWATCH_ALERT__DATABASE_URL": settings.alert_database_url(),
            "POLICYWATCH_INGEST__DATABASE_URL": settings.ingest_database_url(),
        }
    )
    for name, port in ports.items():
        env[f"POLICYWATCH_{name.upper()}__PORT"] = str(port)
        env[f"POLICYWATCH_{name.upper()}__HOST"] = getattr(settings, name).host
    return env


def console_ingest_access(settings: Settings, ingest_url: str) -> dict[str, str]:
    """What lets alert's console show ingest's feed sources: ingest's URL and an ingest key of
    its own, made once and kept in `<data_dir>/console-ingest.key` (readable by its user only).
    Settings given explicitly win."""
    url = settings.alert.ingest_url or ingest_url
    if settings.alert.ingest_api_key is not None:
        return {"POLICYWATCH_ALERT__INGEST_URL": url}
    key_file = settings.data_dir / "console-ingest.key"
    if not key_file.exists():
        from services.ingest.db import migrate
        from services.ingest.keys import KeyStore
        from services.ingest.store import make_engine

        engine = make_engine(settings.ingest_database_url())
        try:
            migrate(engine)
            plaintext = KeyStore(engine).create(name="alert console")[1]
        finally:
            engine.dispose()
        write_secret(key_file, plaintext)
    return {
        "POLICYWATCH_ALERT__INGEST_URL": url,
        "POLICYWATCH_ALERT__INGEST_API_KEY": key_file.read_text().strip(),
    }


def service_identity(auth: Material, service: str) -> dict[str, str]:
    """The variables that give a service its own NATS user (and alert the owners' issuer)."""
    env = {"POLICYWATCH_NATS__CREDS_FILE": str(auth.creds(service).resolve())}
    if service == "alert":
        env["POLICYWATCH_ALERT__NATS_ISSUER_FILE"] = str(auth.issuer_file.resolve())
        env["POLICYWATCH_ALERT__NATS_SYSTEM_CREDS_FILE"] = str(auth.system_creds.resolve())
    return env


def _spawn(service: str, env: dict[str, str], data_dir: Path) -> subprocess.Popen[bytes]:
    logs = data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    command = ["nats-exporter"] if service == EXPORTER else ["serve", service]
    with open(logs / f"{service}.log", "ab") as log_file:
        # A new session: Ctrl-C reaches only this launcher, which stops the children in order.
        return subprocess.Popen(
            [sys.executable, "-m", "services.cli", *command],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _terminate_service(stack: Stack, service: str) -> None:
    _terminate(stack.processes[service])


def _terminate(process: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(stack: Stack, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    pending = set(PROCESSES)
    with httpx.Client(timeout=2.0) as client:
        while pending:
            if _crashed(stack):
                raise RuntimeError(
                    f"a service exited during start-up; see {stack.settings.data_dir / 'logs'}"
                )
            for name in sorted(pending):
                try:
                    if client.get(f"{stack.url(name)}/ready").status_code == 200:
                        pending.discard(name)
                except httpx.HTTPError:
                    pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"not ready after {timeout:.0f}s: {', '.join(sorted(pending))}")
            time.sleep(0.2)


def _crashed(stack: Stack) -> bool:
    dead = {name: p.returncode for name, p in stack.processes.items() if p.poll() is not None}
    for name, code in dead.items():
        print(f"{name} exited with status {code}; its log: {stack.settings.data_dir / 'logs' / name}.log")
    return bool(dead)


def _replaced(configured: dict[str, int], ports: dict[str, int], nats_url: str) -> dict[str, tuple[int, int]]:
    used = {**ports, "NATS": _url_port(nats_url)}
    return {name: (port, used[name]) for name, port in configured.items() if port and used[name] != port}


def _url_port(url: str) -> int:
    try:
        return int(url.split(",")[0].rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return 0


def _busy_ports_line(stack: Stack) -> str:
    if not stack.replaced_ports:
        return ""
    moves = ", ".join(
        f"{'NATS' if name == 'NATS' else name + ' API'} {old} -> {new}"
        for name, (old, new) in sorted(stack.replaced_ports.items())
    )
    return f"  busy ports         {moves} (the configured port was in use by another process)\n"


def _command_line() -> str:
    """Where the `policywatch` command is, and how to have it on the PATH when it is not."""
    command = Path(sys.executable).parent / "policywatch"
    on_path = shutil.which("policywatch")
    if on_path and Path(on_path).resolve() == command.resolve():
        return ""
    return (
        f"  policywatch        {command}   not on your PATH: "
        f"`source {command.parent / 'activate'}` (or type the full path)\n"
    )


def _print_banner(stack: Stack) -> None:
    alert, ingest, extract = stack.url("alert"), stack.url("ingest"), stack.url("extract")
    exporter = stack.url(EXPORTER)
    nats_users = (
        f"  NATS credentials   {stack.auth.root.resolve()} (admin: {stack.auth.creds('admin').resolve()})\n"
        if stack.auth
        else ""
    )
    print(
        "\nPolicyWatch is up.\n"
        f"  NATS (JetStream)   {stack.nats_url}   no anonymous clients: every identity has creds\n"
        f"{nats_users}"
        f"  ingest API         {ingest}        docs {ingest}/docs\n"
        f"  alert API          {alert}        docs {alert}/docs\n"
        f"  console            {alert}/   (sign in with an alert API key)\n"
        f"  metrics            {ingest}/metrics  {extract}/metrics  {alert}/metrics\n"
        f"  NATS metrics       {exporter}/metrics (JetStream lag per durable, stream sizes)\n"
        f"  data and logs      {stack.settings.data_dir.resolve()}\n"
        "  API keys           policywatch ingest create-key NAME (ingest), "
        "policywatch alert create-owner NAME (alert)\n"
        f"{_command_line()}"
        f"{_busy_ports_line(stack)}"
        "A service that exits is restarted. Press Ctrl-C to stop.\n",
        flush=True,
    )


def _nats_port(settings: Settings) -> int:
    return _url_port(settings.nats.url) or 4222


def _port_or_free(port: int, host: str = "127.0.0.1") -> int:
    """The configured port if no other process listens on it, else any free one (a system NATS
    holds 4222, say). SO_REUSEADDR, as nats-server and uvicorn set it on their listeners: a port
    whose last connection is still in TIME_WAIT (a restart moments ago) is free, not busy."""
    if port:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((host, port))
                return port
            except OSError:
                pass
    return free_port(host)


class _StopFlag:
    def __init__(self) -> None:
        self._set = False

    def set(self, *_: object) -> None:
        self._set = True

    def is_set(self) -> bool:
        return self._set

    def wait(self, seconds: float) -> None:
        time.sleep(seconds)


def _install_stop_handler() -> _StopFlag:
    flag = _StopFlag()

    def handler(signum: int, frame: FrameType | None) -> None:
        flag.set()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    return flag
