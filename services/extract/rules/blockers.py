"""Why a change predicate is not a shift: negated, speculated, demanded, conditional, background.

Each rule takes the predicate and returns a short reason or None; `blocking_reason` returns the
first that fires. Examples are in each rule's docstring.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from services.extract.rules.lexicon import (
    COMMITMENT_VERBS,
    FORECAST_NOUNS,
    HARDENING,
    NUMERIC,
    ONGOING_ADVERBS,
    POLICY_NOUNS,
    REITERATION_HEADS,
    REPORTING_VERBS,
    REVERSAL,
    SOFTENING,
    SPECULATION_HEADS,
    SPECULATIVE_MODALS,
    SPECULATIVE_SUBJECTS,
    WITHDRAWAL,
    word_set,
)
from services.extract.rules.predicates import Predicate

_MAX_CLIMB = 4
_CLIMB_DEPS = {"xcomp", "ccomp", "conj", "dobj", "pcomp", "pobj", "prep", "advcl", "acomp", "acl", "csubj"}


def negated(predicate: Predicate) -> str | None:
    """'The bank did not cut rates' / 'this is not a termination of aid' / 'has no intention of
    loosening its rules' -> 'negated'."""
    if predicate.no_longer:
        return None
    token = predicate.token
    if any(c.dep_ == "neg" or c.lower_ in {"no", "never"} for c in token.children):
        return "negated"
    if any(c.dep_ == "dobj" and _none_of(c) for c in token.children):
        return "negated"  # 'the budget introduces no new taxes
    head = token.head
    if token.dep_ in {"xcomp", "ccomp", "attr", "dobj"} and any(c.dep_ == "neg" for c in head.children):
        return "negated"
    for noun in _heads(token):  # 'has no intention of loosening', 'there are no plans to raise'
        if noun.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
            return "negated"
    if any(_declines(head) for head in _heads(token)[:3]):
        return "negated"  # 'ruled out cutting the tax', 'stopped short of imposing duties'
    return None


_REFRAINING = word_set("refrain abstain balk")
# Phrasal verbs that say the change will not be made: 'rule out', 'stop short (of)', 'shy away (from)'.
_DECLINING_PHRASES = {"rule": "out", "stop": "short", "shy": "away", "hold": "off"}


def _declines(head: Token) -> bool:
    """'ruled out cutting', 'stopped short of imposing', 'refrained from raising', 'held off on
    lifting': the verb governing the change says it is not made."""
    lemma = head.lemma_.lower()
    if lemma in _REFRAINING:
        return True
    if head.dep_ in {"advmod", "prt"} and _DECLINING_PHRASES.get(head.head.lemma_.lower()) == head.lower_:
        return True  # 'stopped short of imposing': the climb stops at 'short'
    particle = _DECLINING_PHRASES.get(lemma)
    return particle is not None and any(c.lower_ == particle and c.i == head.i + 1 for c in head.children)


def _none_of(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children)


def speculative(predicate: Predicate) -> str | None:
    """'The government is considering scrapping the tax' / 'rates could be cut' -> 'speculation'."""
    token = predicate.token
    if any(c.dep_ == "aux" and c.lower_ in SPECULATIVE_MODALS for c in token.children):
        return "speculation"
    if token.dep_ in {"acl", "relcl"} and token.head.lemma_.lower() in SPECULATION_HEADS:
        return "speculation"  # 'calls for Germany to ramp up its spending': asked for, not done
    for head in _heads(token):
        if head.lemma_.lower() in SPECULATION_HEADS:
            return "speculation"
        if any(c.dep_ == "nsubj" and c.lemma_.lower() in SPECULATIVE_SUBJECTS for c in head.children):
            return "speculation"  # 'Options under review include lifting the duty'
        if any(c.dep_ == "aux" and c.lower_ in SPECULATIVE_MODALS for c in head.children):
            return "speculation"
    if any(c.dep_ == "mark" and c.lower_ == "whether" for n in (token, *_heads(token)) for c in n.children):
        return "speculation"  # 'will decide whether to scrap the levy'
    if _asked_of(token) or _given_until(token):
        return "speculation"
    if token.dep_ in {"acl", "relcl"} and _stalled(token.head):
        return "speculation"  # 'the proposal to ban the app has stalled in Congress'
    if _pending_vote(token):
        return "speculation"  # 'will vote next week on a bill to raise the duty': the outcome is untold
    lead = _first_conjunct(token)  # 'vows to slap tariffs, restrict immigration and cut taxes'
    promised = lead.head.lemma_.lower() in _PROMISES and lead.head.dep_ in _TALKED_ABOUT
    if lead.dep_ in {"acl", "relcl"} and promised:
        return "speculation"  # "Lee's vows to scrap the levy could lift prices": a promise talked about
    if lead.dep_ == "acl" and _previewed(lead.head):
        return "speculation"
    if _promise_as_subject(token):
        return "speculation"  # "Lee's vows to slap tariffs, restrict imports and cut taxes could..."
    if token.dep_ in {"acl", "relcl"} and _modal_clause_of(token.head):
        return "speculation"  # 'could be the last step of a plan to phase out subsidies'
    return None


