"""The extractor's networks multiply matrices through numpy rather than BLIS (faster on this
machine) where OpenBLAS runs one thread, and that changes no tag, parse or entity
(services/extract/matmul.py)."""

from __future__ import annotations

import pytest
import spacy
from thinc.api import NumpyOps

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

    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    use_numpy_matmul(nlp)
    assert not any(layer.ops is NUMPY_MATMUL for layer in _layers(nlp))  # type: ignore[attr-defined]

    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")
    use_numpy_matmul(nlp)
    assert all(layer.ops is NUMPY_MATMUL for layer in _layers(nlp))  # type: ignore[attr-defined]
    assert isinstance(NUMPY_MATMUL, NumpyOps) and not NUMPY_MATMUL.use_blis
    assert _annotations(nlp) == with_blis
