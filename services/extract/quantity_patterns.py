"""The ways news states a numeric change, one small function each, most specific first.

Each pattern reads a *template* of the sentence (every number replaced by ⟦i⟧, see
`services.extract.quantity_numbers`) so its regex reads like the prose it matches, and yields every
change it finds with the numbers it used (two changes that share a number exclude each other).
The patterns that read only a new level are in `services.extract.quantity_levels`; those that
read an old value told beside the new one in `services.extract.quantity_comparisons`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from services.extract import quantity_comparisons as comparisons
from services.extract import quantity_levels as levels
from services.extract.quantity_grammar import (
    DOWN,
    SET,
    STEPS,
    STOP,
    UP,
    Found,
    N,
    absolute_step,
    change,
    decimals,
    gap,
    only_durations,
    pair,
    round6,
    searched,
)
from services.extract.quantity_numbers import Number, Template, fmt, merge_units
from services.extract.quantity_units import is_money

__all__ = ["PATTERNS", "Found"]


_LEVEL_BY_MEANS_RX = re.compile(
    rf"\b(?:reach\w*|hit(?:s|ting)?|meet(?:s|ing)?|met|achiev\w*|(?:{UP}|{DOWN}|{SET})\b{gap(40)}\bto)"
    rf"\s+(?:\w+\s+){{0,3}}?{N}{gap(40)}\bby\s+\w+ing\b{gap(80)}\bfrom\b",
)


def level_by_means(t: Template) -> Iterator[Found]:
    """The main clause's level beats a from -> to in its 'by + -ing' means clause: 'members would
    reach 4% of GDP by lifting their core goal from 1.5% to 3%' -> to 4 (the old level is told elsewhere)."""
    for m in _LEVEL_BY_MEANS_RX.finditer(t.text):
        number = t.number(m.group(1))
        if number.unit not in {"year", "pp", "bp", ""}:
            yield from change(t, m, None, number.amount, number.unit, m.group(1))


_CURRENT_THEN_STEP_RX = re.compile(
    rf"\b(?i:current(?:ly)?|now|at present)\b{gap(60)}{N}{gap(120, across=True)}\b({UP}|{DOWN})\b{gap(40)}"
    rf"\bby\s+(?:about\s+|around\s+|another\s+|a\s+further\s+)?{N}",
)


def current_then_step(t: Template) -> Iterator[Found]:
    """'currently £10.42 an hour and will increase by £1.02' -> 10.42 to 11.44."""
    for m in _CURRENT_THEN_STEP_RX.finditer(t.text):
        level, step = t.number(m.group(1)), t.number(m.group(3))
        delta = absolute_step(step, level)
        if delta is not None and level.high is None:
            sign = -1 if re.fullmatch(DOWN, m.group(2).lower()) else 1
            between = t.text[t.positions[m.group(1)] : m.start(2)]
            if _DONE_RX.search(between):  # 'now sits at 3%, having been cut by half a point': 3.5 to 3
                yield from change(
                    t, m, round6(level.value - sign * delta), level.value, level.unit, m.group(1), m.group(3)
                )
                continue
            yield from change(
                t, m, level.value, round6(level.value + sign * delta), level.unit, m.group(1), m.group(3)
            )


_DONE_RX = re.compile(r"\b(?:having\s+been|after\s+being|after\s+it\s+was|after\s+a)\b", re.IGNORECASE)


_APPOSITIVE_RX = re.compile(
    rf",\s+(?:which\s+)?(?:had\s+|has\s+)?(?:stood\s+at|been|was|set\s+at|introduced\s+at|fixed\s+at|"
    rf"previously|currently|now)\s+(?:at\s+)?(?:about\s+|around\s+)?{N}(?:[^,⟦⟧;]{{0,40}},\s+"
    rf"(?:(?:was|were|is|are|will|would|has|have|had)\s+(?:be\s+|been\s+)?)?(?:\w+\s+){{0,2}}?"
    rf"(?:{UP}|{DOWN}|{SET}|go(?:es)?|fall\w*|drop\w*)\b{gap(30)}|\s*,\s+)\bto\s+(?:\w+\s+){{0,2}}?{N}",
)


