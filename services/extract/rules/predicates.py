"""Change predicates: the word in a parsed sentence that makes or announces a shift."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from services.extract.rules.frames import CHARGEABLE, frame_object, frame_shift, occasion
from services.extract.rules.lexicon import (
    ANNOUNCING_VERBS,
    COMMITMENT_VERBS,
    CURRENCY_WORDS,
    EXEMPTING,
    GIVING,
    LEAVABLE,
    NUMERIC,
    PHRASAL,
    POLICY_NOUNS,
    SHIFT_HINTS,
    SUPPORT_NOUNS,
    word_set,
)

# Nouns that carry the shift themselves ("announced a suspension of tariffs").
EVENT_NOUNS = word_set("""revocation reversal suspension halt crackdown repeal withdrawal delay
    postponement u-turn scrapping
    abolition termination pause rescission exemption shift pivot turnaround end removal elimination
    cancellation climbdown lifting easing relaxation tightening reimposition reinstatement freeze ban
    cut hike increase reduction rise""")
# Verbs that make a stance-change noun an act: "marked a stark shift in US policy".
MARKING_VERBS = word_set("mark signal represent amount")
# Verbs that change a setting when they say from what to what: "redefine possession from X to Y".
RESETTING_VERBS = word_set("redefine reclassify amend revise change modify adjust move shift switch")
LIFTABLE = word_set(
    "ban sanction restriction embargo moratorium suspension freeze curb mandate requirement prohibition cap"
)
EXIT_VERBS = word_set("withdraw exit quit pull leave")
STOPPING_VERBS = word_set("stop cease")
# Everyday verbs that change a policy only when their object names one: 'dropped the tariff', not
# 'dropped 3%'; 'dismantled the scheme', not 'dismantled the camp'.
_NEEDS_POLICY_OBJECT = word_set(
    "end drop halt remove retire stop cease replace reinstate reintroduce dismantle"
)
# Activities whose stopping withdraws support or participation: 'stop participating in the index'.
SUPPORTING_ACTS = word_set("participate fund finance lend support contribute sponsor cooperate attend")


@dataclass(frozen=True)
class Predicate:
    token: Token
    shift_type: str
    particle: Token | None = None
    no_longer: bool = False
    # a further measure listed with another change: its amount, if any, follows its own verb
    listed: bool = False


def find_predicates(sent: Span) -> list[Predicate]:
    """Change predicates of a sentence: 'Canada has rescinded its tax' -> [rescinded/reversal]."""
    found = []
    for token in sent:
        predicate = phrasal_predicate(token) or verb_predicate(token) or event_noun_predicate(token)
        if predicate and not _embeds_predicate(predicate):
            found.append(predicate)
    return found


def phrasal_predicate(token: Token) -> Predicate | None:
    """'Walmart is rolling back its initiatives' -> rolling (+back), reversal."""
    if token.pos_ != "VERB":
        return None
    for child in token.children:
        key = (token.lemma_.lower(), child.lower_)
        if child.dep_ in {"prt", "advmod"} and child.i == token.i + 1 and key in PHRASAL:
            return Predicate(token, PHRASAL[key], particle=child)
    return None


def verb_predicate(token: Token) -> Predicate | None:
    """'The Fed cut the rate' -> cut, numeric_change; 'will no longer recommend' -> reversal."""
    if token.pos_ not in {"VERB", "AUX"} or not _acts(token):
        return None
    lemma = token.lemma_.lower()
    if no_longer(token):
        kind = "hardening" if lemma in {"be", "allow", "permit"} else "reversal"  # 'no longer be allowed to'
        return Predicate(token, kind, no_longer=True)
    if lemma in {"renew", "extend"} and any(c.dep_ == "neg" for c in token.children):
        obj = object_head(token)  # 'will not renew the licence' ends it: a stop, not a refusal
        if obj is not None and obj.lemma_.lower() in POLICY_NOUNS:
            return Predicate(token, "reversal", no_longer=True)
    hint = SHIFT_HINTS.get(lemma)
    if hint is None:
        return _framed(token) or _resetting(token) or _giving(token)
    obj = object_head(token)
    obj_lemma = instrument_lemma(obj)
    if lemma == "lift":  # 'lifted the ban' ends a measure; 'lift spending to 3%' raises a setting
        return Predicate(token, "reversal" if obj_lemma in LIFTABLE or obj is None else "numeric_change")
    if lemma == "leave":
        return Predicate(token, "withdrawal") if obj_lemma in LEAVABLE else None
    if lemma in {"pause", "suspend", "freeze", "halt", *STOPPING_VERBS} and obj_lemma in SUPPORT_NOUNS:
        return Predicate(token, "withdrawal")
    if lemma == "suspend" and obj is not None and _member_suspended(token, obj):
        return Predicate(token, "hardening")  # 'suspended Madagascar from all of its organs': a sanction
    if lemma in STOPPING_VERBS and obj is None:
        return _stopped_activity(token)
    if lemma in _NEEDS_POLICY_OBJECT and obj_lemma not in POLICY_NOUNS:
        return None
    if lemma in {"recognise", "recognize"} and not _statehood(obj):
        return None
    return Predicate(token, hint)


def _member_suspended(token: Token, obj: Token) -> bool:
    """A named member suspended from a body's organs or activities: a sanction ('suspended Madagascar
    from all of its organs'); not a person suspended from a party."""
    if obj.pos_ != "PROPN" and obj.ent_type_ not in {"GPE", "ORG", "NORP"}:
        return False
    sources = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "from"]
    return any(t.lemma_.lower() in _MEMBERSHIPS for c in sources for t in c.subtree)