_NOUN_LINKS = {"pobj", "prep", "attr", "dobj", "nsubj", "nsubjpass", "appos", "conj"}


def _modal_clause_of(noun: Token) -> bool:
    """The clause a noun is told in is only a possibility: 'the rise could be the last of a
    programme to phase out subsidies', 'may mark the start of a plan to ...'."""
    node = noun
    for _ in range(_MAX_CLIMB):
        if node.dep_ not in _NOUN_LINKS or node.head is node:
            return False
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            return any(c.dep_ == "aux" and c.lower_ in SPECULATIVE_MODALS for c in node.children)
    return False


_PENDING = word_set("vote decide rule deliberate consult")
_STALLING = word_set("stall falter collapse founder fail languish die flounder")


def _stalled(noun: Token) -> bool:
    """A proposal or plan whose clause says it went nowhere: 'the proposal to ban the app has
    stalled', 'a plan to cut the levy collapsed'."""
    return (
        noun.lemma_.lower() in _DRAFTS
        and noun.dep_ in {"nsubj", "nsubjpass"}
        and noun.head.lemma_.lower() in _STALLING
    )


def _pending_vote(token: Token) -> bool:
    """The change is what a vote or decision is *on* ('vote on a bill to raise the duty', 'will
    decide on plans to scrap the fee'): the outcome is not told."""
    node = token.head if token.dep_ in {"acl", "relcl"} else token
    for _ in range(_MAX_CLIMB):
        if node.dep_ == "prep" and node.lower_ == "on" and node.head.lemma_.lower() in _PENDING:
            return True
        if node.dep_ not in {"pobj", "prep", "pcomp", "conj"} or node.head is node:
            return False
        node = node.head
    return False


_PLEDGED_THINGS = word_set("vow promise pledge call demand threat plea appeal")


def _promise_as_subject(token: Token) -> bool:
    """A change whose subject, or its first conjunct's, is a promise or a demand: the parse made
    'vows' the subject of the listed verbs ('vows to slap tariffs, restrict immigration and cut
    taxes'), which are talked about, not done by anyone."""
    node = token
    while node.dep_ == "conj" and node.head is not node:
        node = node.head
    if node is not token and node.dep_ in {"acl", "relcl"} and node.head.lemma_.lower() in _PROMISES:
        return node.head.dep_ in _TALKED_ABOUT  # 'vows to slap tariffs and cut taxes could'
    return any(
        c.dep_ in {"nsubj", "nsubjpass"} and c.lemma_.lower() in _PLEDGED_THINGS
        for n in {token, node}
        for c in n.children
    )


def _first_conjunct(token: Token) -> Token:
    """'slap' for 'cut' in 'vows to slap tariffs and cut taxes': the verb a coordinated one shares
    its frame with."""
    node = token
    while node.dep_ == "conj" and node.head is not node and node.head.pos_ in {"VERB", "AUX"}:
        node = node.head
    return node


_PROMISES = word_set("vow promise pledge")
_DRAFTS = word_set("proposal recommendation plan idea suggestion option")
_SUBMITTING = word_set("put send submit present table forward")


def _previewed(noun: Token) -> bool:
    """'Proposals to lower duties will be put to the prime minister on Monday': a draft still to
    go before whoever decides, a preview."""
    if noun.lemma_.lower() not in _DRAFTS or noun.dep_ != "nsubjpass":
        return False
    verb = noun.head
    return verb.lemma_.lower() in _SUBMITTING and any(
        c.dep_ == "aux" and c.lower_ in {"will", "would", "'ll"} for c in verb.children
    )


_TALKED_ABOUT = {"nsubj", "nsubjpass", "pobj"}
_LOOSE_INFINITIVES = {"advcl", "xcomp", "conj"}


