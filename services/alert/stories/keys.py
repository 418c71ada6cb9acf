"""What makes two shifts one story: same actor, same topic, same direction, close in time.

Pure functions; `store.py` stores the result.
"""

from __future__ import annotations

import re
from datetime import datetime

from shared.contract import PolicyShift, ShiftType

_SPACES = re.compile(r"[^\w]+")


def normalise(text: str) -> str:
    return _SPACES.sub(" ", text.casefold()).strip()


def direction(shift: PolicyShift) -> str:
    """The way the policy moved: the shift type, or up/down for a numeric change with numbers.

    >>> from shared.contract import Evidence, Quantity
    >>> e = Evidence(text="x", start=0, end=1)
    >>> s = PolicyShift(id="s", article_id="a", actor="A", topic="t", shift_type="numeric_change",
    ...                 quantity=Quantity(**{"from": 2, "to": 5}), evidence=e, confidence=0.9)
    >>> direction(s)
    'numeric_change:up'
    """
    kind = str(shift.shift_type)
    quantity = shift.quantity
    if kind == ShiftType.NUMERIC_CHANGE and quantity is not None:
        before, after = quantity.from_, quantity.to
        if isinstance(before, int | float) and isinstance(after, int | float) and before != after:
            return f"{kind}:{'up' if after > before else 'down'}"
    return kind


def story_key(shift: PolicyShift) -> str:
    return "|".join((normalise(shift.actor), normalise(shift.topic), direction(shift)))


def source_of(shift: PolicyShift) -> str:
    """Who reported it: the source name, or the article itself when the source is unknown."""
    source = normalise(shift.source).removeprefix("www ")
    if not source or source == "unknown":
        return f"article:{shift.article_id}"
    return source


def happened_at(shift: PolicyShift) -> datetime:
    return shift.published_at or shift.detected_at
