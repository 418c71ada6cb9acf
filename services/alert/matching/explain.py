"""Why a rule matched: one line per condition, naming the text that satisfied it.

    actor: "Washington" = United States
    topic: "tariffs" in topic "steel tariffs"
    query: "imported" in evidence "...raised tariffs on imported steel to 25%."
    query: NOT "exemption" (absent)
    confidence 0.86 >= 0.7

Lines are built once per shift and shared by every rule that needs the same line.
"""

from __future__ import annotations

from services.alert.matching.document import Hit, ShiftFacts, ShiftText
from services.alert.matching.query import And, Not, Or, Phrase, Query, Term
from services.alert.matching.verify import CompiledRule


def explain(rule: CompiledRule, facts: ShiftFacts, sources: int) -> list[str]:
    """The reasons a rule that accepts the shift matched it."""
    shift, text = facts.shift, facts.text
    reasons: list[str] = []
    if rule.actors:
        reasons.append(_actor_line(rule.actors, facts))
    if rule.actor_types:
        reasons.append(f"actor type: {facts.actor_type}")
    for topic, words in rule.topics:
        hit = text.find(words, in_topic=True)
        if hit is not None:
            reasons.append(_cached(text, ("topic", topic), 'topic: "{}" in {}', topic, hit))
    if rule.query is not None:
        _query_lines(rule.query, text, reasons)
    if rule.shift_types:
        reasons.append(f"shift type: {facts.shift_type}")
    if rule.statuses:
        reasons.append(f"status: {facts.status}")
    if rule.min_confidence > 0:
        reasons.append(f"confidence {shift.confidence:.2f} >= {rule.min_confidence:g}")
    if rule.min_sources > 1:
        reasons.append(f"sources {sources} >= {rule.min_sources}")
    return reasons


def explanation_key(rule: CompiledRule) -> tuple[object, ...]:
    """Everything `explain` reads from a rule: rules with equal keys get equal reasons for a shift."""
    return (
        tuple(rule.actors.items()),
        bool(rule.actor_types),
        rule.topics,
        rule.query,
        bool(rule.shift_types),
        bool(rule.statuses),
        rule.min_confidence,
        rule.min_sources,
    )


def _actor_line(actors: dict[str, str], facts: ShiftFacts) -> str:
    if facts.actor_key in actors:
        return f'actor: "{actors[facts.actor_key]}" = {facts.shift.actor}'
    assert facts.announcer_key is not None
    return f'actor: "{actors[facts.announcer_key]}" = announced_by {facts.shift.announced_by}'


def _cached(text: ShiftText, key: object, template: str, words: str, hit: Hit) -> str:
    """A line quoting the shift's text: the snippet is cut once per shift, not once per rule."""
    line = text.lines.get(key)
    if line is None:
        line = text.lines[key] = template.format(words, hit.describe())
    return line


def _query_lines(node: Query, text: ShiftText, lines: list[str]) -> None:
    """Append lines for the parts of a holding query that made it hold."""
    if isinstance(node, Term | Phrase):
        hit = text.find((node.stem,) if isinstance(node, Term) else node.stems)
        if hit is not None:
            lines.append(_cached(text, id(node), 'query: "{}" in {}', node.text, hit))
    elif isinstance(node, Not):
        line = text.lines.get(id(node))
        if line is None:
            line = text.lines[id(node)] = f"query: NOT {show(node.child)} (absent)"
        lines.append(line)
    else:
        for child in node.children:
            if holds(child, text):
                _query_lines(child, text, lines)


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


def show(node: Query) -> str:
    """A query as the user wrote its words."""
    if isinstance(node, Term | Phrase):
        return f'"{node.text}"'
    if isinstance(node, Not):
        return f"NOT {show(node.child)}"
    joiner = " AND " if isinstance(node, And) else " OR "
    return "(" + joiner.join(show(child) for child in node.children) + ")"
