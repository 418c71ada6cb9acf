"""`policywatch_actor_mentions`: gazetteer actor names in the text, on tokenizer output.

Feeds the article context that resolves 'he', 'the government' or 'the company' to an actor.
Each span in `doc.spans["pw_actors"]` is labelled with the canonical name.
"""

from __future__ import annotations

import re
from typing import Any

import numpy
from spacy.attrs import IS_LOWER, IS_PUNCT, IS_TITLE, IS_UPPER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from services.extract.actors import ActorIndex, ActorRef, load_actor_index
from services.extract.rules.datelines import DATELINE_CITIES, dateline_place, in_dateline
from services.extract.rules.names import context_body, unglued

ACTOR_SPANS = "pw_actors"
# The dateline's place, labelled with the state it stands for ('COLOMBO' -> Sri Lanka): at most one.
HOME_SPANS = "pw_home"
# Capitalised words before a surname that are not first names ('On Tuesday Hegseth said').
_NOT_NAMES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december""".split()  # noqa: SIM905
)


@Language.factory("policywatch_actor_mentions")
def make_actor_mentions(nlp: Language, name: str) -> ActorMentions:
    return ActorMentions(nlp, load_actor_index())


class ActorMentions:
    """'Ottawa rescinded the tax' -> span 'Ottawa' labelled 'Canada'."""

    def __init__(self, nlp: Language, index: ActorIndex) -> None:
        self.index = index
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        names = sorted(set(index.names()))
        self.matcher.add("ACTOR", [nlp.make_doc(n) for n in names if not case_sensitive(n)])
        self.exact.add("ACTOR", [nlp.make_doc(n) for n in names if case_sensitive(n)])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        matches = [*self.matcher(doc, as_spans=True), *self.exact(doc, as_spans=True)]
        for span in _longest(matches):
            if in_dateline(span[0]) or context_body(span.text) is not None:
                continue  # 'LONDON, Dec 5 -' says where the story was filed; 'the Senate' not whose
            ref = self.index.resolve(span.text)
            if ref is not None and ref.type == "company" and _where_said(span):
                continue  # 'in a statement on Facebook': the platform, not an actor
            if ref is not None and not self._other_person(span, ref) and not self._longer_name(span, ref):
                spans.append(
                    Span(
                        doc,
                        span.start,
                        span.end,
                        label=ref.canonical,
                        kb_id=ref.type,
                        span_id=ref.official or "",
                    )
                )
        spans.extend(self._glued(doc, {t for span in spans for t in range(span.start, span.end)}))
        doc.spans[ACTOR_SPANS] = sorted(spans, key=lambda span: span.start)
        doc.spans[HOME_SPANS] = self._home(doc)
        return doc

    def _home(self, doc: Doc) -> list[Span]:
        """'COLOMBO, Jan 17 -' -> [span 'COLOMBO' labelled 'Sri Lanka']: a capital the gazetteer
        knows, or a city of `DATELINE_CITIES`; an unlabelled span for any other place."""
        place = dateline_place(doc)
        if place is None:
            return []
        city = place.text.split(",")[0].strip()
        for name in reversed(place.text.split(",")):  # 'NAIROBI, Kenya': the region says most
            country = DATELINE_CITIES.get(name.strip().lower())
            ref = self.index.resolve(country or name.strip())
            if ref is not None and ref.type == "state":
                return [Span(doc, place.start, place.end, label=ref.canonical, kb_id=ref.type, span_id=city)]
        return [Span(doc, place.start, place.end, span_id=city)]  # a place still names 'the city' it is

    def _glued(self, doc: Doc, covered: set[int]) -> list[Span]:
        """'Share this articleMalaysia will cut...': a known name glued by scraping to the word
        before it is still a mention (the whole token, labelled with the name)."""
        found: list[Span] = []
        flags: Any = doc.to_array([IS_LOWER, IS_UPPER, IS_TITLE, IS_PUNCT])  # one C pass
        mixed: Any = numpy.flatnonzero(~flags.any(axis=1)) if len(doc) else []
        for i in (int(i) for i in mixed):  # few per article: 'WhatsApp', 'TikTok'...
            token = doc[i]
            if i in covered or _GLUE_POINT.search(token.text) is None:
                continue
            tail = unglued(token.text)
            ref = self.index.resolve(tail) if tail != token.text else None
            if ref is not None and ref.official is None:
                found.append(Span(doc, token.i, token.i + 1, label=ref.canonical, kb_id=ref.type))
        return found

    def _other_person(self, span: Span, ref: ActorRef) -> bool:
        """'Health Minister Sylvia Jones' is not the known official surnamed Jones: a capitalised
        word before a bare surname that does not resolve with it is another first name."""
        if ref.official is None or len(span) != 1 or span.start == 0:
            return False
        before = span.doc[span.start - 1]
        if not (before.is_alpha and before.is_title) or before.is_sent_start or before.lower_ in _NOT_NAMES:
            return False
        return self.index.resolve(f"{before.text} {span.text}") is None

    def _longer_name(self, span: Span, ref: ActorRef) -> bool:
        """'Nigeria Labour Congress', 'Nigerian Electricity Regulatory Commission': a one-word name
        ('Congress', 'Commission') after capitalised words it does not resolve with is part of
        another body's name."""
        if ref.official is not None or len(span) != 1 or span.start == 0:
            return False
        before = span.doc[span.start - 1]
        if not (before.is_alpha and (before.is_title or before.is_upper)) or before.is_sent_start:
            return False
        if before.lower_ in _NOT_NAMES or before.lower_ in {"the", "a", "an"}:
            return False
        return self.index.resolve(f"{before.text} {span.text}") is None


_GLUE_POINT = re.compile(r"[a-z)\]:][A-Z](?:[a-z]|\.|[A-Z])|[A-Z][A-Z][a-z]")


def _where_said(span: Span) -> bool:
    return span.start > 0 and span.doc[span.start - 1].lower_ in {"on", "via"}


def case_sensitive(name: str) -> bool:
    """Short or all-caps names ('US', 'WHO', 'Fed') match only as written."""
    return len(name) <= 4 or name.isupper() or name.lower() in {"fed", "who", "may", "reform"}


def _longest(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -len(s))):
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept
