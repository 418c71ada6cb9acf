"""The ways news states a numeric change, one small function each, most specific first.

Each pattern reads a *template* of the sentence (every number replaced by ⟦i⟧, see
`services.extract.quantity_numbers`) so its regex reads like the prose it matches, and yields every
change it finds with the numbers it used (two changes that share a number exclude each other).
The patterns that read only a new level are in `services.extract.quantity_levels`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from services.extract import quantity_levels as levels
from services.extract.quantity_grammar import (
    DOWN,
    DURATIONS,
    FORECAST,
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
    is_measure,
    only_durations,
    pair,
    round6,
    searched,
)
from services.extract.quantity_numbers import Number, Template, fmt, merge_units
from services.extract.quantity_units import is_money

__all__ = ["PATTERNS", "Found"]


def level_by_means(t: Template) -> Iterator[Found]:
    """The main clause's level beats a from -> to in its 'by + -ing' means clause: 'members would
    reach 4% of GDP by lifting their core goal from 1.5% to 3%' -> to 4 (the old level is told elsewhere)."""
    for m in re.finditer(
        rf"\b(?:reach\w*|hit(?:s|ting)?|meet(?:s|ing)?|met|achiev\w*|(?:{UP}|{DOWN}|{SET})\b{gap(40)}\bto)"
        rf"\s+(?:\w+\s+){{0,3}}?{N}{gap(40)}\bby\s+\w+ing\b{gap(80)}\bfrom\b",
        t.text,
    ):
        number = t.number(m.group(1))
        if number.unit not in {"year", "pp", "bp", ""}:
            yield from change(t, m, None, number.amount, number.unit, m.group(1))


def current_then_step(t: Template) -> Iterator[Found]:
    """'currently £10.42 an hour and will increase by £1.02' -> 10.42 to 11.44."""
    for m in re.finditer(
        rf"\b(?:current(?:ly)?|now|at present)\b{gap(60)}{N}{gap(120, across=True)}\b({UP}|{DOWN})\b{gap(40)}"
        rf"\bby\s+(?:about\s+|around\s+|another\s+|a\s+further\s+)?{N}",
        t.text,
    ):
        level, step = t.number(m.group(1)), t.number(m.group(3))
        delta = absolute_step(step, level)
        if delta is not None and level.high is None:
            sign = -1 if re.fullmatch(DOWN, m.group(2).lower()) else 1
            yield from change(
                t, m, level.value, round6(level.value + sign * delta), level.unit, m.group(1), m.group(3)
            )


def to_from(t: Template) -> Iterator[Found]:
    """'raised tariffs to 125% from 104%'; 'to 3.75% from a record high of 4%'; 'up to 350,000
    kronor from 10,000' -> 10,000 to 350,000."""
    for m in searched(
        rf"\b(?:to|at)\s+(?:[\w-]+\s+){{0,4}}?{N}((?:{STOP}|"
        rf"⟦\d+⟧){{0,50}}?)\bfrom\s+(?:[\w-]+\s+){{0,6}}?{N}",
        t.text,
    ):
        if not only_durations(t, m.group(2)):
            continue
        yield from pair(t, m, old=m.group(3), new=m.group(1))


def from_to(t: Template) -> Iterator[Found]:
    """'raise spending from the current 1.8% to 2.2% of GDP'; 'the retirement age from 62 to 64'."""
    for m in re.finditer(rf"\bfrom\s+{gap(40)}{N}{gap(60)}\b(?:to|until)\s+(?:[\w-]+\s+){{0,4}}?{N}", t.text):
        yield from pair(t, m, old=m.group(1), new=m.group(2))


def to_then_to(t: Template) -> Iterator[Found]:
    """Two steps of one setting: 'raised the margin to 2.5 points in 2019 and to three points in
    2021' -> 2.5 to 3."""
    for m in re.finditer(rf"\bto\s+{N}{gap(60, across=True)}\band\s+(?:then\s+|later\s+)?to\s+{N}", t.text):
        yield from pair(t, m, old=m.group(1), new=m.group(2))


def up_from(t: Template) -> Iterator[Found]:
    """'two rate cuts in 2025, down from four' -> 4 to 2; 'at 1,518 reais, up 7.5% from 1,412' ->
    1,412 to 1,518.

    The new value is the nearest earlier number measured like the old one, so a duration in
    between is skipped: 'cap permits at 185,000 over the next two years, down from 250,000'.
    """
    for m in re.finditer(rf"\b(?:down|up)\s+(?:(?:by\s+)?(?:about\s+)?{N}\s+)?from\s+{gap(30)}{N}", t.text):
        old = t.number(m.group(2))
        where = t.origin[m.start()]
        earlier = [
            (i, n)
            for i, n in enumerate(t.numbers)
            if n.end <= where and where - n.end <= 160 and n.unit not in STEPS
        ]
        earlier = [(i, n) for i, n in earlier if str(i) != m.group(1)]
        alike = (
            [(i, n) for i, n in earlier if n.unit == old.unit]
            or [(i, n) for i, n in earlier if not old.unit and is_measure(n.unit)]
            or [(i, n) for i, n in earlier if merge_units(t, n, old) is not None and n.unit not in DURATIONS]
        )
        if not alike:
            continue
        index, new = alike[-1]
        unit = merge_units(t, old, new)
        for found, used in change(t, m, old.amount, new.amount, unit, str(index), m.group(2)):
            yield replace(found, start=new.start), used


