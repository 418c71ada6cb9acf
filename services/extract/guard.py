"""Texts the tokenizer can read in linear time: long runs that would stall it are broken up.

spaCy's tokenizer strips prefixes and suffixes one character at a time, searching the rest of
the chunk again each time, so a chunk without whitespace costs time quadratic in its length
when it is made of punctuation or symbols: 8 KB of `![` took 23 s and blocked the service's
event loop (the tokenizer holds the GIL). No prose has such chunks, so `neutralise` replaces one
character in every `RUN` of them with a space (and one in every `CHUNK` of any whitespace-free
text), character for character: the text keeps its length, and every offset into it still
points into the article as published. `restore_evidence` puts the article's own characters back
into the evidence a shift quotes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from services.extract.events import ArticleText
from shared.contract import PolicyShift

RUN = 16  # symbols in a row, at most, between two breaks
CHUNK = 200  # characters without whitespace, at most, between two breaks
_SYMBOL_RUN = re.compile(rf"[^\w\s]{{{RUN + 1},}}")
_LONG_CHUNK = re.compile(rf"\S{{{CHUNK + 1},}}")


def _broken_every(every: int) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        chunk = match.group()
        return "".join(" " if n % every == every - 1 else ch for n, ch in enumerate(chunk))

    return replace


def neutralise(text: str) -> str:
    """`text` with a space in every run of `RUN` symbols and every `CHUNK` of non-space; the same
    length, and the same string when it holds no such run (any ordinary article)."""
    if _SYMBOL_RUN.search(text):
        text = _SYMBOL_RUN.sub(_broken_every(RUN), text)
    if _LONG_CHUNK.search(text):
        text = _LONG_CHUNK.sub(_broken_every(CHUNK), text)
    return text


def neutralised(articles: Sequence[ArticleText]) -> list[ArticleText]:
    return [ArticleText(ref=a.ref, text=neutralise(a.text)) for a in articles]


def restore_evidence(shifts: list[PolicyShift], text: str) -> list[PolicyShift]:
    """Evidence quoted from a neutralised text, with the article's own characters back."""
    for shift in shifts:
        for evidence in (shift.evidence, *shift.extra_evidence):
            original = text[evidence.start : evidence.end]
            if len(original) == len(evidence.text) and original != evidence.text:
                evidence.text = original
    return shifts
