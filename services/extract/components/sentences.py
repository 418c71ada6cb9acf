"""`policywatch_sentences`: cheap sentence boundaries on tokenizer output (no parser needed).

A sentence ends after `.`, `!` or `?` (and any closing quotes or brackets after them) when the
next word does not start in lower case, and always at a line break.
"""

from __future__ import annotations

import numpy
from spacy.attrs import ORTH, SENT_START, SPACY
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
        if len(doc) == 0:
            return doc
        # Arrays, not Token objects: building one Python object per token cost more than the split.
        orths, spaced = doc.to_array([ORTH, SPACY]).T.tolist()
        strings = doc.vocab.strings
        texts = [strings[orth] for orth in orths]
        spaces = [" " if flag else "" for flag in spaced]
        starts = [1] + [1 if _starts(texts, spaces, i) else -1 for i in range(1, len(doc))]
        # One array write instead of a Python attribute set per token: this runs on every article.
        doc.from_array([SENT_START], numpy.asarray(starts, dtype="int64").astype("uint64").reshape(-1, 1))  # type: ignore[arg-type]
        return doc


def starts_sentence(doc: Doc, i: int) -> bool:
    """True when token i opens a sentence: after a line break, or after an ender and closers."""
    return i == 0 or _starts([t.text for t in doc], [t.whitespace_ for t in doc], i)


def _starts(texts: list[str], spaces: list[str], i: int) -> bool:
    prev = texts[i - 1]
    if "\n" in prev or "\n" in spaces[i - 1]:
        return True
    if not texts[i].strip():
        return False
    j = i - 1
    while j > 0 and texts[j] in _CLOSERS:
        j -= 1
    if texts[j] not in _ENDERS:
        return False
    return not texts[i][:1].islower() and spaces[i - 1] != ""
