"""Further measures listed with a change, their verbs outside the lexicon (issue 8, kind 6):
'vowed to increase spending to 2% of GDP, reshape its command and acquire new missiles' -> the
missiles are a new commitment of their own. Pure functions over the parse."""

from __future__ import annotations

from spacy.tokens import Token

from services.extract.rules.lexicon import POLICY_NOUNS, SUPPORT_NOUNS, word_set
from services.extract.rules.predicates import Predicate, instrument_lemma, object_head

_ADDITIVE = {"numeric_change", "new_commitment", "hardening"}


def _coordinated_verbs(token: Token) -> list[Token]:
    """Verbs listed with this one: its conjuncts, and for 'vowed to increase X, reshape Y and acquire
    Z' (parsed as 'vowed' ... advcl 'reshape' ... conj 'acquire') the base forms beside it."""
    verbs = list(token.conjuncts)
    if token.dep_ == "xcomp":
        for sibling in token.head.children:
            if sibling.dep_ in {"advcl", "conj"} and sibling.tag_ == "VB" and sibling.i > token.i:
                verbs.extend([sibling, *sibling.conjuncts])
    return verbs


# Light and reporting verbs that add no measure of their own ('and hold talks', 'and keep the cap').
_NOT_MEASURES = word_set("""be have do get hold say see take make keep remain continue stay seek want need
    expect consider discuss urge warn call ask meet visit tell""")


def listed_measures(found: list[Predicate], taken: set[int]) -> list[Predicate]:
    """Further measures listed with a change, their verbs outside the lexicon: 'vowed to increase
    spending to 2% of GDP, reshape its command and acquire new missiles' -> acquire (missiles), a new
    commitment. Only verbs coordinated with an additive change (a raise, a new programme, a tighter
    rule) the rules accepted, with no subject of their own, whose object names a policy instrument;
    `taken`: token indices already read as predicates."""
    taken = set(taken)
    out = []
    for predicate in found:
        if predicate.shift_type not in _ADDITIVE:
            continue
        for verb in _coordinated_verbs(predicate.token):
            if verb.i in taken or verb.pos_ != "VERB" or verb.lemma_.lower() in _NOT_MEASURES:
                continue
            if any(c.dep_ in {"nsubj", "nsubjpass", "neg"} for c in verb.children):
                continue  # 'raised rates and inflation fell': a clause of its own
            obj = object_head(verb)
            things = [obj, *obj.conjuncts] if obj is not None else []  # 'buy jets and missiles'
            if any(instrument_lemma(t) in POLICY_NOUNS - SUPPORT_NOUNS for t in things):
                out.append(Predicate(verb, "new_commitment", listed=True))
                taken.add(verb.i)
    return out
