"""Who made the change: the subject, the passive agent, or whoever reports it.

'Canada has rescinded its tax' -> Canada; 'the tax was scrapped by Ottawa' -> Ottawa;
'Sir Keir said the aid budget would be cut' -> Sir Keir; 'he said ...' -> the article's actor.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from services.extract.actors import ActorIndex, ActorRef
from services.extract.rules.lexicon import REPORTING_VERBS

PRONOUNS = {"he", "she", "it", "they", "we", "i", "his", "her", "its", "their", "our"}
GENERIC_ACTORS = {
    "government",
    "administration",
    "company",
    "minister",
    "president",
    "bank",
    "committee",
    "council",
    "pm",
    "premier",
    "chancellor",
    "secretary",
    "officials",
    "official",
    "ministry",
    "department",
    "agency",
    "firm",
    "group",
    "cabinet",
    "policymakers",
    "regulator",
    "leader",
    "governor",
    "retailer",
    "giant",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "board",
    "authorities",
    "state",
    "country",
    "councillors",
    "lawmakers",
    "parliament",
    "coalition",
    "party",
    "union",
    "bloc",
    "alliance",
    "mayor",
}
ENTITY_TYPES = {"PERSON": "official", "ORG": "company", "GPE": "state", "NORP": "state"}
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}


@dataclass(frozen=True)
class AgentHit:
    """A resolved actor, or an unresolved mention (`ref` None) that context must resolve."""

    ref: ActorRef | None
    text: str
    official: str | None = None
    via: str = "subject"


def find_agent(token: Token, index: ActorIndex) -> AgentHit | None:
    """The actor of a change predicate, climbing to the reporting clause when needed."""
    node: Token | None = token
    steps = 0
    while node is not None and steps < 6:
        steps += 1
        mention = clause_actor(node)
        if mention is not None:
            hit = resolve_mention(mention, index)
            if hit is not None and hit.ref is not None:
                return hit
            if hit is not None and not _needs_context(mention):
                return hit
        node = _next_clause(node)
    return AgentHit(None, "", via="context")


def find_announcer(token: Token, index: ActorIndex) -> str | None:
    """The named person who reports the change: 'Keir Starmer said the UK would scrap...' -> Keir Starmer."""
    node: Token | None = token
    for _ in range(6):
        if node is None:
            return None
        mention = clause_actor(node)
        if mention is not None:
            hit = resolve_mention(mention, index)
            if hit is not None and hit.official:
                return hit.official
        node = _next_clause(node)
    return None


def clause_actor(token: Token) -> Token | None:
    """The subject of the clause, the passive agent, or the possessor of an event noun."""
    for child in token.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    for child in token.children:
        if child.dep_ in _SUBJECTS and child.dep_ != "nsubjpass" and not _is_topic_like(child, token):
            return child
    for child in token.children:
        if child.dep_ == "poss":
            return child
    return None


def resolve_mention(mention: Token, index: ActorIndex) -> AgentHit | None:
    """'Prime Minister Sir Keir Starmer' -> United Kingdom said by Keir Starmer (via the index)."""
    person = _person_in(mention)
    for span in _candidate_spans(mention):
        ref = index.resolve(span.text)
        if ref is not None:
            return AgentHit(ref, span.text, ref.official or person)
    ent = _entity_in(mention)
    if ent is not None:
        actor_type = ENTITY_TYPES[ent.label_]
        name = _strip_titles(ent)
        return AgentHit(ActorRef(name, actor_type), name, name if actor_type == "official" else None)
    if mention.lower_ in PRONOUNS or mention.lemma_.lower() in GENERIC_ACTORS:
        return AgentHit(None, mention.text, via="context")
    return None


def _needs_context(mention: Token) -> bool:
    return mention.lower_ in PRONOUNS or mention.lemma_.lower() in GENERIC_ACTORS


def _next_clause(token: Token) -> Token | None:
    """Up to the governing verb: xcomp/conj/ccomp chains, or the verb an event noun hangs on."""
    if token.head is token:
        return None
    if token.dep_ in {
        "xcomp",
        "conj",
        "ccomp",
        "advcl",
        "dobj",
        "pcomp",
        "pobj",
        "prep",
        "acl",
        "relcl",
        "nsubjpass",
        "attr",
        "oprd",
        "appos",
        "npadvmod",
    }:
        return token.head
    if token.head.lemma_.lower() in REPORTING_VERBS:
        return token.head
    return None


def _is_topic_like(subject: Token, verb: Token) -> bool:
    """'The levy would rise' / 'the cut lowers the rate': the subject is the thing, not the actor."""
    if subject.ent_type_ in ENTITY_TYPES or subject.lower_ in PRONOUNS:
        return False
    if any(c.ent_type_ in ENTITY_TYPES for c in subject.subtree):
        return False
    return subject.lemma_.lower() not in {*GENERIC_ACTORS, "customer", "customers"}


def _candidate_spans(mention: Token) -> list[Span]:
    doc = mention.doc
    spans = [ent for ent in doc.ents if ent.start <= mention.i < ent.end]
    left = mention.left_edge.i
    for child in mention.children:
        if child.dep_ == "poss":
            spans.append(doc[child.left_edge.i : child.i + 1])
    compounds = [c for c in mention.children if c.dep_ in {"compound", "amod"} and c.i < mention.i]
    if compounds:
        spans.append(doc[compounds[0].i : mention.i + 1])
    spans.append(doc[mention.i : mention.i + 1])
    spans.append(doc[left : mention.i + 1])
    spans.extend(ent for ent in doc.ents if left <= ent.start and ent.end <= mention.right_edge.i + 1)
    return spans


def _entity_in(mention: Token) -> Span | None:
    doc = mention.doc
    for ent in doc.ents:
        if ent.label_ in ENTITY_TYPES and ent.start <= mention.i < ent.end:
            return ent
    for ent in doc.ents:
        if (
            ent.label_ in {"PERSON", "ORG", "GPE"}
            and mention.left_edge.i <= ent.start
            and ent.end <= mention.i + 1
        ):
            return ent
    return None


def _person_in(mention: Token) -> str | None:
    doc = mention.doc
    for ent in doc.ents:
        if (
            ent.label_ == "PERSON"
            and mention.left_edge.i <= ent.start
            and ent.end <= mention.right_edge.i + 1
        ):
            return _strip_titles(ent)
    return None


_TITLES = {
    "sir",
    "dame",
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "president",
    "prime",
    "minister",
    "secretary",
    "governor",
    "chancellor",
    "ceo",
    "chair",
    "chairman",
}


def _strip_titles(ent: Span) -> str:
    words = [t.text for t in ent if (t.lower_ not in _TITLES and not t.is_punct) or t.text == "."]
    text = " ".join(words).strip()
    return text.removesuffix("'s").removesuffix("\u2019s").strip() or ent.text
