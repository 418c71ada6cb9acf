"""Confidence of an event: a small score over rule features, calibrated on dev (docs/extract.md)."""

from __future__ import annotations

from services.extract.candidates import ShiftCandidate

_STRONG = {
    "rescind",
    "revoke",
    "repeal",
    "scrap",
    "reverse",
    "abolish",
    "lift",
    "suspend",
    "pause",
    "withdraw",
    "terminate",
    "halt",
    "cut",
    "raise",
    "cap",
    "trim",
    "slash",
    "halve",
    "lower",
    "revocation",
    "suspension",
    "roll",
    "recommend",
}


def score(candidate: ShiftCandidate, repeats: int) -> float:
    """Probability-like score in [0.05, 0.95]; each feature moves it by a fixed step."""
    value = 0.55
    features = candidate.features
    if features.get("context_actor"):
        value -= 0.15
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
