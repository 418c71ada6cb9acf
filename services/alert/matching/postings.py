"""The index's storage: rules under keys, each key's rules in order of their confidence threshold."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from services.alert.matching.presearch import Placement, Suffix
from services.alert.matching.verify import Check, CompiledRule, residual_check

Primary = tuple[str, ...]


class Shape:
    """Rules with equal conditions (see `explanation_key`) share one explanation per shift."""

    __slots__ = ("key", "users")

    def __init__(self, key: tuple[object, ...]) -> None:
        self.key = key
        self.users = 0


class Entry:
    """A rule in the index. Hashed by identity, so sets of candidates are cheap to build.

    `check` tests only what the rule's keys do not already establish (None: nothing is left).
    """

    __slots__ = ("check", "placement", "rule", "rule_id", "shape")

    def __init__(self, rule_id: str, rule: CompiledRule, placement: Placement, shape: Shape) -> None:
        self.rule_id = rule_id
        self.rule = rule
        self.placement = placement
        self.check: Check | None = residual_check(rule, placement.known)
        self.shape = shape


class Postings:
    """The rules under one key, kept in order of their minimum confidence.

    A shift then takes only the prefix of rules whose threshold its confidence reaches.
    """

    __slots__ = ("confidences", "entries")

    def __init__(self) -> None:
        self.confidences: list[float] = []
        self.entries: list[Entry] = []

    def add(self, entry: Entry) -> None:
        at = bisect.bisect_right(self.confidences, entry.rule.min_confidence)
        self.confidences.insert(at, entry.rule.min_confidence)
        self.entries.insert(at, entry)

    def remove(self, entry: Entry) -> bool:
        """Remove `entry`; True when no rule is left under this key."""
        at = self.entries.index(entry)
        del self.confidences[at], self.entries[at]
        return not self.entries

    def reached_by(self, confidence: float) -> list[Entry]:
        if self.confidences[-1] <= confidence:
            return self.entries
        return self.entries[: bisect.bisect_right(self.confidences, confidence)]


class FlatTable:
    """Keys that a shift can list outright (its actors, topic n-grams, words): one set intersection."""

    def __init__(self) -> None:
        self.by_suffix: dict[Suffix, dict[Primary, Postings]] = {}

    def __bool__(self) -> bool:
        return bool(self.by_suffix)

    def add(self, suffix: Suffix, primary: Primary, entry: Entry) -> None:
        by_primary = self.by_suffix.setdefault(suffix, {})
        postings = by_primary.get(primary)
        if postings is None:
            postings = by_primary[primary] = Postings()
        postings.add(entry)

    def remove(self, suffix: Suffix, primary: Primary, entry: Entry) -> None:
        by_primary = self.by_suffix[suffix]
        if by_primary[primary].remove(entry):
            del by_primary[primary]
            if not by_primary:
                del self.by_suffix[suffix]

    def probe(self, suffix: Suffix, keys: frozenset[Primary]) -> Iterator[Postings]:
        by_primary = self.by_suffix.get(suffix)
        if by_primary is not None:
            for primary in by_primary.keys() & keys:
                yield by_primary[primary]


class PairTable:
    """Word pairs, nested by first word: a shift intersects its words level by level instead of
    listing every pair of its words."""

    def __init__(self) -> None:
        self.by_suffix: dict[Suffix, dict[str, dict[str, Postings]]] = {}

    def __bool__(self) -> bool:
        return bool(self.by_suffix)

    def add(self, suffix: Suffix, primary: Primary, entry: Entry) -> None:
        first, second = primary
        by_second = self.by_suffix.setdefault(suffix, {}).setdefault(first, {})
        postings = by_second.get(second)
        if postings is None:
            postings = by_second[second] = Postings()
        postings.add(entry)

    def remove(self, suffix: Suffix, primary: Primary, entry: Entry) -> None:
        first, second = primary
        by_first = self.by_suffix[suffix]
        by_second = by_first[first]
        if by_second[second].remove(entry):
            del by_second[second]
            if not by_second:
                del by_first[first]
                if not by_first:
                    del self.by_suffix[suffix]

    def probe(self, suffix: Suffix, words: frozenset[str]) -> Iterator[Postings]:
        by_first = self.by_suffix.get(suffix)
        if by_first is not None:
            for first in by_first.keys() & words:
                by_second = by_first[first]
                for second in by_second.keys() & words:
                    yield by_second[second]
