"""Article context: which actors the article names, to resolve 'he', 'the government', 'the company'."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from services.extract.actors import ActorRef

_TYPE_HINTS = {
    "company": {"company", "firm", "retailer", "giant", "group", "it"},
    "central_bank": {"bank", "committee", "policymakers", "governor"},
    "official": {
        "he",
        "she",
        "minister",
        "president",
        "pm",
        "premier",
        "chancellor",
        "secretary",
        "governor",
        "mayor",
        "leader",
    },
    "state": {
        "government",
        "administration",
        "country",
        "ministry",
        "department",
        "cabinet",
        "state",
        "they",
        "we",
        "authorities",
        "officials",
        "official",
        "agency",
    },
}


@dataclass
class Mention:
    start: int
    ref: ActorRef


@dataclass
class ArticleContext:
    """Actors named in the title and text, in order, with how often each appears."""

    mentions: list[Mention] = field(default_factory=list)
    title_actors: list[ActorRef] = field(default_factory=list)
    latest_year: int | None = None
    text: str = ""

    def dominant(self) -> ActorRef | None:
        counts: Counter[str] = Counter()
        refs: dict[str, ActorRef] = {}
        for ref in self.title_actors:
            counts[ref.canonical] += 2
            refs.setdefault(ref.canonical, ref)
        for mention in self.mentions:
            counts[mention.ref.canonical] += 1
            refs.setdefault(mention.ref.canonical, mention.ref)
        if not counts:
            return None
        return refs[counts.most_common(1)[0][0]]

    def resolve(self, word: str, offset: int) -> ActorRef | None:
        """'he' at offset 900 -> the nearest official/state named before 900, else the dominant actor."""
        wanted = {t for t, words in _TYPE_HINTS.items() if word.lower() in words}
        before = [m for m in self.mentions if m.start < offset]
        for mention in reversed(before[-6:]):
            if (
                not wanted
                or mention.ref.type in wanted
                or ("official" in wanted and mention.ref.official is not None)
            ):
                return mention.ref
        return self.dominant()