def replaced(t: Template) -> Iterator[Found]:
    """'replaced its flat 13% income tax with a scale topping out at 22%' -> 13 to 22."""
    for m in re.finditer(rf"\breplac\w*\s+(?:[\w-]+\s+){{0,4}}?{N}{gap(60)}\bwith\b{gap(60)}{N}", t.text):
        yield from pair(t, m, old=m.group(1), new=m.group(2))


def against(t: Template) -> Iterator[Found]:
    """A new level set against the old one: '£38,700 a year, against £26,200 today'; 'at 3,058 rather
    than 5,058'; 'up to 820,000 over five years, 2.4 times the ceiling of 345,150'; 'to £38,700, more
    than double the current £18,600'."""
    for m in searched(
        rf"{N}((?:{STOP}|⟦\d+⟧){{0,100}}?)(?:\b(?:against|compared\s+with|versus|vs\.?|instead\s+of|"
        rf"rather\s+than|"
        rf"replacing|(?:more\s+than\s+|almost\s+|nearly\s+)?(?:double|twice|triple|treble|three\s+times))"
        rf"|⟦\d+⟧\s+times)\s+(?:the\s+|a\s+|its\s+)?(?:current\s+|usual\s+|present\s+|previous\s+)?"
        rf"(?:[\w-]+\s+){{0,3}}?(?:of\s+)?{N}",
        t.text,
    ):
        if only_durations(t, m.group(2)) and not re.search(FORECAST, m.group()):
            yield from pair(t, m, old=m.group(3), new=m.group(1))


def verb_from(t: Template) -> Iterator[Found]:
    """Only the old value after the verb, the new one told before it: 'now costs A$1,600, after the
    government lifted the charge from A$710' -> 710 to 1,600."""
    for m in re.finditer(
        rf"\b(?:{UP}|{DOWN})\b{gap(60)}\bfrom\s+(?:[\w-]+\s+){{0,4}}?{N}(?!{gap(40)}\bto\b)", t.text
    ):
        old = t.number(m.group(1))
        where = t.origin[m.start()]
        alike = [(i, n) for i, n in enumerate(t.numbers) if n.end <= where and n.unit == old.unit and n.unit]
        if alike:
            index, new = alike[-1]
            yield from change(t, m, old.amount, new.amount, old.unit, str(index), m.group(1))


def current_to(t: Template) -> Iterator[Found]:
    """'the current target is two per cent of GDP but it should rise to five per cent' -> 2 to 5."""
    for m in re.finditer(
        rf"\b(?:current(?:ly)?|originally|initially|previously|had been|launched|introduced|started|"
        rf"began)\b{gap(60)}{N}{gap(80, across=True)}\b(?:{DOWN}|{UP}|"
        rf"{SET})\b{gap(30)}\bto\s+(?:\w+\s+){{0,3}}?{N}",
        t.text,
    ):
        yield from pair(t, m, old=m.group(1), new=m.group(2))


def by_step_to(t: Template) -> Iterator[Found]:
    """A step and the new level: 'trimmed the rate by 25 basis points to 6.25%' -> 6.5 to 6.25;
    'raised rates a quarter point to 5.25%-5.5%' -> '5-5.25' to '5.25-5.5'; 'raised the fare by 10%
    to $2.20' -> 2 to 2.2."""
    for m in re.finditer(
        rf"\b({DOWN}|{UP})\b{gap(80)}(?:\b(by)\s+)?(?:an?\s+|about\s+|around\s+|some\s+|roughly\s+|"
        rf"nearly\s+|almost\s+|more than\s+)?{N}"
        rf"{gap(60)}\b(?:to|at)\s+(?:[\w-]+\s+){{0,3}}?{N}",
        t.text,
    ):
        step, new = t.number(m.group(3)), t.number(m.group(4))
        if m.group(2) is None and step.unit not in STEPS and not (is_money(step.unit) and is_money(new.unit)):
            continue  # 'go up 5 pence to 29p' needs no 'by'; 'raised 3 rates to 5%' is no step
        verbs = re.findall(rf"\b({DOWN}|{UP})\b", t.text[m.start() : t.positions[m.group(3)]])
        yield from _stepped(t, m, verbs[-1], step, new, m.group(3), m.group(4))


