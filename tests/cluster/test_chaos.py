"""The crash harness's short run (bench/chaos/run.py at a few hundred articles): SIGKILLs of
services and of NATS nodes, random and aimed (a story pair in one batch, a slow webhook's holder,
the articles leader while posting), while articles flow and edits retract shifts; nothing lost,
duplicated or unexpected in the database, the alerts stream, SSE and the webhooks (immediate and
digest), and every story has exactly one first report."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.chaos.run import failed, run_chaos

# ~90 s on an idle 2-core machine; kills, restarts and leader elections stretch it under load
pytestmark = [pytest.mark.cluster, pytest.mark.nats, pytest.mark.slow, pytest.mark.timeout(420)]
CLEAN = {"lost": 0, "duplicate": 0, "unexpected": 0}


async def test_short_crash_run_on_a_cluster_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    figures = await run_chaos(
        tmp_path,
        articles=200,
        kills=4,
        kill_every=1.5,
        edit_share=0.05,
        seed=3,
        pairs=2,
        slow_kills=1,
        nats_kills=1,
    )
    owed = 200 + 2 * 2  # each story pair: an original and a second article of its story
    assert figures["accepted"] == owed, figures
    assert figures["syndicated copies"] == {"duplicate": 2}, figures
    assert figures["edits accepted"] == 10
    killed = figures["killed"]
    assert isinstance(killed, dict)
    assert killed.get("alert (aimed: story pair)") == 2, figures
    assert killed.get("nats (leader) (aimed: while posting)") == 1, figures
    assert killed.get("alert (aimed: slow webhook)", 0) + figures["slow webhooks missed"] == 1, figures
    assert figures["SIGKILLs"] == 4 + 2 + 1 + 1
    for rule in ("", " digest rule"):
        for where in ("database", "stream", "SSE"):
            assert figures[f"alerts{rule} ({where})"] == {"ok": owed, **CLEAN}, figures
            assert figures[f"retractions{rule} ({where})"] == {"ok": 10, **CLEAN}, figures
        webhooks = figures[f"webhooks{rule}"]
        assert isinstance(webhooks, dict)
        assert webhooks["ok"] + webhooks["failed"] == owed + 10, figures
        assert webhooks["lost"] == webhooks["duplicate"] == webhooks["unexpected"] == 0, figures
        assert webhooks["requests"] >= webhooks["deliveries"] > 0, figures
        reports = figures[f"first reports{rule}"]
        assert isinstance(reports, dict)
        assert reports["stories"] >= 2 and reports["one first report"] == reports["stories"], figures
    assert not failed(figures)
