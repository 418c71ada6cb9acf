"""Words as the matcher sees them: case-folded, accent-folded, plural-stripped, with offsets.

Rules and shifts go through the same functions, so `Tariffs`, `tariff` and `TARIFFS` are one word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A word is letters/digits, optionally joined by an apostrophe or a dot ("Japan's", "U.S", "5.5").
_WORD = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*")
_KEEP_S = ("ss", "us", "is", "as", "os", "ys")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: its stem and where it stands in the original string."""

    stem: str
    start: int
    end: int


def fold(word: str) -> str:
    """Lower-case and strip accents: `Élysée` -> `elysee`."""
    lowered = word.casefold()
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def stem(word: str) -> str:
    """A light English stemmer that only removes plurals and possessives.

    >>> [stem(w) for w in ("tariffs", "duties", "taxes", "sanctions", "gas", "U.S.", "Japan's")]
    ['tariff', 'duty', 'tax', 'sanction', 'gas', 'u.s', 'japan']
    """
    w = fold(word).replace("’", "'").strip(".'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "zes", "ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(_KEEP_S):
        return w[:-1]
    return w


def tokenize(text: str) -> list[Token]:
    """The words of `text` with their character offsets."""
    tokens = []
    for found in _WORD.finditer(text):
        word = stem(found.group())
        if word:
            tokens.append(Token(word, found.start(), found.end()))
    return tokens


def stems(text: str) -> tuple[str, ...]:
    return tuple(token.stem for token in tokenize(text))


def snippet(text: str, start: int, end: int, *, width: int = 30) -> str:
    """The matched span with a little context, cut at spaces and marked with `...` when cut."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    body = " ".join(text[left:right].split())
    return f"{'...' if left > 0 else ''}{body}{'...' if right < len(text) else ''}"
