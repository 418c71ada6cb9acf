"""`policywatch up` restarts a service that exits, with a growing delay and a line each time."""

from __future__ import annotations

import subprocess
import sys

from services.supervisor import Backoff, Supervisor


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def exits_at_once(name: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])


def runs(name: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


def supervise(spawn, clock: Clock, lines: list[str]) -> Supervisor:  # type: ignore[no-untyped-def]
    processes = {"alert": spawn("alert"), "ingest": runs("ingest")}
    return Supervisor(
        processes, spawn=spawn, log_of=lambda name: f"var/logs/{name}.log", clock=clock, say=lines.append
    )


def test_a_service_that_keeps_exiting_is_restarted_after_1_2_4_seconds_with_a_line_each_time() -> None:
    clock, lines = Clock(), []
    supervisor = supervise(exits_at_once, clock, lines)
    try:
        for expected_delay in (1, 2, 4):
            supervisor.processes["alert"].wait(10)
            supervisor.check()
            expected = f"alert exited with status 3; restarting it in {expected_delay}s"
            assert lines[-1] == f"{expected}; its log: var/logs/alert.log"
            first = supervisor.processes["alert"]
            clock.now += expected_delay - 0.1
            supervisor.check()
            assert supervisor.processes["alert"] is first, "not before the delay"
            clock.now += 0.1
            supervisor.check()
            assert supervisor.processes["alert"] is not first
            assert lines[-1].startswith("alert restarted")
        assert supervisor.restarts == {"alert": 3}
        assert supervisor.processes["ingest"].poll() is None, "the others keep running, untouched"
    finally:
        for process in supervisor.processes.values():
            process.kill()
            process.wait()


def test_the_delay_starts_again_from_one_second_once_a_service_stayed_up() -> None:
    clock, lines = Clock(), []
    supervisor = supervise(exits_at_once, clock, lines)
    try:
        for _ in range(3):  # three quick exits: the next delay would be 8 s
            supervisor.processes["alert"].wait(10)
            supervisor.check()
            clock.now += 10
            supervisor.check()
        supervisor.processes["alert"].wait(10)
        clock.now += Backoff().stable  # it stayed up (as far as the supervisor saw) a minute
        supervisor.check()
        assert "restarting it in 1s" in lines[-1]
    finally:
        for process in supervisor.processes.values():
            process.kill()
            process.wait()


def test_backoff_doubles_up_to_its_cap() -> None:
    assert [Backoff(base=1, cap=30).delay(n) for n in range(7)] == [1, 2, 4, 8, 16, 30, 30]
    assert Backoff().delay(10_000) == 30
