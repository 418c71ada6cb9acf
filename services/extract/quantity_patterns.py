"""The ways news states a numeric change, one small function each, most specific first.

Each pattern reads a *template* of the sentence (every number replaced by ⟦i⟧, see
`services.extract.quantity_numbers`) so its regex reads like the prose it matches, and yields every
change it finds with the numbers it used (two changes that share a number exclude each other).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from services.extract.quantity_numbers import Number, QuantityChange, Template, fmt, merge_units
from services.extract.quantity_units import is_money

__all__ = ["PATTERNS", "Found"]

Found = tuple[QuantityChange, frozenset[int]]
N = r"⟦(\d+)⟧"
# A character that neither crosses a sentence end, nor is a number, nor starts another clause
# ('... to 30%, while China will reduce its duties from 125% ...').
_STOP = (
    r"(?!\.\s+[A-Z])(?!,?\s+(?:while|whereas|but)\b)(?!\s+and\s+(?:on|for|to|the)\b)"
    r"(?!,?\s+and\s+(?:\w+\s+)?(?:increas|rais|cut|lower|reduc|lift|boost|extend|set|slash|trim)\w*)[^⟦⟧;!?]"
)
_DOWN = r"cut|cuts|cutting|lower\w*|reduc\w*|trim\w*|slash\w*|decreas\w*|eas(?:e|es|ed|ing)|halv\w*|drop\w*|fall\w*|fell|shrink\w*|shrank|scal\w* back|sink\w*"
_UP = r"rais\w*|hik\w*|increas\w*|lift\w*|boost\w*|jack\w* up|push\w* up|ris(?:e|es|ing)|rose|doubl\w*|tripl\w*|go(?:es)? up|went up|climb\w*|jump\w*|enlarg\w*|grow\w*|grew|expand\w*|extend\w*|widen\w*|add\w*"
_SET = r"set|sets|setting|cap|caps|capped|capping|bring\w*|brought|mandat\w*|requir\w*|fix\w*|tak(?:e|es|ing) it|peg\w*|limit\w*|restrict\w*"
_MONEY_VERBS = (
    r"set aside|sets aside|setting aside|allocat\w*|pledg\w*|commit\w*|earmark\w*|invest\w*|spend\w*|"
    r"fund\w*|provid\w*|approv\w*|budget\w*|charg\w*|pay\w*|cost\w*|offer\w*|grant\w*|unveil\w*|announc\w*"
)
_IMPOSE = r"set|sets|setting|impos\w*|introduc\w*|slap\w*|levy\w*|levied|put|puts|putting|placed?|plac\w*|appl(?:y|ies|ied|ying)|adopt\w*|charg\w*|legislat\w*"
_DURATIONS = frozenset({"days", "weeks", "months", "years", "hours", "year"})
_STEPS = frozenset({"bp", "pp"})


_ACROSS = r"(?!\.\s+[A-Z])[^⟦⟧;!?]"  # the same, but free to cross a clause


def _gap(limit: int, *, across: bool = False) -> str:
    return f"{_ACROSS if across else _STOP}{{0,{limit}}}?"


def _change(
    t: Template, m: re.Match[str], old: float | str | None, new: float | str, unit: str | None, *used: str
) -> Iterator[Found]:
    found = t.change(m, old, new, unit)
    if found is not None:
        yield found, frozenset(int(i) for i in used)


def _pair(t: Template, m: re.Match[str], old: str, new: str) -> Iterator[Found]:
    a, b = t.number(old), t.number(new)
    if (a.unit in _STEPS) != (b.unit in _STEPS):
        return  # a step and a level are not an old and a new value
    yield from _change(t, m, a.amount, b.amount, merge_units(t, a, b), old, new)


def level_by_means(t: Template) -> Iterator[Found]:
    """The main clause's level beats a from -> to in its 'by + -ing' means clause: 'members would
    reach 4% of GDP by lifting their core goal from 1.5% to 3%' -> to 4 (the old level is told elsewhere)."""
    for m in re.finditer(
        rf"\b(?:reach\w*|hit(?:s|ting)?|meet(?:s|ing)?|met|achiev\w*|(?:{_UP}|{_DOWN}|{_SET})\b{_gap(40)}\bto)"
        rf"\s+(?:\w+\s+){{0,3}}?{N}{_gap(40)}\bby\s+\w+ing\b{_gap(80)}\bfrom\b",
        t.text,
    ):
        number = t.number(m.group(1))
        if number.unit not in {"year", "pp", "bp", ""}:
            yield from _change(t, m, None, number.amount, number.unit, m.group(1))


