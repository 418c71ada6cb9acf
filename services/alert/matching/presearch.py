"""Which keys a rule is filed under: keys such that every shift the rule matches carries one of them.

The idea of Lucene's Monitor presearcher: from each rule derive what a matching shift must contain,
file the rule under it, and on a shift look up only the shift's own keys. Keys live in spaces:

- ``actor``: the rule's actor keys (one of them is the shift's actor or announcer);
- ``topic``: each topic phrase (its first 4 words), looked up among the word n-grams of the topic;
- ``term``: a query's required words: a word; the rarest-looking word of a phrase; for AND the
  cheapest child's set; for OR the union of its children's sets; NOT requires nothing.
- ``pair``: for an AND, pairs of required words (one from each of its two cheapest parts), so
  `steel AND tariffs` is only looked at for shifts mentioning both.

A rule with actors and topics (or actors and a query) is filed under (actor, topic) pairs, so a
"Japan + rice exports" rule is only looked at for Japan shifts about rice exports. The shift type,
status and actor type a rule requires are part of its key too. Rules with no key at all (only
`NOT x`, or only a confidence threshold) go under the empty key that every shift looks up.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from services.alert.matching.query import And, Not, Or, Phrase, Query, Term
from services.alert.matching.verify import CompiledRule

MAX_KEYS_PER_RULE = 64
MAX_NGRAM = 4
# fmt: off
_STOPWORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it",
    "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "will", "with", "would", "not",
    "no",
))
# fmt: on

Suffix = tuple[str | None, str | None, str | None]  # (shift type, status, actor type)


@dataclass(frozen=True, slots=True)
class Signature:
    """The shape of a rule's keys: the spaces of its primary key and which extras it carries."""

    spaces: tuple[str, ...]  # () | ("actor",) | ("topic",) | ("term",) | ("pair",) | ("actor", ...)
    by_type: bool
    by_status: bool
    by_actor_type: bool
    corroborated: bool = False  # needs 2+ sources: not even a candidate for a single-source shift


@dataclass(frozen=True, slots=True)
class Placement:
    signature: Signature
    keys: tuple[tuple[Suffix, tuple[str, ...]], ...]  # (suffix, primary key)
    known: frozenset[str]  # conditions that finding the rule under one of its keys establishes


def word_cost(word: str) -> float:
    """A guess at how often a word appears in a shift's text: stopwords always, short words often."""
    if word in _STOPWORDS:
        return 1.0
    return 0.08 if len(word) <= 4 else 0.05


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


def required_pairs(node: Query) -> frozenset[tuple[str, str]] | None:
    """For an AND: word pairs one of which every matching text contains (a word from each of its
    two cheapest children), or None when the query is not an AND of two word-bearing parts.

    `tariff AND (steel OR aluminium)` -> {(steel, tariff), (aluminium, tariff)}
    """
    if not isinstance(node, And):
        return None
    options = sorted(
        (words for words in map(required_words, node.children) if words is not None), key=_words_cost
    )
    if len(options) < 2 or len(options[0]) * len(options[1]) > MAX_KEYS_PER_RULE:
        return None
    return frozenset((min(a, b), max(a, b)) for a, b in itertools.product(options[0], options[1]))


def _words_cost(words: frozenset[str]) -> float:
    return sum(word_cost(word) for word in words)


def topic_key(stems: tuple[str, ...]) -> str:
    return " ".join(stems[:MAX_NGRAM])


def ngrams(stems: tuple[str, ...]) -> frozenset[str]:
    """Every run of 1 to 4 consecutive words: the topic keys a text can match."""
    return frozenset(
        " ".join(stems[start : start + size])
        for size in range(1, MAX_NGRAM + 1)
        for start in range(len(stems) - size + 1)
    )


def _primary(rule: CompiledRule) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The spaces a rule is filed in, and its primary keys (one value per space)."""
    spaces: list[tuple[str, frozenset[str]]] = []
    if rule.actors:
        spaces.append(("actor", frozenset(rule.actors)))
    if rule.topics:
        spaces.append(("topic", frozenset(topic_key(stems) for _, stems in rule.topics)))
    elif rule.query is not None and not rule.actors:
        pairs = required_pairs(rule.query)
        if pairs is not None:
            return ("pair",), sorted(pairs)
    if rule.query is not None and not rule.topics:
        required = required_words(rule.query)
        if required is not None and (not rule.actors or _words_cost(required) < 1.0):
            spaces.append(("term", required))
    if len(spaces) == 2 and len(spaces[0][1]) * len(spaces[1][1]) > MAX_KEYS_PER_RULE:
        spaces.pop()
    keys = list(itertools.product(*(sorted(keys) for _, keys in spaces)))
    return tuple(name for name, _ in spaces), keys


def place(rule: CompiledRule, intern: Callable[[Any], Any] | None = None) -> Placement:
    """Where to file `rule`: with no key at all it goes under the empty key, seen by every shift.

    `intern` shares equal small values (key suffixes, signatures) between rules.
    """
    share = intern or (lambda value: value)
    spaces, primaries = _primary(rule)
    extras: list[frozenset[str]] = [rule.shift_types, rule.statuses, rule.actor_types]
    used = [bool(values) for values in extras]
    # Too many combinations (long lists in several fields): drop the widest extras from the key.
    while len(primaries) * _product(extras, used) > MAX_KEYS_PER_RULE and any(used):
        widest = max((i for i in range(3) if used[i]), key=lambda i: len(extras[i]))
        used[widest] = False
    choices = [sorted(values) if use else [None] for values, use in zip(extras, used, strict=True)]
    keys = tuple((share(suffix), primary) for primary in primaries for suffix in itertools.product(*choices))
    signature = share(Signature(spaces, used[0], used[1], used[2], corroborated=rule.min_sources > 1))
    return share(Placement(signature, keys, share(_established(rule, signature))))


def _established(rule: CompiledRule, signature: Signature) -> frozenset[str]:
    """The conditions a shift meets if it carries one of the rule's keys (and its confidence)."""
    known = {"min_confidence"}  # postings are cut at the shift's confidence
    flags = (signature.by_type, signature.by_status, signature.by_actor_type)
    known.update(
        name for name, flag in zip(("shift_types", "statuses", "actor_types"), flags, strict=True) if flag
    )
    if "actor" in signature.spaces:
        known.add("actors")
    if "topic" in signature.spaces and all(len(stems) <= MAX_NGRAM for _, stems in rule.topics):
        known.add("topics")
    if "term" in signature.spaces and isinstance(rule.query, Term):
        known.add("query")
    query = rule.query
    if signature.spaces == ("pair",) and isinstance(query, And) and len(query.children) == 2:
        known.update(("query",) if all(isinstance(c, Term) for c in query.children) else ())
    return frozenset(known)


def _product(extras: list[frozenset[str]], used: list[bool]) -> int:
    total = 1
    for values, use in zip(extras, used, strict=True):
        total *= len(values) if use else 1
    return total
