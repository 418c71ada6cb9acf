"""The extractor: article texts in, `PolicyShift`s out. The service and the CLI both use it.

Fast path: tokenize every article, split sentences and keep the ones with a change cue
(`policywatch_sentences`, `policywatch_cues`, cheap), then tag, parse and run NER on those
sentences only, batched with `nlp.pipe`. `extract_naive` runs the full pipeline on whole
articles, one `nlp(text)` each: the benchmark's baseline, same rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

import services.extract.components.actor_mentions
import services.extract.components.cue_filter
import services.extract.components.sentences
import services.extract.components.shift_finder
import services.extract.components.tag_pos  # noqa: F401  (registers the factories)
from services.extract.actors import ActorRef
from services.extract.candidates import ShiftCandidate
from services.extract.components.actor_mentions import ACTOR_SPANS
from services.extract.components.cue_filter import CUE_SENTS
from services.extract.components.shift_finder import SHIFTS_ATTR, ShiftFinder
from services.extract.context import ArticleContext, Mention
from services.extract.events import ArticleText, assemble
from services.extract.learned.gate import judge_candidates
from services.extract.learned.judge import Judge, load_judge
from shared.contract import PolicyShift
from shared.settings import ExtractSettings

_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")


class Extractor:
    """Holds the two pipelines; build it once (loading the model takes about a second)."""

    def __init__(self, model: str, batch_size: int = 16, *, judge: Judge | None = None) -> None:
        self.judge = judge
        self.heavy = spacy.load(model)
        self.heavy.add_pipe("policywatch_tag_pos", after="attribute_ruler")
        self.heavy.add_pipe("policywatch_shifts")
        self.light = spacy.blank("en", vocab=self.heavy.vocab)
        self.light.tokenizer = self.heavy.tokenizer
        self.light.add_pipe("policywatch_sentences")
        self.light.add_pipe("policywatch_cues")
        self.light.add_pipe("policywatch_actor_mentions")
        self.batch_size = batch_size

    def extract(self, articles: Sequence[ArticleText]) -> list[list[PolicyShift]]:
        """Events per article, in input order (fast path)."""
        docs = list(self.light.pipe((a.text for a in articles), batch_size=self.batch_size))
        titles = list(self.light.pipe((a.ref.title for a in articles), batch_size=self.batch_size))
        jobs = [
            # Slicing the article beats Span.text, which rebuilds the string token by token.
            (n, sent.start_char, articles[n].text[sent.start_char : sent.end_char])
            for n, doc in enumerate(docs)
            for sent in doc.spans[CUE_SENTS]
        ]
        found: list[list[ShiftCandidate]] = [[] for _ in articles]
        parsed = self._read_sentences([text for _, _, text in jobs])
        for (n, offset, _), sentence_doc in zip(jobs, parsed, strict=True):
            found[n].extend(c.shifted(offset) for c in sentence_doc._.get(SHIFTS_ATTR) or [])
        found = self._judged(found, docs)
        return [
            assemble(found[n], article_context(docs[n], titles[n], article.text), article.ref)
            for n, article in enumerate(articles)
        ]

    @classmethod
    def from_settings(cls, settings: ExtractSettings, model: str | None = None) -> Extractor:
        """The extractor the service runs: the spaCy model and the learned judges of `settings`."""
        judge = load_judge(settings.judge_model, settings.shift_type_model)
        return cls(model or settings.spacy_model, settings.batch_size, judge=judge)

    def _judged(self, found: list[list[ShiftCandidate]], docs: Sequence[Doc]) -> list[list[ShiftCandidate]]:
        if self.judge is None:
            return found
        lede_ends = [next(iter(doc.sents)).end_char if len(doc) else 0 for doc in docs]
        return judge_candidates(self.judge, found, lede_ends)

    def _read_sentences(self, texts: list[str]) -> list[Doc]:
        """Tag and parse every cue sentence; run NER and the rules only where a change survives."""
        batch = self.batch_size * 4
        skip = ["ner", "attribute_ruler", "policywatch_shifts"]
        parsed = list(self.heavy.pipe(texts, batch_size=batch, disable=skip))
        finder: ShiftFinder = self.heavy.get_pipe("policywatch_shifts")  # type: ignore[assignment]
        ner: Any = self.heavy.get_pipe("ner")
        keep = [doc for doc in parsed if finder.worth_reading(doc)]
        for doc in ner.pipe(keep, batch_size=batch):
            finder(doc)
        return parsed

    def extract_naive(self, articles: Sequence[ArticleText]) -> list[list[PolicyShift]]:
        """Same rules over the full pipeline, one `nlp(text)` per article (benchmark baseline)."""
        out = []
        for article in articles:
            doc = self.heavy(article.text, disable=["policywatch_tag_pos"])
            light = self.light(article.text)
            [found] = self._judged([list(doc._.get(SHIFTS_ATTR) or [])], [light])
            context = article_context(light, self.light(article.ref.title), article.text)
            out.append(assemble(found, context, article.ref))
        return out


def article_context(doc: Doc, title: Doc, text: str) -> ArticleContext:
    """`text` is the string `doc` was made from (`Doc.text` would rebuild it token by token)."""
    mentions = [Mention(span.start_char, _ref(span)) for span in doc.spans[ACTOR_SPANS]]
    return ArticleContext(
        mentions=mentions,
        title_actors=[_ref(span) for span in title.spans[ACTOR_SPANS]],
        latest_year=latest_year(text),
        text=text,
    )


def latest_year(text: str) -> int | None:
    """The most recent year the article names: changes dated earlier are background."""
    years = [int(y) for y in _YEAR.findall(text)]
    return max(years) if years else None


def _ref(span: Span) -> ActorRef:
    return ActorRef(span.label_, span.kb_id_, span.id_ or None)


def load_extractor(model: str, batch_size: int = 16) -> Extractor:
    return Extractor(model, batch_size)


__all__ = ["ArticleText", "Extractor", "Language", "load_extractor"]
