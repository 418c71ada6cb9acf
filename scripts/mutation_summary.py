"""Summarise `mutmut results --all true` (read on stdin): mutants by status and a score per module.

The score is detected / run, where a mutant is detected when a test failed on it ("killed") or it
made the tests run past their time limit ("timeout": an endless loop); mutants no test covers
("no tests") count as undetected, as nothing would notice them; mutants not run are left out.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict

DETECTED = ("killed", "timeout")
UNDETECTED = ("survived", "no tests", "suspicious")


def summarise(lines: list[str]) -> str:
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    survivors = []
    for line in lines:
        name, _, status = line.strip().rpartition(": ")
        if not name:
            continue
        module = name.split(".x_", 1)[0].split(".xǁ", 1)[0]
        by_module[module][status] += 1
        if status in UNDETECTED:
            survivors.append(f"  {status:<10} {name}")
    rows = ["module                                      detected  undetected  score"]
    total: Counter[str] = Counter()
    for module, counts in sorted(by_module.items()):
        total.update(counts)
        rows.append(_row(module, counts))
    rows.append(_row("all", total))
    not_run = total["not checked"] + total["skipped"]
    if not_run:
        rows.append(f"({not_run} mutants not run)")
    return "\n".join([*rows, "", f"undetected ({len(survivors)}):", *survivors])


def _row(module: str, counts: Counter[str]) -> str:
    detected = sum(counts[status] for status in DETECTED)
    tested = detected + sum(counts[status] for status in UNDETECTED)
    score = f"{detected / tested:.1%}" if tested else "-"
    return f"{module:<45} {detected:>6}  {tested - detected:>10}  {score:>5}"


if __name__ == "__main__":
    print(summarise(sys.stdin.read().splitlines()))
