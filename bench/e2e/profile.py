"""py-spy profiles of the services during bench/e2e's throughput phase (`--profile DIR`).

Each service process tree is sampled at 100 Hz (`py-spy record --subprocesses`, idle samples
left out) into DIR/<service>.txt as collapsed stacks; `summary` lists the functions with the
largest share of busy samples (inclusive: a function's callees count towards it).
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path


class Profiler:
    def __init__(self, directory: Path, pids: dict[str, int]) -> None:
        self.directory = directory
        self.pids = pids
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def start(self) -> None:
        beside = Path(sys.executable).with_name("py-spy")  # the venv's, when it is not on PATH
        spy = str(beside) if beside.exists() else shutil.which("py-spy")
        if spy is None:
            raise RuntimeError("py-spy is not installed (it is in the dev extra)")
        self.directory.mkdir(parents=True, exist_ok=True)
        for name, pid in self.pids.items():
            output = self.directory / f"{name}.txt"
            command = [spy, "record", "--pid", str(pid), "--rate", "100", "--subprocesses"]
            command += ["--format", "raw", "--output", str(output), "--nonblocking"]
            self.processes[name] = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )

    def stop(self) -> dict[str, list[tuple[str, float]]]:
        for process in self.processes.values():
            process.send_signal(signal.SIGINT)
        for process in self.processes.values():
            process.wait(timeout=60)
        return {name: summary(self.directory / f"{name}.txt") for name in self.processes}


def summary(path: Path, top: int = 8) -> list[tuple[str, float]]:
    """(function (file:line), share of busy samples it or its callees were on)."""
    if not path.exists():
        return []
    inclusive: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        total += int(count)
        for frame in set(stack.split(";")[1:]):  # the first frame names the process
            inclusive[frame] += int(count)
    if not total:
        return []
    interesting = [(f, n) for f, n in inclusive.most_common() if "services/" in f or "shared/" in f]
    return [(frame, n / total) for frame, n in interesting[:top]]
