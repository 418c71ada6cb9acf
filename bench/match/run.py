"""Time per shift of `RuleIndex.match` against `match_linear`, with 1k, 10k and 100k rules.

    .venv/bin/python bench/match/run.py [--sizes 1000 10000 100000] [--shifts 2000] [--seed 7]

Both matchers see the same rules and shifts; every shift timed on the scan is checked to give the
same matches (and reasons) as the index. Exits 1 if they differ, or if `--check-target` is given
and the largest size misses the target (>= 50x faster and < 2 ms per shift).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.match.workload import Workload
from services.alert.matching import RuleFilter, RuleIndex, RuleMatch, match_linear
from services.alert.matching.actors import AliasResolver
from services.alert.matching.document import shift_facts
from shared.contract import ActorType, PolicyShift

LINEAR_BUDGET_SECONDS = 8.0  # per size: the scan is slow at 100k rules, so it samples fewer shifts


@dataclass
class Row:
    rules: int
    index_ms: float
    index_p99_ms: float
    linear_ms: float
    candidates: float
    matches: float
    build_s: float
    linear_shifts: int

    @property
    def ratio(self) -> float:
        return self.linear_ms / self.index_ms


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


def time_index(index: RuleIndex, shifts: list[PolicyShift]) -> tuple[list[float], list[list[RuleMatch]]]:
    for shift in shifts[:100]:  # warm up: the first shifts fill the actor-name cache
        index.match(shift, sources=sources_for(shift))
    times, results = [], []
    for shift in shifts:
        started = time.perf_counter()
        results.append(index.match(shift, sources=sources_for(shift)))
        times.append(time.perf_counter() - started)
    return times, results


def time_linear(
    rules: list[tuple[str, RuleFilter]], shifts: list[PolicyShift], gazetteer: AliasResolver | None
) -> tuple[list[float], list[list[RuleMatch]]]:
    match_linear(rules, shifts[0], gazetteer=gazetteer)  # compiles every rule once, like the index
    times, results = [], []
    spent = 0.0
    for shift in shifts:
        started = time.perf_counter()
        results.append(match_linear(rules, shift, sources=sources_for(shift), gazetteer=gazetteer))
        times.append(time.perf_counter() - started)
        spent += times[-1]
        if spent > LINEAR_BUDGET_SECONDS and len(times) >= 10:
            break
    return times, results


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
    index_times, index_results = time_index(index, shifts)
    linear_times, linear_results = time_linear(rules, shifts, gazetteer)
    for shift, expected, got in zip(shifts, linear_results, index_results, strict=False):
        if expected != got:
            raise SystemExit(f"MISMATCH at {size} rules on {shift.id}: index {got} != linear {expected}")
    candidates = [len(index.candidates(shift_facts(s, index._keys), sources_for(s))) for s in shifts[:200]]
    gc.unfreeze()
    return Row(
        rules=size,
        index_ms=statistics.fmean(index_times) * 1000,
        index_p99_ms=statistics.quantiles(index_times, n=100)[98] * 1000,
        linear_ms=statistics.fmean(linear_times) * 1000,
        candidates=statistics.fmean(candidates),
        matches=statistics.fmean(len(r) for r in index_results),
        build_s=build,
        linear_shifts=len(linear_times),
    )


def print_table(rows: list[Row], shifts: int) -> None:
    print(f"\nper-shift match time ({shifts} shifts on the index; the scan samples fewer when slow)\n")
    print(
        "| rules | index mean ms | index p99 ms | linear mean ms | speed-up | candidates | matches |"
        " index build s | scan shifts |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r.rules:,} | {r.index_ms:.3f} | {r.index_p99_ms:.3f} | {r.linear_ms:.2f} | {r.ratio:.0f}x |"
            f" {r.candidates:.0f} | {r.matches:.1f} | {r.build_s:.2f} | {r.linear_shifts} |"
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
    shifts = make_workload(args.seed + 1, gazetteer).shifts(args.shifts)
    rows = []
    for size in args.sizes:
        rows.append(measure(size, shifts, args.seed, gazetteer))
        print(f"  {size:,} rules done", flush=True)
    print_table(rows, len(shifts))
    print("\nindex and linear scan returned the same matches and reasons on every compared shift")
    largest = rows[-1]
    met = largest.ratio >= 50 and largest.index_ms < 2.0
    print(f"target at {largest.rules:,} rules (>= 50x, < 2 ms): {'met' if met else 'NOT met'}")
    return 1 if args.check_target and not met else 0


if __name__ == "__main__":
    sys.exit(main())
