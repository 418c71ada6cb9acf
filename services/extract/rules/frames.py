"""Shifts told by everyday verbs in a frame that makes them a decision (issue 8, kind 6).

'make', 'set', 'declare' and 'go ahead' are no change words alone; in these frames they are:

- 'will not go ahead with the planned rise in fuel duty' / 'will not proceed with the levy' ->
  reversal (a planned change dropped);
- 'will make it an offence to sell nitrous oxide' / 'made it illegal to...' -> hardening;
  'make it legal to...' -> softening;
- 'set a target of 40% by 2030' / 'will set a cap on rents' -> new_commitment ('sets a cap for
  each sector' describes the standing rule);
- 'would declare a national energy emergency' -> new_commitment.

Pure functions over the parse: each returns the shift type (or None) and, for the frames whose
object is not the verb's own, the word that names what changes.
"""

from __future__ import annotations

from spacy.tokens import Token

from services.extract.rules.lexicon import word_set

OFFENCE_WORDS = word_set("offence offense crime illegal unlawful criminal")
LAWFUL_WORDS = word_set("legal lawful")
# What an actor sets as its own commitment ('set a target'); not a rate set at a level (a hold).
SETTABLE = word_set("target goal cap ceiling limit quota")
DECLARABLE = word_set("emergency")
_COMPLEMENTS = {"ccomp", "oprd", "xcomp", "acomp", "attr", "dobj"}


def frame_shift(token: Token) -> tuple[str, bool] | None:
    """(shift type, whether the frame carries its own negation) of a verb in one of the frames."""
    lemma = token.lemma_.lower()
    if _proceeding(token) and any(c.dep_ == "neg" for c in token.children):
        return ("reversal", True) if refused_object(token) is not None else None
    if lemma == "make":
        made = _made_status(token)
        if made is not None:
            return ("hardening" if made.lemma_.lower() in OFFENCE_WORDS else "softening"), False
    if lemma == "set" and token.tag_ not in {"VBZ", "VBP"} and _object_in(token, SETTABLE):
        return "new_commitment", False
    if lemma == "declare" and _declared_emergency(token):
        return "new_commitment", False
    return None


def frame_object(token: Token) -> Token | None:
    """What changes in a frame whose verb has no object of its own: the planned change given up
    ('go ahead with the rise' -> rise), the act made an offence ('to sell nitrous oxide' -> oxide)."""
    if _proceeding(token):
        return refused_object(token)
    if token.lemma_.lower() == "make":
        made = _made_status(token)
        if made is not None:
            for act in (c for c in made.subtree if c.pos_ == "VERB" and c.dep_ in {"acl", "xcomp", "relcl"}):
                objects = [c for c in act.children if c.dep_ in {"dobj", "pobj"}]
                objects += [
                    g for c in act.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"
                ]
                if objects:
                    return objects[0]
    return None


def refused_object(token: Token) -> Token | None:
    """'go ahead with the increase' / 'proceed with plans' -> increase / plans."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "with":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def _proceeding(token: Token) -> bool:
    """'go ahead' or 'proceed'."""
    lemma = token.lemma_.lower()
    return lemma == "proceed" or (lemma == "go" and any(c.lower_ == "ahead" for c in token.children))


def _made_status(token: Token) -> Token | None:
    """'make it an offence to ...' -> offence: the word that makes an act (un)lawful, with 'it' as
    the dummy object (on the verb or as the complement's subject)."""
    dummy = any(c.lower_ == "it" and c.dep_ in {"dobj", "nsubj"} for c in token.children)
    for child in token.children:
        if child.dep_ not in _COMPLEMENTS:
            continue
        words = [child, *(c for c in child.children if c.dep_ in {"attr", "acomp", "oprd"})]
        has_dummy = dummy or any(c.lower_ == "it" for c in child.children)
        for word in words:
            if has_dummy and word.lemma_.lower() in OFFENCE_WORDS | LAWFUL_WORDS:
                return word
    return None


def _object_in(token: Token, lemmas: frozenset[str]) -> bool:
    return any(c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() in lemmas for c in token.children)


def _declared_emergency(token: Token) -> bool:
    """'declare a national energy emergency' / 'declared a state of emergency'."""
    for obj in (c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}):
        if obj.lemma_.lower() in DECLARABLE:
            return True
        if any(t.lemma_.lower() in DECLARABLE for t in obj.subtree):
            return True
    return False
