"""An old value told beside the new one rather than as 'from X to Y': 'to 2.5 points in 2019 and to
three in 2021', 'three cuts, down from five', 'replaced its 13% tax with ... 22%', '£38,700 a year,
against £26,200 today', 'now costs A$1,600 after it lifted the fee from A$710', 'the current
target is 2% ... rise to 5%'. Read over the sentence template, like `services.extract.quantity_patterns`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

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
    change,
    gap,
    is_measure,
    only_durations,
    pair,
    round6,
    searched,
)
from services.extract.quantity_numbers import Template, fmt, merge_units
from services.extract.quantity_units import is_money

_TO_THEN_TO_RX = re.compile(
    rf"\bto\s+{N}{gap(60, across=True)}\band\s+(?:then\s+|later\s+)?to\s+{N}",
)


def to_then_to(t: Template) -> Iterator[Found]:
    """Two steps of one setting: 'raised the margin to 2.5 points in 2019 and to three points in
    2021' -> 2.5 to 3."""
    for m in _TO_THEN_TO_RX.finditer(t.text):
        if _for_each_group(t.text[m.start() : m.end()], t.text[m.end() :]):
            continue  # 'to Rs7.41 a unit for households and to Rs7.59 for industry': two levels, no step
        yield from pair(t, m, old=m.group(1), new=m.group(2))


_FOR_GROUP_RX = re.compile(r"^(?:\s+(?:a|per|an)\s+[a-z]+)?\s+for\s+[a-z]", re.IGNORECASE)


def _for_each_group(matched: str, after: str) -> bool:
    """Both values told for a group of their own ('... for households and to 7.59 for industry'):
    one level per group, not a setting moved from the first to the second."""
    first_end = matched.index("⟧") + 1
    return bool(_FOR_GROUP_RX.match(matched[first_end:]) and _FOR_GROUP_RX.match(after))


_UP_FROM_RX = re.compile(
    rf"\b(?:down|up)\s+(?:(?:by\s+)?(?:about\s+)?{N}\s+)?from\s+{gap(30)}{N}",
)


def up_from(t: Template) -> Iterator[Found]:
    """'two rate cuts in 2025, down from four' -> 4 to 2; 'at 1,518 reais, up 7.5% from 1,412' ->
    1,412 to 1,518; '30 days of paid leave, up from 20' -> 20 to 30.

    The new value is the nearest earlier number measured like the old one, so a duration in
    between is skipped: 'cap permits at 185,000 over the next two years, down from 250,000'.
    """
    for m in _UP_FROM_RX.finditer(t.text):
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
            # '30 days of paid leave, up from 20': a bare old value of a period the only earlier one
            or [(i, n) for i, n in earlier[-1:] if not old.unit and n.unit in DURATIONS]
        )
        if not alike:
            continue
        index, new = alike[-1]
        unit = merge_units(t, old, new)
        for found, used in change(t, m, old.amount, new.amount, unit, str(index), m.group(2)):
            yield replace(found, start=new.start), used


_UP_FROM_NOTHING_RX = re.compile(r"\bup\s+from\s+(?:nothing|none)\b(?!\s*(?:%|per|percent))")


def up_from_nothing(t: Template) -> Iterator[Found]:
    """'a levy of 5 cents a bag, up from nothing' -> 0 to 5: the nearest earlier measured number."""
    for m in _UP_FROM_NOTHING_RX.finditer(t.text):
        where = t.origin[m.start()]
        earlier = [
            (i, n)
            for i, n in enumerate(t.numbers)
            if n.end <= where and where - n.end <= 120 and n.unit not in STEPS and n.high is None
            if is_measure(n.unit) or is_money(n.unit) or n.unit.startswith("%")
        ]
        if not earlier:
            continue
        index, new = earlier[-1]
        for found, used in change(t, m, 0.0, new.amount, new.unit, str(index)):
            yield replace(found, start=new.start), used


_REPLACED_RX = re.compile(
    rf"\breplac\w*\s+(?:[\w-]+\s+){{0,4}}?{N}{gap(60)}\bwith\b{gap(60)}{N}",
)


def replaced(t: Template) -> Iterator[Found]:
    """'replaced its flat 13% income tax with a scale topping out at 22%' -> 13 to 22."""
    for m in _REPLACED_RX.finditer(t.text):
        yield from pair(t, m, old=m.group(1), new=m.group(2))


_AGAINST_RX = re.compile(
    rf"{N}((?:{STOP}|⟦\d+⟧){{0,100}}?)(?:\b(?:against|compar(?:ed|es|ing)\s+(?:with|to)|versus|vs\.?|instead\s+of|"
    rf"rather\s+than|"
    rf"replac(?:ing|es|ed)|(?:more\s+than\s+|almost\s+|nearly\s+)?(?:double|twice|triple|treble|three\s+times))"
    rf"|⟦\d+⟧\s+times)\s+(?:the\s+|a\s+|its\s+)?(?:current\s+|usual\s+|present\s+|previous\s+)?"
    rf"(?:[\w-]+\s+){{0,3}}?(?:of\s+)?{N}",
)


