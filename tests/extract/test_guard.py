"""Neutralising token runs that spaCy's tokenizer reads in quadratic time; offsets never move."""

from __future__ import annotations

import time

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from services.extract.guard import CHUNK, RUN, neutralise, restore_evidence
from shared.contract import Evidence, PolicyShift

# Each of these, 8 KB long, took the tokenizer 2 to 25 s before (time quadratic in the run).
PATHOLOGICAL = ["![", "[", "(", "!", "$", "\U0001f600", "'", "#", "<", "`", '"(', "x!!!", "a:"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_a_neutralised_text_keeps_its_length_and_every_word(text: str) -> None:
    out = neutralise(text)
    assert len(out) == len(text)
    assert all(a == b or b == " " for a, b in zip(text, out, strict=True))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.from_regex(r"[A-Za-z0-9]{1,12}[.,;:!?'\")(-]{0,3}", fullmatch=True), max_size=300))
def test_ordinary_prose_is_left_exactly_as_it_is(words: list[str]) -> None:
    text = " ".join(words)
    assert neutralise(text) == text


def test_runs_are_broken_every_run_or_chunk_characters() -> None:
    out = neutralise("!" * (RUN * 3) + " " + "a" * (CHUNK * 2 + 5))
    assert max(len(chunk) for chunk in out.split()) <= CHUNK
    assert all(len(chunk) <= RUN for chunk in out.split() if chunk.startswith("!"))


@pytest.mark.parametrize("unit", PATHOLOGICAL)
def test_a_megabyte_of_a_pathological_run_tokenizes_in_linear_time(unit: str) -> None:
    tokenizer = spacy.blank("en").tokenizer
    raw = unit * (8_000 // len(unit))

    def seconds(copies: int) -> float:
        started = time.process_time()
        tokenizer(neutralise(raw * copies))
        return time.process_time() - started

    small, large = seconds(16), seconds(128)  # 128 KB, then 1 MB, neutralised
    # linear: 8x the text costs about 8x the CPU (quadratic would be 64x); CPU time, so a busy
    # machine does not make it flaky; the absolute bound catches a runaway tokenizer outright
    assert large < 24 * max(small, 0.01)
    assert large < 30.0


def test_evidence_is_quoted_from_the_article_not_from_the_neutralised_text() -> None:
    article = "See ![![![![![![![![![![![![![![![![![![ now. Canada dropped its tax."
    neutral = neutralise(article)
    assert neutral != article
    start, end = 0, article.index(" now.") + 5
    shift = PolicyShift(
        id="s", article_id="a", actor="Canada", topic="tax", shift_type="reversal", confidence=0.9,
        evidence=Evidence(text=neutral[start:end], start=start, end=end),
    )  # fmt: skip
    [restored] = restore_evidence([shift], article)
    assert restored.evidence.text == article[start:end]
