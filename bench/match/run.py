"""Time per shift of `RuleIndex.match` against `match_linear`, with 1k, 10k and 100k rules.

    .venv/bin/python bench/match/run.py [--sizes 1000 10000 100000] [--shifts 2000] [--seed 7]

Both matchers see the same rules and shifts; every shift timed on the scan is checked to give the
same matches (and reasons) as the index. Exits 1 if they differ, or if `--check-target` is given
and the largest size misses the target (>= 50x faster and < 2 ms CPU time per shift).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.match.workload import Workload
from services.alert.matching import RuleIndex, RuleMatch, match_linear
from services.alert.matching.actors import AliasResolver
from services.alert.matching.document import shift_facts
from shared.contract import ActorType, PolicyShift

LINEAR_BUDGET_SECONDS = 8.0  # per size: the scan is slow at 100k rules, so it samples fewer shifts


@dataclass
class Timing:
    """Per-shift times in seconds: wall clock, and CPU time of this process (the machine is shared,
    so wall time also counts waiting for other processes)."""

    wall: list[float]
    cpu: list[float]

    def mean_ms(self, clock: str) -> float:
        return statistics.fmean(getattr(self, clock)) * 1000

    def p99_ms(self, clock: str) -> float:
        return statistics.quantiles(getattr(self, clock), n=100)[98] * 1000


@dataclass
class Row:
    rules: int
    index: Timing
    linear: Timing
    candidates: float
    matches: float
    build_s: float

    def ratio(self, clock: str) -> float:
        return self.linear.mean_ms(clock) / self.index.mean_ms(clock)


def load_gazetteer() -> AliasResolver | None:
    try:
        from shared.gazetteer import Gazetteer

        return Gazetteer.load()
    except (ImportError, OSError):
        return None


def make_workload(seed: int, gazetteer: object) -> Workload:
    """Actors, officials and aliases from the shared gazetteer when it loads, else the built-in list."""
    actors = getattr(gazetteer, "actors", None)
    if not isinstance(actors, dict):
        return Workload(seed=seed)
    officials = tuple(a.canonical for a in actors.values() if a.type == ActorType.OFFICIAL)
    others = tuple((a.canonical, a.type) for a in actors.values() if a.type != ActorType.OFFICIAL)
    aliases = {name: list(gazetteer.aliases(name))[:4] for name, _ in others}  # type: ignore[attr-defined]
    return Workload(seed=seed, actors=others, officials=officials, aliases=aliases)


def sources_for(shift: PolicyShift) -> int:
    """How many sources carry the shift when it is matched: mostly the first article of a story."""
    return (1, 1, 1, 2, 3)[int(shift.id.rsplit("-", 1)[1]) % 5]


def timed(
    match: Callable[[PolicyShift, int], list[RuleMatch]], shifts: list[PolicyShift], budget: float
) -> tuple[Timing, list[list[RuleMatch]]]:
    """Match each shift, timing each call; stop early once `budget` seconds are spent (>= 10 shifts)."""
    timing, results = Timing([], []), []
    for shift in shifts:
        wall, cpu = time.perf_counter(), time.process_time()
        results.append(match(shift, sources_for(shift)))
        timing.cpu.append(time.process_time() - cpu)
        timing.wall.append(time.perf_counter() - wall)
        if sum(timing.wall) > budget and len(results) >= 10:
            break
    return timing, results


def measure(size: int, shifts: list[PolicyShift], seed: int, gazetteer: AliasResolver | None) -> Row:
    rules = make_workload(seed, gazetteer).rules(size)
    started = time.perf_counter()
    index = RuleIndex(gazetteer)
    index.add_all(rules)
    build = time.perf_counter() - started
    # What a service does after loading its rules: move them out of the collector's way, so
    # full collections do not rescan 100k long-lived rules while shifts are being matched.
    gc.collect()
    gc.freeze()
    for shift in shifts[:100]:  # warm up: the first shifts fill the actor-name cache
        index.match(shift, sources=sources_for(shift))
    index_timing, index_results = timed(lambda s, n: index.match(s, sources=n), shifts, float("inf"))
    match_linear(rules, shifts[0], gazetteer=gazetteer)  # compiles every rule once, like the index
    linear_timing, linear_results = timed(
        lambda s, n: match_linear(rules, s, sources=n, gazetteer=gazetteer), shifts, LINEAR_BUDGET_SECONDS
    )
    for shift, expected, got in zip(shifts, linear_results, index_results, strict=False):
        if expected != got:
            raise SystemExit(f"MISMATCH at {size} rules on {shift.id}: index {got} != linear {expected}")
    candidates = [len(index.candidates(shift_facts(s, index._keys), sources_for(s))) for s in shifts[:200]]
    gc.unfreeze()
    return Row(
        rules=size,
        index=index_timing,
        linear=linear_timing,
        candidates=statistics.fmean(candidates),
        matches=statistics.fmean(len(r) for r in index_results),
        build_s=build,
    )


def print_table(rows: list[Row], shifts: int) -> None:
    print(f"\nper-shift match time, ms ({shifts} shifts on the index; the scan samples fewer when slow)\n")
    print(
        "| rules | index cpu mean | index cpu p99 | index wall mean | linear cpu mean | speed-up cpu"
        " | speed-up wall | candidates | matches | build s | scan shifts |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r.rules:,} | {r.index.mean_ms('cpu'):.3f} | {r.index.p99_ms('cpu'):.3f}"
            f" | {r.index.mean_ms('wall'):.3f} | {r.linear.mean_ms('cpu'):.2f} | {r.ratio('cpu'):.0f}x"
            f" | {r.ratio('wall'):.0f}x | {r.candidates:.0f} | {r.matches:.1f} | {r.build_s:.2f}"
            f" | {len(r.linear.cpu)} |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--shifts", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--check-target", action="store_true")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer()
    print(f"gazetteer: {'shared/gazetteer.py' if gazetteer else 'none (plain names)'}")
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    shifts = make_workload(args.seed + 1, gazetteer).shifts(args.shifts)
    rows = []
    for size in args.sizes:
        rows.append(measure(size, shifts, args.seed, gazetteer))
        print(f"  {size:,} rules done", flush=True)
    print_table(rows, len(shifts))
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    print("index and linear scan returned the same matches and reasons on every compared shift")
    largest = rows[-1]
    met = largest.ratio("cpu") >= 50 and largest.index.mean_ms("cpu") < 2.0
    print(f"target at {largest.rules:,} rules (>= 50x, < 2 ms CPU per shift): {'met' if met else 'NOT met'}")
    return 1 if args.check_target and not met else 0


if __name__ == "__main__":
    sys.exit(main())