_MEMBERSHIPS = LEAVABLE | word_set("organ activity membership body institution participation meeting")


def instrument_lemma(obj: Token | None) -> str:
    """The object's lemma, or its apposition's when that names a policy: 'ended the "dollar blend",
    a scheme that...' -> scheme."""
    if obj is None:
        return ""
    for child in obj.children:
        if child.dep_ == "appos" and child.lemma_.lower() in POLICY_NOUNS:
            return child.lemma_.lower()
    return obj.lemma_.lower()


def _framed(token: Token) -> Predicate | None:
    """'will not go ahead with the rise', 'make it an offence to', 'set a target' (`rules/frames.py`)."""
    found = frame_shift(token)
    return Predicate(token, found[0], no_longer=found[1]) if found is not None else None


def _statehood(obj: Token | None) -> bool:
    """'will recognise the state of Palestine' / 'recognise Palestine': a state is recognised, not
    a problem or a contribution."""
    return obj is not None and (
        obj.lemma_.lower() in {"state", "statehood", "independence"} or obj.ent_type_ == "GPE"
    )


def _giving(token: Token) -> Predicate | None:
    """'Berlin will provide Kyiv with an additional EUR 9 billion in aid' / 'the city plans to
    reserve one lane for buses' -> new_commitment: a resource newly given, told by its amount or by
    what it is reserved for. 'The fund provides $3 billion a year' (a practice) is not a decision."""
    lemma = token.lemma_.lower()
    if lemma not in GIVING or not _decided(token):
        return None
    if lemma in _ANNOUNCED_MONEY and (occasion(token) or not _grant_object(token)):
        return None  # 'after the IMF approved a $20 billion loan' dates the news; 'announced profits'
    if lemma in _ANNOUNCED_MONEY and _new_charge(token):
        return Predicate(token, "new_commitment")  # 'announced a windfall tax on energy profits'
    if lemma == "reserve":  # 'reserve one lane for buses' ('for' on the verb or on the lane)
        obj = object_head(token)
        nodes = (token, obj) if obj is not None else ()
        purpose = any(c.dep_ == "prep" and c.lower_ == "for" for n in nodes for c in n.children)
        return Predicate(token, "new_commitment") if purpose else None
    return Predicate(token, "new_commitment") if gives_money(token) else None


_ANNOUNCED_MONEY = word_set("approve announce")


def _new_charge(token: Token) -> bool:
    """'The Treasury announced a windfall tax', 'lawmakers approved a 15% minimum tax': a charge
    announced or approved is a new one ('announced tax cuts' is told by its cut)."""
    return any(c.dep_ == "dobj" and c.lemma_.lower() in CHARGEABLE for c in token.children)


