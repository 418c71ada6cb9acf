"""Which keys a rule is filed under: a set of keys such that any shift the rule matches has one.

The idea of Lucene's Monitor presearcher: from each rule derive the words (or actors) a matching
shift must contain, file the rule under them, and on a shift only look up the shift's own words.
A rule is filed under its most selective condition:

- actors: the actor keys (any of them must be the shift's actor or announcer);
- topics: one word of each topic phrase (the rarest-looking), looked up in the shift's topic;
- query: its required words: a word or one word of a phrase; for AND the cheapest child's set,
  for OR the union of its children's sets; NOT requires nothing, so `NOT x` alone is unfiled.

Shift type, status and actor type, when the rule constrains them, are added to the key, so a
`reversal`-only rule on the word `tariff` is only looked at for reversals mentioning tariffs.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from services.alert.matching.query import And, Not, Or, Phrase, Query, Term
from services.alert.matching.verify import CompiledRule

MAX_KEYS_PER_RULE = 64
_STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
        "would",
        "not",
        "no",
    }
)
# Rough chance that a shift carries a key, by kind of key: an actor is rarer than a word.
_PRIOR = {"actor": 0.02, "topic": 0.03, "term": 0.05}

Suffix = tuple[str | None, str | None, str | None]  # (shift type, status, actor type)


@dataclass(frozen=True, slots=True)
class Signature:
    """The shape of a rule's keys: which space the primary key is in, which extras it carries."""

    space: str | None  # "actor" | "topic" | "term" | None
    by_type: bool
    by_status: bool
    by_actor_type: bool


@dataclass(frozen=True, slots=True)
class Placement:
    signature: Signature
    keys: tuple[tuple[Suffix, str | None], ...]  # (suffix, primary key)


def word_cost(word: str) -> float:
    if word in _STOPWORDS:
        return 1.0
    return _PRIOR["term"] * (1.5 if len(word) <= 4 else 1.0)


def best_word(words: tuple[str, ...]) -> str:
    """The word of a phrase least likely to appear by chance: not a stopword, then the longest."""
    return min(words, key=lambda word: (word_cost(word), -len(word)))


def required_words(node: Query) -> frozenset[str] | None:
    """Words one of which every text matching `node` contains, or None when there is no such set."""
    if isinstance(node, Term):
        return frozenset((node.stem,))
    if isinstance(node, Phrase):
        return frozenset((best_word(node.stems),))
    if isinstance(node, Not):
        return None
    options = [required_words(child) for child in node.children]
    if isinstance(node, Or):
        if any(option is None for option in options):
            return None
        return frozenset().union(*(option for option in options if option is not None))
    assert isinstance(node, And)
    usable = [option for option in options if option is not None]
    return min(usable, key=_words_cost) if usable else None


def _words_cost(words: frozenset[str]) -> float:
    return sum(word_cost(word) for word in words)


def _primary(rule: CompiledRule) -> tuple[str | None, frozenset[str]]:
    options: list[tuple[float, str, frozenset[str]]] = []
    if rule.actors:
        options.append((_PRIOR["actor"] * len(rule.actors), "actor", frozenset(rule.actors)))
    if rule.topics:
        words = frozenset(best_word(stems) for _, stems in rule.topics)
        options.append((_PRIOR["topic"] * len(words), "topic", words))
    if rule.query is not None:
        required = required_words(rule.query)
        if required is not None:
            options.append((_words_cost(required), "term", required))
    if not options:
        return None, frozenset()
    _, space, keys = min(options, key=lambda option: option[0])
    return space, keys


def place(rule: CompiledRule) -> Placement | None:
    """Where to file `rule`, or None when it must be checked against every shift."""
    space, primaries = _primary(rule)
    extras: list[frozenset[str]] = [rule.shift_types, rule.statuses, rule.actor_types]
    size = max(1, len(primaries))
    used = [bool(values) for values in extras]
    # Too many combinations (long lists in several fields): drop the widest extras from the key.
    while size * _product(extras, used) > MAX_KEYS_PER_RULE and any(used):
        widest = max((i for i in range(3) if used[i]), key=lambda i: len(extras[i]))
        used[widest] = False
    if space is None and not any(used):
        return None
    signature = Signature(space, *used)
    choices = [sorted(values) if use else [None] for values, use in zip(extras, used, strict=True)]
    keys = tuple(
        ((shift_type, status, actor_type), primary)
        for primary in (sorted(primaries) if space is not None else [None])
        for shift_type, status, actor_type in itertools.product(*choices)
    )
    return Placement(signature, keys)


def _product(extras: list[frozenset[str]], used: list[bool]) -> int:
    total = 1
    for values, use in zip(extras, used, strict=True):
        total *= len(values) if use else 1
    return total
