"""Confidence of an event: a small raw score over rule features, then a calibration table.

The table maps raw-score bins to the share of correct events measured on the dev corpus
(docs/extract.md, `scripts/eval_extract.py --calibration`), rounded down to leave room for
drift on unseen articles. An event at 0.8 or above is one of the ~80%+ that are right.
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


def calibrate(raw: float) -> float:
    """The calibrated confidence of a raw score: 0.72 -> 0.8."""
    for low, confidence in CALIBRATION:
        if raw >= low:
            return confidence
    return CALIBRATION[-1][1]


def score(candidate: ShiftCandidate, repeats: int) -> float:
    return calibrate(raw_score(candidate, repeats))
