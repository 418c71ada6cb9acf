"""The rule lemmatizer keeps its base-form answers too, and gives the lemmas the stock one gives
(services/extract/components/lemmas.py)."""

from __future__ import annotations

import pytest
import spacy

import services.extract.components.lemmas as lemmas
from services.extract.components.lemmas import remember_lemmas
from shared.settings import ExtractSettings

# Written for this test.
SENTENCES = [
    "The council has scrapped the parking levies it introduced in 2021.",
    "Finland will raise the retirement age to 65 and abolish two tax breaks.",
    "Regulators were lowering the caps while banks kept raising their fees.",
]


def _lemmas(nlp: spacy.language.Language) -> list[list[str]]:
    return [[t.lemma_ for t in doc] for doc in nlp.pipe(SENTENCES)]


@pytest.mark.slow
def test_remembered_lemmas_are_the_stock_lemmatizers_and_base_forms_are_kept() -> None:
    nlp = spacy.load(ExtractSettings().spacy_model)
    stock = _lemmas(nlp)
    remember_lemmas(nlp)
    assert _lemmas(nlp) == stock
    assert _lemmas(nlp) == stock  # again, from the cache
    council = next(t for t in nlp(SENTENCES[0]) if t.text == "council")
    assert nlp.get_pipe("lemmatizer").cache[(council.orth, council.pos, council.morph.key)] == ["council"]


def test_a_pipeline_without_a_lemmatizer_is_left_alone() -> None:
    nlp = spacy.blank("en")
    remember_lemmas(nlp)
    assert nlp.pipe_names == []


@pytest.mark.slow
def test_a_full_lemma_cache_is_emptied_and_lemmas_stay_right(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lemmas, "LEMMAS_REMEMBERED", 5)
    nlp = spacy.load(ExtractSettings().spacy_model)
    stock = _lemmas(nlp)
    remember_lemmas(nlp)
    nlp.get_pipe("lemmatizer").cache.clear()
    assert _lemmas(nlp) == stock
    assert len(nlp.get_pipe("lemmatizer").cache) <= 5
