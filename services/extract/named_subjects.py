"""Bodies the gazetteer does not know, named as the subject of a sentence no rule read.

'Nippon Steel completed its purchase of U.S. Steel. The company said it would scrap...': the
context holds only gazetteer names and the actors of read sentences, so 'the company' found no
company (and took the state the text mentions). The sentences before such a candidate are parsed
with the recogniser, and an organisation that is a sentence's subject becomes a mention. Only
articles with such a candidate pay for it.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span

from services.extract.actors import ActorIndex, ActorRef
from services.extract.candidates import ShiftCandidate
from services.extract.context import Mention
from services.extract.rules.lexicon import word_set
from services.extract.rules.names import named_agency, strip_titles

# Words for a body a story names first and then calls by its kind.
BODY_WORDS = word_set(
    """company firm retailer giant carmaker automaker airline insurer lender miner manufacturer
    drugmaker chipmaker brewer supermarket regulator watchdog"""
)
# How many sentences before the candidate are read.
LOOKBACK_SENTENCES = 6
_SUBJECTS = {"nsubj", "nsubjpass"}


def needing_names(candidates: Iterable[ShiftCandidate]) -> int | None:
    """Where the last candidate whose actor is only a body word ('the company') starts, if any."""
    starts = [c.start for c in candidates if c.actor is None and (c.actor_text or "") in BODY_WORDS]
    return max(starts) if starts else None


def subject_bodies(sentences: Iterable[tuple[int, Span]], index: ActorIndex) -> list[Mention]:
    """Organisations that are the subject of a parsed sentence (with its offset in the article):
    'Heineken reported lower volumes' -> Heineken; 'Britain's Financial Conduct Authority said' ->
    the authority. Names the gazetteer knows are already mentions and are left out."""
    found = []
    for offset, sent in sentences:
        for ent in sent.ents:
            if ent.label_ != "ORG" or ent.root.dep_ not in _SUBJECTS or index.resolve(ent.text) is not None:
                continue
            ref = named_agency(ent.root, index) or ActorRef(strip_titles(ent), "company")
            found.append(Mention(offset + ent.start_char - sent.start_char, ref))
    return found
