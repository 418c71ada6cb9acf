"""`policywatch_actor_mentions`: gazetteer actor names in the text, on tokenizer output.

Feeds the article context that resolves 'he', 'the government' or 'the company' to an actor.
Each span in `doc.spans["pw_actors"]` is labelled with the canonical name.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from services.extract.actors import ActorIndex, load_actor_index
from services.extract.rules.lexicon import word_set

ACTOR_SPANS = "pw_actors"
# Surnames that are also month names ('May') are read as months in running text.
_MONTHS = word_set("january february march april may june july august september october november december")


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
            if span.text.lower() in _MONTHS:
                continue
            ref = self.index.resolve(span.text)
            if ref is not None:
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
        doc.spans[ACTOR_SPANS] = spans
        return doc


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
