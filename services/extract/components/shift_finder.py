"""`policywatch_shifts`: reads change predicates in parsed cue sentences into `ShiftCandidate`s.

Needs the tagger, parser and entity recogniser. Works on a whole article (naive path) or on
one cue sentence at a time (fast path); the candidates land in `doc._.pw_shifts`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from services.extract.actors import ActorIndex, load_actor_index
from services.extract.candidates import ShiftCandidate
from services.extract.rules.agents import find_agent, find_announcer
from services.extract.rules.blockers import blocking_reason
from services.extract.rules.cues import cue_patterns
from services.extract.rules.lexicon import POLICY_NOUNS, REPORTING_VERBS
from services.extract.rules.numbers import find_quantity
from services.extract.rules.predicates import Predicate, find_predicates
from services.extract.rules.status import find_status
from services.extract.rules.topics import find_topic_head, topic_phrase

SHIFTS_ATTR = "pw_shifts"
_QUOTES = {'"', "\u201c", "\u201d"}


@Language.factory("policywatch_shifts", requires=["token.dep", "token.lemma", "doc.ents"])
def make_shift_finder(nlp: Language, name: str) -> ShiftFinder:
    if not Doc.has_extension(SHIFTS_ATTR):
        Doc.set_extension(SHIFTS_ATTR, default=None)
    return ShiftFinder(nlp, load_actor_index())


class ShiftFinder:
    """'Canada has rescinded its digital services tax.' -> Canada / digital services tax / reversal."""

    def __init__(self, nlp: Language, index: ActorIndex) -> None:
        self.index = index
        self.cues = Matcher(nlp.vocab)
        self.cues.add("CUE", cue_patterns())

    def __call__(self, doc: Doc) -> Doc:
        starts = {start for _, start, _ in self.cues(doc)}
        found: list[ShiftCandidate] = []
        for sent in doc.sents:
            if any(sent.start <= i < sent.end for i in starts):
                found.extend(self.read_sentence(sent))
        doc._.set(SHIFTS_ATTR, found)
        return doc

    def read_sentence(self, sent: Span) -> list[ShiftCandidate]:
        out = []
        for predicate in find_predicates(sent):
            candidate = self.read_predicate(sent, predicate)
            if candidate is not None:
                out.append(candidate)
        return out

    def read_predicate(self, sent: Span, predicate: Predicate) -> ShiftCandidate | None:
        if blocking_reason(predicate):
            return None
        head = find_topic_head(predicate)
        quantity = find_quantity(sent.text) if predicate.shift_type == "numeric_change" else None
        policy_like = head is not None and _is_policy(head)
        if not policy_like and not (quantity and quantity.to is not None and head is not None):
            return None
        agent = find_agent(predicate.token, self.index)
        if agent is None:
            return None
        assert head is not None
        text, start, end = _trimmed(sent)
        shift_type = predicate.shift_type
        if shift_type == "numeric_change" and quantity is None:
            shift_type = (
                "hardening"
                if predicate.token.lemma_.lower() in {"raise", "increase", "hike"}
                else ("softening")
            )
        return ShiftCandidate(
            actor=agent.ref,
            actor_text=agent.text,
            announced_by=agent.official or find_announcer(predicate.token, self.index),
            topic=topic_phrase(head),
            shift_type=shift_type,
            status=find_status(predicate.token),
            sentence=text,
            start=start,
            end=end,
            predicate=predicate.token.lemma_.lower(),
            quantity=quantity,
            speaker=_speaker(predicate.token),
            features={
                "context_actor": float(agent.ref is None),
                "via_" + agent.via: 1.0,
                "quantity": float(bool(quantity and quantity.from_ is not None)),
                "policy_noun": float(policy_like),
            },
        )


def _is_policy(head: Token) -> bool:
    words = {
        head.lemma_.lower(),
        *(c.lemma_.lower() for c in head.children if c.dep_ in {"compound", "amod"}),
    }
    return bool(words & POLICY_NOUNS)


def _trimmed(sent: Span) -> tuple[str, int, int]:
    text = sent.text
    stripped = text.strip()
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return stripped, start, start + len(stripped)


def _speaker(token: Token) -> str | None:
    """The quoted speaker when the predicate sits inside quotation marks: '"We will cut," said X.'"""
    sent = token.sent
    quotes_before = sum(1 for t in sent if t.i < token.i and t.text in _QUOTES)
    if quotes_before % 2 == 0:
        return None
    for t in sent:
        if t.lemma_.lower() in REPORTING_VERBS:
            for child in t.children:
                if child.dep_ == "nsubj":
                    ents = [e for e in sent.ents if e.label_ == "PERSON" and e.start <= child.i < e.end]
                    return ents[0].text if ents else " ".join(w.text for w in child.subtree)
    return None
