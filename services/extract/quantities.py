"""Numbers in policy sentences, and the numeric change a sentence states (from -> to, unit, year).

Two layers, both pure:
- `find_quantities(text)`: every number with its unit ("2.5% of GDP", "$200 million", "4.75%-5%",
  "25 basis points", "five days a week", "2035"), read by `services.extract.quantity_numbers`.
- `find_quantity_change(text)`: the first change pattern that fits, tried from the most to the least
  specific. Each pattern is a small function over a *template* of the sentence in which every number
  is replaced by a placeholder `⟦i⟧`, so the regexes read like the prose they match.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from services.extract.quantity_numbers import (
    Number,
    QuantityChange,
    Template,
    dated_year,
    fmt,
    make_template,
    merge_units,
)

__all__ = ["Number", "QuantityChange", "find_quantities", "find_quantity_change", "with_prior_value"]

N = r"⟦(\d+)⟧"
_STOP = r"(?!\.\s+[A-Z])[^⟦⟧;!?]"  # a character that neither crosses a sentence end nor is a number


def _gap(limit: int) -> str:
    return f"{_STOP}{{0,{limit}}}?"


_DOWN = r"cut|cuts|cutting|lower\w*|reduc\w*|trim\w*|slash\w*|decreas\w*|eas(?:e|es|ed|ing)|halv\w*|drop\w*"
_UP = r"rais\w*|hik\w*|increas\w*|lift\w*|boost\w*|jack\w* up|push\w* up|ris(?:e|es|ing)|rose|doubl\w*"
_SET = (
    r"set|sets|setting|cap|caps|capped|capping|bring\w*|brought|mandat\w*|requir\w*|fix\w*|tak(?:e|es|ing) it"
)
_MONEY_VERBS = (
    r"set aside|sets aside|setting aside|allocat\w*|pledg\w*|commit\w*|earmark\w*|invest\w*|spend\w*|"
    r"fund\w*|provid\w*|approv\w*|budget\w*|charg\w*|pay\w*|cost\w*|offer\w*|grant\w*|unveil\w*"
)


def find_quantities(text: str) -> list[Number]:
    """Every number in `text` with its unit, in order.

    >>> [(n.value, n.unit) for n in find_quantities("a 10% tariff and $200 million")]
    [(10.0, '% tariff'), (200.0, 'million dollars')]
    """
    return list(make_template(text).numbers)


def find_quantity_change(text: str) -> QuantityChange | None:
    """The numeric policy change `text` states, or None.

    >>> change = find_quantity_change("It cut tariffs from 145% to 30%.")
    >>> (change.from_, change.to, change.unit)
    (145.0, 30.0, '% tariff')
    """
    template = make_template(text)
    for pattern in PATTERNS:
        found = pattern(template)
        if found is not None:
            return replace(found, pattern=pattern.__name__)
    return None


def with_prior_value(change: QuantityChange, context: str) -> QuantityChange:
    """Fill a missing `from_` with the current value the surrounding text states in the same unit.

    >>> new = find_quantity_change("He will raise spending to 2.5% of GDP.")
    >>> with_prior_value(new, "Spending is currently 2.3% of GDP.").from_
    2.3
    """
    if change.from_ is not None:
        return change
    t = make_template(context)
    for cue in _STANDING_VALUE:
        for m in re.finditer(cue, t.text):
            number = t.number(m.group(1))
            if number.amount != change.to and _same_unit(number.unit, change.unit):
                return replace(change, from_=number.amount)
    return change


# Where a text states the value in force, most explicit first: 'currently 2.3% of GDP', then
# 'the (roughly) one per cent ceiling' / 'the 2% spending target' (a setting named by its value).
_STANDING_VALUE = (
    rf"\b(?:current(?:ly)?|at present|now stands? at|existing)\b{_gap(80)}{N}",
    rf"\bthe\s+(?:\w+\s+)?{N}\s+(?:[\w-]+\s+){{0,3}}?"
    r"(?:target|goal|ceiling|threshold|benchmark|guideline|cap|limit)s?\b",
)


# -- patterns, most specific first ------------------------------------------------------------


def by_delta_to(t: Template) -> QuantityChange | None:
    """A step and the new level: 'trimmed the rate by 25 basis points to 6.25%' -> 6.5 to 6.25.

    Also 'raised rates a quarter point to 5.25%-5.5%' -> '5-5.25' to '5.25-5.5'.
    """
    m = re.search(
        rf"\b({_DOWN}|{_UP})\b{_gap(80)}(?:\b(by)\s+)?(?:an?\s+)?{N}{_gap(20)}\bto\s+(?:\w+\s+){{0,3}}?{N}",
        t.text,
    )
    if not m:
        return None
    step, new = t.number(m.group(3)), t.number(m.group(4))
    delta = _as_delta(step, new)
    if delta is None or (m.group(2) is None and step.unit not in {"bp", "pp"}):
        return None
    sign = 1 if re.fullmatch(_DOWN, m.group(1).lower()) else -1
    old = tuple(v + sign * delta for v in new.bounds)
    return t.change(m, fmt(*old), new.amount, merge_units(t, new, new))


def level_by_means(t: Template) -> QuantityChange | None:
    """The main clause's level beats a from -> to in its 'by + -ing' means clause: 'members would
    reach 4% of GDP by lifting their core goal from 1.5% to 3%' -> to 4 (the old level is told elsewhere).
    """
    m = re.search(
        rf"\b(?:reach\w*|hit(?:s|ting)?|meet(?:s|ing)?|met|achiev\w*|(?:{_UP}|{_DOWN}|{_SET})\b{_gap(40)}\bto)"
        rf"\s+(?:\w+\s+){{0,3}}?{N}{_gap(40)}\bby\s+\w+ing\b{_gap(80)}\bfrom\b",
        t.text,
    )
    if not m:
        return None
    number = t.number(m.group(1))
    if number.unit in {"year", "pp", "bp", ""}:
        return None
    return t.change(m, None, number.amount, merge_units(t, number, number))


def from_to(t: Template) -> QuantityChange | None:
    """'raise spending from the current 1.8% to 2.2% of GDP'; 'push back the ban from 2031 to 2036'."""
    m = re.search(rf"\bfrom\s+{_gap(40)}{N}{_gap(60)}\bto\s+(?:\w+\s+){{0,4}}?{N}", t.text)
    return _pair(t, m, old=1, new=2)


def to_from(t: Template) -> QuantityChange | None:
    """'raised tariffs to 125% from 104%'; 'lowers the rate to 4.75%-5%, down from 5.25%-5.5%'."""
    m = re.search(rf"\bto\s+(?:\w+\s+){{0,4}}?{N}{_gap(40)}\bfrom\s+{_gap(30)}{N}", t.text)
    return _pair(t, m, old=2, new=1)


def current_to(t: Template) -> QuantityChange | None:
    """'the current target is two per cent of GDP but it should rise to five per cent' -> 2 to 5."""
    m = re.search(
        rf"\bcurrent(?:ly)?\b{_gap(60)}{N}{_gap(80)}\b(?:{_DOWN}|{_UP}|{_SET})\b{_gap(30)}"
        rf"\bto\s+(?:\w+\s+){{0,3}}?{N}",
        t.text,
    )
    return _pair(t, m, old=1, new=2)


def down_from(t: Template) -> QuantityChange | None:
    """'two rate cuts in 2025, down from four' -> 4 to 2.

    The new value is the nearest earlier number measured like the old one, so a duration in
    between is skipped: 'cap permits at 185,000 over the next two years, down from 250,000' -> 250,000
    to 185,000.
    """
    m = re.search(rf"\b(?:down|up)\s+from\s+{_gap(30)}{N}", t.text)
    if not m:
        return None
    old = t.number(m.group(1))
    earlier = [
        (i, n)
        for i, n in enumerate(t.numbers)
        if n.end <= t.origin[m.start()] and t.origin[m.start()] - n.end <= 160
    ]
    alike = [(i, n) for i, n in earlier if n.unit == old.unit] or [
        (i, n) for i, n in earlier if merge_units(t, n, old) is not None and n.unit not in _DURATIONS
    ]
    if not alike:
        return None
    new = alike[-1][1]
    unit = merge_units(t, old, new)
    if unit is None:
        return None
    start = t.text.index(f"⟦{alike[-1][0]}⟧")
    return QuantityChange(
        old.amount,
        new.amount,
        unit,
        dated_year(t.source, exclude={str(old.amount), str(new.amount)}),
        t.origin[start],
        t.origin[m.end()],
    )


def originally_now(t: Template) -> QuantityChange | None:
    """'The ban was originally due in 2030 but will now take effect in 2035' -> 2030 to 2035."""
    year = r"\b((?:19|20)\d\d)\b"
    m = re.search(
        rf"\b(?:originally|initially|previously|first)\b[^.;]{{0,60}}?{year}[^.;]{{0,80}}?"
        rf"\b(?:now|instead|pushed back|delayed|brought forward)\b[^.;]{{0,60}}?{year}",
        t.source,
    )
    if not m:
        return None
    return QuantityChange(
        float(m.group(1)), float(m.group(2)), "year", None, m.start(), m.end(), "originally_now"
    )


def multiplied(t: Template) -> QuantityChange | None:
    """'halved the 20% tariff' -> 20 to 10; 'doubled the levy to 50%' -> 25 to 50."""
    m = re.search(rf"\b(halv\w*|doubl\w*|tripl\w*|quadrupl\w*)\b{_gap(40)}{N}", t.text)
    if not m:
        return None
    number = t.number(m.group(2))
    if number.high is not None or not number.unit or number.unit == "year":
        return None
    factor = {"h": 0.5, "d": 2.0, "t": 3.0, "q": 4.0}[m.group(1)[0].lower()]
    reached = re.search(r"\bto\s+(?:\w+\s+){0,3}?$", t.text[: t.positions[m.group(2)]])
    old, new = (number.value / factor, number.value) if reached else (number.value, number.value * factor)
    return t.change(m, _round(old), _round(new), merge_units(t, number, number))


def cut_in_half(t: Template) -> QuantityChange | None:
    """'cut the 30% levy in half' -> 30 to 15."""
    m = re.search(rf"\b(?:{_DOWN})\b{_gap(40)}{N}{_gap(40)}\b(?:in|by)\s+half\b", t.text)
    if not m:
        return None
    number = t.number(m.group(1))
    if number.high is not None or not number.unit or number.unit == "year":
        return None
    return t.change(m, number.value, _round(number.value / 2), number.unit)


def to_level(t: Template) -> QuantityChange | None:
    """A new level only: 'raise spending to two per cent of GDP by 2027'; 'capped at 270,000'."""
    m = re.search(
        rf"\b({_DOWN}|{_UP}|{_SET})\b{_gap(60)}\b(?:to|at)\s+(?:a |an )?(?:[\w-]+\s+){{0,3}}?{N}", t.text
    )
    if not m:
        return None
    number = t.number(m.group(2))
    if number.unit in {"year", "pp", "bp"}:
        return None
    return t.change(m, None, number.amount, merge_units(t, number, number))


def named_level(t: Template) -> QuantityChange | None:
    """A level named without a change verb: 'has called for five percent of GDP'; 'a cap of 10,000
    permits' -> to 10,000."""
    m = re.search(
        rf"\b(?:call(?:s|ed|ing)?\s+for|(?:target|goal|cap|ceiling|limit|quota)\s+of)\s+(?:an?\s+)?"
        rf"(?:[\w-]+\s+){{0,2}}?{N}",
        t.text,
    )
    if not m:
        return None
    number = t.number(m.group(1))
    if number.unit in {"year", "pp", "bp"} or number.unit in _DURATIONS:
        return None
    return t.change(m, None, number.amount, merge_units(t, number, number))


