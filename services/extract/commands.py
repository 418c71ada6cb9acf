"""`policywatch extract --input IN.jsonl --output OUT.jsonl`: the offline extraction.

Runs exactly the service's extraction code over dev.jsonl-style records and writes one line per
article, `{"id": ..., "events": [...]}`, in the format ../shared/eval/score.py reads.
"""

from __future__ import annotations

import argparse
from typing import Any

from shared.settings import Settings


def add_commands(subparsers: Any) -> None:
    parser = subparsers.add_parser("extract", help="extract policy shifts from a JSON Lines file, offline")
    parser.add_argument("--input", required=True, help="records like dev.jsonl: id, url, title, text")
    parser.add_argument("--output", required=True, help="where to write {id, events} lines")
    parser.add_argument("--model", help="spaCy pipeline (default: settings.extract.spacy_model)")
    parser.set_defaults(run=lambda settings, args: run_extract(settings, args))


def run_extract(settings: Settings, args: argparse.Namespace) -> int:
    from services.extract.single_thread import keep_single_threaded

    keep_single_threaded()  # before spaCy loads numpy
    from services.extract.extractor import Extractor
    from services.extract.offline import article_line, read_records, to_article

    extractor = Extractor.from_settings(settings.extract, args.model)
    with open(args.input, encoding="utf-8") as source:
        articles = [to_article(record) for record in read_records(source)]
    results = extractor.extract(articles)
    with open(args.output, "w", encoding="utf-8") as sink:
        for article, shifts in zip(articles, results, strict=True):
            sink.write(article_line(article.ref.id, shifts) + "\n")
    print(f"{len(articles)} articles, {sum(map(len, results))} events -> {args.output}")
    return 0
