"""A webhook receiver on loopback for crash runs: it records every request (delivery id, event,
the alert ids in its body) and can hold one request open for a while, so that the replica
sending it can be killed while it holds the delivery (its lease then expires and another
replica takes the delivery over).

It answers 200 to every request it finishes; a receiver that dedupes on `X-PolicyWatch-Delivery`
sees each delivery once, so the figures give both the raw count and the deduplicated one.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass(frozen=True)
class Received:
    delivery_id: str
    event: str
    alert_ids: tuple[str, ...]  # one for an alert, every grouped alert's for a digest
    rule_id: str
    digest: bool


@dataclass(frozen=True)
class Held:
    delivery_id: str
    peer_port: int  # the sending process's local port: which replica holds it


class WebhookReceiver:
    """`with WebhookReceiver() as receiver:` serves on 127.0.0.1 at `receiver.url`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.received: list[Received] = []
        self.truncated = 0  # requests cut off before their body was whole: not delivered
        self._hold_seconds = 0.0
        self._held: Held | None = None
        self._holding = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if not receiver._record(self.headers, body):  # cut off: its sender died mid-request
                    self.send_error(400, "not a whole JSON body")
                    return
                held = receiver._take_hold(
                    self.headers.get("X-PolicyWatch-Delivery", ""), self.client_address[1]
                )
                if held:
                    time.sleep(held)
                try:
                    self.send_response(200)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:  # the sender died while we held its request
                    pass

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="webhook-receiver", daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/hook"

    def __enter__(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _record(self, headers: object, body: bytes) -> bool:
        get = headers.get  # type: ignore[attr-defined]
        try:
            payload = json.loads(body)
        except ValueError:
            with self._lock:
                self.truncated += 1
            return False
        digest = isinstance(payload.get("alerts"), list)
        alert_ids = tuple(a["id"] for a in payload["alerts"]) if digest else (payload["id"],)
        item = Received(get("X-PolicyWatch-Delivery", ""), get("X-PolicyWatch-Event", ""), alert_ids,
                        payload.get("rule_id", ""), digest)  # fmt: skip
        with self._lock:
            self.received.append(item)
        return True

    def _take_hold(self, delivery_id: str, peer_port: int) -> float:
        with self._lock:
            if self._hold_seconds <= 0 or self._held is not None:
                return 0.0
            self._held = Held(delivery_id, peer_port)
            seconds, self._hold_seconds = self._hold_seconds, 0.0
        self._holding.set()
        return seconds

    def hold_next(self, seconds: float) -> None:
        """Hold the next request `seconds` before answering; `wait_held` says which it was."""
        with self._lock:
            self._held, self._hold_seconds = None, seconds
        self._holding.clear()

    def wait_held(self, timeout: float) -> Held | None:
        return self._held if self._holding.wait(timeout) else None

    def snapshot(self) -> list[Received]:
        with self._lock:
            return list(self.received)


def owner_of_port(port: int, pids: dict[str, int]) -> str | None:
    """Which of `pids` (name -> pid) has a TCP socket bound to local port `port` (Linux /proc)."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    wanted = {f"socket:[{inode}]" for inode in inodes}
    for name, pid in pids.items():
        fd_dir = Path(f"/proc/{pid}/fd")
        try:
            for fd in fd_dir.iterdir():
                try:
                    if str(fd.readlink()) in wanted:
                        return name
                except OSError:
                    continue
        except OSError:
            continue
    return None
