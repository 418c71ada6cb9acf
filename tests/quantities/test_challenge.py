"""The quantity challenge set (tests/quantities/data/challenge.jsonl): sentences written for issue 8
point 3, several wordings of every form, read as `scripts/eval_quantities.py --set challenge`
reads them. Round 1 (qc-001..068) was written before the fixes it drove (52/68 read before);
round 2 (`"round": 2`, qc-069..102) was written after them and scored before any change (31/34),
round 3 (wire style, qc-103..133) likewise after round 2's fixes (29/31), round 4 (currencies of
five continents, two changes in a sentence, qc-134..158) after round 3's (24/25), round 5
(participles, appositives, comparisons, qc-159..183) after round 4's (23/25), round 6 (more wire
forms, qc-184..203) after round 5's (18/20), round 7 (qc-204..218) after round 6's (14/15; the
miss, a currency devalued by a share, had an outside value as gold, set to what the text gives).
A case listed in KNOWN_MISSES must still fail (strict xfail), so a fix that reads it has to take it
off the list, and a change that breaks a read case fails here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scripts.eval_quantities import SETS, cases, is_right, predict

CHALLENGE = Path(__file__).parent / "data" / "challenge.jsonl"
# Forms the reader does not handle yet (by id); empty since the fixes of this round (52/68 before).
KNOWN_MISSES: frozenset[str] = frozenset()


def _records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CHALLENGE.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_challenge_set_covers_every_form_with_several_wordings() -> None:
    records = _records()
    forms: dict[str, int] = {}
    for record in records:
        if "round" not in record:  # round 1: the forms of issue 8 point 3
            forms[record["form"]] = forms.get(record["form"], 0) + 1
    assert len(records) >= 60
    assert min(forms.values()) >= 3, forms
    assert SETS["challenge"] == CHALLENGE


CASES = list(cases(CHALLENGE))


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, id=c.id, marks=pytest.mark.xfail(strict=True) if c.id in KNOWN_MISSES else ())
        for c in CASES
    ],
)
def test_challenge_case(case: Any) -> None:
    assert is_right(predict(case), case.gold), (case.sentence, predict(case))