def appositive(t: Template) -> Iterator[Found]:
    """The old value told between commas: 'The rate, which had stood at 5% since March, was cut to
    4.75%' -> 5 to 4.75; 'lift the cap, now 3,000, to 5,000' -> 3,000 to 5,000."""
    for m in _APPOSITIVE_RX.finditer(t.text):
        yield from pair(t, m, old=m.group(1), new=m.group(2))


# 'at least three days a week ... work from home two days' is no change: neither 'at least'
# nor 'from home' introduces a value.
_TO_FROM_RX = re.compile(
    rf"\b(?:to|at(?!\s+(?:least|most)\b))\s+(?:[\w-]+\s+){{0,4}}?{N}((?:{STOP}|"
    rf"⟦\d+⟧){{0,50}}?)\bfrom\s+(?!home\b)(?:[\w-]+\s+){{0,6}}?{N}",
)


def to_from(t: Template) -> Iterator[Found]:
    """'raised tariffs to 125% from 104%'; 'to 3.75% from a record high of 4%'; 'up to 350,000
    kronor from 10,000' -> 10,000 to 350,000."""
    for m in searched(_TO_FROM_RX, t.text):
        if not only_durations(t, m.group(2)) and not _other_measures(t, m):
            continue
        yield from pair(t, m, old=m.group(3), new=m.group(1))


def _other_measures(t: Template, m: re.Match[str]) -> bool:
    """'to 45 per cent on incomes above £125,140, from 40 per cent': the numbers between a new and
    an old value of one unit are in another unit (what the rate applies to), not a value of it."""
    new, old = t.number(m.group(1)), t.number(m.group(3))
    if not new.unit or not old.unit or new.unit.split()[0] != old.unit.split()[0]:
        return False
    between = [t.number(i) for i in re.findall(r"⟦(\d+)⟧", m.group(2))]
    return all(n.unit and n.unit.split()[0] != new.unit.split()[0] for n in between)


_TO_FROM_PAIRED_RX = re.compile(
    rf"\bto\s+{N}\s*(?:,\s*|\s+and\s+|,\s+and\s+){N}{gap(40)}\bfrom\s+{N}\s*(?:,\s*|\s+and\s+|,\s+and\s+){N}",
)


def to_from_paired(t: Template) -> Iterator[Found]:
    """Two settings moved together, their new and old values listed in the same order: 'rise to 30%
    and 45% of pay from 25% and 40%' -> 25 to 30 (the first pair is the one read)."""
    for m in _TO_FROM_PAIRED_RX.finditer(t.text):
        yield from pair(t, m, old=m.group(3), new=m.group(1))


_FROM_TO_RX = re.compile(
    rf"\bfrom\s+{gap(40)}{N}{gap(60)}\b(?:to|until)\s+(?:[\w-]+\s+){{0,4}}?{N}",
)


def from_to(t: Template) -> Iterator[Found]:
    """'raise spending from the current 1.8% to 2.2% of GDP'; 'the retirement age from 62 to 64'."""
    for m in _FROM_TO_RX.finditer(t.text):
        yield from pair(t, m, old=m.group(1), new=m.group(2))


_BY_STEP_TO_RX2 = re.compile(
    rf"\b({DOWN}|{UP})\b",
)


_BY_STEP_TO_RX = re.compile(
    rf"\b({DOWN}|{UP})\b{gap(80)}(?:\b(by)\s+)?(?:an?\s+|about\s+|around\s+|some\s+|roughly\s+|"
    rf"nearly\s+|almost\s+|more than\s+)?{N}"
    rf"{gap(60)}\b(?:to|at)\s+(?:[\w-]+\s+){{0,3}}?{N}",
)