# 'twice as many seasonal workers as last year, 90,000 in all'; '90,000, twice as many as last year'
_AS_MANY_AS_RX = re.compile(
    r"\b(twice|double|three\s+times|four\s+times|half)\s+as\s+(?:many|much)\b[^⟦⟧.;]{0,60}?\bas\s+"
    r"(?:last\s+year|before|a\s+year\s+(?:ago|earlier)|previously|now|this\s+year|in\s+(?:19|20)\d\d)\b"
)
_AS_MANY_FACTOR = {"twice": 2.0, "double": 2.0, "three times": 3.0, "four times": 4.0, "half": 0.5}


def as_many_as(t: Template) -> Iterator[Found]:
    """A new level told as a multiple of the old one, the level beside it in the same clause:
    'twice as many seasonal workers as last year, 90,000 in all' -> 45,000 to 90,000."""
    for m in _AS_MANY_AS_RX.finditer(t.text):
        factor = _AS_MANY_FACTOR[re.sub(r"\s+", " ", m.group(1).lower())]
        after = re.match(rf",?\s+(?:or\s+|some\s+|about\s+|a\s+total\s+of\s+)?{N}", t.text[m.end() :])
        before = re.search(rf"{N}(?:\s+[\w-]+){{0,3}},?\s+(?:or\s+|some\s+|about\s+)?$", t.text[: m.start()])
        found = after or before
        if found is None:
            continue
        new = t.number(found.group(1))
        if new.high is None and new.unit not in STEPS | DURATIONS:
            yield from change(t, m, round(new.value / factor, 6), new.amount, new.unit, found.group(1))


def against(t: Template) -> Iterator[Found]:
    """A new level set against the old one: '£38,700 a year, against £26,200 today'; 'at 3,058 rather
    than 5,058'; 'up to 820,000 over five years, 2.4 times the ceiling of 345,150'; 'to £38,700, more
    than double the current £18,600'."""
    for m in searched(_AGAINST_RX, t.text):
        if only_durations(t, m.group(2)) and not re.search(FORECAST, m.group()):
            yield from pair(t, m, old=m.group(3), new=m.group(1))


_VERB_FROM_RX = re.compile(
    rf"\b(?:{UP}|{DOWN})\b{gap(60)}\bfrom\s+(?:[\w-]+\s+){{0,4}}?{N}(?!{gap(40)}\bto\b)",
)


def verb_from(t: Template) -> Iterator[Found]:
    """Only the old value after the verb, the new one told before it: 'now costs A$1,600, after the
    government lifted the charge from A$710' -> 710 to 1,600."""
    for m in _VERB_FROM_RX.finditer(t.text):
        old = t.number(m.group(1))
        where = t.origin[m.start()]
        alike = [(i, n) for i, n in enumerate(t.numbers) if n.end <= where and n.unit == old.unit and n.unit]
        if alike:
            index, new = alike[-1]
            yield from change(t, m, old.amount, new.amount, old.unit, str(index), m.group(1))


_CURRENT_TO_RX = re.compile(
    rf"\b(?:current(?:ly)?|originally|initially|previously|had been|launched|introduced|started|"
    rf"began)\b{gap(60)}{N}{gap(80, across=True)}\b(?:{DOWN}|{UP}|"
    rf"{SET})\b{gap(30)}\bto\s+(?:\w+\s+){{0,3}}?{N}",
)


def current_to(t: Template) -> Iterator[Found]:
    """'the current target is two per cent of GDP but it should rise to five per cent' -> 2 to 5."""
    for m in _CURRENT_TO_RX.finditer(t.text):
        yield from pair(t, m, old=m.group(1), new=m.group(2))


_FRACTION_OF_BEFORE_RX = re.compile(
    rf"{N}{gap(60)}\b(half|a\s+third\s+of|a\s+quarter\s+of|double|twice|triple|three\s+times)\s+"
    r"(?:the\s+|its\s+)?(?:previous|current|old|earlier|former|last\s+year's|prior)\b",
)


def fraction_of_before(t: Template) -> Iterator[Found]:
    """A new level told as a multiple of the old one: '1,300 permits a year, half the previous
    level' -> 2,600 to 1,300."""
    for m in _FRACTION_OF_BEFORE_RX.finditer(t.text):
        new = t.number(m.group(1))
        words = m.group(2).lower()
        factor = (
            0.5 if words == "half" else 1 / 3 if "third" in words else 0.25 if "quarter" in words else 2.0
        )
        factor = 3.0 if words.startswith(("triple", "three")) else factor
        if new.high is None and new.unit not in {"year", *STEPS}:
            yield from change(t, m, round6(new.value / factor), new.amount, new.unit, m.group(1))


_FEWER_THAN_RX = re.compile(
    rf"{N}{gap(80)},\s+(?:about\s+|some\s+|nearly\s+|roughly\s+)?{N}\s+(fewer|less|more|higher|lower)\s+than\b",
)


