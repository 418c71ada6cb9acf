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
