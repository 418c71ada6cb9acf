"""`policywatch_shifts`: reads change predicates in parsed cue sentences into `ShiftCandidate`s.

Needs the tagger, parser and entity recogniser. Works on a whole article (naive path) or on
one cue sentence at a time (fast path); the candidates land in `doc._.pw_shifts`.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from services.extract.actors import ActorIndex, load_actor_index
from services.extract.candidates import ShiftCandidate
from services.extract.components.cue_filter import CueIndex
from services.extract.quantities import tells_market_move
from services.extract.rules.agents import (
    PRONOUNS,
    AgentHit,
    central_bank_of,
    find_agent,
    find_announcer,
    resolve_mention,
    states_named_together,
)
from services.extract.rules.blockers import blocking_reason, month_of, year_of
from services.extract.rules.conjuncts import co_actors
from services.extract.rules.gapped import (
    gapped_changes,
    gapped_group_levels,
    gapped_levels,
    gapped_steps,
)
from services.extract.rules.instruments import WILL, by_amount, names_instrument, sets_price
from services.extract.rules.measures import listed_measures
from services.extract.rules.numbers import LISTED_LEVEL, QuantityFound, find_quantity
from services.extract.rules.phrases import after_phrase, before_phrase
from services.extract.rules.predicates import (
    Predicate,
    find_predicates,
)
from services.extract.rules.speakers import find_speaker
from services.extract.rules.status import find_status
from services.extract.rules.topics import OBLIGING_FORMS, find_topic_head, topic_phrase

SHIFTS_ATTR = "pw_shifts"


@Language.factory("policywatch_shifts", requires=["token.dep", "token.lemma", "doc.ents"])
def make_shift_finder(nlp: Language, name: str) -> ShiftFinder:
    if not Doc.has_extension(SHIFTS_ATTR):
        Doc.set_extension(SHIFTS_ATTR, default=None)
    return ShiftFinder(nlp, load_actor_index())


class ShiftFinder:
    """'Canada has rescinded its digital services tax.' -> Canada / digital services tax / reversal."""

    def __init__(self, nlp: Language, index: ActorIndex) -> None:
        self.index = index
        self.cues = CueIndex(nlp.vocab)

    def __call__(self, doc: Doc) -> Doc:
        found: list[ShiftCandidate] = []
        for sent in self.cues.sentences(doc):
            found.extend(self.read_sentence(sent))
        doc._.set(SHIFTS_ATTR, found)
        return doc

    def worth_reading(self, doc: Doc) -> bool:
        """Whether a parsed doc holds a change the entity recogniser should look at: an unblocked
        predicate with a topic. Lets the fast path run NER on those sentences only."""
        for sent in self.cues.sentences(doc):
            for predicate in find_predicates(sent):
                if not blocking_reason(predicate) and find_topic_head(predicate) is not None:
                    return True
        return False

    def read_sentence(self, sent: Span) -> list[ShiftCandidate]:
        out = []
        predicates = find_predicates(sent)
        accepted = []
        for predicate in predicates:
            candidate = self.read_predicate(sent, predicate)
            if candidate is not None:
                accepted.append(predicate)
                more = _gapped(candidate)
                out.extend(self._each_actor(_listed_first(candidate, more), predicate))
                out.extend(more)
        for predicate in listed_measures(accepted, {p.token.i for p in predicates}):
            candidate = self.read_predicate(sent, predicate)
            if candidate is not None:
                out.extend(self._each_actor(candidate, predicate))
        return out

    def _each_actor(self, candidate: ShiftCandidate, predicate: Predicate) -> list[ShiftCandidate]:
        """The candidate, and the same shift for the other actors of a coordinated subject: 'Ireland,
        Spain and Norway said they would recognise a Palestinian state' -> Spain's and Norway's too;
        'the defence ministers of Finland, Norway and Sweden said their countries would leave...'
        (no actor of its own yet) -> one candidate per state named."""
        named = states_named_together(predicate.token, self.index)
        if candidate.actor is None:
            if len(named) < 2:
                return [candidate]
            return [
                replace(
                    candidate,
                    actor=ref,
                    actor_text=ref.canonical,
                    announced_by=None,
                    features={**candidate.features, "context_actor": 0.0},
                )
                for ref in named
            ]
        agent = AgentHit(candidate.actor, candidate.actor_text)
        listed = co_actors(predicate.token, agent, self.index)
        if len(listed) < 2 and candidate.actor.canonical in {ref.canonical for ref in named}:
            listed = [
                agent,
                *(
                    AgentHit(ref, ref.canonical)
                    for ref in named
                    if ref.canonical != candidate.actor.canonical
                ),
            ]
        copies = [
            replace(
                candidate,
                actor=hit.ref,
                actor_text=hit.text,
                announced_by=hit.official,
                features=dict(candidate.features),
            )
            for hit in listed[1:]
        ]
        return [candidate, *copies]

    def read_predicate(self, sent: Span, predicate: Predicate) -> ShiftCandidate | None:
        if blocking_reason(predicate):
            return None
        head = find_topic_head(predicate)
        if head is None:
            return None
        quantity = (
            _quantity_of(sent, predicate, topic_phrase(head)) if predicate.shift_type in _QUANTIFIED else None
        )
        has_change = bool(quantity and quantity.from_ is not None and quantity.to is not None)
        policy_like = names_instrument(predicate, head)
        agent = find_agent(predicate.token, self.index)
        if agent is None:  # 'the governments of Niger, Mali and Burkina Faso said...': the first named
            agent = next(iter(co_actors(predicate.token, None, self.index)), None)
        if agent is None or (_told_of_old_policy(predicate, agent) and not _also(predicate.token)):
            return None
        policy_like = policy_like or sets_price(predicate, head, agent)
        if not policy_like and not has_change and not _named_no_longer(predicate, agent):
            return None
        if agent.ref is None:
            agent = _possessor(head, self.index) or agent
        agent = central_bank_of(agent, head, self.index)
        text, start, end = _trimmed(sent)
        shift_type = _shift_type(predicate, quantity)
        return ShiftCandidate(
            actor=agent.ref,
            actor_text=agent.text,
            actor_fallback=agent.fallback,
            announced_by=agent.official or find_announcer(predicate.token, self.index),
            topic=topic_phrase(head),
            topic_head=head.lemma_.lower(),
            shift_type=shift_type,
            status=find_status(predicate.token),
            sentence=text,
            start=start,
            end=end,
            predicate=predicate.token.lemma_.lower(),
            quantity=quantity,
            speaker=find_speaker(predicate.token, self.index),
            before=before_phrase(predicate, head, shift_type),
            after=after_phrase(predicate, head),
            year=year_of(predicate.token),
            month=month_of(predicate.token),
            scope=_scope(predicate.token, head),
            participle=_set_off_participle(predicate.token),
            features={
                "context_actor": float(agent.ref is None),
                "entity_actor": float(agent.via == "entity"),
                "quantity": float(has_change),
                "policy_noun": float(policy_like),
                "past_it": float(_told_of_old_policy(predicate, agent)),
            },
        )


_QUANTIFIED = {"numeric_change", "new_commitment", "hardening", "softening"}


def _set_off_participle(token: Token) -> bool:
    """'..., scrapping an open-door policy' / '..., scaling back the law': a subjectless -ing
    clause after a comma, hung on another verb of the sentence."""
    return (
        token.tag_ == "VBG"
        and token.dep_ == "advcl"
        and token.i > token.sent.start
        and token.doc[token.i - 1].text == ","
        and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children)
    )


def _gapped(candidate: ShiftCandidate) -> list[ShiftCandidate]:
    """The other changes its verb makes in the same clause: '... on petrol to 29.84% from 25.92% and
    on diesel to 18.44% from 14.34%' -> the diesel change as its own candidate."""
    quantity = candidate.quantity
    if quantity is None or quantity.to is None:
        return []
    if quantity.from_ is None:  # 'by 10%, diesel by 12% and kerosene by 8%'
        found = gapped_steps(candidate.sentence, quantity, candidate.topic)
        found = found or gapped_levels(candidate.sentence, quantity, candidate.topic)
        found = found or gapped_group_levels(candidate.sentence, quantity, candidate.topic)
    else:
        found = gapped_changes(candidate.sentence, quantity, candidate.topic)
    return [
        replace(candidate, topic=more.topic, quantity=more.quantity, features=dict(candidate.features))
        for more in found
    ]


def _listed_first(candidate: ShiftCandidate, more: list[ShiftCandidate]) -> ShiftCandidate:
    """The first of a list of rates ('a 100% tariff on canola oil and a 25% levy on pork') is marked
    as listed too, so that its own rate stays its value rather than one moved from the next's."""
    quantity = candidate.quantity
    if quantity is None or not any(m.quantity and m.quantity.pattern == LISTED_LEVEL for m in more):
        return candidate
    return replace(candidate, quantity=replace(quantity, pattern=LISTED_LEVEL))


def _quantity_of(sent: Span, predicate: Predicate, topic: str) -> QuantityFound | None:
    """The change stated after the predicate when there is one: in 'A will lower X from 1 to 2, while
    B will reduce Y from 3 to 4', 'reduce' reads 3 -> 4; else the sentence's first change. A level of
    the main clause wins over a from -> to in its means clause ('reach 4% by lifting X from 1 to 3')."""
    if tells_market_move(sent.text):
        return None  # 'Brent crude rose 37 cents to $65.14': its tail must not read as a setting's change
    tail = sent.text[predicate.token.idx - sent.start_char :]
    if predicate.token.pos_ == "NOUN":  # 'announced a 10% increase in the wage': the noun's own amount
        return find_quantity(sent.text[predicate.token.left_edge.idx - sent.start_char :], topic=topic)
    if predicate.listed:  # 'increase spending to 2% ... and acquire new missiles': not the 2%
        return find_quantity(tail, topic=topic)
    whole = find_quantity(sent.text, topic=topic)
    if whole is not None and whole.pattern == "level_by_means":
        return whole
    found = find_quantity(tail, topic=topic)
    if found is not None and found.from_ is not None and found.to is not None:
        return found
    return whole