def current_then_step(t: Template) -> Iterator[Found]:
    """'currently £10.42 an hour and will increase by £1.02' -> 10.42 to 11.44."""
    for m in re.finditer(
        rf"\b(?:current(?:ly)?|now|at present)\b{_gap(60)}{N}{_gap(120, across=True)}\b({_UP}|{_DOWN})\b{_gap(40)}"
        rf"\bby\s+(?:about\s+|around\s+|another\s+|a\s+further\s+)?{N}",
        t.text,
    ):
        level, step = t.number(m.group(1)), t.number(m.group(3))
        delta = _absolute_step(step, level)
        if delta is not None and level.high is None:
            sign = -1 if re.fullmatch(_DOWN, m.group(2).lower()) else 1
            yield from _change(
                t, m, level.value, _round(level.value + sign * delta), level.unit, m.group(1), m.group(3)
            )


def to_from(t: Template) -> Iterator[Found]:
    """'raised tariffs to 125% from 104%'; 'to 3.75% from a record high of 4%'; 'up to 350,000 kronor from 10,000'."""
    for m in _searched(
        rf"\b(?:to|at)\s+(?:[\w-]+\s+){{0,4}}?{N}((?:{_STOP}|⟦\d+⟧){{0,50}}?)\bfrom\s+(?:[\w-]+\s+){{0,6}}?{N}",
        t.text,
    ):
        if not _only_durations(t, m.group(2)):
            continue
        yield from _pair(t, m, old=m.group(3), new=m.group(1))


def from_to(t: Template) -> Iterator[Found]:
    """'raise spending from the current 1.8% to 2.2% of GDP'; 'the retirement age from 62 to 64'."""
    for m in re.finditer(
        rf"\bfrom\s+{_gap(40)}{N}{_gap(60)}\b(?:to|until)\s+(?:[\w-]+\s+){{0,4}}?{N}", t.text
    ):
        yield from _pair(t, m, old=m.group(1), new=m.group(2))


def up_from(t: Template) -> Iterator[Found]:
    """'two rate cuts in 2025, down from four' -> 4 to 2; 'at 1,518 reais, up 7.5% from 1,412' -> 1,412 to 1,518.

    The new value is the nearest earlier number measured like the old one, so a duration in
    between is skipped: 'cap permits at 185,000 over the next two years, down from 250,000'.
    """
    for m in re.finditer(rf"\b(?:down|up)\s+(?:(?:by\s+)?(?:about\s+)?{N}\s+)?from\s+{_gap(30)}{N}", t.text):
        old = t.number(m.group(2))
        where = t.origin[m.start()]
        earlier = [
            (i, n)
            for i, n in enumerate(t.numbers)
            if n.end <= where and where - n.end <= 160 and n.unit not in _STEPS
        ]
        earlier = [(i, n) for i, n in earlier if str(i) != m.group(1)]
        alike = (
            [(i, n) for i, n in earlier if n.unit == old.unit]
            or [(i, n) for i, n in earlier if not old.unit and _is_measure(n.unit)]
            or [(i, n) for i, n in earlier if merge_units(t, n, old) is not None and n.unit not in _DURATIONS]
        )
        if not alike:
            continue
        index, new = alike[-1]
        unit = merge_units(t, old, new)
        for found, used in _change(t, m, old.amount, new.amount, unit, str(index), m.group(2)):
            yield replace(found, start=new.start), used


def replaced(t: Template) -> Iterator[Found]:
    """'replaced its flat 13% income tax with a scale topping out at 22%' -> 13 to 22."""
    for m in re.finditer(rf"\breplac\w*\s+(?:[\w-]+\s+){{0,4}}?{N}{_gap(60)}\bwith\b{_gap(60)}{N}", t.text):
        yield from _pair(t, m, old=m.group(1), new=m.group(2))


