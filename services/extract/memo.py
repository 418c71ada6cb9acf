"""`@per_text`: remember what a pure `text -> list` reader found in the texts it read last.

The key is every argument (the text, and e.g. the publication date relative dates are read
against), so they must be hashable.

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
from typing import ParamSpec, TypeVar

T = TypeVar("T")
P = ParamSpec("P")

# One article's sentences, its text and its title fit many times over; old entries fall out.
TEXTS_REMEMBERED = 512

_CACHES: list[functools._lru_cache_wrapper[tuple[object, ...]]] = []


def per_text(read: Callable[P, list[T]]) -> Callable[P, list[T]]:
    """`read` with a bounded cache keyed by its arguments; results come back as fresh lists."""
    remembered = functools.lru_cache(maxsize=TEXTS_REMEMBERED)(
        lambda *args, **kwargs: tuple(read(*args, **kwargs))
    )

    @functools.wraps(read)
    def reader(*args: P.args, **kwargs: P.kwargs) -> list[T]:
        return list(remembered(*args, **kwargs))  # type: ignore[arg-type]  # hashable by contract

    _CACHES.append(remembered)
    return reader


def forget_texts() -> None:
    """Empty every `per_text` cache."""
    for cache in _CACHES:
        cache.cache_clear()
