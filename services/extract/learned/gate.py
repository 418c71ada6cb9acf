"""Keep the rule candidates the judge believes: a new shift by its actor, not history or noise.

A candidate is kept when the judge gives its sentence p(new shift) >= KEEP_NEW, or when the rules
are sure of it (a full from -> to quantity) and p(new shift) >= KEEP_WITH_QUANTITY; it is always
dropped when p(background) >= VETO_BACKGROUND. The thresholds were chosen on train
cross-validation and the dev split (docs/extract.md), never on the test split.
"""

from __future__ import annotations

from services.extract.candidates import ShiftCandidate
from services.extract.learned.judge import Judge, Verdict

KEEP_NEW = 0.0
KEEP_WITH_QUANTITY = 0.0
VETO_BACKGROUND = 0.9
# The type classifier overrides the rules' type only when it is this sure.
TYPE_OVERRIDE = 1.1


def judge_candidates(
    judge: Judge, found: list[list[ShiftCandidate]], lede_ends: list[int]
) -> list[list[ShiftCandidate]]:
    """The candidates of each article the judge keeps, each with its verdict in `features`."""
    keys = sorted({(n, c.start, c.sentence) for n, cands in enumerate(found) for c in cands})
    verdicts = dict(
        zip(
            ((n, start) for n, start, _ in keys),
            judge.verdicts([(sentence, start < lede_ends[n]) for n, start, sentence in keys]),
            strict=True,
        )
    )
    return [[c for c in cands if _keep(c, verdicts[(n, c.start)])] for n, cands in enumerate(found)]


def _keep(candidate: ShiftCandidate, verdict: Verdict) -> bool:
    candidate.features["judge_new"] = verdict.new
    candidate.features["judge_background"] = verdict.background
    if verdict.shift_type and verdict.shift_type_p >= TYPE_OVERRIDE:
        candidate.shift_type = verdict.shift_type
    if verdict.background >= VETO_BACKGROUND:
        return False
    full = candidate.quantity is not None and candidate.quantity.from_ is not None
    return verdict.new >= KEEP_NEW or (full and verdict.new >= KEEP_WITH_QUANTITY)