def _given_until(token: Token) -> bool:
    """'The union gave the government until May 31 to reverse the increase': an ultimatum, the
    change demanded of someone else."""
    head = token.head
    if token.dep_ not in _LOOSE_INFINITIVES or head.lemma_.lower() not in _GRANTING:
        return False
    if not any(c.dep_ == "aux" and c.tag_ == "TO" for c in token.children):
        return False
    return any(c.dep_ == "prep" and c.lower_ in {"until", "till"} for c in head.children)


_GRANTING = word_set("give grant")
_VOICED = word_set("""allegation concern question issue objection complaint doubt alarm fear
    point matter prospect eyebrow hope suspicion criticism""")


def voiced(predicate: Predicate) -> str | None:
    """'Exporters raised allegations of harassment' / 'farmers raised concerns': something said,
    not a setting moved."""
    token = predicate.token
    if token.lemma_.lower() != "raise":
        return None
    objects = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    return "voiced" if any(o.lemma_.lower() in _VOICED for o in objects) else None


def _asked_of(token: Token) -> bool:
    """'The floods fuelled calls for Spain, long reluctant, to raise its levy': an infinitive hung
    on a verb whose object is a demand (the parse loses the link to 'calls')."""
    if token.dep_ not in _LOOSE_INFINITIVES:
        return False
    if not any(c.dep_ == "aux" and c.tag_ == "TO" for c in token.children):
        return False
    return any(
        c.dep_ in {"dobj", "nsubj"} and c.i < token.i and c.lemma_.lower() in SPECULATION_HEADS
        for c in token.head.children
    )


_PREVENTING = word_set("bar block prevent stop forbid prohibit keep restrain")


def prevented(predicate: Predicate) -> str | None:
    """'which barred the government from levying the tax' / 'to stop the bank from raising rates' ->
    'prevented': someone else keeps the actor from the change."""
    token = predicate.token
    if token.dep_ != "pcomp" or token.head.lower_ != "from":
        return None
    return "prevented" if token.head.head.lemma_.lower() in _PREVENTING else None


def embedded_question(predicate: Predicate) -> str | None:
    """'Provinces will be told how many permits they can allocate' -> 'question' (asked, not decided)."""
    token = predicate.token
    heads = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass", "advmod"}]
    words = [t for h in heads for t in h.subtree if t.i <= h.i]
    if any(w.lower_ in {"how", "which", "what"} for w in words):
        return "question"
    return None


def reiterated(predicate: Predicate) -> str | None:
    """'The bank decided to keep rates unchanged' / 'remains committed to cutting' -> 'reiteration'.
    A verb coordinated with its own object is a change of its own: 'kept its key rate at 4.5% but
    lowered the reserve ratio'."""
    token = predicate.token
    own_clause = token.dep_ == "conj" and any(c.dep_ == "dobj" for c in token.children)
    heads = _heads(token)[1:] if own_clause else _heads(token)
    if any(h.lemma_.lower() in REITERATION_HEADS and _restates(h, token) for h in heads):
        return "reiteration"
    if _set_again(token) or _left_unchanged(token) or _level_frozen(token):
        return "reiteration"
    return None


# Words that make an insistence a restated stance, not the news of a new step.
_STANDING_WORDS = word_set("still remain continue stand keep")


def _restates(head: Token, token: Token) -> bool:
    """'insisted Japan would not sacrifice its farmers' / 'insists it still backs the cap' restate a
    stance; 'insisted the new tariffs will take effect on Monday' announces a step, so an *insist*
    head counts only with a negation or a word of continuing between it and the change."""
    if head.lemma_.lower() != "insist":
        return True
    low, high = sorted((head.i, token.i))
    between = token.doc[low : high + 1]
    return any(w.dep_ == "neg" or w.lemma_.lower() in _STANDING_WORDS for w in between)


# Levels that a freeze holds where they are: 'froze interest rates at 5%' is a hold, not a
# hardening ('froze the oligarch's assets', 'froze hiring' stay hardening).
_HELD_LEVELS = word_set("rate price fee tariff wage salary pension duty fare tax levy charge rent toll")


def _level_frozen(token: Token) -> bool:
    """'The central bank froze interest rates at 5%' -> a rate, price or fee kept where it was."""
    if token.lemma_.lower() not in {"freeze", "freezing"}:
        return False
    objects = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    if token.dep_ in {"amod", "compound"}:
        objects.append(token.head)
    if token.pos_ == "NOUN":
        objects += [w for c in token.children if c.dep_ == "prep" for w in c.children if w.dep_ == "pobj"]
    return any(o.lemma_.lower() in _HELD_LEVELS for o in objects)


