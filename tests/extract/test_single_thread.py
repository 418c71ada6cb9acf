"""The extraction process runs on one thread: a second one makes spaCy's parser and entity
recogniser slower (services/extract/single_thread.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from services.extract.events import ArticleRef, ArticleText
from services.extract.single_thread import keep_single_threaded
from services.extract.worker import ExtractorProcess
from shared.settings import Settings


def test_keeps_an_openblas_thread_count_the_environment_already_sets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "3")
    keep_single_threaded()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "3"


def test_asks_openblas_for_one_thread_when_the_environment_is_silent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    keep_single_threaded()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_the_extraction_child_runs_on_one_thread_and_still_extracts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)  # the child sets it for itself
    process = ExtractorProcess(Settings().extract).start()
    try:
        article = ArticleText(
            ref=ArticleRef(id="a1"),
            text="The central bank raised its policy rate from 4% to 4.5% on Tuesday.",
        )
        shifts = process.extract([article])[0]
        threads = len(list(Path(f"/proc/{process._process.pid}/task").iterdir()))
    finally:
        process.close()
    assert threads == 1
    assert [s.shift_type for s in shifts] == ["numeric_change"]
