"""Why a change predicate is not a shift: negated, speculated, demanded by others, conditional.

Each rule returns a short reason or None; `blocking_reason` returns the first that fires.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from services.extract.rules.lexicon import (
    FORECAST_NOUNS,
    REITERATION_HEADS,
    SPECULATION_HEADS,
    SPECULATIVE_MODALS,
)
from services.extract.rules.predicates import Predicate

_MAX_CLIMB = 4


def negated(predicate: Predicate) -> str | None:
    """'The bank did not cut rates' -> 'negated' ('no longer' is a change, not a negation)."""
    if predicate.no_longer:
        return None
    token = predicate.token
    if any(c.dep_ == "neg" for c in token.children):
        return "negated"
    head = token.head
    if token.dep_ in {"xcomp", "ccomp"} and any(c.dep_ == "neg" for c in head.children):
        return "negated"
    return None


def speculative(predicate: Predicate) -> str | None:
    """'The government is considering scrapping the tax' -> 'speculation'."""
    token = predicate.token
    if any(c.dep_ == "aux" and c.lower_ in SPECULATIVE_MODALS for c in token.children):
        return "speculation"
    for head in _heads(token):
        lemma = head.lemma_.lower()
        if lemma in SPECULATION_HEADS:
            return "speculation"
        if any(c.dep_ == "aux" and c.lower_ in SPECULATIVE_MODALS for c in head.children):
            return "speculation"
    return None


def reiterated(predicate: Predicate) -> str | None:
    """'The bank decided to keep rates unchanged' -> 'reiteration'."""
    token = predicate.token
    for head in (token, *_heads(token)):
        if head.lemma_.lower() in REITERATION_HEADS and head is not token:
            return "reiteration"
    sent_words = {t.lower_ for t in token.sent}
    if {"unchanged", "steady"} & sent_words and token.lemma_.lower() in {"keep", "hold", "leave"}:
        return "reiteration"
    return None


def conditional(predicate: Predicate) -> str | None:
    """'Countermeasures will kick in if talks fail' -> 'conditional'."""
    token = predicate.token
    for node in (token, *_heads(token)):
        for child in node.children:
            if child.dep_ == "advcl" and any(m.lower_ in {"if", "unless"} for m in child.children):
                return "conditional"
            if child.dep_ == "mark" and child.lower_ in {"if", "unless"}:
                return "conditional"
    return None


def forecast(predicate: Predicate) -> str | None:
    """'Analysts expect revenue to rise' / 'GDP rose 0.3%' -> 'forecast' (not a policy)."""
    token = predicate.token
    subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if any(s.lemma_.lower() in FORECAST_NOUNS for s in subjects) and token.lemma_.lower() in {
        "rise",
        "increase",
        "fall",
        "double",
        "triple",
        "boost",
        "cut",
        "lower",
        "reduce",
        "raise",
    }:
        return "forecast"
    return None


def question(predicate: Predicate) -> str | None:
    """'Will the Fed cut rates?' -> 'question'."""
    return "question" if predicate.token.sent.text.rstrip().endswith("?") else None


RULES: tuple[Callable[[Predicate], str | None], ...] = (
    negated,
    speculative,
    reiterated,
    conditional,
    forecast,
    question,
)


def blocking_reason(predicate: Predicate) -> str | None:
    for rule in RULES:
        reason = rule(predicate)
        if reason:
            return reason
    return None


def _heads(token: Token) -> list[Token]:
    """Governing words up to the clause that reports the change (a few steps at most)."""
    heads = []
    node = token
    for _ in range(_MAX_CLIMB):
        if node.head is node or node.dep_ not in {
            "xcomp",
            "ccomp",
            "conj",
            "dobj",
            "pcomp",
            "pobj",
            "prep",
            "advcl",
            "acomp",
        }:
            break
        node = node.head
        heads.append(node)
    return heads