def by_step_to(t: Template) -> Iterator[Found]:
    """A step and the new level: 'trimmed the rate by 25 basis points to 6.25%' -> 6.5 to 6.25;
    'raised rates a quarter point to 5.25%-5.5%' -> '5-5.25' to '5.25-5.5'; 'raised the fare by 10%
    to $2.20' -> 2 to 2.2."""
    for m in _BY_STEP_TO_RX.finditer(t.text):
        step, new = t.number(m.group(3)), t.number(m.group(4))
        verbs = _BY_STEP_TO_RX2.findall(t.text[m.start() : t.positions[m.group(3)]])
        if m.group(2) is None and not _step_without_by(t, m, step, new):
            continue
        yield from _stepped(t, m, verbs[-1], step, new, m.group(3), m.group(4))


def _step_without_by(t: Template, m: re.Match[str], step: Number, new: Number) -> bool:
    """'go up 5 pence to 29p', 'rises 6.7% to £11.44', 'raised rates a quarter point to 5%' need no
    'by'; 'raised 3 rates to 5%' or 'lowered tariffs on 25% of goods to 10%' are no steps, nor is
    a level told before another: 'lifted to £9,000 in 2012 and has stood at £9,250' (two levels)."""
    span = t.text[m.start() : t.positions[m.group(3)]]
    # from the verb nearest the step: 'cut its fuel subsidy, raising the pump price 40% to ...'
    verbs = list(_BY_STEP_TO_RX2.finditer(span))
    between = span[verbs[-1].start() if verbs else 0 :].lower().split()
    if between and between[-1] in {"to", "at"}:
        return False
    if step.unit in STEPS or (is_money(step.unit) and is_money(new.unit)):
        return True
    # the verb, maybe 'about'; 'rose to 6% of earnings up to 36,000' is a level, not a step
    # and 'revenue rising 2.5% to 4%' is a range of guidance: a bare percent steps only a price or a sum
    # 'boosts the minimum wage 4% to 1,518 reais': the object may stand between the verb and a step
    # of a sum, but not a preposition ('cut spending on 40% of schemes to $2bn')
    return (
        step.unit.startswith("%")
        and not new.unit.startswith("%")
        and (len(between) <= 2 or (is_money(new.unit) and len(between) <= 6))
        and not {"to", "at", "on", "of", "for", "in"} & set(between[1:])
    )


_NOUN_UP = r"increase|hike|rise|raise"
_NOUN_DOWN = r"cut|reduction|decrease"
_NOUN_STEP_TO_RX2 = re.compile(
    rf"\b(?:at|to)\s+{N}{gap(40)}(?:\b(?:after|following|with)|,)\s+(?:an?|the|its)\s+(?:[\w-]+\s+)?"
    rf"({_NOUN_UP}|{_NOUN_DOWN})\s+of\s+{N}",
)


_NOUN_STEP_TO_RX = re.compile(
    rf"{N}[\s-]+(?:[\w-]+\s+)?({_NOUN_UP}|{_NOUN_DOWN})\b{gap(60)}\bto\s+(?:[\w-]+\s+){{0,2}}?{N}",
)


# 'an increase of 500 places, to 3,500'; 'a cut of 25 basis points to 4%'
_NOUN_OF_STEP_TO_RX = re.compile(
    rf"\b({_NOUN_UP}|{_NOUN_DOWN})\s+of\s+(?:about\s+|some\s+|another\s+|a\s+further\s+)?{N}{gap(40)}"
    rf"\bto\s+(?:[\w-]+\s+){{0,2}}?{N}",
)


_NOUN_STEP_AFTER_RX = re.compile(
    rf"\b(?:at|to)\s+{N}{gap(80)}(?:,\s+|\s+(?:after|following)\s+)(?:an?|the|its)\s+{N}[\s-]+(?:[\w-]+\s+)?"
    rf"({_NOUN_UP}|{_NOUN_DOWN})\b",
)


