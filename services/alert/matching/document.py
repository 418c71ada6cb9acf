"""A shift's searchable text, tokenized once per shift and shared by every rule that checks it."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.alert.matching.text import Token, snippet, tokenize
from shared.contract import PolicyShift


@dataclass(frozen=True, slots=True)
class TextField:
    name: str
    text: str
    tokens: tuple[Token, ...]
    stems: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a word or phrase was found: which field, and the matched character span."""

    field: TextField
    start: int
    end: int

    def describe(self) -> str:
        return f'{self.field.name} "{snippet(self.field.text, self.start, self.end)}"'


@dataclass(slots=True)
class ShiftText:
    """The fields a query searches: topic, actor, announced_by, before, after, evidence."""

    fields: tuple[TextField, ...]
    all_stems: frozenset[str] = field(init=False)
    topic: TextField = field(init=False)

    def __post_init__(self) -> None:
        self.all_stems = frozenset(s for f in self.fields for s in f.stems)
        self.topic = next(f for f in self.fields if f.name == "topic")

    def find(self, words: tuple[str, ...], *, only: TextField | None = None) -> Hit | None:
        """The first place the consecutive `words` occur, or None."""
        if only is None and not all(word in self.all_stems for word in words):
            return None
        for text_field in (only,) if only is not None else self.fields:
            hit = _find_in(text_field, words)
            if hit is not None:
                return hit
        return None


def _find_in(text_field: TextField, words: tuple[str, ...]) -> Hit | None:
    sequence = text_field.stems
    size = len(words)
    first = words[0]
    for index, word in enumerate(sequence):
        if word == first and sequence[index : index + size] == words:
            tokens = text_field.tokens
            return Hit(text_field, tokens[index].start, tokens[index + size - 1].end)
    return None


def _field(name: str, text: str) -> TextField:
    tokens = tuple(tokenize(text))
    return TextField(name, text, tokens, tuple(t.stem for t in tokens))


def shift_text(shift: PolicyShift) -> ShiftText:
    """Tokenize the searchable fields of a shift, in the order explanations prefer them."""
    pairs = [
        ("topic", shift.topic),
        ("actor", shift.actor),
        ("announced_by", shift.announced_by or ""),
        ("before", shift.before or ""),
        ("after", shift.after or ""),
        ("evidence", shift.evidence.text),
    ]
    pairs.extend(("evidence", extra.text) for extra in shift.extra_evidence)
    return ShiftText(tuple(_field(name, text) for name, text in pairs))
