"""Patterns that read only the new level of a setting: 'raised spending to 2% of GDP', 'a cap of
10,000 permits', 'duties of up to 38%', 'the 100% surtax', 'cut 20,000 jobs'. Their old value, when
the article tells it, is found by `services.extract.quantities.with_prior_value`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from services.extract.quantity_grammar import (
    DOWN,
    DURATIONS,
    IMPOSE,
    MONEY_VERBS,
    SET,
    STEPS,
    UP,
    Found,
    N,
    change,
    gap,
)
from services.extract.quantity_numbers import Template
from services.extract.quantity_units import is_money

_TO_LEVEL_RX = re.compile(
    rf"\b({DOWN}|{UP}|{SET})\b{gap(80)}\b(?:to|at)\s+(?:a |an )?(?:[\w-]+\s+){{0,3}}?{N}",
)


# A second item of the same change: 'will rise to 100% and on chips to 50%'.
_AND_ON_TO_RX = re.compile(
    rf"[^⟦⟧.;!?]{{0,30}}?,?\s+and\s+(?:on|for)\s+(?:[\w'-]+\s+){{1,4}}?to\s+{N}",
)


def to_level(t: Template) -> Iterator[Found]:
    """A new level only: 'lift aid to 0.7 per cent of national income by 2030'; 'capped at 270,000'; the
    level of each item of a list: 'tariffs on EVs will rise to 100% and on chips to 50%'."""
    for m in _TO_LEVEL_RX.finditer(t.text):
        number = t.number(m.group(2))
        if number.unit not in {"year", "pp", "bp"}:
            yield from change(t, m, None, number.amount, number.unit, m.group(2))
            item = _AND_ON_TO_RX.match(t.text, m.end())
            if item is not None:
                other = t.number(item.group(1))
                if other.unit not in {"year", "pp", "bp"}:
                    yield from change(t, item, None, other.amount, other.unit, item.group(1))


_SWAPPED_FOR_RX = re.compile(
    rf"\b(?:swap\w*|exchang\w*|trad\w* in)\b{gap(40)}\bfor\s+(?:an?\s+|the\s+)?{N}",
)


def swapped_for(t: Template) -> Iterator[Found]:
    """'swapped this target for a 25% reduction' -> to 25 (the old target is told elsewhere)."""
    for m in _SWAPPED_FOR_RX.finditer(t.text):
        number = t.number(m.group(1))
        if number.unit not in {"year", *STEPS}:
            yield from change(t, m, None, number.amount, number.unit, m.group(1))


_BY_AMOUNT_RX = re.compile(
    rf"\b({DOWN}|{UP})\b{gap(60)}\bby\s+(?:about\s+|around\s+|another\s+|a\s+further\s+|"
    rf"an average of\s+|some\s+)?{N}",
)


def by_amount(t: Template) -> Iterator[Found]:
    """A change told only as its size: 'raise contributions by 20%' -> to 20 (% increase); 'will go
    up by 150 won' -> a step of 150, 'cut by 8 rupees a litre' -> -8 (the old level may be told
    nearby, see `with_prior_value`)."""
    for m in _BY_AMOUNT_RX.finditer(t.text):
        step = t.number(m.group(2))
        down = re.fullmatch(DOWN, m.group(1).lower()) is not None
        if step.unit.startswith("%") and step.high is None:
            yield from change(t, m, None, step.value, "% cut" if down else "% increase", m.group(2))
        elif step.unit.startswith("%"):
            yield from change(t, m, None, step.amount, step.unit, m.group(2))
        elif (step.unit or _COUNTED_RX.match(t.text[m.end() :])) and step.unit not in STEPS | DURATIONS:
            # 'by £1.02'; 'lifted the quota by 2,000 places' (a count: the old level may be told nearby);
            # told alone, a cut is a signed change, as the corpus writes it ('cut petrol by 8 rupees' -> -8)
            delta = -step.value if down else step.value
            for found, used in change(t, m, None, delta, step.unit, m.group(2)):
                yield replace(found, delta=delta), used


_COUNTED_RX = re.compile(r"\s+(?:more\s+|new\s+|additional\s+)?[a-z]+s\b")


_NOW_LEVEL_RX = re.compile(
    rf"\bnow\s+(?:sells?|costs?|stands?|trades?|runs?|sits?)\s+(?:at\s+|for\s+)?(?:about\s+|around\s+|"
    rf"roughly\s+|some\s+)?{N}",
)


def now_level(t: Template) -> Iterator[Found]:
    """A level told as where it stands now: 'petrol now sells for about N617 a litre' -> to 617 (the
    old value may be told nearby)."""
    for m in _NOW_LEVEL_RX.finditer(t.text):
        number = t.number(m.group(1))
        if number.unit not in {"year", *STEPS}:
            yield from change(t, m, None, number.amount, number.unit, m.group(1))


_REMOVED_RX = re.compile(
    r"\b(?:scrap|abolish|remov|eliminat|suspend|axe|axing|drop|ending|ends|ended|end|waiv|cancel|repeal|"
    r"withdr[ae]w|withdrawing|halt)\w*\s+(?:the|its|their|a|an)\s+(?:[\w-]+\s+){0,2}?⟦(\d+)⟧"
    rf"(?!{gap(40)}\bto\s+(?:[\w-]+\s+){{0,3}}?⟦)",
)


_NEW_LEVEL_RX = re.compile(r"\b(?:to|at)\s+(?:[\w-]+\s+){0,3}?⟦")


def removed(t: Template) -> Iterator[Found]:
    """A levy or charge scrapped goes to zero: 'suspended the 25% surcharge' -> 25 to 0; 'will scrap
    its $5 fee' -> 5 to 0."""
    if _NEW_LEVEL_RX.search(t.text):
        return  # 'lift aid to 0.5%, ending the 0.2% ceiling': the ceiling moves, it does not vanish
    for m in _REMOVED_RX.finditer(t.text):
        number = t.number(m.group(1))
        if (number.unit.startswith("%") and not number.unit.startswith("% of")) or is_money(number.unit):
            yield from change(t, m, number.amount, 0.0, number.unit, m.group(1))


