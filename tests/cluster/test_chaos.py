"""The crash harness's short run (bench/chaos/run.py at a few hundred articles): SIGKILLs of
services and of NATS nodes while articles flow and edits retract shifts; nothing lost,
duplicated or unexpected."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.chaos.run import run_chaos

# ~90 s on an idle 2-core machine; kills, restarts and leader elections stretch it under load
pytestmark = [pytest.mark.cluster, pytest.mark.nats, pytest.mark.slow, pytest.mark.timeout(420)]
CLEAN = {"lost": 0, "duplicate": 0, "unexpected": 0}


async def test_short_crash_run_on_a_cluster_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    figures = await run_chaos(tmp_path, articles=200, kills=4, kill_every=1.5, edit_share=0.05, seed=3)
    assert figures["accepted"] == 200
    assert figures["SIGKILLs"] == 4
    assert figures["edits accepted"] == 10
    for name in ("alerts (database)", "alerts (stream)"):
        assert figures[name] == {"ok": 200, **CLEAN}, figures
    for name in ("retractions (database)", "retractions (stream)"):
        assert figures[name] == {"ok": 10, **CLEAN}, figures
