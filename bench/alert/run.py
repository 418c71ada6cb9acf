"""Time per shift of the alert consumer's work, on SQLite and PostgreSQL, with 1k and 10k rules.

    .venv/bin/python bench/alert/run.py [--rules 1000,10000] [--shifts 1000] [--seed 7]
                                        [--postgres URL]   # or env POLICYWATCH_TEST_POSTGRES_URL

Times `AlertPipeline.store_and_match`, what the durable `alert` consumer runs for each validated
`PolicyShift` before publishing: store the shift, attach it to its story, match it against the
rule index, store its alerts, commit, look for a late extraction notice, return the alerts to
publish. No NATS: publishing, webhooks and the thread hop are left out. The baseline is the same
call with no rules (the shift and its story stored alone), on a fresh database of the same kind
with the same shifts, in the same run; the ratio shows what matching and storing alerts add.
Each (database, rules) pair gets a fresh database: a SQLite file, or a PostgreSQL schema dropped
afterwards. Rules and shifts come from `bench/match/workload.py`.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from faststream.nats import NatsBroker
from prometheus_client import CollectorRegistry

from bench.match.run import make_workload
from services.alert.app import load_gazetteer
from services.alert.matching import AliasResolver, RuleFilter
from services.alert.metrics import create_metrics
from services.alert.pipelines.shifts import AlertPipeline, AlertPublisher
from services.alert.progress import Progress
from services.alert.rules.rulebook import RuleBook
from services.alert.storage import db
from services.alert.storage.tables import Rule
from shared.contract import PolicyShift
from shared.settings import AlertSettings
from tests.databases import postgres_schema

POSTGRES_ENV = "POLICYWATCH_TEST_POSTGRES_URL"
WARMUP_SHIFTS = 20  # first connections, statement caches, the actor-name cache: not timed
OWNERS = 100  # rules spread over this many owners (only the alert subjects depend on it)
MATCH_SUM = "policywatch_alert_match_seconds_sum"


@dataclass
class Row:
    """Per-shift figures of one (database, rules) run; times in seconds."""

    database: str
    rules: int
    wall: list[float]
    cpu: list[float]
    alerts: list[int]
    match_s: float  # time inside RuleBook.match, summed over the timed shifts (service metric)

    def mean_ms(self) -> float:
        return statistics.fmean(self.wall) * 1000

    def p99_ms(self) -> float:
        return statistics.quantiles(self.wall, n=100)[98] * 1000

    def cpu_ms(self) -> float:
        return statistics.fmean(self.cpu) * 1000

    def match_ms(self) -> float:
        return self.match_s / len(self.wall) * 1000

    def alerts_per_shift(self) -> float:
        return statistics.fmean(self.alerts)


@contextmanager
def fresh_database(kind: str, *, workdir: Path, postgres: str | None) -> Iterator[str]:
    """A URL of an empty database: a new SQLite file, or a new PostgreSQL schema (dropped after)."""
    if kind == "sqlite":
        yield f"sqlite:///{workdir / f'alert_bench_{uuid.uuid4().hex[:12]}'}.db"
        return
    assert postgres is not None
    with postgres_schema(postgres, "alert_bench") as url:
        yield url


def rule_rows(rules: Sequence[tuple[str, RuleFilter]]) -> list[Rule]:
    """The rules as the service loads them from its table (immediate delivery, no webhook)."""
    return [
        Rule(id=rule_id, owner_id=f"owner-{i % OWNERS:03d}", name=rule_id, spec=spec.model_dump(mode="json"))
        for i, (rule_id, spec) in enumerate(rules)
    ]


def make_pipeline(url: str, book: RuleBook) -> tuple[AlertPipeline, CollectorRegistry]:
    """The consumer's pipeline as `create_app` wires it, minus NATS (the publisher is never called)."""
    engine = db.make_engine(url)
    db.migrate(engine)
    registry = CollectorRegistry()
    metrics = create_metrics(registry)
    pipeline = AlertPipeline(
        engine=engine,
        rules=book,
        metrics=metrics,
        publisher=AlertPublisher(NatsBroker(), engine, metrics),
        story_window=timedelta(hours=AlertSettings().story_window_hours),
        progress=Progress(),
    )
    return pipeline, registry


def measure(
    database: str, url: str, rules: list[Rule], shifts: list[PolicyShift], gazetteer: AliasResolver | None
) -> Row:
    book = RuleBook(gazetteer)
    book.load(rules)
    pipeline, registry = make_pipeline(url, book)
    # What the service does after loading its rules (app._migrate_and_load).
    gc.collect()
    gc.freeze()
    try:
        for shift in shifts[:WARMUP_SHIFTS]:
            pipeline.store_and_match(shift)
        matched_before = registry.get_sample_value(MATCH_SUM) or 0.0
        row = Row(database, len(rules), [], [], [], 0.0)
        for shift in shifts[WARMUP_SHIFTS:]:
            wall, cpu = time.perf_counter(), time.process_time()
            pending = pipeline.store_and_match(shift)
            row.cpu.append(time.process_time() - cpu)
            row.wall.append(time.perf_counter() - wall)
            row.alerts.append(len(pending))
        row.match_s = (registry.get_sample_value(MATCH_SUM) or 0.0) - matched_before
        return row
    finally:
        pipeline.engine.dispose()
        gc.unfreeze()


def print_table(rows: list[Row], shifts: int) -> None:
    print(f"\nper-shift consumer work (store, story, match, store alerts), {shifts} shifts, ms\n")
    print(
        "| database | rules | mean ms | p99 ms | cpu mean ms | of which match ms | alerts / shift"
        " | x baseline |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    baseline = {r.database: r.mean_ms() for r in rows if r.rules == 0}
    for r in rows:
        label = f"{r.rules:,}" if r.rules else "0 (baseline)"
        print(
            f"| {r.database} | {label} | {r.mean_ms():.2f} | {r.p99_ms():.2f} | {r.cpu_ms():.2f}"
            f" | {r.match_ms():.3f} | {r.alerts_per_shift():.1f}"
            f" | {r.mean_ms() / baseline[r.database]:.2f}x |"
        )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rules",
        type=lambda text: [int(n) for n in text.split(",") if n.strip()],
        default=[1_000, 10_000],
        help="comma-separated rule counts (the 0-rule baseline is always run)",
    )
    parser.add_argument("--shifts", type=int, default=1_000, help="timed shifts per run")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--postgres", default=os.environ.get(POSTGRES_ENV), help=f"default: ${POSTGRES_ENV}")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    gazetteer = load_gazetteer().resolver
    print(f"gazetteer: {'shared/gazetteer.py' if gazetteer else 'none (plain names)'}")
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    sizes = [0, *sorted(set(args.rules) - {0})]
    all_rules = rule_rows(make_workload(args.seed, gazetteer).rules(max(sizes)))
    shifts = make_workload(args.seed + 1, gazetteer).shifts(WARMUP_SHIFTS + args.shifts)
    databases = ["sqlite", "postgresql"] if args.postgres else ["sqlite"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="alert-bench-") as tmp:
        for database in databases:
            for size in sizes:
                with fresh_database(database, workdir=Path(tmp), postgres=args.postgres) as url:
                    rows.append(measure(database, url, all_rules[:size], shifts, gazetteer))
                print(f"  {database} {size:,} rules done", flush=True)
    print_table(rows, args.shifts)
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    if not args.postgres:
        print(f"PostgreSQL skipped: pass --postgres URL or set {POSTGRES_ENV}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
