"""bench/e2e's own parts: the generated articles and the /proc readings its table is made of."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

from bench.e2e import procstat
from bench.e2e.articles import make_articles
from services.ingest.fingerprint import is_near_duplicate, minhash


def test_generated_articles_are_realistic_length_distinct_stories_opening_with_their_shift() -> None:
    articles = make_articles(40, seed=3)

    assert all(300 <= len(a.text.split()) <= 850 for a in articles)
    assert all(a.text.startswith(a.actor) for a in articles)
    assert len({hashlib.sha256(a.text.encode()).hexdigest() for a in articles}) == 40
    signatures = [minhash(a.text) for a in articles]
    assert all(s is not None for s in signatures)
    assert not any(
        is_near_duplicate(a, b)  # type: ignore[arg-type]
        for n, a in enumerate(signatures)
        for b in signatures[n + 1 :]
    )
    assert make_articles(40, seed=3) == articles


def test_a_process_tree_counts_its_childrens_cpu_and_memory() -> None:
    me = os.getpid()
    before = procstat.sample(me)
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; sum(range(5_000_000)); print('busy done', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == b"busy done\n"
        after = procstat.sample(me)
        assert child.pid in procstat.descendants(me)
        assert after.cpu[child.pid] >= 0.05 and after.since(before) >= after.cpu[child.pid]
        assert procstat.tree_peak_rss_mib(me) > procstat.peak_rss_mib(me)
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait()
    assert len(procstat.load_average().split()) == 3


def test_an_articles_latency_splits_into_its_steps_from_the_moments_each_output_reached_nats() -> None:
    from datetime import UTC, datetime

    from bench.e2e.steps import StepClock

    clock = StepClock(wall_offset=1_000.0)
    clock.article["a1"] = 10.020
    clock.shift["a1"] = 10.100
    clock.on_alert("a1", datetime.fromtimestamp(1_010.130, tz=UTC))
    clock.on_alert("a1", datetime.fromtimestamp(1_090.0, tz=UTC))  # a later alert of the same article

    split = clock.split("a1", sent=10.0, received=10.150)

    assert split is not None
    assert {step: round(seconds, 3) for step, seconds in split.items()} == {
        "ingest": 0.020,
        "extract": 0.080,
        "alert": 0.030,
        "publish": 0.020,
    }
    assert clock.split("never-published", sent=10.0, received=10.2) is None


def test_the_split_table_names_the_step_the_slowest_articles_spent_their_time_in() -> None:
    from bench.e2e.steps import Split

    quick = [{"ingest": 0.005, "extract": 0.020, "alert": 0.005, "publish": 0.003} for _ in range(38)]
    slow = [{"ingest": 0.005, "extract": 0.020, "alert": 0.400, "publish": 0.003} for _ in range(2)]

    rows = dict(Split.of(slow + quick).rows())

    [alert] = [value for name, value in rows.items() if name.strip().startswith("alert")]
    [extract] = [value for name, value in rows.items() if name.strip().startswith("extract")]
    assert alert.startswith("5 / ") and alert.endswith("93% of the slowest 2")
    assert extract.startswith("20 / 20 / 20 ms")
    assert Split.of([]).rows() == []


def test_the_ceiling_adds_up_its_halves_so_a_load_change_during_the_run_weighs_on_both() -> None:
    from bench.e2e.offline import Ceiling, Timing, extract_settings

    ceiling = Ceiling((Timing(100, 1.0, 0.7), Timing(100, 4.0, 0.8)))  # the machine got busier

    assert ceiling.rate == 40.0  # 200 articles in 5 s, not the mean of 100/s and 25/s
    assert round(ceiling.cpu_ms, 6) == 7.5
    assert ceiling.spread() == "100.0 / 25.0"
    settings = extract_settings({"POLICYWATCH_EXTRACT__BATCH_SIZE": "4", "POLICYWATCH_NATS__BATCH_SIZE": "9"})
    assert settings.batch_size == 4