def _left_unchanged(token: Token) -> bool:
    """'extended its sanctions for six months, rolling them over unchanged', 'renewed the duties,
    leaving the rates unchanged': the measure carries on as it was."""
    clauses = [token, *(c for c in token.children if c.dep_ in {"advcl", "conj", "xcomp"})]
    return any(w.lower_ == "unchanged" for clause in clauses for w in clause.children) or any(
        w.lower_ == "unchanged" for clause in clauses[1:] for c in clause.children for w in c.children
    )


_IN_A_ROW = word_set("consecutive straight successive")


def _set_again(token: Token) -> bool:
    """'set its growth target at around 5% for a third consecutive year': the same level set
    again, no change ('raised rates for a third straight meeting' moves it, so only *set*)."""
    if token.lemma_.lower() != "set":
        return False
    spans = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "for"]
    return any(w.lower_ in _IN_A_ROW for prep in spans for w in prep.subtree)


def conditional(predicate: Predicate) -> str | None:
    """'Countermeasures will be imposed if talks fail' -> 'conditional'."""
    token = predicate.token
    nodes = [token, *_heads(token), *(c for c in token.children if c.dep_ in {"xcomp", "ccomp"})]
    if any(c.dep_ == "mark" and c.lower_ == "unless" for c in token.children):
        return "conditional"  # 'unless Parliament imposes a limit': the change is the condition
    for node in nodes:
        for child in node.children:
            # 'will recognise the state unless...' is a commitment with a way out; 'if' makes it a threat
            if (
                child.dep_ == "advcl"
                and any(m.lower_ == "if" for m in child.children)
                and not _if_enacted(child)
            ):
                return "conditional"
            if child.dep_ == "mark" and child.lower_ == "if":
                return "conditional"
    if token.dep_ == "csubj" and any(c.lower_ in {"would", "could"} for c in token.head.children):
        return "conditional"  # 'removing the subsidy would save N1.5 trillion': weighed, not done
    if token.tag_ != "VBD" and any(_awaited(c) for c in token.children if c.dep_ == "advcl"):
        return "conditional"  # 'will cut the rate only once inflation has eased'
    return None


_AWAITING_MARKS = word_set("once")
_LIMITED_MARKS = word_set("when after if")


def _awaited(clause: Token) -> bool:
    """A clause the change waits for: 'once the rupiah has stabilised', 'only when inflation
    eases', 'only after the election' (not 'when it raised rates in May', told as time)."""
    marks = [c for c in clause.children if c.dep_ in {"mark", "advmod"} and c.i < clause.i]
    for mark in marks:
        if mark.lower_ in _AWAITING_MARKS:
            return True
        if mark.lower_ in _LIMITED_MARKS and mark.i > 0 and mark.doc[mark.i - 1].lower_ == "only":
            return True
    return False


_ENACTING = word_set("approve pass adopt enact ratify sign")


def _if_enacted(clause: Token) -> bool:
    """'If passed, the measure would lift import levies': a proposal awaiting its vote, not a threat."""
    return clause.lemma_.lower() in _ENACTING and not any(c.dep_.startswith("nsubj") for c in clause.children)


def indicator(predicate: Predicate) -> str | None:
    """'Inflation has eased' / 'the projection trimmed growth estimates' -> 'indicator' (no policy)."""
    token = predicate.token
    args = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"}]
    pledged = any(h.lemma_.lower() in COMMITMENT_VERBS for h in _heads(token))
    forbidden = token.lemma_.lower() in _FORBIDDING  # 'banned the sale of alcohol': the act, not the figure
    if any(a.lemma_.lower() in FORECAST_NOUNS for a in args) and not pledged and not forbidden:
        return "indicator"  # 'pledging to cut emissions by 7%' is a target, 'emissions fell' is not
    if _market_moves(token):
        return "indicator"
    if any(_business_goal(a, token) for a in args) and not _governing_subject(token):
        return "indicator"
    return None


# Verbs that forbid an activity: their object ('the sale of vapes') is what is forbidden.
_FORBIDDING = word_set("ban outlaw prohibit forbid bar criminalise criminalize")
_UNDOING = word_set(
    "rescind revoke repeal scrap reverse overturn cancel undo abolish shelve abandon drop ditch"
)


