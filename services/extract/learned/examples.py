"""Sentence examples for the judges, from the corpus: articles with gold events and labelled sentences.

An article sentence that states a main event's evidence is `new_shift` (with that event's type),
one that states a background event is `background`, one that only supports a main event
(`extra_evidence`) is left out as ambiguous, and every other sentence is `not_shift`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.extract.learned.text import judge_text

JUDGE_LABELS = ("new_shift", "background", "not_shift")
SHIFT_TYPES = ("numeric_change", "reversal", "new_commitment", "hardening", "withdrawal", "softening")
_WORD = re.compile(r"[\w%]+")

# Sentence splitter: article text -> (start, end) of each sentence.
Splitter = Callable[[str], Sequence[tuple[int, int]]]


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    shift_type: str | None = None


def words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) > 1}


def same_sentence(sentence: str, evidence: str) -> bool:
    """Whether an article sentence is (most of) a gold evidence sentence, by shared words."""
    a, b = words(sentence), words(evidence)
    if not a or not b:
        return False
    shared = len(a & b)
    return shared / min(len(a), len(b)) >= 0.7 and shared / max(len(a), len(b)) >= 0.4


def _evidence(event: dict[str, Any]) -> list[str]:
    found = event.get("evidence") or []
    return [found] if isinstance(found, str) else list(found)


def article_examples(record: dict[str, Any], split: Splitter) -> list[Example]:
    """Every sentence of one gold article, labelled."""
    text = record.get("text") or ""
    events = record.get("events") or []
    out = []
    for n, (start, end) in enumerate(split(text)):
        sentence = text[start:end].strip()
        if len(words(sentence)) < 4:
            continue
        label, shift_type = _label(sentence, events)
        if label is not None:
            out.append(Example(judge_text(sentence, lede=n == 0), label, shift_type))
    return out


def _label(sentence: str, events: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    for event in events:
        if event.get("salience") != "background" and any(
            same_sentence(sentence, e) for e in _evidence(event)
        ):
            return "new_shift", event.get("shift_type")
    for event in events:
        if event.get("salience") == "background" and any(
            same_sentence(sentence, e) for e in _evidence(event)
        ):
            return "background", event.get("shift_type")
    for event in events:
        if any(same_sentence(sentence, e) for e in event.get("extra_evidence") or []):
            return None, None
    return "not_shift", None


def sentence_examples(records: Iterable[dict[str, Any]]) -> list[Example]:
    """The standalone labelled sentences (`corpus/sentences.jsonl`)."""
    return [Example(judge_text(r["text"]), r["label"], r.get("shift_type")) for r in records]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def data_hash(paths: Iterable[Path]) -> str:
    """sha256 over the training files, in order: recorded in each trained model's meta."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()