def noun_step_to(t: Template) -> Iterator[Found]:
    """A step named as a noun with the new level: 'a 10-percentage-point increase in the top rate,
    to 45%' -> 35 to 45; 'an increase of 500 places, to 3,500' -> 3,000 to 3,500; 'now stands at 6.5%
    after a cut of 25 basis points' -> 6.75 to 6.5; 'to 5% on Thursday, a cut of 25 basis points' ->
    5.25 to 5."""
    for m in _NOUN_STEP_TO_RX.finditer(t.text):
        step, new = t.number(m.group(1)), t.number(m.group(3))
        if step.unit in STEPS or _relative(step, new):
            yield from _stepped(t, m, _verb_of(m.group(2)), step, new, m.group(1), m.group(3))
    for m in _NOUN_STEP_TO_RX2.finditer(t.text):
        new, step = t.number(m.group(1)), t.number(m.group(3))
        if step.unit in STEPS:
            yield from _stepped(t, m, _verb_of(m.group(2)), step, new, m.group(3), m.group(1))
    for m in _NOUN_OF_STEP_TO_RX.finditer(t.text):
        step, new = t.number(m.group(2)), t.number(m.group(3))
        if step.high is None and (absolute_step(step, new) is not None or _relative(step, new)):
            yield from _stepped(t, m, _verb_of(m.group(1)), step, new, m.group(2), m.group(3))
    # 'raise VAT to 12% next year, a one-percentage-point increase' -> 11 to 12; 'now stands at 2.5%
    # after a 25 basis point cut' -> 2.75 to 2.5
    for m in _NOUN_STEP_AFTER_RX.finditer(t.text):
        new, step = t.number(m.group(1)), t.number(m.group(2))
        if step.unit in STEPS or _relative(step, new):
            yield from _stepped(t, m, _verb_of(m.group(3)), step, new, m.group(2), m.group(1))


def _relative(step: Number, new: Number) -> bool:
    """A step in percent of a sum or a count, not of a rate: 'to 150 euros, a 50% increase' (-> 100);
    'a 7.5% increase in the minimum wage, to 8,900 rupees a month'."""
    return step.unit == "%" and step.high is None and not new.unit.startswith("%") and bool(new.unit)


def _verb_of(noun: str) -> str:
    return "cut" if re.fullmatch(_NOUN_DOWN, noun) else "raise"


_LEVEL_THEN_STEP_RX = re.compile(
    rf"\b({DOWN}|{UP})\b{gap(60)}\bto\s+(?:[\w-]+\s+){{0,3}}?{N}{gap(80)}\b(?:by\s+)?{N}",
)


def level_then_step(t: Template) -> Iterator[Found]:
    """'lowered its policy rate to zero on Thursday, trimming it by a quarter point' -> 0.25 to 0."""
    for m in _LEVEL_THEN_STEP_RX.finditer(t.text):
        new, step = t.number(m.group(2)), t.number(m.group(3))
        if step.unit in STEPS:
            yield from _stepped(t, m, m.group(1), step, new, m.group(3), m.group(2))


def _stepped(
    t: Template, m: re.Match[str], verb: str, step: Number, new: Number, *used: str
) -> Iterator[Found]:
    sign = 1 if re.fullmatch(DOWN, verb.lower()) else -1
    delta = absolute_step(step, new)
    old: float | str | None
    if delta is not None:
        old = fmt(*(round6(v + sign * delta) for v in new.bounds))
    elif (
        step.unit.startswith("%")
        and new.high is None
        and (new.unit or new.value >= 100)  # 'cut the number of visas by 40%, to 300,000'
        and (step.value < 100 or sign == -1)
    ):
        factor = 1 - step.value / 100 if sign == 1 else 1 + step.value / 100
        old = round(new.value / factor, max(decimals(new.value), 2)) if factor > 0 else None
    else:
        return
    yield from change(t, m, old, new.amount, merge_units(t, new, new), *used)


