"""Checking one rule against one shift.

A rule is compiled once into a chain of small closures holding only the conditions it has, the
cheapest first, so checking a candidate costs a few attribute reads instead of walking the rule.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from services.alert.matching.actors import ActorKeys
from services.alert.matching.document import ShiftFacts, ShiftText
from services.alert.matching.query import And, Not, Phrase, Query, Term
from services.alert.matching.rules import RuleFilter
from services.alert.matching.text import stems

H = TypeVar("H", bound=Hashable)
Check = Callable[[ShiftFacts, int], bool]
TextCheck = Callable[[ShiftText], bool]


@dataclass(slots=True)
class CompiledRule:
    """A rule with its actors resolved to keys, its topics and query stemmed, and its check built."""

    actors: dict[str, str]  # actor key -> the name the rule used
    actor_types: frozenset[str]
    topics: tuple[tuple[str, tuple[str, ...]], ...]  # (phrase as written, its stems)
    query: Query | None
    shift_types: frozenset[str]
    statuses: frozenset[str]
    min_confidence: float
    min_sources: int
    _check: Check | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def check(self) -> Check:
        """The full check, built on first use (the index builds a smaller one of its own)."""
        if self._check is None:
            self._check = build_check(self)
        return self._check


class Interner:
    """Shares equal immutable values between rules: 100k rules hold a few dozen distinct type sets."""

    def __init__(self) -> None:
        self._values: dict[Hashable, Hashable] = {}

    def __call__(self, value: H) -> H:
        return self._values.setdefault(value, value)  # type: ignore[return-value]


def compile_rule(
    rule: RuleFilter, keys: ActorKeys, intern: Callable[[Any], Any] | None = None
) -> CompiledRule:
    """Resolve, stem and parse a rule once; `intern` shares its small sets with other rules."""
    share: Callable[[Any], Any] = intern or (lambda value: value)
    actors: dict[str, str] = {}
    for name in rule.actors:
        actors.setdefault(keys.key(name), name)
    return CompiledRule(
        actors=actors,
        actor_types=share(frozenset(str(value) for value in rule.actor_types)),
        topics=tuple((topic, stems(topic)) for topic in rule.topics),
        query=rule.parsed_query(),
        shift_types=share(frozenset(str(value) for value in rule.shift_types)),
        statuses=share(frozenset(str(value) for value in rule.statuses)),
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


def build_check(rule: CompiledRule, *, known: frozenset[str] = frozenset()) -> Check:
    """A function telling whether a shift meets every condition of `rule`."""
    return _all(condition_checks(rule, known=known))


def condition_checks(rule: CompiledRule, *, known: frozenset[str] = frozenset()) -> list[Check]:
    """One check per condition of `rule`, cheapest first.

    `known` names conditions the caller has already established (the index knows, from the key a
    shift found the rule under, that its type, actor or topic match): they are left out.
    """
    checks: list[Check] = []
    shift_types, statuses, actor_types = rule.shift_types, rule.statuses, rule.actor_types
    if shift_types and "shift_types" not in known:
        checks.append(lambda f, s: f.shift_type in shift_types)
    if statuses and "statuses" not in known:
        checks.append(lambda f, s: f.status in statuses)
    if actor_types and "actor_types" not in known:
        checks.append(lambda f, s: f.actor_type in actor_types)
    min_confidence, min_sources, actors = rule.min_confidence, rule.min_sources, rule.actors
    if min_confidence > 0 and "min_confidence" not in known:
        checks.append(lambda f, s: f.confidence >= min_confidence)
    if min_sources > 1:
        checks.append(lambda f, s: s >= min_sources)
    if actors and "actors" not in known:
        checks.append(lambda f, s: f.actor_key in actors or f.announcer_key in actors)
    if rule.topics and "topics" not in known:
        phrases = tuple(words for _, words in rule.topics)
        checks.append(lambda f, s: any(f.text.find(words, in_topic=True) for words in phrases))
    if rule.query is not None and "query" not in known:
        holds = compile_query(rule.query)
        checks.append(lambda f, s: holds(f.text))
    return checks


def residual_check(rule: CompiledRule, known: frozenset[str]) -> Check | None:
    """The check left once `known` conditions are established; None when nothing is left."""
    checks = condition_checks(rule, known=known)
    return _all(checks) if checks else None


def _all(checks: list[Check]) -> Check:
    if not checks:
        return lambda f, s: True
    first = checks[0]
    if len(checks) == 1:
        return first
    rest = _all(checks[1:])
    return lambda f, s: first(f, s) and rest(f, s)


def compile_query(node: Query) -> TextCheck:
    """A function telling whether a shift's text satisfies the query.

    The words directly under an AND (or an OR) become one set operation on the shift's words.
    """
    if isinstance(node, Term):
        stem = node.stem
        return lambda text: stem in text.all_stems
    if isinstance(node, Phrase):
        words = node.stems
        return lambda text: text.find(words) is not None
    if isinstance(node, Not):
        child = compile_query(node.child)
        return lambda text: not child(text)
    terms = frozenset(child.stem for child in node.children if isinstance(child, Term))
    checks = [compile_query(child) for child in node.children if not isinstance(child, Term)]
    if isinstance(node, And):
        if terms:
            checks.insert(0, lambda text: terms <= text.all_stems)
        return _both(checks)
    if terms:
        checks.insert(0, lambda text: not terms.isdisjoint(text.all_stems))
    return _either(checks)


def _both(checks: list[TextCheck]) -> TextCheck:
    first = checks[0]
    if len(checks) == 1:
        return first
    rest = _both(checks[1:])
    return lambda text: first(text) and rest(text)


def _either(checks: list[TextCheck]) -> TextCheck:
    first = checks[0]
    if len(checks) == 1:
        return first
    rest = _either(checks[1:])
    return lambda text: first(text) or rest(text)