def against(t: Template) -> Iterator[Found]:
    """A new level set against the old one: '£38,700 a year, against £26,200 today'; 'at 3,058 rather
    than 5,058'; 'up to 820,000 over five years, 2.4 times the ceiling of 345,150'; 'to £38,700, more
    than double the current £18,600'."""
    for m in _searched(
        rf"{N}((?:{_STOP}|⟦\d+⟧){{0,100}}?)(?:\b(?:against|compared\s+with|versus|vs\.?|instead\s+of|rather\s+than|"
        rf"replacing|(?:more\s+than\s+|almost\s+|nearly\s+)?(?:double|twice|triple|treble|three\s+times))"
        rf"|⟦\d+⟧\s+times)\s+(?:the\s+|a\s+|its\s+)?(?:current\s+|usual\s+|present\s+|previous\s+)?"
        rf"(?:[\w-]+\s+){{0,3}}?(?:of\s+)?{N}",
        t.text,
    ):
        if _only_durations(t, m.group(2)) and not re.search(_FORECAST, m.group()):
            yield from _pair(t, m, old=m.group(3), new=m.group(1))


# A comparison with a forecast is guidance, not a setting that moved.
_FORECAST = r"\b(?:guidance|forecast|estimate|expectation|projection|outlook|consensus)s?\b"


def verb_from(t: Template) -> Iterator[Found]:
    """Only the old value after the verb, the new one told before it: 'now costs A$1,600, after the
    government lifted the charge from A$710' -> 710 to 1,600."""
    for m in re.finditer(
        rf"\b(?:{_UP}|{_DOWN})\b{_gap(60)}\bfrom\s+(?:[\w-]+\s+){{0,4}}?{N}(?!{_gap(40)}\bto\b)", t.text
    ):
        old = t.number(m.group(1))
        where = t.origin[m.start()]
        alike = [(i, n) for i, n in enumerate(t.numbers) if n.end <= where and n.unit == old.unit and n.unit]
        if alike:
            index, new = alike[-1]
            yield from _change(t, m, old.amount, new.amount, old.unit, str(index), m.group(1))


def current_to(t: Template) -> Iterator[Found]:
    """'the current target is two per cent of GDP but it should rise to five per cent' -> 2 to 5."""
    for m in re.finditer(
        rf"\b(?:current(?:ly)?|originally|initially|previously|had been|launched|introduced|started|began)\b{_gap(60)}{N}{_gap(80, across=True)}\b(?:{_DOWN}|{_UP}|{_SET})\b{_gap(30)}\bto\s+(?:\w+\s+){{0,3}}?{N}",
        t.text,
    ):
        yield from _pair(t, m, old=m.group(1), new=m.group(2))


def by_step_to(t: Template) -> Iterator[Found]:
    """A step and the new level: 'trimmed the rate by 25 basis points to 6.25%' -> 6.5 to 6.25;
    'raised rates a quarter point to 5.25%-5.5%' -> '5-5.25' to '5.25-5.5'; 'raised the fare by 10%
    to $2.20' -> 2 to 2.2."""
    for m in re.finditer(
        rf"\b({_DOWN}|{_UP})\b{_gap(80)}(?:\b(by)\s+)?(?:an?\s+|about\s+|around\s+|some\s+|roughly\s+|nearly\s+|almost\s+|more than\s+)?{N}"
        rf"{_gap(60)}\b(?:to|at)\s+(?:[\w-]+\s+){{0,3}}?{N}",
        t.text,
    ):
        step, new = t.number(m.group(3)), t.number(m.group(4))
        if m.group(2) is None and step.unit not in _STEPS:
            continue
        yield from _stepped(t, m, m.group(1), step, new, m.group(3), m.group(4))


def level_then_step(t: Template) -> Iterator[Found]:
    """'lowered its policy rate to zero on Thursday, trimming it by a quarter point' -> 0.25 to 0."""
    for m in re.finditer(
        rf"\b({_DOWN}|{_UP})\b{_gap(60)}\bto\s+(?:[\w-]+\s+){{0,3}}?{N}{_gap(80)}\b(?:by\s+)?{N}", t.text
    ):
        new, step = t.number(m.group(2)), t.number(m.group(3))
        if step.unit in _STEPS:
            yield from _stepped(t, m, m.group(1), step, new, m.group(3), m.group(2))


