"""The extractor's networks multiply matrices through numpy rather than BLIS (faster on this
machine) where OpenBLAS runs one thread, and that changes no tag, parse or entity
(services/extract/matmul.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from thinc.api import NumpyOps

import services.extract.matmul as matmul
from services.extract.matmul import NUMPY_MATMUL, use_numpy_matmul
from shared.settings import ExtractSettings

# Written for this test.
SENTENCES = [
    "The Bank of Canada lowered its overnight rate by a quarter point to 2.75% on Wednesday.",
    "Ottawa said it would scrap the 25% surtax on Chinese steel from March, reversing a 2024 plan.",
    "Lawmakers in Madrid approved a bill raising the minimum wage to 1,200 euros a month.",
    "Shares in Toyota rose 3% after the company said it would keep its dividend unchanged.",
]


def _annotations(nlp: spacy.language.Language) -> list[list[tuple[str, str, int, str, str, str]]]:
    return [
        [(t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_) for t in doc]
        for doc in nlp.pipe(SENTENCES)
    ]


def _layers(nlp: spacy.language.Language) -> list[object]:
    return [
        layer
        for _, component in nlp.components
        if hasattr(getattr(component, "model", None), "walk")
        for layer in component.model.walk()
    ]


@pytest.mark.slow
def test_numpy_products_where_openblas_has_one_thread_leave_every_annotation_as_blis_gives_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    nlp = spacy.load(ExtractSettings().spacy_model)
    with_blis = _annotations(nlp)

    monkeypatch.setattr(matmul, "openblas_threads", lambda: 4)
    use_numpy_matmul(nlp)
    assert not any(layer.ops is NUMPY_MATMUL for layer in _layers(nlp))  # type: ignore[attr-defined]

    monkeypatch.setattr(matmul, "openblas_threads", lambda: 1)
    use_numpy_matmul(nlp)
    assert all(layer.ops is NUMPY_MATMUL for layer in _layers(nlp))  # type: ignore[attr-defined]
    assert isinstance(NUMPY_MATMUL, NumpyOps) and not NUMPY_MATMUL.use_blis
    assert _annotations(nlp) == with_blis


@pytest.mark.slow  # two interpreters that import spaCy
@pytest.mark.skipif(not Path("/proc/self/maps").is_file(), reason="needs Linux /proc")
def test_reads_how_many_threads_openblas_was_started_with() -> None:
    code = "from services.extract.matmul import openblas_threads; print(openblas_threads())"
    counts = []
    for threads in ("1", "2"):
        env = {**os.environ, "OPENBLAS_NUM_THREADS": threads}
        command = [sys.executable, "-c", code]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        counts.append(done.stdout.strip())
    assert counts[0] == "1"
    assert counts[1] in {"1", "2"}  # OpenBLAS uses no more threads than the machine has cores
