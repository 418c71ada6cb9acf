"""The policy a predicate changes, as a short phrase.

'its ban on the export of rice' -> 'ban on export of rice'.
"""

from __future__ import annotations

from spacy.tokens import Token

from services.extract.rules.predicates import Predicate, noun_target, object_head

_DROP_DEPS = {
    "det",
    "poss",
    "punct",
    "relcl",
    "appos",
    "advmod",
    "nummod",
    "quantmod",
    "acl",
    "cc",
    "conj",
    "case",
    "predet",
    "neg",
    "aux",
    "mark",
    "dep",
    "parataxis",
    "advcl",
}
_KEEP_PREPS = {"on", "for", "of", "to", "in"}
_MAX_WORDS = 8


def find_topic_head(predicate: Predicate) -> Token | None:
    """The head noun of what changes: the object, the passive subject, or the noun's target."""
    token = predicate.token
    if token.pos_ == "NOUN":
        return noun_target(token)
    head = object_head(token)
    if head is not None:
        if head.lemma_.lower() in {"it", "this", "that", "them"}:
            return None
        return head
    for child in token.children:
        if child.dep_ == "xcomp":
            inner = object_head(child)
            if inner is not None:
                return inner
    for child in token.children:
        if child.dep_ == "nsubj" and child.pos_ in {"NOUN", "PROPN"}:
            return child
    return None


def topic_phrase(head: Token) -> str:
    """'the UK's international aid budget' -> 'international aid budget'."""
    words = _phrase_tokens(head, depth=0)
    words.sort(key=lambda t: t.i)
    text = " ".join(_word(t) for t in words[:_MAX_WORDS])
    return text.replace(" - ", "-").replace(" ,", ",").strip(" ,-")


def _phrase_tokens(head: Token, depth: int) -> list[Token]:
    tokens = [head]
    for child in head.children:
        if child.dep_ in _DROP_DEPS:
            continue
        if child.dep_ == "prep":
            if depth > 0 or child.lower_ not in _KEEP_PREPS or child.i < head.i:
                continue
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects:
                tokens.append(child)
                tokens.extend(_phrase_tokens(objects[0], depth + 1))
            continue
        if child.dep_ in {"compound", "amod", "nmod", "npadvmod"} and child.i < head.i:
            tokens.extend(
                t
                for t in child.subtree
                if (t.dep_ not in {"det", "poss", "punct", "case"} and not t.is_punct) or t.text == "-"
            )
            continue
    return tokens


def _word(token: Token) -> str:
    if token.pos_ == "PROPN" or token.text.isupper():
        return token.text
    return token.lower_
