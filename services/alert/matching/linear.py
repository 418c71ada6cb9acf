"""The plain scan: every rule checked against the shift. The baseline and the test oracle."""

from __future__ import annotations

from collections.abc import Iterable

from services.alert.matching.actors import ActorKeys, AliasResolver
from services.alert.matching.document import shift_facts
from services.alert.matching.explain import explain
from services.alert.matching.rules import RuleFilter, RuleMatch
from services.alert.matching.verify import cached_compile
from shared.contract import PolicyShift


def match_linear(
    rules: Iterable[tuple[str, RuleFilter]],
    shift: PolicyShift,
    *,
    sources: int = 1,
    gazetteer: AliasResolver | None = None,
    actor_keys: ActorKeys | None = None,
) -> list[RuleMatch]:
    """Every rule that matches `shift` when `sources` independent sources report it, by rule id."""
    keys = actor_keys if actor_keys is not None else ActorKeys(gazetteer)
    facts = shift_facts(shift, keys)
    matches = []
    for rule_id, rule in rules:
        compiled = cached_compile(rule, keys)
        if compiled.check(facts, sources):
            matches.append(RuleMatch(rule_id, explain(compiled, facts, sources)))
    matches.sort(key=lambda match: match.rule_id)
    return matches