def _grant_object(token: Token) -> bool:
    """What is approved or announced is the money itself ('announced $1.5 billion') or a policy
    instrument ('approved a $20 billion loan'), not company results ('announced profits of $2bn')."""
    objects = [c for c in token.children if c.dep_ == "dobj"]
    named = token.lemma_.lower() == "approve"  # 'approved an Extended Credit Facility of...': a programme
    return bool(objects) and all(_money_or_instrument(o) or (named and o.pos_ == "PROPN") for o in objects)


def _money_or_instrument(word: Token) -> bool:
    lemma = word.lemma_.lower()
    return word.like_num or lemma in CURRENCY_WORDS or word.lower_ in CURRENCY_WORDS or lemma in POLICY_NOUNS


def gives_money(token: Token) -> bool:
    """A money amount among the verb's arguments (not its subject): 'provide ... EUR 9 billion'.
    A vague total ('has committed billions of dollars') states no amount."""
    args = [c for c in token.children if c.dep_ in {"dobj", "dative", "prep", "attr", "oprd"}]
    words = [t for a in args for t in a.subtree]
    return any(
        (word.lower_ in CURRENCY_WORDS or word.lemma_.lower() in CURRENCY_WORDS)
        and any(t.like_num for t in words[max(0, n - 3) : n + 3])
        for n, word in enumerate(words)
    )


def _decided(token: Token) -> bool:
    """A verb that tells a decision, not a standing practice: 'will provide', 'provided', 'agreed to
    provide', 'plans to reserve'; not the present 'provides'."""
    if token.tag_ in {"VBZ", "VBP"}:
        return False
    if token.dep_ == "xcomp" or token.tag_ == "VBD":
        return True
    return any(c.dep_ in {"aux", "auxpass"} for c in token.children)


def _stopped_activity(token: Token) -> Predicate | None:
    """'will stop participating in external surveys' -> withdrawal; 'stopped issuing permits' -> reversal."""
    for child in token.children:
        if child.dep_ == "xcomp" and child.tag_ == "VBG":
            kind = "withdrawal" if child.lemma_.lower() in SUPPORTING_ACTS else "reversal"
            return Predicate(token, kind)
    return None


def event_noun_predicate(token: Token) -> Predicate | None:
    """'announced a 90-day suspension of tariffs' -> suspension, softening (only when announced or
    ordered)."""
    lemma = token.lemma_.lower()
    if token.pos_ != "NOUN" or lemma not in EVENT_NOUNS:
        return None
    governor = token.head.lemma_.lower()
    if token.dep_ not in {"dobj", "attr"} or governor not in ANNOUNCING_VERBS | MARKING_VERBS:
        return None
    if lemma in NUMERIC and governor not in ANNOUNCING_VERBS:
        return None  # 'that marks an increase from historic spending': a comparison, not an act
    if lemma in {"shift", "pivot", "turnaround"}:
        target = noun_target(token)
        if target is None or target.lemma_.lower() not in {"policy", "stance", "position", "approach"}:
            return None
        return Predicate(token, "reversal")
    target = noun_target(token)
    hint = SHIFT_HINTS.get(lemma, "reversal")
    if lemma in {"suspension", "pause"} and target is not None and target.lemma_.lower() in SUPPORT_NOUNS:
        hint = "withdrawal"
    return Predicate(token, hint)


def _resetting(token: Token) -> Predicate | None:
    """'redefine a minor offence from "three grams" to "any quantity"' -> hardening (a setting moved)."""
    if token.lemma_.lower() not in RESETTING_VERBS:
        return None
    sources = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "from"]
    if not sources or not any(c.dep_ == "dobj" for c in token.children):
        return None
    targets = [t for t in (*token.children, *sources[0].subtree) if t.dep_ == "prep" and t.lower_ == "to"]
    return Predicate(token, "hardening") if targets else None


def no_longer(token: Token) -> bool:
    """'would no longer recommend' / 'will no longer be able to share'."""
    words = {c.lower_ for c in token.children}
    longer = [c for c in token.children if c.lower_ == "longer"]
    return bool(longer) and ("no" in words or any(c.lower_ == "no" for c in longer[0].children))


