"""Actor names to comparison keys, through the shared gazetteer's aliases when one is given.

Without a gazetteer two names are the same actor when they are equal after case and space folding.
"""

from __future__ import annotations

from typing import Protocol


class HasCanonical(Protocol):
    @property
    def canonical(self) -> str: ...


class AliasResolver(Protocol):
    """What the matcher needs from `shared.gazetteer.Gazetteer`."""

    def resolve(self, name: str) -> HasCanonical | None: ...


def plain_key(name: str) -> str:
    return " ".join(name.casefold().split())


class ActorKeys:
    """Maps a name or alias to the key of its canonical actor (`Washington` -> `united states`)."""

    def __init__(self, gazetteer: AliasResolver | None = None) -> None:
        self.gazetteer = gazetteer
        self._cache: dict[str, tuple[str, str]] = {}

    def key(self, name: str) -> str:
        return self.resolve(name)[0]

    def resolve(self, name: str) -> tuple[str, str]:
        """(comparison key, canonical display name) of `name`."""
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        canonical = name.strip()
        if self.gazetteer is not None:
            actor = self.gazetteer.resolve(name)
            if actor is not None:
                canonical = actor.canonical
        result = (plain_key(canonical), canonical)
        if len(self._cache) < 100_000:  # bounded: names come from rules and the news
            self._cache[name] = result
        return result
