"""Shifts told by everyday verbs in a frame that makes them a decision (issue 8, kind 6).

'make', 'set', 'declare' and 'go ahead' are no change words alone; in these frames they are:

- 'will not go ahead with the planned rise in fuel duty' / 'will not proceed with the levy' ->
  reversal (a planned change dropped);
- 'will make it an offence to sell nitrous oxide' / 'made it illegal to...' -> hardening;
  'make it legal to...' -> softening; 'made masks mandatory' -> hardening; 'will make buses free'
  -> new_commitment;
- 'set a target of 40% by 2030' / 'will set a cap on rents' -> new_commitment ('sets a cap for
  each sector' describes the standing rule);
- 'would declare a national energy emergency' -> new_commitment;
- 'will charge an additional 100% tariff on ...' -> new_commitment;
- 'extend the ban to outdoor places' -> hardening; 'extend the pause until June' -> softening;
- 'closed its border with Russia' -> hardening; 'reopened the border crossing' -> softening;
  'opened its banking sector to foreign investors' -> softening;
- 'will no longer be allowed to bring dependants' / 'will not be allowed on farmland' -> hardening;
  'will be allowed to prescribe the pill' / 'will allow firms to own hospitals' -> softening;
- 'will have to pay $100,000 per petition' -> new_commitment (a new charge);
- 'will pay RM1.99 a litre from Sept 30, down from RM2.05' -> numeric_change (a level set for
  the future against the old one).

Pure functions over the parse: each returns the shift type (or None) and, for the frames whose
object is not the verb's own, the word that names what changes.
"""

from __future__ import annotations

from spacy.tokens import Token

from services.extract.rules.lexicon import SHIFT_HINTS, word_set

OFFENCE_WORDS = word_set("offence offense crime illegal unlawful criminal")
# What an actor charges: 'will charge an additional 100% tariff on...', 'slapped a levy on...'.
CHARGEABLE = word_set("tariff duty levy tax fee toll surcharge")
CHARGING = word_set("charge levy apply")
# 'extend the ban to outdoor places' tightens; 'extend the pause until June' relaxes.
TIGHTENING_WHEN_EXTENDED = word_set("ban restriction curb embargo sanction moratorium mandate prohibition")
# ('extend the output cuts' tightens supply, 'extend the tax cut' relaxes: a bare cut is neither.)
EASING_WHEN_EXTENDED = word_set("""deadline pause exemption suspension waiver relief subsidy freeze break
    holiday discount""")
# Who may do something: 'will no longer be allowed to bring dependants' is a new rule.
PERMITTING = word_set("allow permit")
# ... and who newly may: 'pharmacists will be allowed to prescribe', 'will allow firms to own
# hospitals' ('would let the government recapitalise the bank' tells what a deal enables: not 'let').
GRANTING = PERMITTING
# Who is allowed when a deal or plan enables its own actor: 'would allow the government to borrow'.
_SELF_BENEFICIARIES = word_set("it we government company state country ministry bank group")
LAWFUL_WORDS = word_set("legal lawful")
# What a thing is made: 'made masks mandatory on buses' (a new duty), 'will make buses free' (a
# new benefit); the thing made so is the topic.
REQUIRED_WORDS = word_set("mandatory compulsory obligatory")
FREE_WORDS = word_set("free")
# What an actor sets as its own commitment ('set a target'); not a rate set at a level (a hold).
SETTABLE = word_set("target goal cap ceiling limit quota")
DECLARABLE = word_set("emergency")
# What a state closes or reopens: 'closed its border with Russia' tightens, 'reopened the crossing'
# relaxes.
CLOSABLE = word_set("border crossing airspace port checkpoint embassy consulate frontier")
CLOSING = word_set("close shut")
REOPENING = word_set("reopen")
# What a state opens to outsiders: 'opened its banking sector to foreign investors' liberalises.
OPENABLE = word_set("sector market economy industry")
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
        quality = _made_quality(token)
        if quality is not None:
            return ("hardening" if quality.lower_ in REQUIRED_WORDS else "new_commitment"), False
    if lemma == "set" and token.tag_ not in {"VBZ", "VBP"} and _object_in(token, SETTABLE):
        return "new_commitment", False
    if lemma in CHARGING and token.tag_ not in {"VBZ", "VBP"} and _object_in(token, CHARGEABLE):
        return "new_commitment", False
    if lemma in CLOSING and _object_in(token, CLOSABLE):
        return "hardening", False
    if lemma in REOPENING and _object_in(token, CLOSABLE):
        return "softening", False
    if lemma == "open" and _object_in(token, OPENABLE) and _opened_to_outsiders(token):
        return "softening", False
    if lemma == "extend" and _object_in(token, TIGHTENING_WHEN_EXTENDED):
        return "hardening", False
    if lemma == "extend" and _object_in(token, EASING_WHEN_EXTENDED):
        return "softening", False
    if lemma in PERMITTING and _refused_permission(token):
        return "hardening", True
    if lemma in GRANTING and _granted_permission(token):
        return "softening", False
    if lemma == "pay" and _must_pay(token):
        return "new_commitment", False
    if lemma == "declare" and _declared_emergency(token):
        return "new_commitment", False
    if _new_level(token):
        return "numeric_change", False
    return None


