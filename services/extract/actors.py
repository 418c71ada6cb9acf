"""Actor lookup for the extractor: canonical name, type and role of a mention.

The data lives in `shared/gazetteer.py` + `shared/data/actors.toml`. Until that module is
present, a tiny built-in stand-in keeps the extractor runnable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class ActorRef:
    """What a mention resolves to: 'Pete Hegseth' -> United States (state), said by Pete Hegseth."""

    canonical: str
    type: str
    official: str | None = None


class ActorIndex(Protocol):
    def resolve(self, name: str) -> ActorRef | None: ...

    def names(self) -> Iterable[str]: ...


_STAND_IN: dict[str, tuple[str, str]] = {
    "united states": ("United States", "state"),
    "us": ("United States", "state"),
    "u.s.": ("United States", "state"),
    "washington": ("United States", "state"),
    "white house": ("United States", "state"),
    "trump administration": ("United States", "state"),
    "united kingdom": ("United Kingdom", "state"),
    "uk": ("United Kingdom", "state"),
    "britain": ("United Kingdom", "state"),
    "china": ("China", "state"),
    "beijing": ("China", "state"),
    "european union": ("European Union", "international_org"),
    "eu": ("European Union", "international_org"),
    "nato": ("NATO", "international_org"),
    "federal reserve": ("Federal Reserve", "central_bank"),
    "fed": ("Federal Reserve", "central_bank"),
    "bank of japan": ("Bank of Japan", "central_bank"),
    "boj": ("Bank of Japan", "central_bank"),
}


class StandInIndex:
    """A few well-known actors, used only while the shared gazetteer is missing."""

    def resolve(self, name: str) -> ActorRef | None:
        key = name.casefold().strip().removeprefix("the ").strip()
        hit = _STAND_IN.get(key)
        return ActorRef(hit[0], hit[1]) if hit else None

    def names(self) -> Iterable[str]:
        return list(_STAND_IN)


def load_actor_index() -> ActorIndex:
    """The shared gazetteer when available, else the stand-in."""
    try:
        from shared.gazetteer import Gazetteer
    except ImportError:
        return StandInIndex()
    return GazetteerIndex(Gazetteer.load())


# Names `GazetteerIndex` remembers (the rules look the same few names up many times: 1,180 lookups
# of 236 names on the shared dev corpus); the memory is emptied when full.
NAMES_REMEMBERED = 8192


class GazetteerIndex:
    """Adapts `shared.gazetteer.Gazetteer`: an official resolves to the actor they speak for."""

    def __init__(self, gazetteer: Any) -> None:
        self._gazetteer = gazetteer
        self._resolved: dict[str, ActorRef | None] = {}

    def resolve(self, name: str) -> ActorRef | None:
        """The answer depends on the name alone (the gazetteer does not change once loaded)."""
        if name in self._resolved:
            return self._resolved[name]
        if len(self._resolved) >= NAMES_REMEMBERED:
            self._resolved.clear()
        ref = self._resolved[name] = self._lookup(name)
        return ref

    def _lookup(self, name: str) -> ActorRef | None:
        actor = self._gazetteer.resolve(name)
        if actor is None:
            return None
        if str(actor.type) == "official" and actor.speaks_for:
            target = self._gazetteer.get(actor.speaks_for)
            if target is not None:
                return ActorRef(target.canonical, str(target.type), official=actor.canonical)
        return ActorRef(actor.canonical, str(actor.type))

    def names(self) -> Iterable[str]:
        return [surface for surface, _ in self._gazetteer.phrase_patterns()]
