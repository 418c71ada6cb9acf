"""Several actors told as one subject, each making the shift (issue 8, kind 6).

'Ireland, Spain and Norway said they would recognise a Palestinian state' is three shifts, one a
state; 'the governments of Niger, Mali and Burkina Faso said their countries were leaving the bloc'
too. The agent finder names one actor (or none, for a group noun); these functions find the others
in the same subject. Pure functions over the parse and the gazetteer.
"""

from __future__ import annotations

from spacy.tokens import Token

from services.extract.actors import ActorIndex
from services.extract.rules.agents import AgentHit, resolve_mention

_SUBJECTS = {"nsubj", "nsubjpass"}
_ACTING_KINDS = {"state", "company", "international_org", "central_bank"}


def co_actors(token: Token, agent: AgentHit | None, index: ActorIndex) -> list[AgentHit]:
    """The actors listed with `agent` in a subject of the predicate's sentence, `agent` first: 'Ireland,
    Spain and Norway said...' with agent Ireland -> [Ireland, Spain, Norway]; with no agent (a group
    noun: 'the military governments of Niger, Mali and Burkina Faso'), the listed ones. [] when the
    sentence lists no other actor."""
    for mention in _subject_lists(token):
        hits = _resolved(mention, index)
        if len(hits) < 2:
            continue
        if agent is None:
            return [h for h in hits if _kind(h) == _kind(hits[0])]
        if agent.ref is not None and any(h.ref == agent.ref for h in hits):
            return [agent, *(h for h in hits if h.ref != agent.ref and _same_kind(h, agent))]
    return []


def _same_kind(hit: AgentHit, agent: AgentHit) -> bool:
    """Listed actors act alike when they are of one kind: 'Ireland, Spain and Norway'; not a leader's
    party and its coalition partner, nor two unions (which demand rather than decide)."""
    return _kind(hit) == _kind(agent) and _kind(hit) in _ACTING_KINDS


def _kind(hit: AgentHit) -> str | None:
    return hit.ref.type if hit.ref is not None else None


def _subject_lists(token: Token) -> list[list[Token]]:
    """Each coordinated subject of the sentence as its list of conjuncts: the subject itself, its
    apposition, or the 'of' list of a plural subject ('the governments of X, Y and Z')."""
    lists = []
    for word in token.sent:
        if word.dep_ not in _SUBJECTS and not (word.dep_ == "pobj" and word.head.dep_ == "agent"):
            continue
        lists.append([word, *word.conjuncts])
        # 'OSLO — Ireland, Spain and Norway said': the list hangs on the dateline as an apposition
        lists.extend([a, *a.conjuncts] for a in word.children if a.dep_ == "appos")
        if word.tag_ == "NNS":
            for prep in (c for c in word.children if c.dep_ == "prep" and c.lower_ == "of"):
                for obj in (g for g in prep.children if g.dep_ == "pobj"):
                    lists.append([obj, *obj.conjuncts])
    return [names for names in lists if len(names) > 1]


def _resolved(mentions: list[Token], index: ActorIndex) -> list[AgentHit]:
    """The distinct gazetteer actors the mentions name, in order (unresolved ones left out)."""
    hits: list[AgentHit] = []
    for mention in mentions:
        hit = resolve_mention(mention, index)
        if hit is not None and hit.ref is not None and all(h.ref != hit.ref for h in hits):
            hits.append(hit)
    return hits