_SCOPE_POS = {"NOUN", "VERB", "PROPN", "ADJ"}
_NOT_SCOPE_DEPS = {"nsubj", "nsubjpass", "aux", "auxpass", "neg", "punct", "mark", "advcl", "cc", "conj"}


def _scope(token: Token, head: Token) -> frozenset[str]:
    """Content lemmas of what changes, without its subject: 'customers will no longer be able to
    share passwords' -> {able, share, password}; names (the actor) are left out."""
    tokens = [t for c in token.children if c.dep_ not in _NOT_SCOPE_DEPS for t in c.subtree]
    tokens.extend(head.subtree)
    return frozenset(
        t.lemma_.lower()
        for t in tokens
        if t.pos_ in _SCOPE_POS and not t.is_stop and not t.ent_type_ and t.lower_ != "longer"
    )


def _named_no_longer(predicate: Predicate, agent: AgentHit) -> bool:
    """'Berlin would no longer publish the lists': a gazetteer actor's 'no longer' is a stance change
    even when the object is no policy noun."""
    if not predicate.no_longer or agent.ref is None or agent.via == "entity":
        return False
    # 'will no longer publish' is a decision; 'can no longer sit idly by' is a predicament;
    # 'no longer need to isolate' / 'no longer have to' lifts an obligation
    token = predicate.token
    if token.lower_ in OBLIGING_FORMS and any(c.dep_ == "xcomp" for c in token.children):
        return True
    return any(c.dep_ == "aux" and c.lower_ in WILL for c in token.children)


def _told_of_old_policy(predicate: Predicate, agent: AgentHit) -> bool:
    """'It mandated developers to disclose test results': an 'it' in the past tense is most often a
    policy just named telling what it did; 'it withdraws the US from...', 'it will abandon...' are
    the document or the body acting now (the article context says who). With 'also' ('It also
    scrapped...') it is kept, marked: after a sentence in which a named actor made a change, it is
    that actor (`events.resolve_actors`)."""
    return agent.ref is None and agent.text.lower() == "it" and predicate.token.tag_ == "VBD"


def _also(verb: Token) -> bool:
    """'It also scrapped the tariff': one more change by whoever acted just before, not what an
    old policy did ('It imposed reporting requirements')."""
    return any(c.lower_ == "also" for c in verb.children)


def _shift_type(predicate: Predicate, quantity: object) -> str:
    if predicate.shift_type != "numeric_change" or quantity is not None:
        return predicate.shift_type
    if by_amount(predicate.token):
        return "numeric_change"  # 'raise output by 548,000 barrels a day': a step without the levels
    return (
        "hardening"
        if predicate.token.lemma_.lower() in {"raise", "increase", "hike", "boost", "ramp", "jack"}
        else "softening"
    )


def _possessor(head: Token, index: ActorIndex) -> AgentHit | None:
    """'the UK's aid budget' -> United Kingdom, when no clause names the actor."""
    for child in head.children:
        if child.dep_ == "poss" and child.lower_ not in PRONOUNS:
            hit = resolve_mention(child, index)
            if hit is not None and hit.ref is not None:
                return AgentHit(hit.ref, hit.text, hit.official, via="possessor")
    return None


def _trimmed(sent: Span) -> tuple[str, int, int]:
    text = sent.text
    stripped = text.strip()
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return stripped, start, start + len(stripped)
