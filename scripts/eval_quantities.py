#!/usr/bin/env python3
"""Measure the quantity finder alone: accuracy of from -> to on sentences with a gold quantity.

Usage: .venv/bin/python scripts/eval_quantities.py [--set NAME ...] [--misses N] [--form FORM]

Sets: `sentences` (corpus/sentences.jsonl, every sentence with a gold quantity, its `context`
sentence as the surrounding text), `train` and `dev` (corpus/*.jsonl: the evidence sentence of
every gold event with a quantity, main and background, the gold topic as the hint and the article
as the surrounding text), `shared-dev` and `dev2` (../shared/corpus), `probe`
(tests/extract/data/probe.jsonl), `challenge` (tests/quantities/data/challenge.jsonl: sentences
written for issue 8 point 3, several per form, `published` where a date is relative). `test` prints
only the aggregate (the frozen split is never read case by case). A quantity is right when from and to are
both right under the scorer's rule (`same_value` in ../shared/eval/score.py: a gold `from` of null
accepts anything). Prints accuracy per set and per form, and the misses of the sets asked for.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.extract.quantities import find_quantities, quantity_in_sentence  # noqa: E402
from services.extract.quantity_context import event_quantity  # noqa: E402

SETS = {
    "sentences": ROOT / "corpus" / "sentences.jsonl",
    "train": ROOT / "corpus" / "train.jsonl",
    "dev": ROOT / "corpus" / "dev.jsonl",
    "shared-dev": ROOT.parent / "shared" / "corpus" / "dev.jsonl",
    "dev2": ROOT.parent / "shared" / "corpus" / "dev2.jsonl",
    "probe": ROOT / "tests" / "extract" / "data" / "probe.jsonl",
    "challenge": ROOT / "tests" / "quantities" / "data" / "challenge.jsonl",
    "test": ROOT / "corpus" / "test.jsonl",
}
DEFAULT_SETS = ("sentences", "train", "dev", "shared-dev", "dev2", "probe", "challenge")


@dataclass(frozen=True)
class Case:
    id: str
    sentence: str
    topic: str | None
    context: str
    gold: dict[str, Any]
    others: tuple[str, ...] = ()  # the evidence sentences of the article's other events
    published: date | None = None  # the story's date, for dates told relative to it


def cases(path: Path) -> Iterator[Case]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            record = json.loads(line)
            if "events" not in record:
                if record.get("quantity"):
                    yield Case(
                        record["id"],
                        record["text"],
                        record.get("topic"),
                        record.get("context") or "",
                        record["quantity"],
                        published=_day(record.get("published")),
                    )
                continue
            evidences = [_first(event["evidence"]) for event in record["events"]]
            for event, sentence in zip(record["events"], evidences, strict=True):
                if not event.get("quantity"):
                    continue
                others = tuple(e for e in evidences if e != sentence)
                yield Case(
                    record["id"],
                    sentence,
                    event.get("topic"),
                    record["text"],
                    event["quantity"],
                    others,
                    _day(record.get("published")),
                )


def _day(value: object) -> date | None:
    """'2025-06-19' (or a full timestamp) -> its day; anything else -> None."""
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _first(evidence: str | list[str]) -> str:
    return evidence[0] if isinstance(evidence, list) else evidence


def same_value(a: object, b: object) -> bool:
    """The scorer's rule (../shared/eval/score.py), copied so this script runs without ../shared."""
    if a is None or b is None:
        return (a is None and b is None) or b is None
    try:
        return abs(float(a) - float(b)) < 1e-6  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(a).strip().lower() == str(b).strip().lower()


_FORMS: tuple[tuple[str, str], ...] = (
    (
        "basis/pct points",
        r"basis[ -]points?|\bbps?\b|percentage[ -]points?|(?:quarter|"
        r"half)[ -](?:of a )?(?:percentage )?point",
    ),
    ("multiplier", r"\b(?:doubl|halv|tripl|trebl|quadrupl)\w*|\bin half\b|by (?:half|a third|a quarter)"),
    ("date", r"\b(?:postpon|delay|push\w* back|brought forward|bring\w* forward|defer)\w*"),
    ("by X to Y", r"\bby\b[^.;]{0,40}?\bto\b"),
    ("down/up from", r"\b(?:down|up)\s+from\b"),
    ("to Y from X", r"\bto\b[^.;]{0,60}?\bfrom\b"),
    ("from X to Y", r"\bfrom\b[^.;]{0,60}?\bto\b"),
)
_WORD_NUMBER = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
    r"fifty|hundred|a third|a quarter|half)\b",
    re.IGNORECASE,
)


