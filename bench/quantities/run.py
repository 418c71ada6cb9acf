#!/usr/bin/env python3
"""Speed of the quantity reader against spaCy's blank tokenizer, measured in the same run.

Usage: .venv/bin/python bench/quantities/run.py [SENTENCES.jsonl] [--rounds N]

Reads every sentence of corpus/sentences.jsonl (2,011 news sentences) with
`find_quantity_change` and with `quantity_in_sentence` (plus its context sentence), and tokenizes
the same sentences with `spacy.blank("en")`, the cheapest step of the extraction pipeline. Prints
sentences/s of each (best of N rounds after a warm-up) and the ratio to the tokenizer.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from services.extract.quantities import find_quantity_change, quantity_in_sentence  # noqa: E402

DEFAULT = ROOT / "corpus" / "sentences.jsonl"


def best_rate(run: Callable[[], object], count: int, rounds: int) -> float:
    """Best sentences/s over `rounds` runs, after one warm-up run."""
    run()
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return count / best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    records = [json.loads(line) for line in args.corpus.open(encoding="utf-8") if line.strip()]
    texts = [r["text"] for r in records]
    contexts = [r.get("context") or "" for r in records]

    import spacy

    tokenizer = spacy.blank("en").tokenizer
    rates = {
        "spaCy blank tokenizer (baseline)": best_rate(
            lambda: [tokenizer(t) for t in texts], len(texts), args.rounds
        ),
        "find_quantity_change": best_rate(
            lambda: [find_quantity_change(t) for t in texts], len(texts), args.rounds
        ),
        "quantity_in_sentence (+ context)": best_rate(
            lambda: [quantity_in_sentence(t, context=c) for t, c in zip(texts, contexts, strict=True)],
            len(texts),
            args.rounds,
        ),
    }
    baseline = rates["spaCy blank tokenizer (baseline)"]
    print(f"{len(texts)} sentences from {args.corpus.name}, best of {args.rounds}")
    for name, rate in rates.items():
        print(f"  {name:<34} {rate:>9.0f} sentences/s   {rate / baseline:.2f}x the tokenizer")


if __name__ == "__main__":
    main()
