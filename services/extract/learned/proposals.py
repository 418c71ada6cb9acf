"""Events the rules' lexicon misses, proposed where the judge is sure a sentence states a new shift.

The judge says *that* the sentence tells a new shift; the parse says *who* and *what*: the main
verb under any reporting clause ('said it would recognise a Palestinian state' -> recognise), its
actor by the rules' own agent finder, its object as the topic, the rules' quantity reader for the
amount, and the shift-type classifier for the type.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from services.extract.actors import ActorIndex
from services.extract.candidates import ShiftCandidate
from services.extract.rules.agents import find_agent, find_announcer
from services.extract.rules.blockers import blocking_reason, month_of, year_of
from services.extract.rules.lexicon import REITERATION_HEADS, REPORTING_VERBS, SPECULATION_HEADS, word_set
from services.extract.rules.numbers import find_quantity
from services.extract.rules.predicates import Predicate, find_predicates, object_head
from services.extract.rules.speakers import find_speaker
from services.extract.rules.status import find_status
from services.extract.rules.topics import is_duration, subject_of_change, topic_phrase

# Verbs whose complement is the change: 'plans to scrap the levy', 'agreed to exempt defence'.
_LEADING = word_set("""plan aim seek decide agree move vote propose want intend expect prepare begin start
    pledge promise vow commit announce be""")
_NOT_TOPIC_POS = {"PRON", "NUM", "PROPN"}
# Main verbs that state no act of the actor: what it blames or credits for something else ('It
# blamed the end of purchase incentives'), the cause, not a change it made.
_NO_ACT = word_set("blame cite attribute credit")


def propose(sent: Span, index: ActorIndex, shift_type: str | None) -> ShiftCandidate | None:
    """A candidate from one sentence the rules found nothing in, or None when the parse gives no
    actor or no topic: 'Ireland said it would formally recognise a Palestinian state.'"""
    if _told_as_background(sent):
        return None
    verb = main_verb(sent)
    if verb is None or verb.lemma_.lower() in _NO_ACT or _ranked(verb) or _blocked(verb):
        return None
    head = _topic_head(verb)
    agent = find_agent(verb, index)
    if head is None or agent is None:
        return None
    text = sent.text
    stripped = text.strip()
    start = sent.start_char + (len(text) - len(text.lstrip()))
    quantity = find_quantity(stripped)
    kind = shift_type or "new_commitment"
    if quantity is not None and quantity.from_ is not None and quantity.to is not None:
        kind = "numeric_change"
    return ShiftCandidate(
        actor=agent.ref,
        actor_text=agent.text,
        actor_fallback=agent.fallback,
        announced_by=agent.official or find_announcer(verb, index),
        topic=topic_phrase(head),
        topic_head=head.lemma_.lower(),
        shift_type=kind,
        status=find_status(verb),
        sentence=stripped,
        start=start,
        end=start + len(stripped),
        predicate=verb.lemma_.lower(),
        quantity=quantity,
        year=year_of(verb),
        month=month_of(verb),
        speaker=find_speaker(verb, index),
        features={"context_actor": float(agent.ref is None), "proposed": 1.0},
    )


def _ranked(verb: Token) -> bool:
    """What the actor is, a rank among others: 'Germany is Israel's second-largest arms supplier',
    'Canada is the top buyer of Mexican steel' (a standing description, not an act)."""
    if verb.lemma_.lower() != "be":
        return False
    attrs = [c for c in verb.children if c.dep_ == "attr"]
    return any(t.tag_ == "JJS" or t.lower_ in _RANKS for a in attrs for t in a.lefts)


_RANKS = word_set("top leading biggest largest main chief")


def _told_as_background(sent: Span) -> bool:
    """The rules read the change in the sentence's leading clause as background ('Five years after
    Indonesia banned exports of ore, the country has become...'): what the main clause says of it
    is no news either."""
    return any(
        p.token.dep_ == "advcl" and p.token.head == sent.root and blocking_reason(p) == "background"
        for p in find_predicates(sent)
    )


def _blocked(verb: Token) -> bool:
    """What the rules refuse in their own candidates (negation, speculation, a condition, a
    reiteration, a past perfect) they refuse here too: 'would stick with its target'."""
    lemma = verb.lemma_.lower()
    if lemma in REITERATION_HEADS or lemma in SPECULATION_HEADS:
        return True
    return blocking_reason(Predicate(verb, "new_commitment")) is not None


def main_verb(sent: Span) -> Token | None:
    """The verb that states the change: below reporting verbs and 'plans to' / 'would' frames."""
    verb = sent.root
    for _ in range(4):
        lemma = verb.lemma_.lower()
        below = [c for c in verb.children if c.dep_ in {"ccomp", "xcomp"} and c.pos_ in {"VERB", "AUX"}]
        if not below or (lemma not in REPORTING_VERBS and lemma not in _LEADING):
            break
        verb = below[0]
    return verb if verb.pos_ in {"VERB", "AUX"} else None


def _topic_head(verb: Token) -> Token | None:
    head = object_head(verb)
    if head is None:
        head = next((c for c in verb.children if c.dep_ in {"attr", "oprd"}), None)
    if head is None and _moves_to_a_value(verb):
        head = subject_of_change(verb)  # 'over the next 15 years the age ... will rise to 63': the age
    if head is None:
        for prep in (c for c in verb.children if c.dep_ == "prep"):
            head = next((g for g in prep.children if g.dep_ == "pobj" and not is_duration(g)), None)
            if head is not None:
                break
    if head is None or head.pos_ in _NOT_TOPIC_POS or head.like_num:
        return None
    return head


def _moves_to_a_value(verb: Token) -> bool:
    """'will rise from 60 to 63': the subject is what moves (not 'the warning came days after')."""
    return any(
        g.like_num or any(c.like_num for c in g.children)
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ in {"to", "from", "by"}
        for g in prep.children
        if g.dep_ == "pobj"
    )
