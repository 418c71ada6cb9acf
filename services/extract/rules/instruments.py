"""Whether a change predicate's object is a policy instrument: 'the aid budget', 'the package of
tax increases', a resource given, a body left, a member suspended, a pledged target, a phrase that
carries its own policy ('phase out'), a price a named actor sets. Pure functions over the parse."""

from __future__ import annotations

from spacy.tokens import Token

from services.extract.rules.agents import AgentHit
from services.extract.rules.lexicon import ADMINISTERED, COMMITMENT_VERBS, EXEMPTING, GIVING, POLICY_NOUNS
from services.extract.rules.predicates import STOPPING_VERBS, Predicate, gives_money

WILL = {"will", "would", "shall", "'ll"}

# Verbs that carry their instrument ('banned' is a ban; a recognised state is the policy).
# 'make' and 'allow' only in their frames (`rules/frames.py`): what is made unlawful, no longer
# allowed, or newly allowed, is the policy.
_INSTRUMENT_VERBS = {
    *("cap", "ban", "mandate", "impose", "outlaw", "prohibit", "recognise", "recognize", "forbid"),
    *("make", "allow", "permit"),
    *("close", "shut", "reopen"),  # only with a border, port or airspace (`frames.CLOSABLE`)
    "open",  # only a sector or market opened to outsiders (`frames.OPENABLE`)
}


def _commits_resource(predicate: Predicate) -> bool:
    """'reserve a lane for buses', 'set aside $200 million for flood defences': the resource given
    is the instrument, whatever its noun."""
    return predicate.token.lemma_.lower() in GIVING or gives_money(predicate.token)


def _withdraws_from(predicate: Predicate, head: Token) -> bool:
    """'completed its withdrawal from the WHO' / 'stop participating in surveys': leaving a body or
    an activity is the policy, whatever the object's noun; so is what a state is taken out of
    ('withdraws the United States from other climate arrangements')."""
    token = predicate.token
    if head.ent_type_ in {"ORG", "GPE"} or token.lemma_.lower() in STOPPING_VERBS:
        return True
    taken_out = any(c.dep_ == "dobj" and c.ent_type_ in {"GPE", "NORP"} for c in token.children)
    return taken_out and head.dep_ == "pobj" and head.head.lower_ in {"from", "of"}


def _suspends_member(predicate: Predicate, head: Token) -> bool:
    """'The African Union suspended Madagascar from its organs': the member suspended is the topic."""
    return (
        predicate.shift_type == "hardening"
        and predicate.token.lemma_.lower() == "suspend"
        and (head.pos_ == "PROPN" or head.ent_type_ in {"GPE", "ORG", "NORP"})
    )


def sets_price(predicate: Predicate, head: Token, agent: AgentHit) -> bool:
    """'Prime Minister Sharif cut electricity prices by Rs7.41 a unit', 'Disney raised its prices':
    a named actor moving prices itself sets them (a price that moves by itself has no such subject;
    'cut output, lifting prices' is an effect)."""
    return (
        head.lemma_.lower() in ADMINISTERED
        and head.dep_ == "dobj"
        and head.head.i == predicate.token.i
        and predicate.token.tag_ != "VBG"
        and agent.ref is not None
        and agent.via != "context"
    )


_PLEDGES = frozenset({*COMMITMENT_VERBS, "target", "goal", "pledge", "commitment", "promise"})


def _pledged_target(predicate: Predicate) -> bool:
    """'pledging to reduce emissions 7%-10% below their peak by 2035': a change the actor pledges by
    an amount or a year is a target, whatever it changes."""
    token = predicate.token
    if predicate.shift_type != "numeric_change" or token.dep_ not in {"xcomp", "acl", "advcl"}:
        return False
    if token.head.lemma_.lower() not in _PLEDGES:
        return False
    by_year = any(
        c.dep_ == "prep" and c.lower_ == "by" and any(t.like_num and len(t.text) == 4 for t in c.subtree)
        for c in token.children
    )
    return by_year or by_amount(token)


