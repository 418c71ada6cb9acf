"""`RuleIndex`: rules filed under their required keys, so a shift is checked only against candidates."""

from __future__ import annotations

from services.alert.matching.actors import ActorKeys, AliasResolver
from services.alert.matching.presearch import Placement, Signature, Suffix, place
from services.alert.matching.rules import RuleFilter, RuleMatch
from services.alert.matching.verify import (
    CompiledRule,
    ShiftFacts,
    accepts,
    compile_rule,
    explain,
    shift_facts,
)
from shared.contract import PolicyShift

# signature -> suffix (shift type, status, actor type) -> primary key -> rule ids
_Table = dict[Suffix, dict[str | None, set[str]]]


class RuleIndex:
    """An in-memory index of watch rules (one per service process; not thread-safe).

    `match` returns the same rules and reasons as `match_linear` over the same rules.
    """

    def __init__(self, gazetteer: AliasResolver | None = None) -> None:
        self._keys = ActorKeys(gazetteer)
        self._rules: dict[str, CompiledRule] = {}
        self._placements: dict[str, Placement] = {}
        self._tables: dict[Signature, _Table] = {}
        self._unfiled: set[str] = set()

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def add(self, rule_id: str, rule: RuleFilter) -> None:
        """Add a rule, replacing any rule with the same id."""
        self.remove(rule_id)
        compiled = compile_rule(rule, self._keys)
        self._rules[rule_id] = compiled
        placement = place(compiled)
        if placement is None:
            self._unfiled.add(rule_id)
            return
        self._placements[rule_id] = placement
        table = self._tables.setdefault(placement.signature, {})
        for suffix, primary in placement.keys:
            table.setdefault(suffix, {}).setdefault(primary, set()).add(rule_id)

    def remove(self, rule_id: str) -> None:
        """Remove a rule; removing an unknown id does nothing."""
        if self._rules.pop(rule_id, None) is None:
            return
        self._unfiled.discard(rule_id)
        placement = self._placements.pop(rule_id, None)
        if placement is None:
            return
        table = self._tables[placement.signature]
        for suffix, primary in placement.keys:
            by_primary = table[suffix]
            ids = by_primary[primary]
            ids.discard(rule_id)
            if not ids:
                del by_primary[primary]
                if not by_primary:
                    del table[suffix]
        if not table:
            del self._tables[placement.signature]

    def match(self, shift: PolicyShift, *, sources: int = 1) -> list[RuleMatch]:
        """The rules `shift` matches when `sources` independent sources report it, by rule id."""
        facts = shift_facts(shift, self._keys)
        matches = []
        for rule_id in self.candidates(facts):
            rule = self._rules[rule_id]
            if accepts(rule, facts, sources):
                matches.append(RuleMatch(rule_id, explain(rule, facts, sources)))
        matches.sort(key=lambda match: match.rule_id)
        return matches

    def candidates(self, facts: ShiftFacts) -> set[str]:
        """Ids of the rules that may match: those filed under one of the shift's keys, and the unfiled."""
        primaries: dict[str | None, frozenset[str | None]] = {
            "actor": frozenset((facts.actor_key, facts.announcer_key)),
            "topic": frozenset(facts.text.topic.stems),
            "term": facts.text.all_stems,
            None: frozenset((None,)),
        }
        found = set(self._unfiled)
        for signature, table in self._tables.items():
            suffix = (
                facts.shift_type if signature.by_type else None,
                facts.status if signature.by_status else None,
                facts.actor_type if signature.by_actor_type else None,
            )
            by_primary = table.get(suffix)
            if by_primary is None:
                continue
            for primary in by_primary.keys() & primaries[signature.space]:
                found.update(by_primary[primary])
        return found
