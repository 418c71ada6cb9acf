"""CPU time and peak memory of a process and its descendants, read from /proc (Linux).

CPU seconds are what the processes spent, whatever else runs on the machine: the figure that
does not move with the load. A process tree covers extract's child that holds the spaCy model.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                queue.extend(int(c) for c in (task / "children").read_text().split())
            except OSError:
                continue
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU of `pid` (its threads included, its children not)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # after the command name: state is field 3, utime 14 and stime 15 (1-based) of the whole line
    return (int(fields[11]) + int(fields[12])) / TICKS


def peak_rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


@dataclass(frozen=True)
class TreeSample:
    cpu: dict[int, float]  # pid -> CPU seconds so far

    def since(self, earlier: TreeSample) -> float:
        """CPU seconds spent between two samples by the processes alive at the later one."""
        return sum(cpu - earlier.cpu.get(pid, 0.0) for pid, cpu in self.cpu.items())


def sample(pid: int) -> TreeSample:
    return TreeSample({p: cpu_seconds(p) for p in descendants(pid)})


def tree_peak_rss_mib(pid: int) -> float:
    """Sum of the peak resident sets of the tree's processes (each its own high-water mark)."""
    return sum(peak_rss_mib(p) for p in descendants(pid))


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])
