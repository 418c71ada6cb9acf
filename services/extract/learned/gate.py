"""Where the judge's word counts: which sentences to read for events the rules miss, which rule
candidates to keep.

Every sentence of an article is judged (a bag-of-words classifier: cheap). A rule candidate is
kept unless the judge calls its sentence background (p >= VETO_BACKGROUND) or no new shift
(p(new) < KEEP_NEW, unless the rules read a full from -> to quantity; KEEP_NEW is 0, off: every
threshold tried lowered dev F1); a sentence with no rule candidate is read for a proposed event
when p(new) >= PROPOSE. Thresholds were chosen on train cross-validation and the dev sets
(docs/extract.md), never on the test split.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from services.extract.candidates import ShiftCandidate
from services.extract.learned.judge import Judge, Verdict

KEEP_NEW = 0.0
KEEP_WITH_QUANTITY = 0.0
VETO_BACKGROUND = 0.9
PROPOSE = 0.8
_MIN_CHARS = 25


@dataclass
class ArticleVerdicts:
    """The judge's verdict on each sentence of one article, by sentence start offset."""

    starts: list[int]
    verdicts: list[Verdict | None]

    def index(self, offset: int) -> int:
        """Which sentence holds `offset` (-1: before the first)."""
        return bisect_right(self.starts, offset) - 1

    def at(self, offset: int) -> Verdict | None:
        """The verdict of the sentence holding `offset`."""
        i = self.index(offset)
        return self.verdicts[i] if i >= 0 else None

    def proposable(self, start: int) -> bool:
        verdict = self.at(start)
        return verdict is not None and _proposes(verdict)


def _proposes(verdict: Verdict) -> bool:
    return verdict.new >= PROPOSE and verdict.background < VETO_BACKGROUND


def judge_articles(judge: Judge, sentences: Sequence[Sequence[tuple[int, str]]]) -> list[ArticleVerdicts]:
    """Verdicts for every (start, text) sentence of every article, in one batched pass."""
    jobs = [
        (n, i, text, i == 0)
        for n, sents in enumerate(sentences)
        for i, (_, text) in enumerate(sents)
        if len(text.strip()) >= _MIN_CHARS
    ]
    out = [ArticleVerdicts([s for s, _ in sents], [None] * len(sents)) for sents in sentences]
    judged = judge.verdicts([(text, lede) for _, _, text, lede in jobs])
    for (n, i, _, _), verdict in zip(jobs, judged, strict=True):
        out[n].verdicts[i] = verdict
    proposed = [(n, i, text, v) for (n, i, text, _), v in zip(jobs, judged, strict=True) if _proposes(v)]
    typed = judge.typed([text for _, _, text, _ in proposed], [v for _, _, _, v in proposed])
    for (n, i, _, _), verdict in zip(proposed, typed, strict=True):
        out[n].verdicts[i] = verdict
    return out


def keep(candidate: ShiftCandidate, verdicts: ArticleVerdicts) -> bool:
    """Whether a rule candidate survives the judge; its verdict is recorded in `features`."""
    verdict = verdicts.at(candidate.start)
    if verdict is None:
        return True
    candidate.features["judge_new"] = verdict.new
    candidate.features["judge_background"] = verdict.background
    if verdict.background >= VETO_BACKGROUND:
        return False
    full = candidate.quantity is not None and candidate.quantity.from_ is not None
    return verdict.new >= KEEP_NEW or (full and verdict.new >= KEEP_WITH_QUANTITY)
