"""`policywatch_sentences`: cheap sentence boundaries on tokenizer output (no parser needed).

A sentence ends after `.`, `!` or `?` (and any closing quotes or brackets after them) when the
next word does not start in lower case, and always at a line break.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_ENDERS = {".", "!", "?"}
_CLOSERS = {'"', "'", "\u201d", "\u2019", ")", "]"}


@Language.factory("policywatch_sentences")
def make_sentences(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter()


class SentenceSplitter:
    """Sets `is_sent_start` on every token: 'He left. She stayed.' -> two sentences."""

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            token.is_sent_start = token.i == 0 or starts_sentence(doc, token.i)
        return doc


def starts_sentence(doc: Doc, i: int) -> bool:
    """True when token i opens a sentence: after a line break, or after an ender and closers."""
    prev = doc[i - 1]
    if "\n" in prev.text or "\n" in prev.whitespace_:
        return True
    if doc[i].is_space:
        return False
    j = i - 1
    while j > 0 and doc[j].text in _CLOSERS:
        j -= 1
    if doc[j].text not in _ENDERS and not (doc[j].text.endswith(".") and doc[j].text[:-1].isdigit()):
        return False
    if doc[j].text not in _ENDERS:
        return False
    first = doc[i].text[:1]
    return not first.islower() and prev.whitespace_ != ""