def _noun_above(token: Token) -> Token:
    """'an order by his predecessor mandating...' (misparsed under 'by') -> order."""
    node = token.head
    while node.pos_ == "ADP" or (node.pos_ == "NOUN" and node.dep_ == "pobj"):
        if node.head.i == node.i:
            break
        node = node.head
    return node


def _undone(noun: Token) -> bool:
    """The noun is what a reversal takes away: 'rescinded an executive order'."""
    return noun.dep_ in {"dobj", "nsubjpass"} and noun.head.lemma_.lower() in _UNDOING


_MARKET_SUBJECTS = word_set("price cost value import export")  # 'imports rose 30%': trade, not a rule


def _market_moves(token: Token) -> bool:
    """'before prices began climbing': a price that moves by itself (no object, nothing set); 'the
    price of petrol rises to 19.25 pounds from 17.25' is a price set to a value."""
    node = token.head if token.dep_ == "xcomp" else token
    subjects = [c for c in node.children if c.dep_ == "nsubj"]
    if not subjects or subjects[0].lemma_.lower() not in _MARKET_SUBJECTS:
        return False
    if any(c.dep_ == "prep" and c.lower_ in {"to", "from"} for c in token.children):
        return False
    return not any(c.dep_ == "dobj" for c in token.children) and not any(
        c.dep_ == "aux" and c.lower_ in {"will", "would"} for c in (*token.children, *node.children)
    )


_GOALS = word_set("target goal aim forecast guidance outlook")
_BUSINESS_MEASURES = word_set("""revenue profit earnings sale margin turnover dividend eps income
    shareholder buyback""")
_COST_SAVINGS = word_set("cost saving")


_GOVERNING = word_set("government ministry minister department administration state commission cabinet")


def _governing_subject(verb: Token) -> bool:
    """'From 2027 the ministry will no longer set any target for heat-pump sales': a government's sales
    target is policy, a company's is guidance."""
    for node in (verb, *_heads(verb)):
        for child in node.children:
            if (
                child.dep_ == "nsubj" and child.lemma_.lower() in _GOVERNING
            ):  # not names: NER calls Cisco a GPE
                return True
    return False


def _business_goal(arg: Token, verb: Token) -> bool:
    """'lifted its goal for revenue growth over the long run': a company's financial goal is guidance,
    not a policy ('for ...' on the goal or, misparsed, on the verb)."""
    if arg.lemma_.lower() not in _GOALS:
        return False
    preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in {"for", "of", "on"}]
    lemmas = {t.lemma_.lower() for t in [*arg.subtree, *(t for p in preps for t in p.subtree)]}
    return bool(lemmas & _BUSINESS_MEASURES) or lemmas >= _COST_SAVINGS  # 'its target for cost savings'


def ongoing(predicate: Predicate) -> str | None:
    """'OPEC+ is currently cutting output' / 'has been cutting fuel subsidies since 2016' ->
    'ongoing' (a state, or a process under way for a while, not a change made now)."""
    token = predicate.token
    if any(c.lower_ in ONGOING_ADVERBS for c in token.children):
        return "ongoing"
    auxes = {c.lower_ for c in token.children if c.dep_ == "aux"}
    if token.tag_ == "VBG" and "been" in auxes and auxes & {"has", "have", "had"}:
        return "ongoing"
    if _drifted_since(token, auxes):
        return "ongoing"  # 'spending on defence has risen sharply since the invasion': a trend
    return None


_DRIFTS = word_set("rise fall climb jump soar surge drop decline grow increase decrease double")


def _drifted_since(token: Token, auxes: set[str]) -> bool:
    """A figure that has moved by itself since some event: no one acts on it (no object), the
    perfect tense and a 'since' phrase tell a trend, not a decision."""
    if token.lemma_.lower() not in _DRIFTS or token.tag_ != "VBN" or not auxes & {"has", "have"}:
        return False
    if any(
        c.dep_ in {"dobj", "agent"} or (c.dep_ == "prep" and c.lower_ in {"to", "from"})
        for c in token.children
    ):
        return False  # 'the levy has risen to 2 cedis since Monday': set to a value
    return any(c.dep_ == "prep" and c.lower_ == "since" for c in token.children)


def background(predicate: Predicate) -> str | None:
    """'Labour had vowed to abandon it' / 'the policy introduced by the last government' -> 'background'."""
    token = predicate.token
    for node in (token, *_heads(token)):
        if any(c.dep_ == "aux" and c.lower_ == "had" for c in node.children) and not _backshifted(node):
            return "background"
    if token.dep_ in {"acl", "relcl"} and token.tag_ == "VBN":
        return "background"
    if _by_predecessor(token):
        return "background"  # 'The previous coalition cut the residency requirement'
    return None


