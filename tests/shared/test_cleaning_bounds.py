"""Cleaning takes time linear in its input, whatever the input: no markup run stalls a service.

Each of these inputs used to take seconds to minutes (regular expressions that rescanned the
rest of the text from every unclosed `<script>`, `<!--`, `[` or `<p`, or backtracked over runs
of spaces).
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.cleaning import clean_text, clean_title

ADVERSARIAL = [
    "<script>", "<!--", "<p", "<div", "</p", "<iframe>", "<style x=", "![", "[", "![a](", "[a](",
    "<a", " ", "\n", "<br", "&amp;", "&", "<", ">", "]", "(", ")", "-->", "</script>", "x", "word ",
    "\u00a0", "\u201c", ".jpg)", "Share\n", "=",
]  # fmt: skip
LIMIT = 1_000_000  # ingest's max_body_bytes
SECONDS_PER_MB = 4.0  # generous for a shared 2-core machine: linear cleaning takes well under 1 s


def _cleaning_time(text: str) -> float:
    started = time.perf_counter()
    clean_text(text)
    clean_title(text[:2000])
    return time.perf_counter() - started


@pytest.mark.parametrize(
    "unit",
    ["<script>", "<!--", "<p", "![", "[", "<iframe>", "</p", "![a](", "<div"],
)
def test_a_run_of_unclosed_markup_the_size_of_the_limit_cleans_quickly(unit: str) -> None:
    text = unit * (LIMIT // len(unit))
    assert _cleaning_time(text) < SECONDS_PER_MB


@pytest.mark.parametrize("opener", ["<a", "<p", "<script", "<!--", "["])
def test_an_opener_followed_by_a_megabyte_of_spaces_cleans_quickly(opener: str) -> None:
    assert _cleaning_time(opener + " " * LIMIT) < SECONDS_PER_MB


@st.composite
def markup_soup(draw: st.DrawFn) -> str:
    """Up to the size limit: a few fragments, each repeated many times, in any order."""
    parts = draw(st.lists(st.sampled_from(ADVERSARIAL), min_size=1, max_size=6))
    repeats = draw(st.lists(st.integers(1, LIMIT // 8), min_size=len(parts), max_size=len(parts)))
    text = "".join(part * count for part, count in zip(parts, repeats, strict=True))
    return text[:LIMIT]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markup_soup())
def test_any_markup_soup_up_to_the_limit_cleans_in_linear_time(text: str) -> None:
    assert _cleaning_time(text) < SECONDS_PER_MB * max(len(text), 100_000) / 1_000_000 + 0.5


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from([*ADVERSARIAL, "a", "b", "1"]).map(lambda s: s[0]), max_size=400)
       | st.lists(st.sampled_from(ADVERSARIAL), max_size=60).map("".join))  # fmt: skip
def test_cleaning_stays_idempotent_on_markup_soup(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