def _stepped(
    t: Template, m: re.Match[str], verb: str, step: Number, new: Number, *used: str
) -> Iterator[Found]:
    sign = 1 if re.fullmatch(_DOWN, verb.lower()) else -1
    delta = _absolute_step(step, new)
    if delta is not None:
        old = fmt(*(_round(v + sign * delta) for v in new.bounds))
    elif step.unit.startswith("%") and new.high is None and new.unit and step.value < 100:
        factor = 1 - step.value / 100 if sign == 1 else 1 + step.value / 100
        old = round(new.value / factor, _decimals(new.value)) if factor > 0 else None
    else:
        return
    yield from _change(t, m, old, new.amount, merge_units(t, new, new), *used)


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
        rf"\b({_DOWN}|{_UP})\b{_gap(60)}\bby\s+(?:more than\s+|about\s+|nearly\s+|almost\s+)?(half|a half|a third|a quarter|two[- ]thirds)\b"
        rf"{_gap(30)}\bto\s+(?:[\w-]+\s+){{0,2}}?{N}",
        t.text,
    ):
        new = t.number(m.group(3))
        part = fractions[m.group(2).lower().replace("two thirds", "two-thirds")]
        factor = 1 - part if re.fullmatch(_DOWN, m.group(1).lower()) else 1 + part
        if new.high is None and new.unit not in _STEPS:
            yield from _change(t, m, _round(new.value / factor, 4), new.amount, new.unit, m.group(3))


def cut_in_half(t: Template) -> Iterator[Found]:
    """'cut the 30% levy in half' -> 30 to 15."""
    for m in re.finditer(rf"\b(?:{_DOWN})\b{_gap(40)}{N}{_gap(40)}\b(?:in|by)\s+half\b", t.text):
        number = t.number(m.group(1))
        if number.high is None and number.unit and number.unit != "year":
            yield from _change(t, m, number.value, _round(number.value / 2), number.unit, m.group(1))


def multiplied(t: Template) -> Iterator[Found]:
    """'halved the 20% tariff' -> 20 to 10; 'doubled the levy to 50%' -> 25 to 50; 'will double to Rs 1 lakh'."""
    for m in re.finditer(rf"\b(halv\w*|doubl\w*|tripl\w*|trebl\w*|quadrupl\w*)\b{_gap(60)}{N}", t.text):
        number = t.number(m.group(2))
        if number.high is not None or not number.unit or number.unit in {"year", *_STEPS}:
            continue
        factor = {"h": 0.5, "d": 2.0, "t": 3.0, "q": 4.0}[m.group(1)[0].lower()]
        reached = re.search(r"\bto\s+(?:[\w-]+\s+){0,3}?$", t.text[: t.positions[m.group(2)]])
        old, new = (number.value / factor, number.value) if reached else (number.value, number.value * factor)
        yield from _change(t, m, _round(old), _round(new), number.unit, m.group(2))


def to_level(t: Template) -> Iterator[Found]:
    """A new level only: 'raise spending to two per cent of GDP by 2027'; 'capped at 270,000'."""
    for m in re.finditer(
        rf"\b({_DOWN}|{_UP}|{_SET})\b{_gap(80)}\b(?:to|at)\s+(?:a |an )?(?:[\w-]+\s+){{0,3}}?{N}", t.text
    ):
        number = t.number(m.group(2))
        if number.unit not in {"year", "pp", "bp"}:
            yield from _change(t, m, None, number.amount, number.unit, m.group(2))


def swapped_for(t: Template) -> Iterator[Found]:
    """'swapped this target for a 25% reduction' -> to 25 (the old target is told elsewhere)."""
    for m in re.finditer(
        rf"\b(?:swap\w*|exchang\w*|trad\w* in)\b{_gap(40)}\bfor\s+(?:an?\s+|the\s+)?{N}", t.text
    ):
        number = t.number(m.group(1))
        if number.unit not in {"year", *_STEPS}:
            yield from _change(t, m, None, number.amount, number.unit, m.group(1))


