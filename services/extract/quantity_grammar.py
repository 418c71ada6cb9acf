"""The shared vocabulary of the quantity patterns: change verbs, gaps that stay inside a clause, and
small helpers that turn a regex match over a sentence template into a change.

A template is the sentence with every number replaced by ⟦i⟧ (`services.extract.quantity_numbers`);
a pattern yields each change it finds with the indices of the numbers it used (`Found`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from services.extract.quantity_numbers import Number, QuantityChange, Template, merge_units
from services.extract.quantity_units import is_money

Found = tuple[QuantityChange, frozenset[int]]
N = r"⟦(\d+)⟧"

# A character that neither crosses a sentence end, nor is a number, nor starts another clause
# ('... to 30%, while China will reduce its duties from 125% ...').
STOP = (
    r"(?!\.\s+[A-Z])(?!,?\s+(?:while|whereas|but)\b)(?!\s+and\s+(?:on|for|to|the)\b)"
    r"(?!,?\s+and\s+(?:\w+\s+)?(?:increas|rais|cut|lower|reduc|lift|boost|extend|set|slash|trim)\w*)[^⟦⟧;!?]"
)
# A comparison with a forecast is guidance, not a setting that moved.
FORECAST = r"\b(?:guidance|forecast|estimate|expectation|projection|outlook|consensus)s?\b"

DOWN = (
    r"cut|cuts|cutting|lower\w*|reduc\w*|trim\w*|slash\w*|decreas\w*|eas(?:e|es|ed|ing)|halv\w*|drop\w*|"
    r"fall\w*|fell|shrink\w*|shrank|scal\w* back|sink\w*"
)

UP = (
    r"rais\w*|hik\w*|increas\w*|lift\w*|boost\w*|jack\w* up|push\w* up|ris(?:e|es|ing)|rose|doubl\w*|"
    r"tripl\w*|go(?:es)? up|went up|climb\w*|jump\w*|enlarg\w*|grow\w*|grew|expand\w*|extend\w*|widen\w*|"
    r"add\w*"
)

SET = (
    r"set|sets|setting|settl\w*|aim\w*|cap|caps|capped|capping|bring\w*|brought|mandat\w*|requir\w*|fix\w*|tak(?:e|es|"
    r"ing) it|(?:tak(?:e|es|ing)|took)(?=\s+(?:the|its|their|it|them)\s)|peg\w*|limit\w*|restrict\w*"
)

MONEY_VERBS = (
    r"set aside|sets aside|setting aside|allocat\w*|pledg\w*|commit\w*|earmark\w*|invest\w*|spend\w*|"
    r"fund\w*|provid\w*|approv\w*|budget\w*|charg\w*|pay\w*|cost\w*|offer\w*|grant\w*|unveil\w*|announc\w*"
)

IMPOSE = (
    r"set|sets|setting|impos\w*|introduc\w*|slap\w*|levy\w*|levied|put|puts|putting|placed?|plac\w*|"
    r"appl(?:y|ies|ied|ying)|adopt\w*|charg\w*|legislat\w*"
)

DURATIONS = frozenset({"days", "weeks", "months", "years", "hours", "year"})

STEPS = frozenset({"bp", "pp"})

ACROSS = r"(?!\.\s+[A-Z])[^⟦⟧;!?]"  # the same, but free to cross a clause


def gap(limit: int, *, across: bool = False) -> str:
    return f"{ACROSS if across else STOP}{{0,{limit}}}?"


def change(
    t: Template, m: re.Match[str], old: float | str | None, new: float | str, unit: str | None, *used: str
) -> Iterator[Found]:
    found = t.change(m, old, new, unit)
    if found is not None:
        yield found, frozenset(int(i) for i in used)


def pair(t: Template, m: re.Match[str], old: str, new: str) -> Iterator[Found]:
    a, b = t.number(old), t.number(new)
    if (a.unit in STEPS) != (b.unit in STEPS):
        return  # a step and a level are not an old and a new value
    a, b = written_out(a, b), written_out(b, a)
    yield from change(t, m, a.amount, b.amount, merge_units(t, a, b), old, new)


def written_out(number: Number, other: Number) -> Number:
    """A pair told in two scales is written out: 'to 1.2 million rupees from 700,000 rupees' ->
    1,200,000 (rupees)."""
    if number.unit == f"million {other.unit}" and other.unit and number.high is None:
        return replace(number, value=round(number.value * 1e6, 6), unit=other.unit)
    if number.unit == "million" and other.unit and other.value >= 1e5 and number.high is None:
        # 'to 1.2 million barrels a day from 1 million': the other value was written out
        return replace(number, value=round(number.value * 1e6, 6), unit=other.unit)
    return number


def absolute_step(step: Number, level: Number) -> float | None:
    """How far a step moves a level in the level's own unit: 25 bp -> 0.25 (%); £1.02 -> 1.02 (pounds)."""
    if step.unit == "bp" and level.unit.startswith("%"):
        return step.value / 100
    if step.unit == "pp" and (level.unit.startswith("%") or not level.unit):
        return step.value
    if step.unit.startswith("%") and level.unit.startswith("%") and step.high is None:
        return step.value  # 'raised VAT by 2% to 22%': a step of a rate is in points
    if step.unit == level.unit and step.unit not in DURATIONS and step.high is None:
        return step.value  # 'by £1.02' on £10.42; 'cut by 10,000 to 35,000' (a count)
    if is_money(step.unit) and level.unit.startswith(step.unit):
        return step.value  # 'by £285 to £9,535 a year'
    base, level_base = _base(step.unit), _base(level.unit)
    if is_money(step.unit) and base == level_base and step.high is None:
        return step.value  # 'by 5p a litre to 52.95p'
    if level_base in _MINOR.get(base, ()) and step.high is None:
        return round6(step.value / 100)  # 'by 10 cents to $1.99 a litre'
    return None