def frame_object(token: Token) -> Token | None:
    """What changes in a frame whose verb has no object of its own: the planned change given up
    ('go ahead with the rise' -> rise), the act made an offence ('to sell nitrous oxide' -> oxide)."""
    if _proceeding(token):
        return refused_object(token)
    if _new_level(token):  # 'will pay RM1.99 a litre for petrol, down from RM2.05' -> petrol
        nodes = [token, *(c for c in token.children if c.dep_ == "dobj")]
        preps = [c for n in nodes for c in n.children if c.dep_ == "prep" and c.lower_ == "for"]
        return next((g for p in preps for g in p.children if g.dep_ == "pobj"), None)
    if token.lemma_.lower() in PERMITTING and _refused_permission(token):
        return _permitted_act(token)
    if token.lemma_.lower() in GRANTING and _granted_permission(token):
        return _permitted_act(token)
    if token.lemma_.lower() == "make" and _made_quality(token) is not None:
        quality = _made_quality(token)
        return next((c for c in quality.children if c.dep_ == "nsubj"), None) if quality else None
    if token.lemma_.lower() == "make":
        made = _made_status(token)
        if made is not None:
            # 'an offence to sell', or, parsed as a clause of its own, 'an offence again to use'
            acts = [c for c in (*made.subtree, *token.children) if c.pos_ == "VERB" and _act_of(c)]
            for act in acts:
                objects = [c for c in act.children if c.dep_ in {"dobj", "pobj"}]
                objects += [
                    g for c in act.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"
                ]
                if objects:
                    return objects[0]
    return None


def _act_of(verb: Token) -> bool:
    """The act a status is made of: 'illegal to sell vapes' -> sell."""
    if verb.dep_ in {"acl", "xcomp", "relcl"}:
        return True
    return verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