def noun_step_to(t: Template) -> Iterator[Found]:
    """A step named as a noun with the new level: 'a 10-percentage-point increase in the top rate,
    to 45%' -> 35 to 45; 'now stands at 6.5% after a cut of 25 basis points' -> 6.75 to 6.5."""
    for m in re.finditer(
        rf"{N}[\s-]+(?:[\w-]+\s+)?({_NOUN_UP}|{_NOUN_DOWN})\b{gap(60)}\bto\s+(?:[\w-]+\s+){{0,2}}?{N}", t.text
    ):
        step, new = t.number(m.group(1)), t.number(m.group(3))
        if step.unit in STEPS:
            yield from _stepped(t, m, _verb_of(m.group(2)), step, new, m.group(1), m.group(3))
    for m in re.finditer(
        rf"\b(?:at|to)\s+{N}{gap(40)}\b(?:after|following|with)\s+(?:an?|the|its)\s+(?:[\w-]+\s+)?"
        rf"({_NOUN_UP}|{_NOUN_DOWN})\s+of\s+{N}",
        t.text,
    ):
        new, step = t.number(m.group(1)), t.number(m.group(3))
        if step.unit in STEPS:
            yield from _stepped(t, m, _verb_of(m.group(2)), step, new, m.group(3), m.group(1))


_NOUN_UP = r"increase|hike|rise|raise"
_NOUN_DOWN = r"cut|reduction|decrease"


def _verb_of(noun: str) -> str:
    return "cut" if re.fullmatch(_NOUN_DOWN, noun) else "raise"


def level_then_step(t: Template) -> Iterator[Found]:
    """'lowered its policy rate to zero on Thursday, trimming it by a quarter point' -> 0.25 to 0."""
    for m in re.finditer(
        rf"\b({DOWN}|{UP})\b{gap(60)}\bto\s+(?:[\w-]+\s+){{0,3}}?{N}{gap(80)}\b(?:by\s+)?{N}", t.text
    ):
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
    elif step.unit.startswith("%") and new.high is None and new.unit and step.value < 100:
        factor = 1 - step.value / 100 if sign == 1 else 1 + step.value / 100
        old = round(new.value / factor, decimals(new.value)) if factor > 0 else None
    else:
        return
    yield from change(t, m, old, new.amount, merge_units(t, new, new), *used)


def by_fraction_to(t: Template) -> Iterator[Found]:
    """'cut its plan by a third to about 1 million cars' -> 1,500,000 to 1,000,000; 'by half to 10%'."""
    fractions = {
        "half": 0.5,
        "a half": 0.5,
        "a third": 1 / 3,
        "a quarter": 0.25,
        "two-thirds": 2 / 3,
        "two thirds": 2 / 3,
    }
    for m in re.finditer(
        rf"\b({DOWN}|{UP})\b{gap(60)}\bby\s+(?:more than\s+|about\s+|nearly\s+|almost\s+)?(half|a half|"
        rf"a third|a quarter|two[- ]thirds)\b"
        rf"{gap(30)}\bto\s+(?:[\w-]+\s+){{0,2}}?{N}",
        t.text,
    ):
        new = t.number(m.group(3))
        part = fractions[m.group(2).lower().replace("two thirds", "two-thirds")]
        factor = 1 - part if re.fullmatch(DOWN, m.group(1).lower()) else 1 + part
        if new.high is None and new.unit not in STEPS:
            yield from change(t, m, round6(new.value / factor, 4), new.amount, new.unit, m.group(3))


def cut_in_half(t: Template) -> Iterator[Found]:
    """'cut the 30% levy in half' -> 30 to 15."""
    for m in re.finditer(rf"\b(?:{DOWN})\b{gap(40)}{N}{gap(40)}\b(?:in|by)\s+half\b", t.text):
        number = t.number(m.group(1))
        if number.high is None and number.unit and number.unit != "year":
            yield from change(t, m, number.value, round6(number.value / 2), number.unit, m.group(1))


def multiplied(t: Template) -> Iterator[Found]:
    """'halved the 20% tariff' -> 20 to 10; 'doubled the levy to 50%' -> 25 to 50; 'will double to
    Rs 1 lakh' -> 0.5 to 1 (lakh rupees)."""
    for m in re.finditer(rf"\b(halv\w*|doubl\w*|tripl\w*|trebl\w*|quadrupl\w*)\b{gap(60)}{N}", t.text):
        number = t.number(m.group(2))
        if number.high is not None or not number.unit or number.unit in {"year", *STEPS}:
            continue
        factor = {"h": 0.5, "d": 2.0, "t": 3.0, "q": 4.0}[m.group(1)[0].lower()]
        reached = re.search(r"\bto\s+(?:[\w-]+\s+){0,3}?$", t.text[: t.positions[m.group(2)]])
        old, new = (number.value / factor, number.value) if reached else (number.value, number.value * factor)
        yield from change(t, m, round6(old), round6(new), number.unit, m.group(2))


PATTERNS: tuple[Callable[[Template], Iterator[Found]], ...] = (
    level_by_means,
    current_then_step,
    to_from,
    from_to,
    to_then_to,
    up_from,
    replaced,
    current_to,
    by_step_to,
    noun_step_to,
    level_then_step,
    against,
    by_fraction_to,
    cut_in_half,
    multiplied,
    verb_from,
    levels.to_level,
    levels.swapped_for,
    levels.by_amount,
    levels.range_level,
    levels.imposed,
    levels.bare_level,
    levels.bounded_level,
    levels.multiplied_only,
    levels.named_level,
    levels.amount,
    levels.noun_change,
    levels.count_of,
)
