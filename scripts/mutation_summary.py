"""Summarise `mutmut results --all true` (read on stdin): mutants by status and a score per module.

The score is killed / (killed + survived + timeout + suspicious): mutants no test covers
("no tests") count as survivors, as nothing would notice them; mutants not run are left out.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict

COUNTED = ("killed", "survived", "no tests", "timeout", "suspicious")


def summarise(lines: list[str]) -> str:
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    survivors = []
    for line in lines:
        name, _, status = line.strip().rpartition(": ")
        if not name:
            continue
        module = name.split(".x_", 1)[0].split(".xǁ", 1)[0]
        by_module[module][status] += 1
        if status in ("survived", "no tests", "timeout", "suspicious"):
            survivors.append(f"  {status:<10} {name}")
    rows = ["module                                        killed  survived  score"]
    total: Counter[str] = Counter()
    for module, counts in sorted(by_module.items()):
        total.update(counts)
        rows.append(_row(module, counts))
    rows.append(_row("all", total))
    not_run = total["not checked"] + total["skipped"]
    if not_run:
        rows.append(f"({not_run} mutants not run)")
    return "\n".join([*rows, "", f"not killed ({len(survivors)}):", *survivors])


def _row(module: str, counts: Counter[str]) -> str:
    tested = sum(counts[status] for status in COUNTED)
    killed = counts["killed"]
    score = f"{killed / tested:.1%}" if tested else "-"
    return f"{module:<45} {killed:>6}  {tested - killed:>8}  {score:>5}"


if __name__ == "__main__":
    print(summarise(sys.stdin.read().splitlines()))