_EARLIER_HOLDERS = word_set("previous former prior preceding erstwhile")


def _by_predecessor(token: Token) -> bool:
    """The change's subject (or passive agent) is a former office-holder: 'the previous
    government scrapped the scheme', 'the levy was introduced by the former mayor'."""
    subjects = [c for c in token.children if c.dep_ == "nsubj"]
    subjects += [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    return any(
        m.dep_ in {"amod", "compound", "nmod"} and m.lower_ in _EARLIER_HOLDERS
        for subject in subjects
        for m in subject.children
    )


_SELF = word_set("it he she they we")


def _backshifted(node: Token) -> bool:
    """'The government said on Wednesday it had dropped the plan': the reporter's own change told
    in reported speech, whose past perfect is only the tense moved back, not an earlier event."""
    reported = node.dep_ == "ccomp" and node.head.lemma_.lower() in REPORTING_VERBS
    return reported and any(
        c.dep_ == "nsubj" and (c.lower_ in _SELF or _bare_government(c)) for c in node.children
    )


def _bare_government(noun: Token) -> bool:
    """'the minister said the government had set aside...': the reporter's own side; not 'the
    previous government', 'the Conservative government' (an earlier one)."""
    return noun.lower_ == "government" and all(c.dep_ == "det" for c in noun.children)


_RECALL_ADVERBS = frozenset({"previously", "formerly", "last"})
_MONTH_NAMES = [
    *("january", "february", "march", "april", "may", "june"),
    *("july", "august", "september", "october", "november", "december"),
]
_MONTHS = frozenset(_MONTH_NAMES)
_MONTH_NUMBERS = {name: n for n, name in enumerate(_MONTH_NAMES, 1)}
_MAX_DAY = 31
_OTHER_CLAUSES = frozenset({"relcl", "advcl", "ccomp", "xcomp", "conj", "acl", "parataxis", "csubj"})
_PAST_SPANS = frozenset({"year", "years", "month", "months", "decade", "decades"})


def told_in_past(token: Token) -> bool:
    """'raised', 'was raised' (not 'has raised', 'will raise')."""
    passive = any(c.dep_ == "auxpass" and c.lower_ in {"was", "were"} for c in token.children)
    return token.tag_ == "VBD" or (token.tag_ == "VBN" and passive)


def recalled(predicate: Predicate) -> str | None:
    """A past change dated before the news: 'the bank last raised its rate in October', 'raised
    the levy last year', 'cut the cap two years ago', 'previously scrapped the fees', 'last moved
    in October, when it raised the rate', 'in 2019, when it doubled the charge' -> 'background'."""
    token = predicate.token
    if token.tag_ in {"VBD", "VBN"} and _repeated(token):
        return "background"  # 'has cut fuel subsidies three times since 2022'
    if _in_force_since(token):
        return "background"  # 'has imposed an embargo on Cuba since 1962'
    if not told_in_past(token):
        return None
    if _recalls(token) or _spans_since(token):
        return "background"
    if any(c.dep_ == "advmod" and c.lower_ == "when" for c in token.children):
        head = token.head
        if token.dep_ == "relcl" and (head.lower_ in _MONTHS or (head.like_num and len(head.text) == 4)):
            return "background"  # 'in October, when it raised the rate'
        if token.dep_ == "advcl" and told_in_past(head) and _recalls(head):
            return "background"  # 'the bank last moved in October, when it raised the rate'
    return None


_COUNTS = word_set("two three four five six seven eight nine ten several multiple many numerous")


def _repeated(token: Token) -> bool:
    """A change told as done over and over, a summary of history, not the news: 'has cut fuel
    subsidies three times since 2022', 'raised the levy twice', 'repeatedly tightened the rules'."""
    for child in token.children:
        if child.lower_ in {"twice", "repeatedly"}:
            return True
        if child.lower_ == "times" and any(c.lower_ in _COUNTS or c.like_num for c in child.children):
            return True
    return False


def _in_force_since(token: Token) -> bool:
    """A measure in place since a month or year, told in the present perfect: 'has imposed an
    embargo on Cuba since 1962', 'have capped rents since March' (not 'since Monday': the news)."""
    auxes = {c.lower_ for c in token.children if c.dep_ == "aux"}
    if token.tag_ != "VBN" or not auxes & {"has", "have"}:
        return False
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "since"):
        for when in (g for g in prep.children if g.dep_ == "pobj"):
            if when.lower_ in _MONTHS or (when.like_num and len(when.text) == 4):
                return True
    return False


