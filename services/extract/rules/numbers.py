"""Quantities of numeric shifts, through the shared `quantities` module (stand-in until it lands)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QuantityFound:
    from_: float | str | None
    to: float | str | None
    unit: str | None
    year: int | None = None
    pattern: str = ""


# The pattern of one rate or level in a list of them ('a 100% tariff on X and a 25% levy on Y'):
# each is its own event's value (rules/gapped.py finds them, events.py keeps them apart).
LISTED_LEVEL = "listed_level"

_NUM = r"(\d+(?:[.,]\d+)?)"
_PCT = r"(%|per ?cent|percent)"
_FROM_TO = re.compile(
    rf"from (?:the current |its |a |the )?{_NUM}\s?{_PCT}?(?:[^.;]{{0,40}}?)"
    rf" to (?:a new high of )?{_NUM}\s?{_PCT}?"
)
_TO_FROM = re.compile(
    rf"to {_NUM}\s?(%|per ?cent|percent)(?:[^.;]{{0,30}}?) from {_NUM}\s?(%|per ?cent|percent)?"
)
_TO = re.compile(rf"\b(?:to|at) {_NUM}\s?(%|per ?cent|percent)")


def find_quantity(text: str, *, topic: str | None = None) -> QuantityFound | None:
    """The quantity change in a sentence: 'from 2% to 5% of GDP' -> 2 -> 5, '%'; with `topic`, none
    when the change moves another instrument in a clause apart from the topic's."""
    try:
        from services.extract.quantities import find_quantity_change, tells_market_move, told_about

        if tells_market_move(text):
            return None  # 'Brent crude rose 37 cents to $65.14': a market's move, no setting's
        change = find_quantity_change(text)
        if change is not None and topic and not told_about(text, change, topic):
            return None
    except Exception:  # the shared module is being written in parallel: never let it break extraction
        log.warning("quantities.find_quantity_change failed; using the stand-in", exc_info=True)
        return _stand_in(text)
    if change is None:
        return None
    return QuantityFound(
        getattr(change, "from_", None),
        getattr(change, "to", None),
        getattr(change, "unit", None),
        getattr(change, "year", None),
        getattr(change, "pattern", ""),
    )


def _stand_in(text: str) -> QuantityFound | None:
    if m := _FROM_TO.search(text):
        return QuantityFound(_num(m.group(1)), _num(m.group(3)), "%" if m.group(2) or m.group(4) else None)
    if m := _TO_FROM.search(text):
        return QuantityFound(_num(m.group(3)), _num(m.group(1)), "%")
    if m := _TO.search(text):
        return QuantityFound(None, _num(m.group(1)), "%")
    return None


def _num(value: str) -> float:
    return float(value.replace(",", ""))
