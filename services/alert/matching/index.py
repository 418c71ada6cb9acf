"""`RuleIndex`: rules filed under their required keys, so a shift is checked only against candidates."""

from __future__ import annotations

import gc
import itertools
import operator
from collections.abc import Iterable

from services.alert.matching.actors import ActorKeys, AliasResolver
from services.alert.matching.document import ShiftFacts, shift_facts
from services.alert.matching.explain import explain, explanation_key
from services.alert.matching.postings import Entry, FlatTable, PairTable, Primary, Shape
from services.alert.matching.presearch import Signature, ngrams, place
from services.alert.matching.rules import RuleFilter, RuleMatch
from services.alert.matching.verify import Interner, compile_rule
from shared.contract import PolicyShift

_BY_RULE_ID = operator.attrgetter("rule_id")


class RuleIndex:
    """An in-memory index of watch rules (one per service process; not thread-safe).

    `match` returns the same rules and reasons as `match_linear` over the same rules.
    """

    def __init__(self, gazetteer: AliasResolver | None = None) -> None:
        self._keys = ActorKeys(gazetteer)
        self._rules: dict[str, Entry] = {}
        self._tables: dict[Signature, FlatTable | PairTable] = {}
        self._shapes: dict[tuple[object, ...], Shape] = {}
        self._intern = Interner()

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def add(self, rule_id: str, rule: RuleFilter) -> None:
        """Add a rule, replacing any rule with the same id."""
        self.remove(rule_id)
        compiled = compile_rule(rule, self._keys, self._intern)
        placement = place(compiled, self._intern)
        key = explanation_key(compiled)
        shape = self._shapes.get(key)
        if shape is None:
            shape = self._shapes[key] = Shape(key)
        shape.users += 1
        entry = self._rules[rule_id] = Entry(rule_id, compiled, placement, shape)
        table = self._tables.get(placement.signature)
        if table is None:
            pairs = placement.signature.spaces == ("pair",)
            table = self._tables[placement.signature] = PairTable() if pairs else FlatTable()
        for suffix, primary in placement.keys:
            table.add(suffix, primary, entry)

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
        entry.shape.users -= 1
        if not entry.shape.users:
            del self._shapes[entry.shape.key]
        signature = entry.placement.signature
        table = self._tables[signature]
        for suffix, primary in entry.placement.keys:
            table.remove(suffix, primary, entry)
        if not table:
            del self._tables[signature]

    def match(self, shift: PolicyShift, *, sources: int = 1) -> list[RuleMatch]:
        """The rules `shift` matches when `sources` independent sources report it, by rule id."""
        facts = shift_facts(shift, self._keys)
        matches = []
        explained: dict[Shape, list[str]] = {}
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
        """Ids of the rules that may match: those filed under one of the shift's keys."""
        return {entry.rule_id for entry in self._candidates(facts, sources)}

    def _candidates(self, facts: ShiftFacts, sources: int) -> set[Entry]:
        confidence = facts.confidence
        found: set[Entry] = set()
        keys = _ShiftKeys(facts)
        for signature, table in self._tables.items():
            if signature.corroborated and sources < 2:
                continue
            suffix = (
                facts.shift_type if signature.by_type else None,
                facts.status if signature.by_status else None,
                facts.actor_type if signature.by_actor_type else None,
            )
            if isinstance(table, PairTable):
                postings = table.probe(suffix, facts.text.all_stems)
            else:
                postings = table.probe(suffix, keys.of(signature.spaces))
            for listed in postings:
                found.update(listed.reached_by(confidence))
        return found


class _ShiftKeys:
    """The keys a shift carries in each combination of spaces, computed when first needed."""

    def __init__(self, facts: ShiftFacts) -> None:
        self.single: dict[str, frozenset[str]] = {
            "actor": frozenset(k for k in (facts.actor_key, facts.announcer_key) if k is not None),
            "topic": ngrams(facts.text.topic.stems),
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
