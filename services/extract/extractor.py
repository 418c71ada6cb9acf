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
from services.extract.components.actor_mentions import ACTOR_SPANS, HOME_SPANS
from services.extract.components.cue_filter import CUE_SENTS
from services.extract.components.lemmas import remember_lemmas
from services.extract.components.shift_finder import SHIFTS_ATTR, ShiftFinder
from services.extract.context import ArticleContext, Mention
from services.extract.events import ArticleText, assemble
from services.extract.learned.gate import ArticleVerdicts, judge_articles, keep
from services.extract.learned.judge import Judge, Verdict, load_judge
from services.extract.learned.proposals import propose
from services.extract.learned.topic import TopicTagger, load_topic_tagger, refine_topics
from services.extract.matmul import use_numpy_matmul
from services.extract.memo import forget_texts
from services.extract.named_subjects import LOOKBACK_SENTENCES, needing_names, subject_bodies
from shared.contract import PolicyShift
from shared.settings import ExtractSettings

_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")


class Extractor:
    """Holds the two pipelines; build it once (loading the model takes about a second)."""

    def __init__(
        self,
        model: str,
        batch_size: int = 16,
        *,
        judge: Judge | None = None,
        topics: TopicTagger | None = None,
    ) -> None:
        self.judge = judge
        self.topics = topics
        self.heavy = spacy.load(model)
        use_numpy_matmul(self.heavy)
        remember_lemmas(self.heavy)
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
        forget_texts()
        docs = list(self.light.pipe((a.text for a in articles), batch_size=self.batch_size))
        titles = list(self.light.pipe((a.ref.title for a in articles), batch_size=self.batch_size))
        verdicts = self._verdicts(docs, [a.text for a in articles])
        jobs = [
            # Slicing the article beats Span.text, which rebuilds the string token by token.
            (n, sent.start_char, articles[n].text[sent.start_char : sent.end_char])
            for n, doc in enumerate(docs)
            for sent in self._sentences_to_read(doc, verdicts[n] if verdicts else None)
        ]
        proposing = [bool(verdicts) and verdicts[n].proposable(offset) for n, offset, _ in jobs]
        found: list[list[ShiftCandidate]] = [[] for _ in articles]
        parsed = self._read_sentences([text for _, _, text in jobs], proposing)
        for (n, offset, _), sentence_doc, wanted in zip(jobs, parsed, proposing, strict=True):
            candidates = list(sentence_doc._.get(SHIFTS_ATTR) or [])
            if wanted and all(_past_it(c) for c in candidates):  # none, or only a past-tense 'it'
                candidates = self._proposed(sentence_doc[:], verdicts[n].at(offset)) or candidates
            found[n].extend(c.shifted(offset) for c in candidates)
        if verdicts:
            found = [[c for c in cands if keep(c, verdicts[n])] for n, cands in enumerate(found)]
        return self._refined(
            [
                assemble(found[n], self._context(docs[n], titles[n], article.text, found[n]), article.ref)
                for n, article in enumerate(articles)
            ]
        )

    def _context(self, doc: Doc, title: Doc, text: str, found: list[ShiftCandidate]) -> ArticleContext:
        """The article's context, with the bodies named as subjects before a candidate whose actor
        is only 'the company' / 'the regulator' (those sentences parsed with the recogniser)."""
        context = article_context(doc, title, text)
        until = needing_names(found)
        if until is None:
            return context
        sents = [s for s in doc.sents if s.end_char <= until][-LOOKBACK_SENTENCES:]
        parsed = self.heavy.pipe(
            (text[s.start_char : s.end_char] for s in sents),
            disable=["attribute_ruler", "policywatch_shifts"],
        )
        finder: ShiftFinder = self.heavy.get_pipe("policywatch_shifts")  # type: ignore[assignment]
        named = [(s.start_char, p[:]) for s, p in zip(sents, parsed, strict=True)]
        return context.with_mentions(subject_bodies(named, finder.index))

    @classmethod
    def from_settings(cls, settings: ExtractSettings, model: str | None = None) -> Extractor:
        """The extractor the service runs: the spaCy model and the learned judges of `settings`."""
        judge = load_judge(settings.judge_model, settings.shift_type_model)
        topics = load_topic_tagger(settings.topic_model)
        return cls(model or settings.spacy_model, settings.batch_size, judge=judge, topics=topics)

    def _refined(self, shifts: list[list[PolicyShift]]) -> list[list[PolicyShift]]:
        """Weak rule topics replaced by the topic tagger's span, all articles in one batch."""
        if self.topics is None:
            return shifts
        finder: ShiftFinder = self.heavy.get_pipe("policywatch_shifts")  # type: ignore[assignment]

        def is_state(phrase: str) -> bool:
            found = finder.index.resolve(phrase)
            return found is not None and found.type == "state" and found.official is None

        flat = refine_topics([s for article in shifts for s in article], self.topics, is_state)
        out, n = [], 0
        for article in shifts:
            out.append(flat[n : n + len(article)])
            n += len(article)
        return out

    def _verdicts(self, docs: Sequence[Doc], texts: Sequence[str]) -> list[ArticleVerdicts]:
        if self.judge is None:
            return []
        sentences = [
            [(sent.start_char, text[sent.start_char : sent.end_char]) for sent in doc.sents]
            for doc, text in zip(docs, texts, strict=True)
        ]
        return judge_articles(self.judge, sentences)

    @staticmethod
    def _sentences_to_read(doc: Doc, verdicts: ArticleVerdicts | None) -> list[Span]:
        """The cue sentences, and those the judge sends to be read for a proposed event."""
        cues = {sent.start_char for sent in doc.spans[CUE_SENTS]}
        if verdicts is None:
            return list(doc.spans[CUE_SENTS])
        return [s for s in doc.sents if s.start_char in cues or verdicts.proposable(s.start_char)]

    def _proposed(self, sent: Span, verdict: Verdict | None) -> list[ShiftCandidate]:
        finder: ShiftFinder = self.heavy.get_pipe("policywatch_shifts")  # type: ignore[assignment]
        found = propose(sent, finder.index, verdict.shift_type if verdict else None)
        return [found] if found is not None else []

    def _read_sentences(self, texts: list[str], proposing: Sequence[bool] = ()) -> list[Doc]:
        """Tag and parse every sentence; run NER and the rules only where a change survives or
        where the judge asks for a proposed event."""
        batch = self.batch_size * 4
        skip = ["ner", "attribute_ruler", "policywatch_shifts"]
        parsed = list(self.heavy.pipe(texts, batch_size=batch, disable=skip))
        finder: ShiftFinder = self.heavy.get_pipe("policywatch_shifts")  # type: ignore[assignment]
        ner: Any = self.heavy.get_pipe("ner")
        wanted = list(proposing) or [False] * len(parsed)
        keep = [doc for doc, w in zip(parsed, wanted, strict=True) if w or finder.worth_reading(doc)]
        for doc in ner.pipe(keep, batch_size=batch):
            finder(doc)
        return parsed

    def extract_naive(self, articles: Sequence[ArticleText]) -> list[list[PolicyShift]]:
        """Same rules and judges over the full pipeline, one `nlp(text)` per article (the
        benchmark's baseline)."""
        forget_texts()
        out = []
        for article in articles:
            doc = self.heavy(article.text, disable=["policywatch_tag_pos"])
            light = self.light(article.text)
            found = list(doc._.get(SHIFTS_ATTR) or [])
            verdicts = self._verdicts([light], [article.text])
            if verdicts:
                proposed = self._naive_proposals(doc, light, verdicts[0])
                replaced = {verdicts[0].index(c.start) for c in proposed}
                found = [c for c in found if not (_past_it(c) and verdicts[0].index(c.start) in replaced)]
                found = [c for c in found if keep(c, verdicts[0])] + proposed
            context = article_context(light, self.light(article.ref.title), article.text)
            until = needing_names(found)
            if until is not None:
                finder: ShiftFinder = self.heavy.get_pipe("policywatch_shifts")  # type: ignore[assignment]
                sents = [s for s in doc.sents if s.end_char <= until][-LOOKBACK_SENTENCES:]
                named = subject_bodies(((s.start_char, s) for s in sents), finder.index)
                context = context.with_mentions(named)
            out.append(assemble(found, context, article.ref))
        return self._refined(out)

    def _naive_proposals(self, doc: Doc, light: Doc, verdicts: ArticleVerdicts) -> list[ShiftCandidate]:
        taken = {verdicts.index(c.start) for c in doc._.get(SHIFTS_ATTR) or [] if not _past_it(c)}
        out = []
        for sent in light.sents:
            span = doc.char_span(sent.start_char, sent.end_char, alignment_mode="expand")
            wanted = verdicts.proposable(sent.start_char) and verdicts.index(sent.start_char) not in taken
            if span is not None and wanted:
                out.extend(self._proposed(span, verdicts.at(sent.start_char)))
        return out


def _past_it(candidate: ShiftCandidate) -> bool:
    """A rule candidate read from a past-tense 'it' ('It raised its rate...'): a proposal of the
    judge for the same sentence replaces it, as it did when such candidates were not made."""
    return bool(candidate.features.get("past_it"))


def article_context(doc: Doc, title: Doc, text: str) -> ArticleContext:
    """`text` is the string `doc` was made from (`Doc.text` would rebuild it token by token)."""
    mentions = [Mention(span.start_char, _ref(span)) for span in doc.spans[ACTOR_SPANS]]
    return ArticleContext(
        mentions=mentions,
        title_actors=[_ref(span) for span in title.spans[ACTOR_SPANS]],
        home=next((ActorRef(s.label_, s.kb_id_) for s in doc.spans.get(HOME_SPANS, []) if s.label_), None),
        home_place=next((span.id_.title() for span in doc.spans.get(HOME_SPANS, [])), None),
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
