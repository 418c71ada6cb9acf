"""What `policywatch up` does when one of its services exits: start it again, after a delay.

A service that exits (a crash, an out-of-memory kill) is restarted after 1 s, then 2 s, 4 s...
up to `cap` seconds while it keeps exiting; once it has stayed up for `stable` seconds the delay
starts again from 1 s. Each exit and each restart is a line in the output, so the stack keeps
serving and the user sees what happened, as under a process supervisor.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field

Spawn = Callable[[str], "subprocess.Popen[bytes]"]


@dataclass
class Backoff:
    """Delays before restarts: `base`, doubling per restart in a row, at most `cap` seconds."""

    base: float = 1.0
    cap: float = 30.0
    stable: float = 60.0

    def delay(self, restarts_in_a_row: int) -> float:
        return min(self.cap, self.base * 2 ** min(restarts_in_a_row, 30))


@dataclass
class Supervisor:
    """Watches `processes` (service name -> process); `check()` restarts the ones that exited."""

    processes: dict[str, subprocess.Popen[bytes]]
    spawn: Spawn
    log_of: Callable[[str], str]
    backoff: Backoff = field(default_factory=Backoff)
    clock: Callable[[], float] = time.monotonic
    say: Callable[[str], None] = print
    restarts: dict[str, int] = field(default_factory=dict)
    _in_a_row: dict[str, int] = field(default_factory=dict)
    _started: dict[str, float] = field(default_factory=dict)
    _due: dict[str, float] = field(default_factory=dict)

    def check(self) -> None:
        """Notice exits and start the services whose delay has passed; call it every half second."""
        now = self.clock()
        for name, process in list(self.processes.items()):
            self._started.setdefault(name, now)
            if name in self._due:
                if now >= self._due[name]:
                    self._restart(name, now)
            elif process.poll() is not None:
                self._schedule(name, process.returncode, now)

    def _schedule(self, name: str, status: int, now: float) -> None:
        if now - self._started[name] >= self.backoff.stable:
            self._in_a_row[name] = 0
        delay = self.backoff.delay(self._in_a_row.get(name, 0))
        self._due[name] = now + delay
        self.say(
            f"{name} exited with status {status}; restarting it in {delay:.0f}s; its log: {self.log_of(name)}"
        )

    def _restart(self, name: str, now: float) -> None:
        del self._due[name]
        self._in_a_row[name] = self._in_a_row.get(name, 0) + 1
        self.restarts[name] = self.restarts.get(name, 0) + 1
        self.processes[name] = self.spawn(name)
        self._started[name] = now
        self.say(f"{name} restarted (restart {self.restarts[name]})")
