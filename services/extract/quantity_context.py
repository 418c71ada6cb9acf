"""Quantities stated outside the sentence of the change: the current value, or an 'originally
2030, now 2035' sentence about the same instrument."""

from __future__ import annotations

import re
from dataclasses import replace

from services.extract.rules.numbers import QuantityFound, find_quantity

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def with_prior_value(quantity: QuantityFound, text: str) -> QuantityFound:
    """'raise spending to 2.5% of GDP' + 'spending is currently 2.3% of GDP' elsewhere -> from 2.3."""
    if quantity.from_ is not None or quantity.to is None:
        return quantity
    try:
        from services.extract.quantities import QuantityChange
        from services.extract.quantities import with_prior_value as fill
    except ImportError:
        return quantity
    change = QuantityChange(
        from_=None, to=quantity.to, unit=quantity.unit or "", year=quantity.year, start=0, end=0, pattern=""
    )
    filled = fill(change, text)
    return replace(quantity, from_=filled.from_) if filled.from_ is not None else quantity


def quantity_about(head: str, text: str) -> QuantityFound | None:
    """A from -> to change in a sentence naming the instrument: 'The ban was originally meant for
    2030 but will now start in 2035' for head 'ban'."""
    if len(head) < 3:
        return None
    pattern = re.compile(rf"\b{re.escape(head)}s?\b", re.IGNORECASE)
    for sentence in _SENTENCE_END.split(text):
        if pattern.search(sentence):
            found = find_quantity(sentence)
            if found is not None and found.from_ is not None and found.to is not None:
                return found
    return None
