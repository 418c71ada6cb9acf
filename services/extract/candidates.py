"""A shift read from one sentence, before article-level merging: plain data, no spaCy."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.extract.actors import ActorRef
from services.extract.rules.numbers import QuantityFound


@dataclass
class ShiftCandidate:
    """One change predicate with its arguments; offsets point into the article text."""

    actor: ActorRef | None
    actor_text: str
    announced_by: str | None
    topic: str
    shift_type: str
    status: str
    sentence: str
    start: int
    end: int
    predicate: str
    topic_head: str = ""
    actor_fallback: str | None = None
    year: int | None = None
    # (month, day) of a change told in the past: 'cut rates in May' -> (5, None).
    month: tuple[int, int | None] | None = None
    before: str | None = None
    after: str | None = None
    quantity: QuantityFound | None = None
    speaker: str | None = None
    # Content lemmas of what changes ('be able to share passwords' -> able, share, password): links
    # the change to sentences about the same thing that state its amount.
    scope: frozenset[str] = frozenset()
    # Told as a participle set off by a comma ('will require a purchase, scrapping its open-door
    # policy'): the same shift as its sentence's main change, told from another side.
    participle: bool = False
    features: dict[str, float] = field(default_factory=dict)

    def shifted(self, offset: int) -> ShiftCandidate:
        """The same candidate with offsets moved by `offset` (sentence doc -> article text)."""
        self.start += offset
        self.end += offset
        return self
