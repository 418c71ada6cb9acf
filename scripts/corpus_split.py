"""Assign the corpus articles to train / dev / test, the same way every time.

The split is stratified by writer (each covers its own domains) and by whether the article
reports a main shift, so every split holds every domain family and its share of no-shift
articles. Within a stratum, articles are ordered by a keyed hash of their id; the first quarter
goes to test, the next 15% to dev, the rest to train. `tests/extract/test_corpus.py` recomputes
the split from the three files and fails if an article moved: the test split is frozen.

  python scripts/corpus_split.py ASSEMBLED.jsonl --out corpus/    # write the three splits
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

SALT = "policywatch-corpus-v1"
SHARES = (("test", 0.25), ("dev", 0.15))
SPLITS = ("train", "dev", "test")


def stratum(article: dict) -> tuple[str, bool]:
    main = [e for e in article.get("events") or [] if e.get("salience") != "background"]
    return str(article["meta"]["writer"]), bool(main)


def assign(articles: Iterable[dict]) -> dict[str, str]:
    """Article id -> split."""
    strata: dict[tuple[str, bool], list[str]] = defaultdict(list)
    for article in articles:
        strata[stratum(article)].append(str(article["id"]))
    split: dict[str, str] = {}
    for ids in strata.values():
        ordered = sorted(ids, key=lambda i: hashlib.sha256(f"{SALT}:{i}".encode()).hexdigest())
        start = 0
        for name, share in SHARES:
            count = round(share * len(ordered))
            for article_id in ordered[start : start + count]:
                split[article_id] = name
            start += count
        for article_id in ordered[start:]:
            split[article_id] = "train"
    return split


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assembled", type=Path)
    parser.add_argument("--out", type=Path, default=Path("corpus"))
    args = parser.parse_args()
    articles = [json.loads(line) for line in args.assembled.read_text(encoding="utf-8").splitlines() if line]
    split = assign(articles)
    for name in SPLITS:
        chosen = [a for a in articles if split[str(a["id"])] == name]
        path = args.out / f"{name}.jsonl"
        path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in chosen), encoding="utf-8")
        print(f"{path}: {len(chosen)} articles")


if __name__ == "__main__":
    main()
