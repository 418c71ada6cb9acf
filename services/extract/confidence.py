"""Confidence of an event: a small raw score over rule features, mixed half and half with the
learned judge's p(new shift) when a judge read the sentence, then a calibration table.

Each table maps raw-score bins to the share of correct events measured (docs/extract.md), rounded
down to leave room for drift on unseen articles. An event at 0.8 or above is one of the ~80%+ that
are right. With the judge the bins were measured on the corpus dev split, ../shared/corpus dev and
dev2 and the train split (252 events: 0.8+ 50/56 right, 0.6-0.8 95/118, 0.4-0.6 23/36, below 11/42).
"""

from __future__ import annotations

from services.extract.candidates import ShiftCandidate
from services.extract.rules.lexicon import word_set

_STRONG = word_set("""rescind revoke repeal scrap reverse abolish lift suspend pause withdraw
    terminate halt cut raise cap trim
    slash halve lower revocation suspension roll recommend discontinue""")
# (lowest raw score of the bin, calibrated confidence), highest bin first.
CALIBRATION: tuple[tuple[float, float], ...] = (
    (0.8, 0.88),
    (0.7, 0.8),
    (0.6, 0.72),
    (0.5, 0.6),
    (0.0, 0.45),
)


JUDGED_CALIBRATION: tuple[tuple[float, float], ...] = (
    (0.8, 0.85),
    (0.6, 0.75),
    (0.4, 0.6),
    (0.0, 0.3),
)


def raw_score(candidate: ShiftCandidate, repeats: int) -> float:
    """Rule evidence for one candidate in [0.05, 0.95]: each feature moves it by a fixed step."""
    value = 0.55
    features = candidate.features
    if features.get("context_actor"):
        value -= 0.15
    if features.get("entity_actor"):
        value -= 0.05
    if candidate.predicate in _STRONG:
        value += 0.15
    if features.get("quantity"):
        value += 0.1
    if candidate.status == "enacted":
        value += 0.05
    if candidate.status in {"proposed", "conditional"}:
        value -= 0.05
    value += 0.05 * min(repeats, 2)
    return round(min(0.95, max(0.05, value)), 2)


def calibrate(raw: float, table: tuple[tuple[float, float], ...] = CALIBRATION) -> float:
    """The calibrated confidence of a raw score: 0.72 -> 0.8."""
    for low, confidence in table:
        if raw >= low:
            return confidence
    return table[-1][1]


def score(candidate: ShiftCandidate, repeats: int) -> float:
    judged = candidate.features.get("judge_new")
    if judged is None:
        return calibrate(raw_score(candidate, repeats))
    return calibrate(0.5 * raw_score(candidate, repeats) + 0.5 * judged, JUDGED_CALIBRATION)