def _permitted_act(token: Token) -> Token | None:
    """'will no longer be allowed to bring partners' -> partners; 'not be allowed on farmland' ->
    farmland (with the one who was allowed as the passive subject)."""
    for child in token.children:
        if child.dep_ in {"xcomp", "ccomp"} and child.pos_ in {"VERB", "AUX"}:
            objects = [g for g in child.children if g.dep_ in {"dobj", "attr"}]
            objects += [p for c in child.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
            if objects:
                return objects[0]
    for child in token.children:
        if child.dep_ == "prep":
            found = [g for g in child.children if g.dep_ == "pobj"]
            if found:
                return found[0]
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


def _opened_to_outsiders(token: Token) -> bool:
    """'opened its banking sector to foreign investors / competition': a market opened to someone,
    not 'opened a new market' (a business move)."""
    nodes = [token, *(c for c in token.children if c.dep_ == "dobj")]
    return any(c.dep_ == "prep" and c.lower_ == "to" for n in nodes for c in n.children)


def _made_quality(token: Token) -> Token | None:
    """'made masks mandatory on public transport' -> mandatory; 'will make buses free' -> free: a
    complement with its own subject (the thing made so), not 'made it clear' or 'made free trade'."""
    for child in token.children:
        if child.dep_ not in _COMPLEMENTS or child.lower_ not in REQUIRED_WORDS | FREE_WORDS:
            continue
        subjects = [c for c in child.children if c.dep_ == "nsubj"]
        if subjects and subjects[0].pos_ in {"NOUN", "PROPN"}:
            return child
    return None


def _refused_permission(token: Token) -> bool:
    """'will not be allowed on farmland', 'will no longer be permitted to bring dependants': a new
    prohibition, told in the future passive ('was not allowed' is a past state)."""
    passive = any(c.dep_ == "auxpass" for c in token.children)
    future = any(c.dep_ == "aux" and c.lower_ in {"will", "would", "shall", "'ll"} for c in token.children)
    negated = any(c.dep_ == "neg" or c.lower_ == "longer" for c in token.children)
    return passive and future and negated


def _granted_permission(token: Token) -> bool:
    """'pharmacists will be allowed to prescribe the pill', 'will allow private firms to import
    fertiliser', 'would allow the rate to be set by the market': a new freedom, told in the decided
    future with the act it permits ('is allowed to', 'were not allowed to' are states or refusals;
    'could allow' is left to `blockers.speculative`; 'would allow the government to borrow' is what
    a deal enables its own actor to do)."""
    future = any(c.dep_ == "aux" and c.lower_ in {"will", "would", "shall", "'ll"} for c in token.children)
    negated = any(c.dep_ == "neg" or c.lower_ in {"longer", "never"} for c in token.children)
    acts = [c for c in token.children if c.dep_ in {"xcomp", "ccomp"} and c.pos_ in {"VERB", "AUX"}]
    allowed = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    allowed += [g for a in acts for g in a.children if g.dep_ == "nsubj"]
    own = any(a.lemma_.lower() in _SELF_BENEFICIARIES for a in allowed)
    return future and bool(acts) and not negated and not own


def _must_pay(token: Token) -> bool:
    """'will have to pay $100,000 per petition' / 'must pay a 5 euro fee': a new charge on those
    who pay. Needs a decided future ('will have to', 'must') and an amount or a fee."""
    obliged = any(c.dep_ == "aux" and c.lower_ == "must" for c in token.children) or (
        token.dep_ == "xcomp"
        and token.head.lemma_.lower() == "have"
        and any(c.dep_ == "aux" and c.lower_ in {"will", "would", "'ll"} for c in token.head.children)
    )
    if not obliged:
        return False
    words = [t for c in token.children if c.dep_ in {"dobj", "prep"} for t in c.subtree]
    return any(t.like_num for t in words) or any(t.lemma_.lower() in CHARGEABLE for t in words)


_DECIDED_AUX = {"will", "shall", "'ll"}


def _new_level(token: Token) -> bool:
    """'Malaysians will pay RM1.99 a litre from Sept 30, down from RM2.05': a level set for the
    future, told against the old one. Needs a decided future ('will'; 'must' is left to
    `blockers.speculative`) and an amount after 'down from' / 'up from' ('prices rose, up from 3%'
    is a market move told in the past)."""
    if token.lemma_.lower() in SHIFT_HINTS:
        return False  # 'will cut power for up to 14 hours a day, up from eight': its own reading
    if not any(c.dep_ == "aux" and c.lower_ in _DECIDED_AUX for c in token.children):
        return False
    for adverb in (c for c in token.children if c.dep_ == "advmod" and c.lower_ in {"down", "up"}):
        for prep in (c for c in adverb.children if c.dep_ == "prep" and c.lower_ == "from"):
            if any(t.like_num or any(ch.isdigit() for ch in t.text) for t in prep.subtree):
                return True
    return False


def occasion(token: Token) -> bool:
    """'will lift its controls after the IMF approved a new loan': a clause that dates the news."""
    return token.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in {"after", "before", "when", "since", "once", "as"}
        for c in token.children
    )


def _object_in(token: Token, lemmas: frozenset[str]) -> bool:
    """The verb's object is one of `lemmas`, or names one as a compound ('its border crossing')."""
    return any(
        c.dep_ in {"dobj", "nsubjpass"}
        and (
            c.lemma_.lower() in lemmas
            or any(m.dep_ == "compound" and m.lemma_.lower() in lemmas for m in c.children)
        )
        for c in token.children
    )


def _declared_emergency(token: Token) -> bool:
    """'declare a national energy emergency' / 'declared a state of emergency'."""
    for obj in (c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}):
        if obj.lemma_.lower() in DECLARABLE:
            return True
        if any(t.lemma_.lower() in DECLARABLE for t in obj.subtree):
            return True
    return False