_FRACTION_WORDS = r"half|a half|a third|a quarter|a fifth|a tenth|two[- ]thirds|three[- ]quarters"
_FRACTIONS = {
    "half": 0.5,
    "a half": 0.5,
    "a third": 1 / 3,
    "a quarter": 0.25,
    "a fifth": 0.2,
    "a tenth": 0.1,
    "two-thirds": 2 / 3,
    "three-quarters": 0.75,
}
_BY_FRACTION_TO_RX = re.compile(
    rf"\b({DOWN}|{UP})\b{gap(60)}\bby\s+(?:more than\s+|about\s+|nearly\s+|almost\s+)?({_FRACTION_WORDS})\b"
    rf"{gap(30)}\bto\s+(?:[\w-]+\s+){{0,2}}?{N}",
)


def _fraction(words: str) -> float:
    return _FRACTIONS[re.sub(r"\s+", "-", words.lower()).replace("a-", "a ")]


def by_fraction_to(t: Template) -> Iterator[Found]:
    """'cut its plan by a third to about 1 million cars' -> 1,500,000 to 1,000,000; 'by half to 10%';
    'the visa quota by a fifth to 40,000' -> 50,000 to 40,000."""
    for m in _BY_FRACTION_TO_RX.finditer(t.text):
        new = t.number(m.group(3))
        part = _fraction(m.group(2))
        factor = 1 - part if re.fullmatch(DOWN, m.group(1).lower()) else 1 + part
        if new.high is None and new.unit not in STEPS:
            yield from change(t, m, round6(new.value / factor, 4), new.amount, new.unit, m.group(3))


_BY_FRACTION_RX = re.compile(
    rf"\b({DOWN}|{UP})\b{gap(60)}\bby\s+(?:more than\s+|about\s+|nearly\s+|almost\s+)?({_FRACTION_WORDS})\b"
    rf"(?!\s+(?:of|a|an|the|its)\b)(?!{gap(30)}\b(?:to|at)\s+(?:[\w-]+\s+){{0,2}}?⟦)",
)


def by_fraction(t: Template) -> Iterator[Found]:
    """A change told only as a fraction of the level: 'will cut the budget by a quarter' -> 25 (%
    cut); the level in force told nearby makes it a from -> to (`quantities.with_prior_value`)."""
    for m in _BY_FRACTION_RX.finditer(t.text):
        down = re.fullmatch(DOWN, m.group(1).lower()) is not None
        yield from change(
            t, m, None, round6(_fraction(m.group(2)) * 100, 4), "% cut" if down else "% increase"
        )


_DEVALUED_RX = re.compile(
    rf"\bdevalu\w*\b{gap(60)}\bby\s+(?:about\s+|nearly\s+|almost\s+|more\s+than\s+|some\s+)?{N}{gap(30)}"
    rf"\bto\s+(?:about\s+|around\s+)?{N}\s+(?:per|to\s+the|a|against\s+the)\s+(?:U\.S\.\s+|US\s+)?dollar\b",
)


def devalued(t: Template) -> Iterator[Found]:
    """A currency devalued by a share, its new rate in units per dollar: 'devalued the peso by 54% to
    800 per dollar' -> 368 to 800 (a dollar buys 1 / (1 - 0.54) times as many pesos)."""
    for m in _DEVALUED_RX.finditer(t.text):
        step, new = t.number(m.group(1)), t.number(m.group(2))
        if step.unit.startswith("%") and step.high is None and 0 < step.value < 100 and new.high is None:
            old = round6(new.value * (1 - step.value / 100))
            yield from change(t, m, old, new.value, "per dollar", m.group(1), m.group(2))


_CUT_IN_HALF_RX = re.compile(
    rf"\b(?:{DOWN})\b{gap(40)}{N}{gap(40)}\b(?:in|by)\s+half\b",
)


