"""A shift as rules see it: its searchable text (tokenized once) and its actor keys and labels."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.alert.matching.actors import ActorKeys
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
    # Many rules share words: each lookup is done once per shift.
    _found: dict[tuple[tuple[str, ...], bool], Hit | None] = field(init=False, default_factory=dict)
    lines: dict[object, str] = field(init=False, default_factory=dict)  # explanation lines, by clause

    def __post_init__(self) -> None:
        self.all_stems = frozenset(s for f in self.fields for s in f.stems)
        self.topic = next(f for f in self.fields if f.name == "topic")

    def find(self, words: tuple[str, ...], *, in_topic: bool = False) -> Hit | None:
        """The first place the consecutive `words` occur (in the topic only, if asked), or None."""
        key = (words, in_topic)
        try:
            return self._found[key]
        except KeyError:
            pass
        hit = None
        if in_topic or all(word in self.all_stems for word in words):
            for text_field in (self.topic,) if in_topic else self.fields:
                hit = _find_in(text_field, words)
                if hit is not None:
                    break
        self._found[key] = hit
        return hit


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


@dataclass(frozen=True, slots=True)
class ShiftFacts:
    """Everything about a shift that rules compare against, computed once per shift."""

    shift: PolicyShift
    text: ShiftText
    actor_key: str
    announcer_key: str | None
    shift_type: str
    status: str
    actor_type: str
    confidence: float


def shift_facts(shift: PolicyShift, keys: ActorKeys) -> ShiftFacts:
    return ShiftFacts(
        shift=shift,
        text=shift_text(shift),
        actor_key=keys.key(shift.actor),
        announcer_key=keys.key(shift.announced_by) if shift.announced_by else None,
        shift_type=str(shift.shift_type),
        status=str(shift.status),
        actor_type=str(shift.actor_type),
        confidence=shift.confidence,
    )