def fewer_than(t: Template) -> Iterator[Found]:
    """A new level and its distance from the old one: 'admit 380,000 residents in 2026, 15,000 fewer
    than this year' -> 395,000 to 380,000."""
    for m in _FEWER_THAN_RX.finditer(t.text):
        new, step = t.number(m.group(1)), t.number(m.group(2))
        if new.high is not None or step.high is not None or new.unit in {"year", *STEPS}:
            continue
        if step.unit not in {"", new.unit}:
            continue
        sign = 1 if m.group(3).lower() in {"fewer", "less", "lower"} else -1
        yield from change(
            t, m, round6(new.value + sign * step.value), new.amount, new.unit, m.group(1), m.group(2)
        )


_ADDED_THEN_TOTAL_RX = re.compile(
    rf"\b(?:additional|extra|further|another|(?:add|hir|recruit|admitt?)\w*\s+(?:another\s+|a\s+further\s+)?)\s*{N}{gap(60)},?\s+(?:bringing|taking|lifting|raising|pushing)\b"
    rf"{gap(40)}\bto\s+(?:a\s+|an\s+)?(?:[\w-]+\s+){{0,2}}?{N}",
)


def added_then_total(t: Template) -> Iterator[Found]:
    """A levy added on top of one in force, and the total: 'an additional 10 percent, bringing the
    total tariff to 20 percent' -> 10 to 20."""
    for m in _ADDED_THEN_TOTAL_RX.finditer(t.text):
        step, total = t.number(m.group(1)), t.number(m.group(2))
        if step.high is not None or total.high is not None or total.value <= step.value:
            continue
        if merge_units(t, step, total) is None or step.unit in STEPS:
            continue
        old = round6(total.value - step.value)
        yield from change(t, m, old, total.amount, merge_units(t, step, total), m.group(1), m.group(2))


_LEVEL_SIGNED_STEP_RX = re.compile(
    rf"{N}{gap(40)}\b(?:is\s+|was\s+|,\s*)?(up|down)\s+(?:by\s+)?{N}(?!{gap(30)}\bfrom\b)",
)


def level_signed_step(t: Template) -> Iterator[Found]:
    """A rate and the step that brought it there: 'the new rate of 2.25 percent is down 25 basis
    points' -> 2.5 to 2.25."""
    for m in _LEVEL_SIGNED_STEP_RX.finditer(t.text):
        level, step = t.number(m.group(1)), t.number(m.group(3))
        if step.unit not in STEPS or not level.unit.startswith("%"):
            continue
        delta = step.value / 100 if step.unit == "bp" else step.value
        sign = 1 if m.group(2).lower() == "down" else -1
        old = fmt(*(round6(v + sign * delta) for v in level.bounds))
        yield from change(t, m, old, level.amount, level.unit, m.group(1), m.group(3))


_LEAVING_RX = re.compile(
    rf"\b(?:{DOWN}|abolish\w*|eliminat\w*|scrap\w*|remov\w*|shed\w*|ax(?:e|es|ed|ing)|clos\w*)\s+"
    rf"(?:about\s+|around\s+|some\s+|roughly\s+|nearly\s+|another\s+)?{N}"
    rf"(?:(?!\.\s+[A-Z])[^;!?]){{0,100}}?,?\s+leaving\s+(?:about\s+|around\s+|some\s+|roughly\s+|just\s+|only\s+)?{N}",
)


def leaving(t: Template) -> Iterator[Found]:
    """A cut and what it leaves: 'would abolish 2,100 posts, a 15 per cent reduction, leaving
    11,900' -> 14,000 to 11,900."""
    for m in _LEAVING_RX.finditer(t.text):
        cut, left = t.number(m.group(1)), t.number(m.group(2))
        if (
            cut.high is not None
            or left.high is not None
            or cut.unit in {"year", *STEPS}
            or cut.unit.startswith("%")
        ):
            continue
        unit = merge_units(t, cut, left)
        if unit is None:
            continue
        yield from change(t, m, round6(cut.value + left.value), left.amount, unit, m.group(1), m.group(2))


_RESTORED_RX = re.compile(
    rf"\brestor\w*\s+(?:the\s+|its\s+|a\s+)?(?:[\w-]+\s+){{0,2}}?{N}{gap(80)}\b(?:ending|replacing|"
    rf"scrapping|after)\s+(?:an?\s+|the\s+|its\s+)?(?:[\w-]+\s+){{0,2}}?{N}",
)
_CUT_BEFORE_RESTORING_RX = re.compile(
    rf"\bto\s+{N}{gap(80)}\bbefore\s+restor\w*\s+(?:it\s+to\s+|the\s+|its\s+)?{N}",
)


def restored(t: Template) -> Iterator[Found]:
    """A setting put back: 'restored the 5% VAT rate on food, ending a temporary zero rate' -> 0 to
    5; 'cut VAT on meals to 7% during the pandemic before restoring 19%' -> 7 to 19."""
    for m in _RESTORED_RX.finditer(t.text):
        yield from pair(t, m, old=m.group(2), new=m.group(1))
    for m in _CUT_BEFORE_RESTORING_RX.finditer(t.text):
        yield from pair(t, m, old=m.group(1), new=m.group(2))
