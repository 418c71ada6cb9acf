#!/usr/bin/env python3
"""Score the offline extraction on the gold corpora; fail when event F1 drops below a floor.

Usage: .venv/bin/python scripts/eval_extract.py [--gold CORPUS.jsonl] [--floor F1] [--scorer score.py]
                                                [--require-all]

Runs exactly `policywatch extract` (same code, in process) over each corpus, scores it with
../shared/eval/score.py and prints the scores, per shift type and confidence too. Without `--gold`
it gates five sets, each on its own floor: the frozen test split of the repo corpus
(corpus/test.jsonl, scored as a whole, never read article by article), its dev split
(corpus/dev.jsonl), the shared dev corpora (../shared/corpus/dev.jsonl and dev2.jsonl) and the
probe corpus (tests/extract/data/probe.jsonl: articles written for this project, annotated under the
same guidelines). Exits 1 when any event F1 is below its floor. A missing corpus is skipped, and a
missing scorer skips everything (e.g. a fresh clone without ../shared), except in CI (`CI` set) or
under `--require-all`: there nothing may be skipped, so either fails the run.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEV_CORPUS = ROOT.parent / "shared" / "corpus" / "dev.jsonl"
DEV2_CORPUS = ROOT.parent / "shared" / "corpus" / "dev2.jsonl"
PROBE_CORPUS = ROOT / "tests" / "extract" / "data" / "probe.jsonl"
TEST_SPLIT = ROOT / "corpus" / "test.jsonl"
DEV_SPLIT = ROOT / "corpus" / "dev.jsonl"
DEFAULT_SCORER = ROOT.parent / "shared" / "eval" / "score.py"
GATED = [
    ("test", TEST_SPLIT),
    ("corpus-dev", DEV_SPLIT),
    ("dev", DEV_CORPUS),
    ("dev2", DEV2_CORPUS),
    ("probe", PROBE_CORPUS),
]
# Event F1 floors, each just under the current score (one more false positive, not one event
# fewer): raise them as extraction improves, never lower them.
FLOORS = {"test": 0.62, "corpus-dev": 0.84, "dev": 0.87, "dev2": 0.90, "probe": 0.94}


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("policywatch_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_extractor() -> Any:
    from services.extract.extractor import Extractor
    from shared.settings import Settings

    settings = Settings()
    return Extractor.from_settings(settings.extract)


def run_extraction(extractor: Any, corpus: Path, pred: Path) -> None:
    from services.extract.offline import article_line, read_records, to_article

    with corpus.open(encoding="utf-8") as source:
        articles = [to_article(record) for record in read_records(source)]
    with pred.open("w", encoding="utf-8") as sink:
        for article, shifts in zip(articles, extractor.extract(articles), strict=True):
            sink.write(article_line(article.ref.id, shifts) + "\n")


def matched_pairs(scorer: ModuleType, gold: dict[str, Any], preds: list[dict[str, Any]]) -> dict[int, int]:
    """The scorer's one-to-one matching for one article: prediction index -> gold index."""
    events = gold.get("events") or []
    pairs = []
    for i, p in enumerate(preds):
        for j, g in enumerate(events):
            if not scorer.actor_ok(p.get("actor", ""), g):
                continue
            e, t = scorer.evidence_ok(p.get("evidence", ""), g), scorer.topic_ok(p.get("topic", ""), g)
            if e or t:
                pairs.append((2 * e + t + 0.5 * scorer.type_ok(p, g), i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = {}
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out[i] = j
    return out


def breakdown(
    scorer: ModuleType, corpus: Path, pred: Path
) -> tuple[dict[str, list[int]], list[tuple[float, bool]]]:
    """Per shift type [gold, found, predicted, correct], and (confidence, correct) per prediction."""
    golds = [json.loads(line) for line in corpus.open(encoding="utf-8") if line.strip()]
    preds = scorer.load_preds(str(pred))
    types: dict[str, list[int]] = {}
    confidences: list[tuple[float, bool]] = []
    for art in golds:
        events = art.get("events") or []
        pev = preds.get(str(art["id"]), [])
        pairs = matched_pairs(scorer, art, pev)
        for j, g in enumerate(events):
            if g.get("salience") != "background":
                row = types.setdefault(g["shift_type"], [0, 0, 0, 0])
                row[0] += 1
                row[1] += j in pairs.values()
        for i, p in enumerate(pev):
            match = pairs.get(i)
            if match is not None and events[match].get("salience") == "background":
                continue
            row = types.setdefault(p.get("shift_type", "?"), [0, 0, 0, 0])
            row[2] += 1
            row[3] += match is not None
            confidences.append((float(p.get("confidence", 0.0)), match is not None))
    return types, confidences


def by_domain(scorer: ModuleType, corpus: Path, pred: Path) -> dict[str, list[int]]:
    """Per article domain (`domain` or `meta.domain` of the gold): [gold, found, predicted, correct]
    over main events, predictions that match a background event left out as the scorer does."""
    golds = [json.loads(line) for line in corpus.open(encoding="utf-8") if line.strip()]
    preds = scorer.load_preds(str(pred))
    rows: dict[str, list[int]] = {}
    for art in golds:
        domain = art.get("domain") or (art.get("meta") or {}).get("domain") or "-"
        events = art.get("events") or []
        pev = preds.get(str(art["id"]), [])
        pairs = matched_pairs(scorer, art, pev)
        main = [j for j, g in enumerate(events) if g.get("salience") != "background"]
        row = rows.setdefault(domain, [0, 0, 0, 0])
        row[0] += len(main)
        row[1] += sum(j in pairs.values() for j in main)
        row[2] += sum(1 for i in range(len(pev)) if i not in pairs or pairs[i] in main)
        row[3] += sum(1 for i in pairs if pairs[i] in main)
    return rows


def print_domains(rows: dict[str, list[int]]) -> None:
    if set(rows) == {"-"}:
        return
    print("\ndomain                     gold  found   pred  correct     P     R    F1")
    for name, (gold, found, pred, correct) in sorted(rows.items()):
        p = correct / pred if pred else 1.0
        r = found / gold if gold else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{name[:26]:26} {gold:5} {found:6} {pred:6} {correct:8} {p:5.2f} {r:5.2f} {f1:5.2f}")


_PHRASE_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|[%$€£]")


def phrase_tokens(text: str | None) -> list[str]:
    """'2.5% of GDP' -> ['2.5', '%', 'of', 'gdp']: numbers, words and unit signs, lower case."""
    return _PHRASE_TOKEN.findall((text or "").lower())


def token_f1(pred: str | None, gold: str | None) -> float:
    """Token-overlap F1 (as multisets) of a predicted phrase against the gold phrase."""
    p, g = Counter(phrase_tokens(pred)), Counter(phrase_tokens(gold))
    common = sum((p & g).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def phrase_quality(scorer: ModuleType, corpus: Path, pred: Path) -> dict[str, tuple[int, float, float]]:
    """On matched main events, per field: (gold non-null, share predicted non-null, mean token F1).

    `before` and `after` count only events whose gold states them; a null prediction scores 0.
    `invented before` counts predictions with a before where the gold has none.
    """
    golds = [json.loads(line) for line in corpus.open(encoding="utf-8") if line.strip()]
    preds = scorer.load_preds(str(pred))
    rows: dict[str, list[tuple[bool, float]]] = {"before": [], "after": [], "topic": []}
    invented = 0
    for art in golds:
        events = art.get("events") or []
        pev = preds.get(str(art["id"]), [])
        for i, j in matched_pairs(scorer, art, pev).items():
            g, p = events[j], pev[i]
            if g.get("salience") == "background":
                continue
            invented += bool(p.get("before")) and not g.get("before")
            for field_ in rows:
                if g.get(field_):
                    rows[field_].append((bool(p.get(field_)), token_f1(p.get(field_), g[field_])))
    out = {
        name: (len(r), sum(f for f, _ in r) / len(r), sum(s for _, s in r) / len(r))
        for name, r in rows.items()
        if r
    }
    out["invented before"] = (invented, 0.0, 0.0)
    return out


def print_phrases(quality: dict[str, tuple[int, float, float]]) -> None:
    print("\nphrases (matched main events; informational, not gated)")
    print("field    gold  non-null  token F1")
    for name, (gold, filled, f1) in quality.items():
        if name != "invented before":
            print(f"{name:7} {gold:5} {filled:9.2f} {f1:9.2f}")
    print(f"before predicted where the gold has none: {quality['invented before'][0]}")


def print_report(
    result: dict[str, Any], types: dict[str, list[int]], confidences: list[tuple[float, bool]]
) -> None:
    e, a = result["events"], result["articles"]
    print(
        f"events    P={e['precision']:.3f} R={e['recall']:.3f} F1={e['f1']:.3f} "
        f"(tp={e['tp']} pred={e['pred']} gold={e['gold']})"
    )
    print(f"articles  P={a['precision']:.3f} R={a['recall']:.3f} F1={a['f1']:.3f}")
    print(
        f"shift_type accuracy={result['shift_type_accuracy']} quantity accuracy={result['quantity_accuracy']}"
    )
    print("\nshift type       gold  found  recall   pred  correct  precision")
    for name, (gold, found, pred, correct) in sorted(types.items()):
        recall = f"{found / gold:.2f}" if gold else "-"
        precision = f"{correct / pred:.2f}" if pred else "-"
        print(f"{name:15} {gold:5} {found:6} {recall:>7} {pred:6} {correct:8} {precision:>10}")
    print("\nconfidence  events  correct  share")
    counts = Counter(c for c, _ in confidences)
    for conf in sorted(counts, reverse=True):
        right = sum(ok for c, ok in confidences if c == conf)
        print(f"{conf:10.2f} {counts[conf]:7} {right:8} {right / counts[conf]:6.2f}")
    high = [ok for c, ok in confidences if c >= 0.8]
    if high:
        print(f"confidence >= 0.8: {sum(high)}/{len(high)} correct ({sum(high) / len(high):.2f})")


def evaluate(
    scorer: ModuleType, extractor: Any, name: str, corpus: Path, floor: float, given: Path | None = None
) -> bool:
    """Extract (or take the `given` predictions), score and report one corpus; False when its
    event F1 is below `floor`."""
    print(f"== {name}: {corpus}")
    with tempfile.TemporaryDirectory() as tmp:
        pred = given or Path(tmp) / "pred.jsonl"
        if given is None:
            run_extraction(extractor, corpus, pred)
        result = scorer.score(str(corpus), str(pred))
        types, confidences = breakdown(scorer, corpus, pred)
        quality = phrase_quality(scorer, corpus, pred)
        domains = by_domain(scorer, corpus, pred)
    print_report(result, types, confidences)
    print_domains(domains)
    print_phrases(quality)
    print_no_shift(result)
    f1 = result["events"]["f1"]
    if f1 < floor:
        print(f"FAIL: {name} event F1 {f1:.3f} is below the floor {floor:.3f}\n")
        return False
    print(f"OK: {name} event F1 {f1:.3f} >= floor {floor:.3f}\n")
    return True


def print_no_shift(result: dict[str, Any]) -> None:
    quiet = [a for a in result["per_article"] if a["gold"] == 0]
    noisy = [a["id"] for a in quiet if a["pred"] - a["matched"] > 0 and a["spurious"]]
    print(f"no-shift articles with events: {len(noisy)}/{len(quiet)} {noisy if noisy else ''}".rstrip())


def corpora(gold: Path | None, floor: float | None) -> list[tuple[str, Path, float]]:
    """What to gate: the one `--gold` corpus, or every gated set with its own floor."""
    if gold is not None:
        name = {corpus.resolve(): name for name, corpus in GATED}.get(gold.resolve(), gold.stem)
        return [(name, gold, floor if floor is not None else FLOORS.get(name, 0.0))]
    return [(name, corpus, FLOORS[name]) for name, corpus in GATED]


def skipped(what: str, strict: bool) -> bool:
    """Say that `what` is skipped; True when that is allowed (not in CI or under --require-all)."""
    if strict:
        print(f"eval_extract: FAIL: {what}: in CI or under --require-all nothing may be skipped")
        return False
    print(f"eval_extract: SKIPPED: {what}")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--gold", type=Path, default=None, help="one corpus (default: dev and probe)")
    parser.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    parser.add_argument("--floor", type=float, default=None, help="minimum event F1 for --gold")
    parser.add_argument("--pred", type=Path, default=None, help="score these predictions of --gold as given")
    parser.add_argument(
        "--require-all", action="store_true", help="a missing scorer or corpus fails (default under CI)"
    )
    args = parser.parse_args(argv)
    strict = args.require_all or bool(os.environ.get("CI"))
    if not args.scorer.is_file():
        return 0 if skipped(f"no scorer at {args.scorer} (the evaluation needs ../shared)", strict) else 1
    scorer = load_scorer(args.scorer)
    extractor = None
    ok = True
    for name, corpus, floor in corpora(args.gold, args.floor):
        if not corpus.is_file():
            ok = skipped(f"{name}: no corpus at {corpus}\n", strict) and ok
            continue
        if args.pred is not None and args.gold is not None:
            ok = evaluate(scorer, None, name, corpus, floor, args.pred) and ok
            continue
        extractor = extractor or make_extractor()
        ok = evaluate(scorer, extractor, name, corpus, floor) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