_MINOR = {"cents": ("dollars", "euros"), "cent": ("dollars", "euros"), "pence": ("pounds",)}


def step_factor(step_unit: str, level_unit: str) -> float | None:
    """What one unit of a money step is worth in the level's unit: 1 for 'pounds per hour' on
    'pounds per hour', 0.01 for 'pence per hour' on 'pounds per hour', None when they differ."""
    if not (is_money(step_unit) and is_money(level_unit)):
        return None
    step_per, level_per = step_unit.partition(" per ")[2], level_unit.partition(" per ")[2]
    if step_per and level_per and step_per != level_per:
        return None
    base, level_base = _base(step_unit), _base(level_unit)
    if base == level_base:
        return 1.0
    return 0.01 if level_base in _MINOR.get(base, ()) else None


def _base(unit: str) -> str:
    """A money unit without its period or measure: 'dollars per litre' -> 'dollars'."""
    return unit.split(" per ")[0]


def is_measure(unit: str) -> bool:
    """A unit a bare old value ('down from 50') can share: a count or a measure, not a share or money."""
    return not unit.startswith("%") and not is_money(unit) and unit not in DURATIONS


def searched(regex: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Every match, overlapping ones too: a failed check on one match must not hide the next."""
    pos = 0
    while (m := regex.search(text, pos)) is not None:
        yield m
        pos = m.start() + 1


def parenthetical(t: Template, number: Number) -> bool:
    """A conversion told in brackets: '2.34 million dong ($92) a month', '$10bn (€9.5bn)'."""
    before, after = t.source[: number.start], t.source[number.end :]
    return bool(
        re.search(r"\(\s*(?:about|around|roughly|some)?\s*$", before) and re.match(r"[^()]{0,20}\)", after)
    )


def only_durations(t: Template, gap: str) -> bool:
    """Whether the numbers inside a gap are only durations ('to 2.5% within two years, from 2.3%')."""
    return all(
        t.number(i).unit in DURATIONS or parenthetical(t, t.number(i)) for i in re.findall(r"⟦(\d+)⟧", gap)
    )


def decimals(value: float) -> int:
    text = f"{value:g}"
    return len(text.split(".")[1]) if "." in text else 0


def round6(x: float, digits: int = 6) -> float:
    return round(x, digits)


# A comparison with a forecast is guidance, not a setting that moved.
