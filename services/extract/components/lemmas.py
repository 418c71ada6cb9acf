"""`remember_lemmas(nlp)`: the rule lemmatizer remembers every lemma it works out.

spaCy's rule lemmatizer caches its answer by (word, POS, morphology), but not when it finds the
word already in its base form (a singular noun, an infinitive, a positive adjective): it returns
the lower-cased word without storing it, and the next time works it out again through
`token.morph.to_dict()`, which parses the morphology string. Those are most words, so the
lemmatizer took about 7% of the fast path's CPU time re-deciding the same words. The answer
depends on nothing but that key (the tables are fixed once loaded), so storing it under spaCy's
own key in spaCy's own cache changes no lemma. Numbers and names now stay in the cache too, so in
a long-running process it is emptied when it holds `LEMMAS_REMEMBERED` entries.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Token

LEMMAS_REMEMBERED = 200_000


def remember_lemmas(nlp: Language) -> None:
    """Make `nlp`'s rule lemmatizer keep its base-form answers too; other modes are left alone."""
    if "lemmatizer" not in nlp.component_names:
        return
    lemmatizer: Any = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule":
        return
    work_out = lemmatizer.rule_lemmatize
    cache: dict[tuple[int, int, int], list[str]] = lemmatizer.cache

    def lemmatize(token: Token) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)  # type: ignore[attr-defined]
        lemmas = cache.get(key)
        if lemmas is None:
            if len(cache) >= LEMMAS_REMEMBERED:
                cache.clear()
            lemmas = cache[key] = work_out(token)
        return lemmas

    lemmatizer.lemmatize = lemmatize
