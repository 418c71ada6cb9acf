"""`@per_text`: remember what a pure `text -> list` reader found in the texts it read last.

Assembling one article's events reads the same strings again and again: the quantity readers take
each event's sentence, its neighbours and the whole article text once per event and once per
phrase (`candidate_changes` was called 217 times on 172 distinct texts of the shared dev corpus,
`find_numbers` 325 times on 194, `quantity_context.split_sentences` 54 times on 25 article
texts). Only for functions whose result depends on the text alone and whose items are immutable
(frozen dataclasses): each caller gets a list of its own, so appending to it or sorting it
changes nothing the next caller sees.

`Extractor.extract` and `extract_naive` call `forget_texts()` first, so what one call read is not
reused by the next: in the service no two calls carry the same article, and a benchmark that
reads the same corpus round after round must not be served from the last round's results.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# One article's sentences, its text and its title fit many times over; old entries fall out.
TEXTS_REMEMBERED = 512

_CACHES: list[functools._lru_cache_wrapper[tuple[object, ...]]] = []


def per_text(read: Callable[[str], list[T]]) -> Callable[[str], list[T]]:
    """`read` with a bounded cache keyed by the text; results come back as fresh lists."""
    remembered = functools.lru_cache(maxsize=TEXTS_REMEMBERED)(lambda text: tuple(read(text)))

    @functools.wraps(read)
    def reader(text: str) -> list[T]:
        return list(remembered(text))

    _CACHES.append(remembered)
    return reader


def forget_texts() -> None:
    """Empty every `per_text` cache."""
    for cache in _CACHES:
        cache.cache_clear()
