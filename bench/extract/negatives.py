#!/usr/bin/env python3
"""How often the full extractor fires on sentences that state no new shift, by kind.

Usage: .venv/bin/python bench/extract/negatives.py [--sentences corpus/sentences.jsonl]
                                                   [--rules-only] [--dump FIRED.jsonl]

Each labelled sentence of `corpus/sentences.jsonl` becomes a tiny article: a London wire dateline
(which also gives 'the government' a state to resolve to), its
`context` sentence (when it has one), then the sentence. Its publication date is the end of the
latest month the two name (June when they name none) in 2025, the year most of the corpus's news
is from: a change told on a weekday or "in March" reads as news, one told "last year" or "in
2019" as history, whatever the sentence's label.
The whole extractor runs on these articles exactly as `policywatch extract` does, and the table
counts, per label and kind, the articles that got at least one event and the events emitted.
For `new_shift` sentences that is recall (the share firing, higher is better); for `not_shift`
and `background` it is the false-firing rate (lower is better).

`--rules-only` turns the learned judge and shift-type models off (the judge was trained on these
sentences, so with it the negatives are in-sample). `--dump` writes every article that fired,
with its events, for error analysis.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from shared.cleaning import clean_text

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

DEFAULT_SENTENCES = ROOT / "corpus" / "sentences.jsonl"
DATELINE = "LONDON (Reuters) - "  # a place the dateline reader knows, so it names no actor
NEWS_YEAR = 2025
_MONTHS = ["January", "February", "March", "April", "May", "June"]
_MONTHS += ["July", "August", "September", "October", "November", "December"]
_MONTH = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b")
_MONTH_ENDS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def publication_date(text: str) -> str:
    """A plausible publication date for `text`: the last day of the latest month it names (June
    by default) of 2025. The year a sentence names cannot serve: in a one-sentence story 'raised
    it in 2016' would then read as news, 'will reach 5% by 2030' would move the news to 2030."""
    months = [_MONTHS.index(m) + 1 for m in _MONTH.findall(text)]
    year = NEWS_YEAR
    month = max(months) if months else 6
    return f"{year:04d}-{month:02d}-{_MONTH_ENDS[month - 1]:02d}"


def as_article(record: dict[str, Any]) -> dict[str, Any]:
    """One labelled sentence (with its context sentence before it) as an offline record."""
    body = " ".join(part for part in (record.get("context"), record["text"]) if part)
    return {
        "id": record["id"],
        "url": None,
        "title": "",
        "text": DATELINE + body,
        "published": publication_date(body),
    }


def own_events(article: str, sentence: str, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events told in the labelled sentence itself, not in its context sentence (which may
    state a new shift of its own: 'China raised tariffs on Tuesday. It had cut them in May.')."""
    start = article.find(clean_text(sentence)[:40])
    if start < 0:
        return events
    return [e for e in events if e["evidence_end"] > start]


def tally(
    records: list[dict[str, Any]], events: list[list[dict[str, Any]]]
) -> dict[tuple[str, str], Counter[str]]:
    """Per (label, kind): sentences, sentences with an event, events."""
    table: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for record, found in zip(records, events, strict=True):
        row = table[(record["label"], record.get("kind") or "-")]
        row["sentences"] += 1
        row["fired"] += bool(found)
        row["events"] += len(found)
    return table


def print_table(table: dict[tuple[str, str], Counter[str]]) -> None:
    print(f"{'label':<11} {'kind':<22} {'n':>5} {'fired':>6} {'share':>6} {'events':>6}")
    for label in ("new_shift", "not_shift", "background"):
        total: Counter[str] = Counter()
        for (row_label, kind), row in sorted(table.items()):
            if row_label != label:
                continue
            total.update(row)
            print_row(label, kind, row)
        if total["sentences"]:
            print_row(label, "ALL", total)


def print_row(label: str, kind: str, row: Counter[str]) -> None:
    share = row["fired"] / row["sentences"]
    counts = f"{row['sentences']:>5} {row['fired']:>6} {share:>6.2f} {row['events']:>6}"
    print(f"{label:<11} {kind:<22} {counts}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sentences", type=Path, default=DEFAULT_SENTENCES)
    parser.add_argument("--rules-only", action="store_true", help="learned judge and shift-type models off")
    parser.add_argument("--dump", type=Path, help="write the articles that fired, with their events")
    args = parser.parse_args(argv)
    if args.rules_only:
        os.environ["POLICYWATCH_EXTRACT__JUDGE_MODEL"] = ""
        os.environ["POLICYWATCH_EXTRACT__SHIFT_TYPE_MODEL"] = ""

    from services.extract.single_thread import keep_single_threaded

    keep_single_threaded()
    from services.extract.extractor import Extractor
    from services.extract.offline import event_record, to_article
    from shared.settings import Settings

    with args.sentences.open(encoding="utf-8") as source:
        records = [json.loads(line) for line in source if line.strip()]
    articles = [to_article(as_article(r)) for r in records]
    extractor = Extractor.from_settings(Settings().extract)
    events = [
        own_events(article.text, record["text"], [event_record(s) for s in shifts])
        for record, article, shifts in zip(records, articles, extractor.extract(articles), strict=True)
    ]
    print_table(tally(records, events))
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as sink:
            for record, article, found in zip(records, articles, events, strict=True):
                if found:
                    line = {**record, "article": article.text, "events": found}
                    sink.write(json.dumps(line, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
