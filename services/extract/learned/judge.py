"""The learned judges over rule candidates: is the sentence a new shift, and of which type.

Two spaCy `textcat` pipelines (bag of words, CPU, a few MB each) trained by `scripts/train_extract`
on the repo corpus. They read only the sentences the rules already found a change in, batched
with `nlp.pipe`, so they cost little beside the parser.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import spacy
from spacy.language import Language

from services.extract.learned.text import judge_text

MODELS = Path(__file__).resolve().parent.parent / "models"
SHIPPED_JUDGE = MODELS / "judge"
SHIPPED_SHIFT_TYPE = MODELS / "shift_type"


@dataclass(frozen=True)
class Verdict:
    """What the judges say of one sentence."""

    new: float
    background: float
    shift_type: str | None = None
    shift_type_p: float = 0.0


class Judge:
    """Loaded once at start-up, like any spaCy pipeline; nothing is downloaded."""

    def __init__(self, judge: Language, shift_type: Language | None = None, batch_size: int = 64) -> None:
        self.judge = judge
        self.shift_type = shift_type
        self.batch_size = batch_size

    def verdicts(self, sentences: Sequence[tuple[str, bool]]) -> list[Verdict]:
        """One verdict per (sentence, is the article's first sentence), without its type."""
        texts = [judge_text(text, lede=lede) for text, lede in sentences]
        return [
            Verdict(doc.cats.get("new_shift", 0.0), doc.cats.get("background", 0.0))
            for doc in self.judge.pipe(texts, batch_size=self.batch_size)
        ]

    def typed(self, sentences: Sequence[str], verdicts: Sequence[Verdict]) -> list[Verdict]:
        """The same verdicts with the shift-type classifier's choice: run only where it is needed
        (sentences proposed as events), it costs as much as the judge."""
        if self.shift_type is None:
            return list(verdicts)
        texts = [judge_text(text) for text in sentences]
        out = []
        for verdict, doc in zip(
            verdicts, self.shift_type.pipe(texts, batch_size=self.batch_size), strict=True
        ):
            kind = max(doc.cats, key=doc.cats.__getitem__)
            out.append(replace(verdict, shift_type=kind, shift_type_p=doc.cats[kind]))
        return out


def load_judge(judge_model: str | None, shift_type_model: str | None = None) -> Judge | None:
    """The judges from their paths: None is the shipped model, an empty path disables it."""
    judge_path = SHIPPED_JUDGE if judge_model is None else Path(judge_model) if judge_model else None
    if judge_path is None:
        return None
    type_path = (
        SHIPPED_SHIFT_TYPE
        if shift_type_model is None
        else Path(shift_type_model)
        if shift_type_model
        else None
    )
    return Judge(spacy.load(judge_path), spacy.load(type_path) if type_path else None)


def _model_path(setting: str | None, shipped: Path) -> Path | None:
    if setting is None:
        return shipped
    return Path(setting) if setting else None
