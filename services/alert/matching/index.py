"""`RuleIndex`: rules filed under their required keys, so a shift is checked only against candidates."""

from __future__ import annotations

import bisect
import gc
import itertools
import operator
from collections.abc import Iterable

from services.alert.matching.actors import ActorKeys, AliasResolver
from services.alert.matching.document import ShiftFacts, shift_facts
from services.alert.matching.explain import explain, explanation_key
from services.alert.matching.presearch import Placement, Signature, Suffix, ngrams, place
from services.alert.matching.rules import RuleFilter, RuleMatch
from services.alert.matching.verify import CompiledRule, compile_rule, residual_check
from shared.contract import PolicyShift

Primary = tuple[str, ...]
_BY_RULE_ID = operator.attrgetter("rule_id")


class _Entry:
    """A rule in the index. Hashed by identity, so sets of candidates are cheap to build.

    `check` tests only what the rule's keys do not already establish (see presearch).
    """

    __slots__ = ("check", "rule", "rule_id", "shape")

    def __init__(self, rule_id: str, rule: CompiledRule, placement: Placement | None, shape: int) -> None:
        self.rule_id = rule_id
        self.rule = rule
        self.check = residual_check(rule, placement.known) if placement is not None else rule.check
        self.shape = shape  # rules of one shape share their explanation for a shift


class _Postings:
    """The rules under one key, kept in order of their minimum confidence.

    A shift then takes only the prefix of rules whose threshold its confidence reaches.
    """

    __slots__ = ("confidences", "entries")

    def __init__(self) -> None:
        self.confidences: list[float] = []
        self.entries: list[_Entry] = []

    def add(self, entry: _Entry) -> None:
        at = bisect.bisect_right(self.confidences, entry.rule.min_confidence)
        self.confidences.insert(at, entry.rule.min_confidence)
        self.entries.insert(at, entry)

    def remove(self, entry: _Entry) -> None:
        at = self.entries.index(entry)
        del self.confidences[at], self.entries[at]

    def reached_by(self, confidence: float) -> list[_Entry]:
        if self.confidences[-1] <= confidence:
            return self.entries
        return self.entries[: bisect.bisect_right(self.confidences, confidence)]


# signature -> suffix (shift type, status, actor type) -> primary key -> postings
_Table = dict[Suffix, dict[Primary, _Postings]]


class RuleIndex:
    """An in-memory index of watch rules (one per service process; not thread-safe).

    `match` returns the same rules and reasons as `match_linear` over the same rules.
    """

    def __init__(self, gazetteer: AliasResolver | None = None) -> None:
        self._keys = ActorKeys(gazetteer)
        self._rules: dict[str, _Entry] = {}
        self._placements: dict[str, Placement] = {}
        self._tables: dict[Signature, _Table] = {}
        self._unfiled: set[_Entry] = set()
        self._shapes: dict[tuple[object, ...], int] = {}

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def add(self, rule_id: str, rule: RuleFilter) -> None:
        """Add a rule, replacing any rule with the same id."""
        self.remove(rule_id)
        compiled = compile_rule(rule, self._keys)
        placement = place(compiled)
        shape = self._shapes.setdefault(explanation_key(compiled), len(self._shapes))
        entry = self._rules[rule_id] = _Entry(rule_id, compiled, placement, shape)
        if placement is None:
            self._unfiled.add(entry)
            return
        self._placements[rule_id] = placement
        table = self._tables.setdefault(placement.signature, {})
        for suffix, primary in placement.keys:
            postings = table.setdefault(suffix, {}).get(primary)
            if postings is None:
                postings = table[suffix][primary] = _Postings()
            postings.add(entry)

    def add_all(self, rules: Iterable[tuple[str, RuleFilter]]) -> None:
        """Add many rules, e.g. every active rule at start-up.

        The cyclic garbage collector is paused meanwhile: a bulk load creates many long-lived
        objects, and letting it rescan them over and over makes loading 100k rules ~3x slower.
        """
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            for rule_id, rule in rules:
                self.add(rule_id, rule)
        finally:
            if was_enabled:
                gc.enable()

    def remove(self, rule_id: str) -> None:
        """Remove a rule; removing an unknown id does nothing."""
        entry = self._rules.pop(rule_id, None)
        if entry is None:
            return
        self._unfiled.discard(entry)
        placement = self._placements.pop(rule_id, None)
        if placement is None:
            return
        table = self._tables[placement.signature]
        for suffix, primary in placement.keys:
            by_primary = table[suffix]
            postings = by_primary[primary]
            postings.remove(entry)
            if not postings.entries:
                del by_primary[primary]
                if not by_primary:
                    del table[suffix]
        if not table:
            del self._tables[placement.signature]

    def match(self, shift: PolicyShift, *, sources: int = 1) -> list[RuleMatch]:
        """The rules `shift` matches when `sources` independent sources report it, by rule id."""
        facts = shift_facts(shift, self._keys)
        matches = []
        explained: dict[int, list[str]] = {}
        for entry in self._candidates(facts, sources):
            check = entry.check
            if check is None or check(facts, sources):
                reasons = explained.get(entry.shape)
                if reasons is None:
                    reasons = explained[entry.shape] = explain(entry.rule, facts, sources)
                matches.append(RuleMatch(entry.rule_id, list(reasons)))
        matches.sort(key=_BY_RULE_ID)
        return matches

    def candidates(self, facts: ShiftFacts, sources: int = 1) -> set[str]:
        """Ids of the rules that may match: those filed under one of the shift's keys, and the unfiled."""
        return {entry.rule_id for entry in self._candidates(facts, sources)}

    def _candidates(self, facts: ShiftFacts, sources: int) -> set[_Entry]:
        confidence = facts.confidence
        found = set(self._unfiled)
        keys = _ShiftKeys(facts)
        for signature, table in self._tables.items():
            if signature.corroborated and sources < 2:
                continue
            suffix = (
                facts.shift_type if signature.by_type else None,
                facts.status if signature.by_status else None,
                facts.actor_type if signature.by_actor_type else None,
            )
            by_primary = table.get(suffix)
            if by_primary is None:
                continue
            for primary in by_primary.keys() & keys.of(signature.spaces):
                found.update(by_primary[primary].reached_by(confidence))
        return found


class _ShiftKeys:
    """The keys a shift carries in each combination of spaces, computed when first needed."""

    def __init__(self, facts: ShiftFacts) -> None:
        topic_grams = ngrams(facts.text.topic.stems)
        self.single: dict[str, frozenset[str]] = {
            "actor": frozenset(k for k in (facts.actor_key, facts.announcer_key) if k is not None),
            "topic": topic_grams,
            "term": facts.text.all_stems,
        }
        self.combined: dict[tuple[str, ...], frozenset[Primary]] = {(): frozenset(((),))}

    def of(self, spaces: tuple[str, ...]) -> frozenset[Primary]:
        keys = self.combined.get(spaces)
        if keys is None:
            keys = self.combined[spaces] = frozenset(
                itertools.product(*(self.single[space] for space in spaces))
            )
        return keys