# 'more than doubled the cost of rice' tells how far a market moved, not a setting's new level
_MULTIPLIED_ONLY_RX = re.compile(
    r"(?<!more than )(?<!nearly )(?<!almost )\b(doubl|tripl|trebl|quadrupl|halv)(?:e|es|ed|ing)\b"
    r"(?!\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?⟦)",
)


def multiplied_only(t: Template) -> Iterator[Found]:
    """A setting multiplied with no level told: 'the child allowance will be doubled' -> to 100
    (% increase); 'halved' -> to 50 (% cut)."""
    for m in _MULTIPLIED_ONLY_RX.finditer(t.text):
        stem = m.group(1)
        if stem == "halv":
            yield from change(t, m, None, 50.0, "% cut")
        else:
            factor = {"doubl": 2, "tripl": 3, "trebl": 3, "quadrupl": 4}[stem]
            yield from change(t, m, None, 100.0 * (factor - 1), "% increase")


_BOUNDED_LEVEL_RX = re.compile(
    rf"(?i:\b(?:up\s+to|as\s+(?:much|high|many)\s+as|at\s+least|at\s+most|no\s+more\s+than|more\s+than|"
    rf"beyond|below|above|reach\w*|worth|at\s+a\s+record)\s+){N}",
)


def bounded_level(t: Template) -> Iterator[Found]:
    """A level told as a bound: 'duties of up to 38%', 'at least three days a week', 'homes worth
    more than NZ$5 million', 'had reached 145%'."""
    for m in _BOUNDED_LEVEL_RX.finditer(t.text):
        number = t.number(m.group(1))
        if number.unit not in {"year", *STEPS}:
            yield from change(t, m, None, number.amount, number.unit, m.group(1))


_COUNT_OF_RX2 = re.compile(
    r"\s+(?:[\w-]+\s+)?[a-z]",
)


_COUNT_OF_RX = re.compile(
    r"\b(?:cut|cuts|cutting|add\w*|hir\w*|admit\w*|send\w*|sent|deploy\w*|source\w*|buy\w*|bought|"
    r"sell\w*|sold|releas\w*|clos\w*|accept\w*|resettl\w*|issu\w*|build\w*|allow\w*|shed\w*|"
    rf"eliminat\w*|scrap\w*|approv\w*)\s+(?:more\s+than\s+|about\s+|up\s+to\s+|some\s+|roughly\s+|"
    rf"around\s+)?{N}",
)


def count_of(t: Template) -> Iterator[Found]:
    """A number of things the actor commits to: 'cut 20,000 jobs', 'send 1,000 officers'."""
    for m in _COUNT_OF_RX.finditer(t.text):
        number = t.number(m.group(1))
        told = number.unit or _COUNT_OF_RX2.match(t.text[m.end() :])
        if number.unit in {"", "tonnes", "barrels per day"} and number.value >= 2 and told:
            yield from change(t, m, None, number.amount, number.unit, m.group(1))


_NAMED_LEVEL_RX = re.compile(
    rf"\b(?:call(?:s|ed|ing)?\s+for|aim(?:s|ed|ing)?\s+for\s+(?:\w+\s+)?of|(?:target|goal|cap|"
    rf"ceiling|limit|quota|floor|minimum(?:\s+age)?|maximum|threshold|rate|band|range|"
    rf"corridor)\s+of)\s+"
    rf"(?:an?\s+|up to\s+|at least\s+|about\s+)?(?:[\w-]+\s+){{0,2}}?{N}",
)


def named_level(t: Template) -> Iterator[Found]:
    """A level named without a change verb: 'has called for five percent of GDP'; 'a cap of 10,000
    permits' -> to 10,000; 'a minimum age of 16'."""
    for m in _NAMED_LEVEL_RX.finditer(t.text):
        number = t.number(m.group(1))
        if number.unit not in {"year", "pp", "bp"} and number.unit not in DURATIONS - {"years"}:
            yield from change(t, m, None, number.amount, number.unit, m.group(1))