def _spans_since(token: Token) -> bool:
    """'Five years after Indonesia banned exports, ...', 'months after Canada imposed tariffs': a
    change that a span of months or years separates from the news."""
    if token.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "after" for c in token.children):
        return False
    return any(c.dep_ == "npadvmod" and c.lower_ in _PAST_SPANS for c in token.children)


def _recalls(token: Token) -> bool:
    """'last raised', 'previously scrapped', 'raised last year', 'cut two years ago'."""
    for child in token.children:
        if child.dep_ == "advmod" and child.lower_ in _RECALL_ADVERBS:
            return True
        spans = {c.lower_ for c in child.children}
        if child.dep_ == "npadvmod" and child.lower_ in _PAST_SPANS and "last" in spans:
            return True  # 'last year', 'last month'
        if child.dep_ == "advmod" and child.lower_ == "ago" and spans & _PAST_SPANS:
            return True  # 'two years ago' (not 'two days ago')
    return False
    for child in token.children:
        if child.dep_ == "advmod" and child.lower_ in _RECALL_ADVERBS:
            return "background"
        spans = {c.lower_ for c in child.children}
        if child.dep_ == "npadvmod" and child.lower_ in _PAST_SPANS and "last" in spans:
            return "background"  # 'last year', 'last month'
        if child.dep_ == "advmod" and child.lower_ == "ago" and spans & _PAST_SPANS:
            return "background"  # 'two years ago' (not 'two days ago')
    return None


def month_of(token: Token) -> tuple[int, int | None] | None:
    """(month, day) a change told in the past names: 'cut rates in May' -> (5, None), 'raised the
    tariff on April 3' -> (4, 3); None for a change not told in the past or not dated by a month."""
    if not told_in_past(token):
        return None
    for prep in _clause_words(token):
        if prep.dep_ != "prep" or prep.lower_ not in {"in", "on"}:
            continue
        for obj in prep.children:
            if obj.lower_ not in _MONTHS:
                continue
            days = [c for c in obj.children if c.text.isdigit() and 1 <= int(c.text) <= _MAX_DAY]
            return _MONTH_NUMBERS[obj.lower_], int(days[0].text) if days else None
    return None


def _clause_words(token: Token) -> list[Token]:
    """The words of the predicate's own clause, nearest first, without the clauses it embeds:
    'raised the tariff ... to N225 from N68 on April 3' reaches 'on' under 'N68'."""
    words, frontier = [], [token]
    for _ in range(_MAX_CLIMB):
        frontier = [c for t in frontier for c in t.children if c.dep_ not in _OTHER_CLAUSES]
        words.extend(frontier)
    return words


def year_of(token: Token) -> int | None:
    """'introduced in 2018', 'banned exports of timber in March 2019', 'since 2020' -> the year
    that dates the change (on the predicate or on its object)."""
    holders = [token, *(c for c in token.children if c.dep_ in {"dobj", "nsubjpass"})]
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ not in {"in", "since"}:
                continue
            for obj in prep.children:
                words = (obj, *obj.children) if obj.lower_ in _MONTHS else (obj,)
                for word in words:
                    if word.like_num and len(word.text) == 4 and word.text.isdigit():
                        return int(word.text)
    return None


_COURTS = word_set("court courts judge judges tribunal bench panel justice justices")


def ruled(predicate: Predicate) -> str | None:
    """'A court ordered the government to stop the exports', 'The judge did impose limits' ->
    'ruling': a court's order is reported as what happens to a policy, not a shift by its actor."""
    token = predicate.token
    for node in (token, *_heads(token)):
        for child in node.children:
            if child.dep_ == "nsubj":
                words = [child]
            elif child.dep_ == "agent" and node is token:  # 'was blocked by the High Court'
                words = [g for g in child.children if g.dep_ == "pobj"]
            else:
                continue
            if any(w.lemma_.lower() in _COURTS or w.lower_ in _COURTS for w in words):
                return "ruling"
    return None


