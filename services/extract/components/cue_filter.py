"""`policywatch_cues`: marks the sentences that hold a change cue, on tokenizer output.

Most sentences of a news article state no shift; only the ones kept in `doc.spans["pw_cue_sents"]`
go through the tagger, parser and entity recogniser.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from services.extract.rules.cues import cue_patterns

CUE_SENTS = "pw_cue_sents"


@Language.factory("policywatch_cues")
def make_cue_filter(nlp: Language, name: str) -> CueFilter:
    return CueFilter(nlp)


class CueFilter:
    """'Canada rescinded its tax.' is kept; 'It rained in Ottawa.' is not."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("CUE", cue_patterns())

    def __call__(self, doc: Doc) -> Doc:
        starts = {m_start for _, m_start, _ in self.matcher(doc)}
        doc.spans[CUE_SENTS] = [sent for sent in doc.sents if _has_cue(sent, starts)]
        return doc

    def has_cue(self, sent: Span) -> bool:
        return bool(self.matcher(sent.as_doc()))


def _has_cue(sent: Span, starts: set[int]) -> bool:
    return any(sent.start <= i < sent.end for i in starts)