def object_head(token: Token) -> Token | None:
    """The thing changed: direct object, passive subject, or 'withdraw from X' / 'crack down on X'."""
    framed = frame_object(token)
    if framed is not None:
        return framed
    if token.lemma_.lower() in EXEMPTING:  # 'exempt small firms from reporting rules' -> rules
        relieved = [c for c in token.children if c.dep_ == "dobj"]
        for child in (*token.children, *(g for c in relieved for g in c.children)):
            if child.dep_ == "prep" and child.lower_ == "from":
                rules = [g for g in child.children if g.dep_ == "pobj"]
                if rules:
                    return rules[0]
    exiting = token.lemma_.lower() in EXIT_VERBS
    for child in token.children:
        if child.dep_ in {"dobj", "nsubjpass"} and not (exiting and _leaver(child)):
            return child
    preps = {"from", "out", "of"} if exiting else {"on"}
    if any(c.dep_ in {"prt", "advmod"} and c.lower_ == "away" for c in token.children):
        preps = preps | {"with", "from"}  # 'did away with the tax', 'walked away from the deal'
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def _leaver(obj: Token) -> bool:
    """'withdrawing the U.S. from the WHO': the country taken out is who leaves, not what is left."""
    return (
        obj.ent_type_ in {"GPE", "NORP"} or obj.pos_ == "PRON" or obj.lemma_.lower() in {"country", "troop"}
    )


def noun_target(token: Token) -> Token | None:
    """'suspension of tariffs' -> tariffs; 'halt to the toll' -> toll; not a day the parser hung on
    the noun ('announced the ban on Sunday')."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "to", "on", "in", "from"}:
            for grandchild in child.children:
                if grandchild.dep_ == "pobj" and not _dated(grandchild):
                    return grandchild
    return None


def _dated(token: Token) -> bool:
    return token.ent_type_ in {"DATE", "TIME"} or token.lower_ in _WEEKDAYS


_WEEKDAYS = word_set("monday tuesday wednesday thursday friday saturday sunday")


def _acts(token: Token) -> bool:
    """A verb used as a modifier ('the banned narcotic', 'increased spending') describes, it does not act.

    The small parser sometimes reads 'Trump terminated trade talks' or 'increasing spending from 2%
    to 3%' as a modifier: a past form right after a proper name, or a gerund with a from -> to
    change, still acts.
    """
    if token.dep_ != "amod":
        return True
    if token.tag_ == "VBG" and _has_from_to(token.head):
        return True  # 'committed to increasing spending from 2.3% to 2.5%'
    return token.tag_ in {"VBD", "VBN"} and token.i > 0 and token.doc[token.i - 1].pos_ == "PROPN"


def _has_from_to(noun: Token) -> bool:
    preps = {c.lower_ for c in noun.children if c.dep_ == "prep"}
    return "from" in preps and any(t.like_num for t in noun.subtree)


_PLAN_NOUNS = word_set("plan proposal measure bill legislation move decision")


def _announces_plan(token: Token) -> bool:
    """'unveiled plans to slash the target': the plan is told through the change it makes."""
    plans = [c for c in token.children if c.dep_ == "dobj" and c.lemma_.lower() in _PLAN_NOUNS]
    return any(
        c.dep_ in {"acl", "relcl"} and c.pos_ == "VERB" and c.lemma_.lower() in SHIFT_HINTS
        for plan in plans
        for c in plan.children
    )


def _embeds_predicate(predicate: Predicate) -> bool:
    """'vowed to relist cannabis': the vow is reported through the inner change, not twice. A plan
    shelved, dropped or delayed ('shelved its plan to abolish the base salary') is the change
    itself: only a verb that launches the plan tells it through the change it makes."""
    token = predicate.token
    if SHIFT_HINTS.get(token.lemma_.lower()) == "new_commitment" and _announces_plan(token):
        return True
    if token.lemma_.lower() not in COMMITMENT_VERBS:
        return False
    return any(
        t is not token and (t.lemma_.lower() in SHIFT_HINTS or any(k[0] == t.lemma_.lower() for k in PHRASAL))
        for t in token.subtree
        if t.pos_ == "VERB"
    )