def described(predicate: Predicate) -> str | None:
    """'The executive order established requirements' -> 'description' (the policy acts, not an actor)."""
    token = predicate.token
    if any(c.dep_ == "csubj" and c.tag_ == "VBG" for c in token.children):
        return "description"  # 'stretching a loan to 30 years cuts monthly payments': an effect
    if token.dep_ in {"acl", "pcomp"} and token.tag_ == "VBG" and _undone(_noun_above(token)):
        return "description"  # 'rescinded an order mandating safety tests': what the old order did
    if token.dep_ == "acl" and token.tag_ == "VB" and _undone(token.head):
        return "description"  # 'reversed its decision to raise taxes': the change given up
    if _priced(token):
        return "description"  # 'the scheme cost £33m to introduce': its price, not the change
    subjects = [c for c in token.children if c.dep_ == "nsubj"]
    if token.tag_ in {"VBZ", "VBP"} and any(s.lower_ in _LAW_NAMES and s.pos_ == "PROPN" for s in subjects):
        return "description"  # 'The AI Act bans social scoring': what a named law does
    has_object = any(c.dep_ == "dobj" and not _set_off(c) for c in token.children)
    if not subjects or not has_object:
        return None
    subject = subjects[0].lemma_.lower()
    named = subjects[0].pos_ == "PROPN" or bool(subjects[0].ent_type_)
    if (subject not in POLICY_NOUNS or named) and not (named and subject in _NAMED_LAWS):
        return None  # 'The Federal Reserve raised...': a named body, not a policy
    if any(h.lemma_.lower() in REPORTING_VERBS for h in _heads(token)):
        return None
    if subject in _ENACTMENTS and any(c.dep_ == "aux" and c.lower_ in _FUTURE for c in token.children):
        return None  # 'the new law would also ban vapes': the measure announced, what it will do
    if subject in _ENACTMENTS and any(c.dep_ == "amod" and c.lower_ == "new" for c in subjects[0].children):
        return None  # "Chile's new pension law raises employer contributions": the news itself
    return "description"  # 'the War Materiel Act bars arms exports': a law in force, by name


_FUTURE = word_set("will would shall 'll")
# Laws cited by name ('the War Materiel Act', 'the Clean Air Act') as the subject of what they do.
_NAMED_LAWS = word_set("act law code constitution charter treaty convention")
# Texts that enact measures: what one of them will do is the measure; what one does is a description.
_ENACTMENTS = word_set("""law bill legislation act decree regulation rule measure package plan reform
    order directive ordinance statute""")


_LAW_NAMES = word_set("act law directive regulation treaty convention code constitution charter")


def _priced(token: Token) -> bool:
    """'The scheme has cost about £33m to introduce', not 'now costs A$1,600, after the
    government lifted the charge'."""
    return (
        token.dep_ in {"xcomp", "advcl"}
        and token.head.lemma_.lower() == "cost"
        and any(c.dep_ == "aux" and c.tag_ == "TO" for c in token.children)
    )


def _set_off(noun: Token) -> bool:
    """'will rise from 8.60 to 10, the biggest increase ever': a noun after a comma, parsed as the
    verb's object, is an apposition on the clause, not what the subject acts on."""
    first = noun.left_edge
    return first.i > noun.sent.start and noun.doc[first.i - 1].text == ","


def question(predicate: Predicate) -> str | None:
    """'Will the Fed cut rates?' -> 'question'."""
    return "question" if predicate.token.sent.text.rstrip().endswith("?") else None


_CHANGES = REVERSAL | WITHDRAWAL | SOFTENING | HARDENING | NUMERIC


def purpose(predicate: Predicate) -> str | None:
    """'raise capital spending to $30 billion to expand data centres' -> 'purpose': what a change
    is for, told as an infinitive under it, is its aim, not a second shift."""
    token = predicate.token
    node = token.head if token.dep_ == "conj" else token
    if node.dep_ == "acl" and node.head.lower_ == "order" and node.head.head.lower_ == "in":
        return "purpose"  # 'offered incentives, in order to cut import bills': the aim
    if node.dep_ != "advcl" or node.head.lemma_.lower() not in _CHANGES:
        return None
    infinitive = any(c.dep_ == "aux" and c.tag_ == "TO" for c in node.children)
    if infinitive and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in node.children):
        return "purpose"
    return None


RULES: tuple[Callable[[Predicate], str | None], ...] = (
    negated,
    voiced,
    purpose,
    speculative,
    prevented,
    embedded_question,
    reiterated,
    conditional,
    indicator,
    ongoing,
    background,
    recalled,
    ruled,
    described,
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
        if node.head is node or node.dep_ not in _CLIMB_DEPS:
            break
        node = node.head
        heads.append(node)
    return heads
