#!/usr/bin/env python3
"""Extraction speed and quality: the cue-filtered fast path vs the naive full pipeline.

Usage: .venv/bin/python bench/extract/run.py [CORPUS.jsonl] [--rounds N] [--stock-naive]

Both paths run the same rules on the same texts in one process. Naive: one `nlp(text)` per
article through the whole en_core_web_sm pipeline. Fast: tokenizer-only sentence split and cue
pre-filter, then tagger/parser/NER on cue sentences only, batched with `nlp.pipe`. Prints
articles/s (wall clock and per CPU second of this process) and event F1
(../shared/eval/score.py) of each, and the speed ratios. Both paths share the extractor's spaCy
tuning (numpy matrix products, `services/extract/matmul.py`; remembered lemmas,
`components/lemmas.py`). `--stock-naive` adds a third row: the naive path on a second extractor
with spaCy's stock settings (BLIS products, stock lemmatizer), i.e. what `nlp(text)` costs out of
the box, and the fast path's ratio to it.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from services.extract.single_thread import keep_single_threaded  # noqa: E402

keep_single_threaded()  # as the service's extraction process runs: before spaCy loads numpy
from thinc.api import NumpyOps  # noqa: E402

from services.extract.events import ArticleText  # noqa: E402
from services.extract.extractor import Extractor  # noqa: E402
from services.extract.offline import article_line, read_records, to_article  # noqa: E402
from shared.contract import PolicyShift  # noqa: E402
from shared.settings import Settings  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev.jsonl"
DEFAULT_SCORER = ROOT.parent / "shared" / "eval" / "score.py"
Run = Callable[[Sequence[ArticleText]], list[list[PolicyShift]]]


def timed(
    run: Run, articles: Sequence[ArticleText], rounds: int
) -> tuple[float, float, list[list[PolicyShift]]]:
    """Best articles/s over `rounds` runs (after one warm-up run) by wall clock and by this
    process's CPU time (steadier than the wall clock when other processes share the cores), and
    the last output."""
    result = run(articles)
    best = best_cpu = 0.0
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = run(articles)
        best = max(best, len(articles) / (time.perf_counter() - started))
        best_cpu = max(best_cpu, len(articles) / max(time.process_time() - started_cpu, 1e-9))
    return best, best_cpu, result


def event_f1(
    scorer_path: Path, corpus: Path, articles: Sequence[ArticleText], result: list[list[PolicyShift]]
) -> float:
    spec = importlib.util.spec_from_file_location("policywatch_score", scorer_path)
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as sink:
        for article, shifts in zip(articles, result, strict=True):
            sink.write(article_line(article.ref.id, shifts) + "\n")
    return float(scorer.score(str(corpus), sink.name)["events"]["f1"])


def stock_spacy(extractor: Extractor) -> Extractor:
    """The extractor with spaCy's stock settings back: BLIS products, a lemmatizer that does not
    keep base forms (and an empty lemma cache)."""
    blis = NumpyOps()
    for _, component in extractor.heavy.components:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for layer in model.walk():
                layer.ops = blis
    lemmatizer: Any = extractor.heavy.get_pipe("lemmatizer")
    lemmatizer.lemmatize = lemmatizer.rule_lemmatize
    lemmatizer.cache = {}
    return extractor


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--stock-naive", action="store_true", help="also time naive on stock spaCy")
    args = parser.parse_args()
    if not args.corpus.is_file() or not args.scorer.is_file():
        print(f"bench/extract: SKIPPED: needs {args.corpus} and {args.scorer}")
        return 0
    settings = Settings()
    extractor = Extractor.from_settings(settings.extract)
    with args.corpus.open(encoding="utf-8") as source:
        articles = [to_article(record) for record in read_records(source)]
    words = sum(len(a.text.split()) for a in articles)
    print(f"{len(articles)} articles, {words} words, best of {args.rounds} rounds, 1 process")
    naive_rate, naive_cpu, naive_out = timed(extractor.extract_naive, articles, args.rounds)
    fast_rate, fast_cpu, fast_out = timed(extractor.extract, articles, args.rounds)
    naive_f1 = event_f1(args.scorer, args.corpus, articles, naive_out)
    fast_f1 = event_f1(args.scorer, args.corpus, articles, fast_out)
    rows = [("naive  nlp(text) per article", naive_rate, naive_cpu, naive_f1)]
    rows.append(("fast   cue filter + nlp.pipe", fast_rate, fast_cpu, fast_f1))
    if args.stock_naive:
        stock = stock_spacy(Extractor.from_settings(settings.extract))
        stock_rate, stock_cpu, stock_out = timed(stock.extract_naive, articles, args.rounds)
        stock_f1 = event_f1(args.scorer, args.corpus, articles, stock_out)
        rows.append(("naive  stock spaCy (BLIS)    ", stock_rate, stock_cpu, stock_f1))
    for label, rate, cpu, f1 in rows:
        print(f"{label} : {rate:7.1f} articles/s ({cpu:7.1f} per CPU second)   event F1 {f1:.3f}")
    print(
        f"speed-up {fast_rate / naive_rate:.1f}x wall, {fast_cpu / naive_cpu:.1f}x CPU, "
        f"F1 difference {fast_f1 - naive_f1:+.3f}"
    )
    if args.stock_naive:
        print(
            f"fast vs stock-spaCy naive: {fast_rate / stock_rate:.1f}x wall, "
            f"{fast_cpu / stock_cpu:.1f}x CPU, F1 difference {fast_f1 - stock_f1:+.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
