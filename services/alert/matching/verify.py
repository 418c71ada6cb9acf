"""Checking one rule against one shift, and explaining which clause matched which text."""

from __future__ import annotations

from dataclasses import dataclass

from services.alert.matching.actors import ActorKeys
from services.alert.matching.document import ShiftText, shift_text
from services.alert.matching.query import And, Not, Or, Phrase, Query, Term
from services.alert.matching.rules import RuleFilter
from services.alert.matching.text import stems
from shared.contract import PolicyShift


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule with its actors resolved to keys and its topics and query stemmed."""

    actors: dict[str, str]  # actor key -> the name the rule used
    actor_types: frozenset[str]
    topics: tuple[tuple[str, tuple[str, ...]], ...]  # (phrase as written, its stems)
    query: Query | None
    shift_types: frozenset[str]
    statuses: frozenset[str]
    min_confidence: float
    min_sources: int


def compile_rule(rule: RuleFilter, keys: ActorKeys) -> CompiledRule:
    actors: dict[str, str] = {}
    for name in rule.actors:
        actors.setdefault(keys.key(name), name)
    return CompiledRule(
        actors=actors,
        actor_types=frozenset(str(value) for value in rule.actor_types),
        topics=tuple((topic, stems(topic)) for topic in rule.topics),
        query=rule.parsed_query(),
        shift_types=frozenset(str(value) for value in rule.shift_types),
        statuses=frozenset(str(value) for value in rule.statuses),
        min_confidence=rule.min_confidence,
        min_sources=rule.min_sources,
    )


def cached_compile(rule: RuleFilter, keys: ActorKeys) -> CompiledRule:
    """`compile_rule`, remembered on the rule for as long as the same gazetteer is used."""
    cached = rule._compiled
    if cached is not None and cached[0] is keys.gazetteer:
        return cached[1]  # type: ignore[return-value]
    compiled = compile_rule(rule, keys)
    rule._compiled = (keys.gazetteer, compiled)
    return compiled


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


def shift_facts(shift: PolicyShift, keys: ActorKeys) -> ShiftFacts:
    return ShiftFacts(
        shift=shift,
        text=shift_text(shift),
        actor_key=keys.key(shift.actor),
        announcer_key=keys.key(shift.announced_by) if shift.announced_by else None,
        shift_type=str(shift.shift_type),
        status=str(shift.status),
        actor_type=str(shift.actor_type),
    )


def accepts(rule: CompiledRule, facts: ShiftFacts, sources: int) -> bool:
    """True when every condition of the rule holds (cheapest conditions first)."""
    if rule.shift_types and facts.shift_type not in rule.shift_types:
        return False
    if rule.statuses and facts.status not in rule.statuses:
        return False
    if rule.actor_types and facts.actor_type not in rule.actor_types:
        return False
    if facts.shift.confidence < rule.min_confidence or sources < rule.min_sources:
        return False
    if rule.actors and facts.actor_key not in rule.actors and facts.announcer_key not in rule.actors:
        return False
    text = facts.text
    if rule.topics and not any(text.find(words, only=text.topic) for _, words in rule.topics):
        return False
    return rule.query is None or holds(rule.query, text)


def holds(node: Query, text: ShiftText) -> bool:
    if isinstance(node, Term):
        return node.stem in text.all_stems
    if isinstance(node, Phrase):
        return text.find(node.stems) is not None
    if isinstance(node, And):
        return all(holds(child, text) for child in node.children)
    if isinstance(node, Or):
        return any(holds(child, text) for child in node.children)
    return not holds(node.child, text)


def explain(rule: CompiledRule, facts: ShiftFacts, sources: int) -> list[str]:
    """One line per condition of a rule that `accepts` the shift, saying what satisfied it."""
    shift, text = facts.shift, facts.text
    reasons: list[str] = []
    if facts.actor_key in rule.actors:
        reasons.append(f'actor: "{rule.actors[facts.actor_key]}" = {shift.actor}')
    elif rule.actors and facts.announcer_key is not None:
        reasons.append(f'actor: "{rule.actors[facts.announcer_key]}" = announced_by {shift.announced_by}')
    if rule.actor_types:
        reasons.append(f"actor type: {facts.actor_type}")
    for topic, words in rule.topics:
        hit = text.find(words, only=text.topic)
        if hit is not None:
            reasons.append(f'topic: "{topic}" in {hit.describe()}')
    if rule.query is not None:
        reasons.extend(f"query: {line}" for line in _explain_query(rule.query, text))
    if rule.shift_types:
        reasons.append(f"shift type: {facts.shift_type}")
    if rule.statuses:
        reasons.append(f"status: {facts.status}")
    if rule.min_confidence > 0:
        reasons.append(f"confidence {shift.confidence:.2f} >= {rule.min_confidence:g}")
    if rule.min_sources > 1:
        reasons.append(f"sources {sources} >= {rule.min_sources}")
    return reasons


def _explain_query(node: Query, text: ShiftText) -> list[str]:
    """Lines for the parts of a holding query that made it hold."""
    if isinstance(node, Term | Phrase):
        hit = text.find((node.stem,) if isinstance(node, Term) else node.stems)
        return [f'"{node.text}" in {hit.describe()}'] if hit is not None else []
    if isinstance(node, Not):
        return [f"NOT {show(node.child)} (absent)"]
    lines: list[str] = []
    for child in node.children:
        if holds(child, text):
            lines.extend(_explain_query(child, text))
    return lines


def show(node: Query) -> str:
    """A query as the user wrote its words."""
    if isinstance(node, Term | Phrase):
        return f'"{node.text}"'
    if isinstance(node, Not):
        return f"NOT {show(node.child)}"
    joiner = " AND " if isinstance(node, And) else " OR "
    return "(" + joiner.join(show(child) for child in node.children) + ")"