_IMPOSED_RX = re.compile(
    rf"\b(?:{IMPOSE})\b{gap(40)}{N}",
)


def imposed(t: Template) -> Iterator[Found]:
    """A new levy or charge: 'will charge an additional 100% tariff' -> to 100; 'imposed duties of
    up to 218%' -> to 218."""
    for m in _IMPOSED_RX.finditer(t.text):
        number = t.number(m.group(1))
        if number.unit.startswith("%") or is_money(number.unit):
            yield from change(t, m, None, number.amount, number.unit, m.group(1))


# the charges a range may be told as: 'import tariffs of 10 to 50 percent'
_INSTRUMENT_NOUNS = r"tariffs?|duty|duties|levy|levies|surtax|surcharges?|tax|taxes|fees?|tolls?|charges?"
_RANGE_LEVEL_RX = re.compile(
    rf"\b(?:rang(?:e|es|ed|ing)|between|vary\w*|varies|(?i:{_INSTRUMENT_NOUNS})\s+of)\s+(?:from\s+)?"
    rf"(?:an?\s+(?:floor|minimum|low)\s+of\s+)?{N}",
)


def range_level(t: Template) -> Iterator[Found]:
    """A range told as the new setting: 'duties would range from 5 to 25 percent' -> to '5-25'; 'move
    between a floor of 1,000 and a ceiling of 1,400 pesos' -> to '1000-1400'; 'import tariffs of 10 to
    50 percent will apply' -> to '10-50'."""
    for m in _RANGE_LEVEL_RX.finditer(t.text):
        number = t.number(m.group(1))
        if number.high is not None:
            yield from change(t, m, None, number.amount, number.unit, m.group(1))


_INSTRUMENT = (
    r"tariffs?|duty|duties|levy|levies|surtax|surcharge|tax|taxes|VAT|cap|fee|fees|toll|price|charge|"
    r"ceiling|floor|"
    r"loan|facility|arrangement|programme|program|budget|fund|package|bailout|limit|quota|rate|deposit|"
    r"refinancing|deal|partnership|ticket|pass|subsidy|grant|allowance|payment|credit|minimum|wage|debt"
)


_NOUN_CHANGE_RX = re.compile(
    rf"{N}[\s-]+(rise|increase|hike|cut|reduction|decrease)\b",
)


def noun_change(t: Template) -> Iterator[Found]:
    """A change named as a noun: 'the second 20% rise in dues' -> to 20 (% increase)."""
    for m in _NOUN_CHANGE_RX.finditer(t.text):
        number = t.number(m.group(1))
        if number.unit.startswith("%") and number.high is None:
            down = m.group(2) in {"cut", "reduction", "decrease"}
            yield from change(t, m, None, number.value, "% cut" if down else "% increase", m.group(1))


_BARE_LEVEL_RX = re.compile(
    rf"{N}[\s-]+(?:[\w-]+\s+){{0,3}}?(?i:{_INSTRUMENT})\b|\b(?:additional|extra|further)\s+{N}",
)


_PART_OF_SUM_RX = re.compile(rf"{N}\s*:[^.;:]{{0,120}}$")


def _part_of_sum(t: Template, index: str) -> bool:
    """Whether a sum of money is a part of a total told before a colon: the '$1.5 billion' of
    'pledged $2 billion: a $1.5 billion loan and a $500 million grant'."""
    total = _PART_OF_SUM_RX.search(t.text[: t.positions[index]])
    return total is not None and is_money(t.number(total.group(1)).unit) and is_money(t.number(index).unit)


def bare_level(t: Template) -> Iterator[Found]:
    """A level named by its instrument, no verb: 'the 100% surtax Ottawa put on' -> to 100; 'a $3 billion
    stand-by arrangement' -> to 3 (billion dollars); 'an additional 25% on pork' -> to 25. A part of a
    sum broken down after a colon is not the level: 'pledged $2 billion: a $1.5 billion loan and ...'."""
    for m in _BARE_LEVEL_RX.finditer(t.text):
        index = m.group(1) or m.group(2)
        number = t.number(index)
        if _part_of_sum(t, index):
            continue
        if number.unit.startswith("%") or is_money(number.unit):
            yield from change(t, m, None, number.amount, number.unit, index)


_AMOUNT_RX = re.compile(
    rf"\b({MONEY_VERBS})\b{gap(40)}{N}",
)


def amount(t: Template) -> Iterator[Found]:
    """A money amount or a share of output committed: 'set aside $200 million in its budget' -> to
    200 (million dollars); 'committed to spend 2% of GDP' -> to 2."""
    for m in _AMOUNT_RX.finditer(t.text):
        number = t.number(m.group(2))
        if _part_of_sum(t, m.group(2)):
            continue
        if is_money(number.unit) or number.unit.startswith("% of G"):
            yield from change(t, m, None, number.amount, number.unit, m.group(2))
