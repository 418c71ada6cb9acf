"""`policywatch_cues`: marks the sentences that hold a change cue, on tokenizer output.

Most sentences of a news article state no shift; only the ones kept in `doc.spans["pw_cue_sents"]`
go through the tagger, parser and entity recogniser. The test is a handful of array lookups on
the tokens' lower-case ids, so it costs about as much as tokenizing.
"""

from __future__ import annotations

import re

from spacy.attrs import LIKE_NUM, LOWER, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from services.extract.rules.cues import (
    AMOUNT_MARKS,
    FRAME_WINDOW,
    INSTRUMENT_VERBS,
    carrying_pairs,
    cue_pairs,
    cue_words,
    framed_cues,
    instrument_verb_forms,
    lowercase_cue_words,
    policy_words,
    price_words,
)

CUE_SENTS = "pw_cue_sents"
# Words between 'from 62' and 'to 64' ('from 48 hours a week to 40').
_FROM_TO_GAP = 4
# An amount written with its currency glued on: 'Rs7.41', 'RM1.99', 'N225', 'KSh100', 'R$5'.
_GLUED_AMOUNT = re.compile(r"^(?:Rs|RM|Rp|N|KSh|R\$|GH¢|₦|₹|₱|₩|฿)\d")


@Language.factory("policywatch_cues")
def make_cue_filter(nlp: Language, name: str) -> CueFilter:
    return CueFilter(nlp.vocab)


class CueFilter:
    """'Canada rescinded its tax.' is kept; 'It rained in Ottawa.' and 'Prices rose.' are not:
    a sentence needs a change word and, at another token, a policy noun or an amount."""

    def __init__(self, vocab: Vocab) -> None:
        self.cues = CueIndex(vocab)

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[CUE_SENTS] = self.cues.sentences(doc)
        return doc


class CueIndex:
    """The cue lexicon as sets of string ids: one set lookup per token."""

    def __init__(self, vocab: Vocab) -> None:
        def ids(words: set[str]) -> frozenset[int]:
            return frozenset(vocab.strings.add(w) for w in words)

        self.change = ids(cue_words())
        self.lowercase_change = ids(lowercase_cue_words())
        self.instrument = ids(policy_words())
        self.carries = ids(instrument_verb_forms())
        # the base form ('ban', 'cap') is a verb, and carries its instrument, after these words
        self.named_by_verb = ids(set(INSTRUMENT_VERBS))
        self.before_verb = ids({"will", "would", "shall", "'ll", "to", "also"})
        self.amount_marks = ids(AMOUNT_MARKS)
        self.longer = vocab.strings.add("longer")
        self.from_ = vocab.strings.add("from")
        self.to = vocab.strings.add("to")
        self.carrying: dict[int, set[int]] = {}
        for firsts, second in carrying_pairs():
            for first in ids(firsts):
                self.carrying.setdefault(first, set()).add(vocab.strings.add(second))
        self.percent = vocab.strings.add("%")
        self.prices = ids(price_words())
        self.currency = ids({"$", "\u00a3", "\u20ac", "\u00a5"})
        self.framed = {vocab.strings.add(verb): ids(objects) for verb, objects in framed_cues().items()}
        self.pairs: dict[int, set[int]] = {}
        for firsts, second in cue_pairs():
            for first in ids(firsts):
                self.pairs.setdefault(first, set()).add(vocab.strings.add(second))

    def sentences(self, doc: Doc) -> list[Span]:
        """Sentences holding a change cue and, at another token, an instrument cue."""
        if len(doc) == 0:
            return []
        change, instrument = self.marks(doc)
        lower = doc.to_array([LOWER]).tolist()
        carries = [w in self.carries for w in lower]
        for i in range(1, len(lower)):  # 'would also ban e-cigarettes', 'will jointly cap rents'
            before = lower[i - 1] in self.before_verb or (i > 1 and lower[i - 2] in self.before_verb)
            carries[i] = carries[i] or (lower[i] in self.named_by_verb and before)
        kept = []
        for sent in doc.sents:
            changes = [i for i in range(sent.start, sent.end) if change[i]]
            things = [i for i in range(sent.start, sent.end) if instrument[i]]
            carried = any(carries[i] for i in changes)
            if changes and not things and not carried:  # 'by Rs7.41 a unit': only then read the text
                things = [t.i for t in sent if _GLUED_AMOUNT.match(t.text)]
            if changes and (carried or (things and (len(changes) > 1 or things != changes))):
                kept.append(sent)
        return kept

    def marks(self, doc: Doc) -> tuple[list[bool], list[bool]]:
        """Per token: is it a change cue, is it an instrument cue."""
        rows = doc.to_array([LOWER, LIKE_NUM, ORTH]).tolist()
        lower = [row[0] for row in rows]
        number = [bool(row[1]) for row in rows]
        change = [row[0] in self.change or row[2] in self.lowercase_change for row in rows]
        instrument = [w in self.instrument for w in lower]
        for i in range(len(lower) - 1):
            if lower[i + 1] in self.pairs.get(lower[i], ()):
                change[i] = True
                # 'no longer', 'phase out', 'roll out' carry their own instrument
                instrument[i + 1] = instrument[i + 1] or lower[i + 1] in self.carrying.get(lower[i], ())
            if (number[i] and lower[i + 1] in self.amount_marks) or lower[i + 1] == self.percent:
                instrument[i] = True  # '45%-50%' is one token and a '%': an amount all the same
            if number[i + 1] and lower[i] in self.currency:
                instrument[i + 1] = True
            if lower[i] in self.framed:  # 'set a new target', 'will not be allowed', 'must pay $5'
                self._mark_frame(i, lower, change, instrument)
        self._mark_from_to(lower, number, instrument)
        for j, word in enumerate(lower):  # 'cut electricity prices' sets them; 'prices rose' does not
            if word in self.prices and any(change[max(0, j - FRAME_WINDOW) : j]):
                instrument[j] = True
        return change, instrument

    def _mark_from_to(self, lower: list[int], number: list[bool], instrument: list[bool]) -> None:
        """'raise the retirement age from 62 to 64': a setting moved from one number to another is
        an amount, whatever its unit."""
        for i in range(len(lower) - 1):
            if lower[i] == self.from_ and number[i + 1]:
                ahead = range(i + 2, min(len(lower) - 1, i + 2 + _FROM_TO_GAP))
                if any(lower[j] == self.to and number[j + 1] for j in ahead):
                    instrument[i + 1] = True

    def _mark_frame(self, i: int, lower: list[int], change: list[bool], instrument: list[bool]) -> None:
        """A frame verb is a cue when its object (or 'not', 'longer') is a few words away; that word
        counts as the instrument."""
        objects = self.framed[lower[i]]
        for j in range(max(0, i - FRAME_WINDOW), min(len(lower), i + 1 + FRAME_WINDOW)):
            if j != i and lower[j] in objects:
                change[i] = instrument[j] = True