def cut_in_half(t: Template) -> Iterator[Found]:
    """'cut the 30% levy in half' -> 30 to 15."""
    for m in _CUT_IN_HALF_RX.finditer(t.text):
        number = t.number(m.group(1))
        if number.high is None and number.unit and number.unit != "year":
            yield from change(t, m, number.value, round6(number.value / 2), number.unit, m.group(1))


_MULTIPLIED_RX2 = re.compile(
    r"\bto\s+(?:[\w-]+\s+){0,3}?$",
)


_MULTIPLIED_RX = re.compile(
    rf"\b(halv\w*|doubl\w*|tripl\w*|trebl\w*|quadrupl\w*)\b{gap(60)}{N}",
)


def multiplied(t: Template) -> Iterator[Found]:
    """'halved the 20% tariff' -> 20 to 10; 'doubled the levy to 50%' -> 25 to 50; 'will double to
    Rs 1 lakh' -> 0.5 to 1 (lakh rupees)."""
    for m in _MULTIPLIED_RX.finditer(t.text):
        number = t.number(m.group(2))
        reached = _MULTIPLIED_RX2.search(t.text[: t.positions[m.group(2)]])
        # a count needs its new level after 'to': 'triple the number of guards to 9,000'
        counted = not number.unit and reached is not None and number.value >= 100
        if number.high is not None or not (number.unit or counted) or number.unit in {"year", *STEPS}:
            continue
        factor = {"h": 0.5, "d": 2.0, "t": 3.0, "q": 4.0}[m.group(1)[0].lower()]
        old, new = (number.value / factor, number.value) if reached else (number.value, number.value * factor)
        yield from change(t, m, round6(old), round6(new), number.unit, m.group(2))


_FOLDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
          "twenty": 20, "hundred": 100}  # fmt: skip
_FOLD_RX = re.compile(
    rf"\b(?:{UP}|{DOWN})\b{gap(50)}(?:\b({'|'.join(_FOLDS)})|{N}[\s-]?)fold\b{gap(20)}\bto\s+"
    rf"(?:[\w-]+\s+){{0,2}}?{N}",
    re.IGNORECASE,
)


def fold(t: Template) -> Iterator[Found]:
    """'raise the fine tenfold to $1,000' -> 100 to 1,000; 'boost output 20-fold to 50 gigawatts'
    -> 2.5 to 50."""
    for m in _FOLD_RX.finditer(t.text):
        new = t.number(m.group(3))
        factor = float(_FOLDS[m.group(1).lower()]) if m.group(1) else t.number(m.group(2)).value
        if new.high is not None or factor <= 1 or new.unit in {"year", *STEPS}:
            continue
        down = re.fullmatch(DOWN, t.text[m.start() : m.end()].split()[0].lower()) is not None
        old = round6(new.value * factor) if down else round6(new.value / factor)
        used = (m.group(3),) if m.group(1) else (m.group(2), m.group(3))
        yield from change(t, m, old, new.amount, new.unit, *used)


PATTERNS: tuple[Callable[[Template], Iterator[Found]], ...] = (
    level_by_means,
    current_then_step,
    to_from_paired,
    appositive,
    to_from,
    from_to,
    comparisons.to_then_to,
    comparisons.added_then_total,
    comparisons.leaving,
    comparisons.up_from,
    comparisons.up_from_nothing,
    comparisons.fewer_than,
    comparisons.level_signed_step,
    comparisons.replaced,
    comparisons.restored,
    comparisons.current_to,
    by_step_to,
    noun_step_to,
    level_then_step,
    comparisons.against,
    comparisons.as_many_as,
    comparisons.fraction_of_before,
    by_fraction_to,
    by_fraction,
    devalued,
    cut_in_half,
    multiplied,
    fold,
    levels.removed,
    comparisons.verb_from,
    levels.to_level,
    levels.now_level,
    levels.swapped_for,
    levels.range_level,
    levels.by_amount,
    levels.imposed,
    levels.bare_level,
    levels.bounded_level,
    levels.multiplied_only,
    levels.named_level,
    levels.amount,
    levels.noun_change,
    levels.count_of,
)
