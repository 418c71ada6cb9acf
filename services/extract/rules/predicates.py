"""Change predicates: the word in a parsed sentence that makes or announces a shift."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from services.extract.rules.lexicon import PHRASAL, POLICY_NOUNS, SHIFT_HINTS, SUPPORT_NOUNS

# Nouns that carry the shift themselves ("announced a suspension of tariffs").
EVENT_NOUNS = {
    "revocation",
    "reversal",
    "suspension",
    "halt",
    "crackdown",
    "repeal",
    "withdrawal",
    "delay",
    "postponement",
    "u-turn",
    "scrapping",
    "abolition",
    "termination",
    "hike",
    "reduction",
    "pause",
    "rescission",
    "exemption",
}
LIFTABLE = {
    "ban",
    "sanction",
    "restriction",
    "embargo",
    "moratorium",
    "suspension",
    "freeze",
    "curb",
    "mandate",
    "requirement",
    "prohibition",
    "blockade",
    "cap",
}
LEAVABLE = {
    "agreement",
    "accord",
    "treaty",
    "alliance",
    "union",
    "organization",
    "organisation",
    "pact",
    "coalition",
    "bloc",
    "deal",
    "convention",
    "who",
    "nato",
}


@dataclass(frozen=True)
class Predicate:
    token: Token
    shift_type: str
    particle: Token | None = None
    no_longer: bool = False


def find_predicates(sent: Span) -> list[Predicate]:
    """Change predicates of a sentence: 'Canada has rescinded its tax' -> [rescinded/reversal]."""
    found = []
    for token in sent:
        predicate = phrasal_predicate(token) or verb_predicate(token) or event_noun_predicate(token)
        if predicate:
            found.append(predicate)
    return found


def phrasal_predicate(token: Token) -> Predicate | None:
    """'Walmart is rolling back its initiatives' -> rolling (+back), reversal."""
    if token.pos_ != "VERB":
        return None
    for child in token.children:
        if child.dep_ == "prt" and (token.lemma_.lower(), child.lower_) in PHRASAL:
            return Predicate(token, PHRASAL[(token.lemma_.lower(), child.lower_)], particle=child)
    return None


def verb_predicate(token: Token) -> Predicate | None:
    """'The Fed cut the rate' -> cut, numeric_change; 'will no longer recommend' -> reversal."""
    if token.pos_ not in {"VERB", "AUX"}:
        return None
    lemma = token.lemma_.lower()
    if no_longer(token):
        return Predicate(token, "hardening" if lemma in {"be", "able"} else "reversal", no_longer=True)
    hint = SHIFT_HINTS.get(lemma)
    if hint is None:
        return None
    obj = object_head(token)
    obj_lemma = obj.lemma_.lower() if obj is not None else ""
    if lemma == "lift" and obj_lemma in LIFTABLE:
        return Predicate(token, "reversal")
    if lemma == "leave":
        return Predicate(token, "withdrawal") if obj_lemma in LEAVABLE else None
    if lemma in {"pause", "suspend", "freeze"} and obj_lemma in SUPPORT_NOUNS:
        return Predicate(token, "withdrawal")
    if lemma in {"end", "drop", "halt"} and obj_lemma not in POLICY_NOUNS:
        return None
    return Predicate(token, hint)


def event_noun_predicate(token: Token) -> Predicate | None:
    """'announced a 90-day suspension of tariffs' -> suspension, softening."""
    lemma = token.lemma_.lower()
    if token.pos_ != "NOUN" or lemma not in EVENT_NOUNS:
        return None
    target = noun_target(token)
    hint = SHIFT_HINTS.get(lemma, "reversal")
    if lemma in {"suspension", "pause"} and target is not None and target.lemma_.lower() in SUPPORT_NOUNS:
        hint = "withdrawal"
    return Predicate(token, hint)


def no_longer(token: Token) -> bool:
    """'would no longer recommend' / 'will no longer be able to share'."""
    for child in token.children:
        if child.lower_ == "longer" and any(c.lower_ == "no" for c in child.children):
            return True
    return False


def object_head(token: Token) -> Token | None:
    """The thing changed: direct object, passive subject, or the object of 'from'/'on'."""
    for child in token.children:
        if child.dep_ in {"dobj", "nsubjpass", "attr"}:
            return child
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"from", "on", "out", "of"}:
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    if token.dep_ in {"amod", "acl"} and token.head.pos_ in {"NOUN", "PROPN"}:
        return token.head
    return None


def noun_target(token: Token) -> Token | None:
    """'suspension of tariffs' -> tariffs; 'halt to the toll' -> toll."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "to", "on", "in", "from"}:
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None