def by_amount(t: Template) -> Iterator[Found]:
    """A change told only as its size: 'raise contributions by 20%' -> to 20 (% increase); 'will go
    up by 150 won' -> a step of 150 (the old level may be told nearby, see `with_prior_value`)."""
    for m in re.finditer(
        rf"\b({_DOWN}|{_UP})\b{_gap(60)}\bby\s+(?:about\s+|around\s+|another\s+|a\s+further\s+|an average of\s+|some\s+)?{N}",
        t.text,
    ):
        step = t.number(m.group(2))
        down = re.fullmatch(_DOWN, m.group(1).lower()) is not None
        if step.unit.startswith("%") and step.high is None:
            yield from _change(t, m, None, step.value, "% cut" if down else "% increase", m.group(2))
        elif step.unit.startswith("%"):
            yield from _change(t, m, None, step.amount, step.unit, m.group(2))
        elif step.unit and step.unit not in _STEPS and step.unit not in _DURATIONS:
            for found, used in _change(t, m, None, step.value, step.unit, m.group(2)):
                yield replace(found, delta=-step.value if down else step.value), used


def bounded_level(t: Template) -> Iterator[Found]:
    """A level told as a bound: 'duties of up to 38%', 'at least three days a week', 'homes worth
    more than NZ$5 million', 'had reached 145%'."""
    for m in re.finditer(
        rf"(?i:\b(?:up\s+to|as\s+(?:much|high|many)\s+as|at\s+least|at\s+most|no\s+more\s+than|more\s+than|"
        rf"beyond|below|above|reach\w*|worth|at\s+a\s+record)\s+){N}",
        t.text,
    ):
        number = t.number(m.group(1))
        if number.unit not in {"year", *_STEPS}:
            yield from _change(t, m, None, number.amount, number.unit, m.group(1))


def count_of(t: Template) -> Iterator[Found]:
    """A number of things the actor commits to: 'cut 20,000 jobs', 'send 1,000 officers'."""
    for m in re.finditer(
        r"\b(?:cut|cuts|cutting|add\w*|hir\w*|admit\w*|send\w*|sent|deploy\w*|source\w*|buy\w*|bought|"
        r"sell\w*|sold|releas\w*|clos\w*|accept\w*|resettl\w*|issu\w*|build\w*|allow\w*|shed\w*|"
        rf"eliminat\w*|scrap\w*|approv\w*)\s+(?:more\s+than\s+|about\s+|up\s+to\s+|some\s+|roughly\s+|around\s+)?{N}",
        t.text,
    ):
        number = t.number(m.group(1))
        told = number.unit or re.match(r"\s+(?:[\w-]+\s+)?[a-z]", t.text[m.end() :])
        if number.unit in {"", "tonnes", "barrels per day"} and number.value >= 2 and told:
            yield from _change(t, m, None, number.amount, number.unit, m.group(1))


def named_level(t: Template) -> Iterator[Found]:
    """A level named without a change verb: 'has called for five percent of GDP'; 'a cap of 10,000
    permits' -> to 10,000; 'a minimum age of 16'."""
    for m in re.finditer(
        rf"\b(?:call(?:s|ed|ing)?\s+for|aim(?:s|ed|ing)?\s+for\s+(?:\w+\s+)?of|(?:target|goal|cap|ceiling|limit|quota|floor|minimum(?:\s+age)?|maximum|threshold|rate|band|range|corridor)\s+of)\s+"
        rf"(?:an?\s+|up to\s+|at least\s+|about\s+)?(?:[\w-]+\s+){{0,2}}?{N}",
        t.text,
    ):
        number = t.number(m.group(1))
        if number.unit not in {"year", "pp", "bp"} and number.unit not in _DURATIONS - {"years"}:
            yield from _change(t, m, None, number.amount, number.unit, m.group(1))


def imposed(t: Template) -> Iterator[Found]:
    """A new levy or charge: 'will charge an additional 100% tariff' -> to 100; 'imposed duties of up to 218%'."""
    for m in re.finditer(rf"\b(?:{_IMPOSE})\b{_gap(40)}{N}", t.text):
        number = t.number(m.group(1))
        if number.unit.startswith("%") or is_money(number.unit):
            yield from _change(t, m, None, number.amount, number.unit, m.group(1))


def range_level(t: Template) -> Iterator[Found]:
    """A range told as the new setting: 'duties would range from 5 to 25 percent' -> to '5-25'."""
    for m in re.finditer(rf"\b(?:rang(?:e|es|ed|ing)|between|vary\w*|varies)\s+(?:from\s+)?{N}", t.text):
        number = t.number(m.group(1))
        if number.high is not None:
            yield from _change(t, m, None, number.amount, number.unit, m.group(1))