def _carried_by_phrase(predicate: Predicate) -> bool:
    """'will phase out coal power', 'rolled out a housing levy', 'will require visitors to pay a fee':
    the phrase is the policy whatever it applies to ('requires', 'originally required', 'being
    required' describe a rule in force)."""
    token = predicate.token
    particle = predicate.particle.lower_ if predicate.particle is not None else ""
    if token.lemma_.lower() in {"phase", "roll"} and particle in {"out", "in"}:
        return True
    return token.lemma_.lower() == "require" and any(
        c.dep_ == "aux" and c.lower_ in WILL for c in token.children
    )


# What an authority does case by case: 'will stop approving new coal mines', 'stopped accepting
# applications' ends a practice whatever is approved or accepted.
_ADMINISTERING = frozenset({"approve", "issue", "accept", "grant", "process", "renew", "license", "admit"})


def _stopped_administering(predicate: Predicate) -> bool:
    token = predicate.token
    return token.lemma_.lower() in STOPPING_VERBS and any(
        c.dep_ == "xcomp" and c.tag_ == "VBG" and c.lemma_.lower() in _ADMINISTERING for c in token.children
    )


def _relieved_from(predicate: Predicate, head: Token) -> bool:
    """'exempt defence spending from the debt brake': what an actor exempts someone from is a rule,
    whatever its noun."""
    return predicate.token.lemma_.lower() in EXEMPTING and head.dep_ == "pobj" and head.head.lower_ == "from"


def by_amount(token: Token) -> bool:
    return any(
        child.dep_ == "prep"
        and child.lower_ == "by"
        and any(t.like_num or t.text == "%" for t in child.subtree)
        for child in token.children
    )


_CHANGE_NOUNS = frozenset({"increase", "hike", "rise", "cut", "reduction", "rollback"})
# Nouns whose 'of' names the policy: 'the package of tax increases', 'the number of study permits'.
_CONTAINERS = frozenset(
    {
        "package",
        "set",
        "series",
        "raft",
        "slate",
        "batch",
        "round",
        "list",
        "number",
        "amount",
        "level",
        "value",
    }
)


def is_policy(head: Token) -> bool:
    """'tariffs', 'the aid budget'; 'the increase in value-added tax' (a change to a policy)."""
    if head.lemma_.lower() in _CHANGE_NOUNS:
        targets = [g for c in head.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        targets += [c for c in head.children if c.dep_ == "compound"]  # 'the fuel levy increase'
        return any(is_policy(t) for t in targets)
    if head.lemma_.lower() in _CONTAINERS:  # 'the package of tax increases', 'the number of permits'
        contents = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        if any(g.dep_ == "pobj" and is_policy(g) for g in contents):
            return True
    if head.lemma_.lower() in _DECISIONS:  # 'its decision to raise taxes on bread'
        acts = [c for c in head.children if c.dep_ in {"acl", "relcl"} and c.pos_ == "VERB"]
        if any(o.dep_ in {"dobj", "nsubjpass"} and is_policy(o) for a in acts for o in a.children):
            return True
    words = {
        head.lemma_.lower(),
        head.lower_,
        _singular(head.lower_),
        *(c.lemma_.lower() for c in head.children if c.dep_ in {"compound", "amod"}),
    }
    return bool(words & POLICY_NOUNS)


_DECISIONS = frozenset({"decision", "plan", "move", "proposal", "bid"})


def _singular(word: str) -> str:
    """'taxes' -> 'tax', 'tariffs' -> 'tariff': the fast path's tag-table lemmatizer reads 'taxes'
    as 'taxis', so the plural is undone here too."""
    if word.endswith(("xes", "shes", "ches", "sses")):
        return word[:-2]
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def names_instrument(predicate: Predicate, head: Token) -> bool:
    """The predicate changes a policy: its object names one, or its verb or frame carries one."""
    return (
        is_policy(head)
        or predicate.token.lemma_.lower() in _INSTRUMENT_VERBS
        or (predicate.shift_type == "new_commitment" and _commits_resource(predicate))
        or (predicate.shift_type == "withdrawal" and _withdraws_from(predicate, head))
        or _relieved_from(predicate, head)
        or _suspends_member(predicate, head)
        or _pledged_target(predicate)
        or predicate.listed  # its objects were checked for an instrument
        or _carried_by_phrase(predicate)
        or _stopped_administering(predicate)
    )