def form_of(case: Case) -> str:
    """A coarse label of how the sentence states its change, for the per-form table."""
    gold, text = case.gold, case.sentence
    values = [v for v in (gold.get("from"), gold.get("to")) if v is not None]
    if any(isinstance(v, str) and re.fullmatch(r"\d{4}(?:-\d\d)?", v) for v in values) or (
        "year" in str(gold.get("unit")) and any(isinstance(v, int) and 1990 < v < 2100 for v in values)
    ):
        return "date"
    if any(isinstance(v, str) for v in values):
        return "range"
    for name, cue in _FORMS:
        if re.search(cue, text, re.IGNORECASE):
            return name
    if any(isinstance(v, (int, float)) and v < 0 for v in values):
        return "negative"
    if gold.get("from") is None:
        return "level only"
    return "other"


def predict(case: Case) -> dict[str, Any] | None:
    """A standalone sentence is read with its context sentence; an article's event by the rule of
    `event_quantity`: its own sentence, else an adjacent one, never another event's evidence."""
    start = case.context.find(case.sentence) if case.others or case.context else -1
    if start < 0 or (len(case.context) <= len(case.sentence) + 300 and not case.others):
        found = quantity_in_sentence(
            case.sentence, topic=case.topic, context=case.context, published=case.published
        )
        return None if found is None else {"from": found.from_, "to": found.to, "unit": found.unit}
    spans = [(i, i + len(o)) for o in case.others if (i := case.context.find(o)) >= 0]
    end = start + len(case.sentence)
    quantity = event_quantity(
        case.context, start, end, topic=case.topic, others=spans, published=case.published
    )
    return None if quantity is None else {"from": quantity.from_, "to": quantity.to, "unit": quantity.unit}


def is_reachable(case: Case) -> bool:
    """Whether the sentence (or its context) states the gold values at all: a `from` known only from
    outside the text, or a number told in another sentence, no sentence reader can give."""
    told = {n.amount for n in find_quantities(case.sentence)} | {
        n.value for n in find_quantities(case.sentence)
    }
    around = told | {n.amount for n in find_quantities(case.context[:20000])}
    gold_to, gold_from = case.gold["to"], case.gold.get("from")
    in_text = any(same_value(v, gold_to) for v in told) or bool(re.search(r"\d{4}", str(gold_to)))
    return in_text and (gold_from is None or any(same_value(v, gold_from) for v in around))


def is_right(pred: dict[str, Any] | None, gold: dict[str, Any]) -> bool:
    return bool(pred) and same_value(pred["from"], gold.get("from")) and same_value(pred["to"], gold["to"])  # type: ignore[index]


def evaluate(name: str, path: Path, *, misses: int, form: str | None, quiet: bool) -> tuple[int, int]:
    by_form: Counter[str] = Counter()
    right_by_form: Counter[str] = Counter()
    shown = reachable = right_reachable = 0
    for case in cases(path):
        label = form_of(case)
        pred = predict(case)
        ok = is_right(pred, case.gold)
        by_form[label] += 1
        right_by_form[label] += ok
        if is_reachable(case):
            reachable += 1
            right_reachable += ok
        if not ok and not quiet and shown < misses and form in {None, label} and is_reachable(case):
            shown += 1
            got = None if pred is None else (pred["from"], pred["to"], pred["unit"])
            gold = (case.gold.get("from"), case.gold["to"], case.gold.get("unit"))
            print(
                f"  MISS {case.id} [{label}] topic={case.topic!r}\n"
                f"    gold {gold}\n    got  {got}\n    {case.sentence}"
            )
    total, right = sum(by_form.values()), sum(right_by_form.values())
    print(f"{name}: {right}/{total} = {right / total if total else 0:.3f}", end="")
    print(
        f"   (stated in the text: {right_reachable}/{reachable} = {right_reachable / max(reachable, 1):.3f})"
    )
    if not quiet:
        for label, n in by_form.most_common():
            print(f"    {label:<18} {right_by_form[label]:>4}/{n:<4} {right_by_form[label] / n:.2f}")
    return right, total


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", action="append", choices=sorted(SETS), help="sets to measure (repeatable)")
    parser.add_argument("--misses", type=int, default=0, help="print up to N misses per set (stated ones)")
    parser.add_argument("--form", help="only print misses of this form")
    args = parser.parse_args()
    for name in args.set or DEFAULT_SETS:
        path = SETS[name]
        if not path.exists():
            print(f"{name}: {path} missing, skipped")
            continue
        evaluate(name, path, misses=args.misses, form=args.form, quiet=name == "test")


if __name__ == "__main__":
    main()