_INSTRUMENT = (
    r"tariffs?|duty|duties|levy|levies|surtax|surcharge|tax|taxes|VAT|cap|fee|fees|toll|price|charge|ceiling|floor|"
    r"loan|facility|arrangement|programme|program|budget|fund|package|bailout|limit|quota|rate|deposit|"
    r"refinancing|deal|partnership|ticket|pass|subsidy|grant|allowance|payment|credit|minimum|wage"
)


def noun_change(t: Template) -> Iterator[Found]:
    """A change named as a noun: 'the second 20% rise in dues' -> to 20 (% increase)."""
    for m in re.finditer(rf"{N}[\s-]+(rise|increase|hike|cut|reduction|decrease)\b", t.text):
        number = t.number(m.group(1))
        if number.unit.startswith("%") and number.high is None:
            down = m.group(2) in {"cut", "reduction", "decrease"}
            yield from _change(t, m, None, number.value, "% cut" if down else "% increase", m.group(1))


def bare_level(t: Template) -> Iterator[Found]:
    """A level named by its instrument, no verb: 'the 100% surtax Ottawa put on' -> to 100; 'a $3 billion
    stand-by arrangement' -> to 3 (billion dollars); 'an additional 25% on pork' -> to 25."""
    for m in re.finditer(
        rf"{N}[\s-]+(?:[\w-]+\s+){{0,3}}?(?:{_INSTRUMENT})\b|\b(?:additional|extra|further)\s+{N}", t.text
    ):
        index = m.group(1) or m.group(2)
        number = t.number(index)
        if number.unit.startswith("%") or is_money(number.unit):
            yield from _change(t, m, None, number.amount, number.unit, index)


def amount(t: Template) -> Iterator[Found]:
    """A money amount committed: 'set aside $200 million in its budget' -> to 200,000,000 (dollars)."""
    for m in re.finditer(rf"\b({_MONEY_VERBS})\b{_gap(40)}{N}", t.text):
        number = t.number(m.group(2))
        if is_money(number.unit):
            yield from _change(t, m, None, number.amount, number.unit, m.group(2))


PATTERNS: tuple[Callable[[Template], Iterator[Found]], ...] = (
    level_by_means,
    current_then_step,
    to_from,
    from_to,
    up_from,
    replaced,
    current_to,
    by_step_to,
    level_then_step,
    against,
    by_fraction_to,
    cut_in_half,
    multiplied,
    verb_from,
    to_level,
    swapped_for,
    by_amount,
    range_level,
    imposed,
    bare_level,
    bounded_level,
    named_level,
    amount,
    noun_change,
    count_of,
)


def _absolute_step(step: Number, level: Number) -> float | None:
    """How far a step moves a level in the level's own unit: 25 bp -> 0.25 (%); £1.02 -> 1.02 (pounds)."""
    if step.unit == "bp" and level.unit.startswith("%"):
        return step.value / 100
    if step.unit == "pp" and (level.unit.startswith("%") or not level.unit):
        return step.value
    if step.unit.startswith("%") and level.unit.startswith("%") and step.high is None:
        return step.value  # 'raised VAT by 2% to 22%': a step of a rate is in points
    if step.unit and step.unit == level.unit and step.unit not in _DURATIONS:
        return step.value
    if is_money(step.unit) and level.unit.startswith(step.unit):
        return step.value  # 'by £285 to £9,535 a year'
    return None
    return None


def _is_measure(unit: str) -> bool:
    """A unit a bare old value ('down from 50') can share: a count or a measure, not a share or money."""
    return not unit.startswith("%") and not is_money(unit) and unit not in _DURATIONS


def _searched(pattern: str, text: str) -> Iterator[re.Match[str]]:
    """Every match, overlapping ones too: a failed check on one match must not hide the next."""
    regex = re.compile(pattern)
    pos = 0
    while (m := regex.search(text, pos)) is not None:
        yield m
        pos = m.start() + 1


def _only_durations(t: Template, gap: str) -> bool:
    """Whether the numbers inside a gap are only durations or years ('to 2.5% within two years, from 2.3%')."""
    return all(t.number(i).unit in _DURATIONS for i in re.findall(r"⟦(\d+)⟧", gap))


def _decimals(value: float) -> int:
    text = f"{value:g}"
    return len(text.split(".")[1]) if "." in text else 0


def _round(x: float, digits: int = 6) -> float:
    return round(x, digits)
