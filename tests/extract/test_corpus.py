"""The repo's corpus: well-formed gold, frozen splits, and none of the publishers' text.

These checks read the corpus as data (schema, offsets, split assignment); they never print an
article of the frozen test split.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
SPLITS = ("train", "dev", "test")
SHIFT_TYPES = {"reversal", "softening", "hardening", "new_commitment", "withdrawal", "numeric_change"}
ACTOR_TYPES = {"state", "official", "international_org", "party", "company", "central_bank", "other"}

sys.path.insert(0, str(ROOT / "scripts"))
from corpus_split import assign  # noqa: E402


def articles(split: str) -> list[dict]:
    lines = (CORPUS / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


ALL = {split: articles(split) for split in SPLITS}


def has_main_event(article: dict) -> bool:
    return any(e.get("salience") != "background" for e in article["events"])


def test_every_article_is_in_the_split_the_frozen_rule_gives_it() -> None:
    union = [article for split in SPLITS for article in ALL[split]]
    expected = assign(union)
    moved = [a["id"] for split in SPLITS for a in ALL[split] if expected[a["id"]] != split]
    assert not moved, f"articles outside their frozen split: {moved}"
    assert len({a["id"] for a in union}) == len(union), "an id appears twice"


def test_the_corpus_is_as_big_and_varied_as_the_issue_asks() -> None:
    union = [article for split in SPLITS for article in ALL[split]]
    with_shift = [a for a in union if has_main_event(a)]
    assert len(union) >= 150 and len(with_shift) >= 100 and len(union) - len(with_shift) >= 40
    assert len({a["meta"]["domain"] for a in union}) >= 15
    test_negatives = [
        a for a in ALL["test"] if not any(e.get("salience") != "background" for e in a["events"])
    ]
    assert len(test_negatives) >= 10, "the test split must be able to measure 1 in 10 no-shift articles"


@pytest.mark.parametrize("split", SPLITS)
def test_gold_events_follow_the_schema_and_quote_their_article(split: str) -> None:
    for article in ALL[split]:
        text = article["text"]
        for event in article["events"]:
            where = f"{article['id']}: {event.get('topic')!r}"
            assert event["actor"] and event["topic"], where
            assert event["shift_type"] in SHIFT_TYPES, where
            assert set(event.get("alt_shift_types") or []) <= SHIFT_TYPES, where
            assert event.get("actor_type") in ACTOR_TYPES, where
            assert event.get("salience", "main") in {"main", "background"}, where
            for sentence in [event["evidence"], *(event.get("extra_evidence") or [])]:
                assert sentence in text, f"{where}: evidence not verbatim"
            quantity = event.get("quantity")
            if quantity:
                assert "to" in quantity and "unit" in quantity, where


def _runs(text: str, size: int) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="../shared/corpus is not beside this checkout")
def test_no_corpus_text_repeats_ten_words_of_the_publishers_articles() -> None:
    theirs: set[str] = set()
    for path in SHARED_CORPUS.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                theirs |= _runs(json.loads(line)["text"], 10)
    ours = [(a["id"], a["text"]) for split in SPLITS for a in ALL[split]]
    sentences = (CORPUS / "sentences.jsonl").read_text(encoding="utf-8").splitlines()
    ours += [(s["id"], s["text"]) for s in map(json.loads, sentences) if s]
    copied = [article_id for article_id, text in ours if _runs(text, 10) & theirs]
    assert not copied, f"text shared with ../shared/corpus: {copied}"