def amount(t: Template) -> QuantityChange | None:
    """A money amount committed: 'set aside $200 million in its budget' -> to 200 (million dollars)."""
    m = re.search(rf"\b({_MONEY_VERBS})\b{_gap(40)}{N}", t.text)
    if not m:
        return None
    number = t.number(m.group(2))
    if "dollar" not in number.unit and not re.search(r"euro|pound|yen|yuan|rupee|USD", number.unit):
        return None
    return t.change(m, None, number.amount, number.unit)


PATTERNS: tuple[Callable[[Template], QuantityChange | None], ...] = (
    by_delta_to,
    level_by_means,
    from_to,
    to_from,
    current_to,
    down_from,
    originally_now,
    cut_in_half,
    multiplied,
    to_level,
    named_level,
    amount,
)


# -- helpers ------------------------------------------------------------------------------------


_DURATIONS = frozenset({"days", "weeks", "months", "years", "hours", "year"})


def _pair(t: Template, m: re.Match[str] | None, *, old: int, new: int) -> QuantityChange | None:
    if not m:
        return None
    a, b = t.number(m.group(old)), t.number(m.group(new))
    unit = merge_units(t, a, b)
    if unit is None:
        return None
    return t.change(m, a.amount, b.amount, unit)


def _same_unit(a: str, b: str) -> bool:
    if a == b:
        return True
    return a.startswith("%") and b.startswith("%") and "%" in {a, b}


def _as_delta(step: Number, new: Number) -> float | None:
    if step.unit == "bp":
        return step.value / 100
    if step.unit in {"pp", "%", "% rate"} or step.unit.startswith("%"):
        return step.value
    return None


def _round(x: float) -> float:
    return round(x, 6)
