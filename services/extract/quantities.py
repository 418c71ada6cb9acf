"""Numbers in policy sentences, and the numeric change a sentence states (from -> to, unit, year).

Two layers, both pure:
- `find_quantities(text)`: every number with its unit ("2.5% of GDP", "$200 million", "4.75%-5%",
  "25 basis points", "five days a week", "2035").
- `find_quantity_change(text)`: the first change pattern that fits, tried from the most to the least
  specific. Each pattern is a small function over a *template* of the sentence in which every number
  is replaced by a placeholder `⟦i⟧`, so the regexes read like the prose they match.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from shared.contract import Quantity

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
    """'raise spending from the current 2.3% to 2.5% of GDP'; 'push back the ban from 2030 to 2035'."""
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


# -- numbers and the sentence template ----------------------------------------------------------

_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_WORD_NUM = rf"(?:{_TENS})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|" + "|".join(
    sorted(_WORDS, key=len, reverse=True)
)
_CURRENCY = {
    "$": "dollars",
    "us$": "dollars",
    "€": "euros",
    "£": "pounds",
    "¥": "yen",
    "₹": "rupees",
    "rs": "rupees",
}
_SCALE = {"k": "thousand", "m": "million", "mn": "million", "b": "billion", "bn": "billion", "tn": "trillion"}
_SCALE |= {name: name for name in ("thousand", "million", "billion", "trillion", "crore", "lakh")}
_FRACTION_POINT = re.compile(
    r"\b(?:an?\s+)?(quarter|half)(?:[\s-]+(?:of\s+)?an?)?[\s-]+(?:percentage[\s-]+)?points?\b", re.IGNORECASE
)
_NUMBER = re.compile(
    rf"(?<![\w.,])(?P<cur>US\$|\$|€|£|¥|₹|Rs\.?)?\s?"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|(?i:{_WORD_NUM}))(?![\w,]*\d)"
    rf"(?:\s?(?P<scale>(?i:thousand|million|billion|trillion|crore|lakh|mn|bn|tn|m|b|k))\b)?",
)
_SHARE_OF = r"\s+of\s+(?:the\s+)?(GDP|gross domestic product|national income|economic output|GNI)\b"
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATED = (
    r"(?:in|by|until|before|after|since|through|during|of|end|mid|early|late|around|for)[\s-]+(?:the\s+)?$"
)
_YEAR_CUE = re.compile(
    r"\b(?:by|in|until|before|through|starting|from|end of|end-)\s*(?:the\s+end\s+of\s+)?((?:19|20)\d\d)\b"
)


@dataclass(frozen=True)
class Number:
    """A number in the text: `value` (and `high` for a range such as 4.75%-5%) with its unit."""

    value: float
    unit: str
    start: int
    end: int
    high: float | None = None

    @property
    def bounds(self) -> tuple[float, ...]:
        return (self.value,) if self.high is None else (self.value, self.high)

    @property
    def amount(self) -> float | str:
        """The value as the contract carries it: a float, or a 'low-high' string for a range."""
        return fmt(*self.bounds)


@dataclass(frozen=True)
class QuantityChange:
    """A numeric change: `from_` -> `to` in `unit`, by `year` if stated, found at text[start:end]."""

    from_: float | str | None
    to: float | str
    unit: str
    year: int | None
    start: int
    end: int
    pattern: str = ""

    def to_quantity(self) -> Quantity:
        return Quantity(from_=self.from_, to=self.to, unit=self.unit or None, year=self.year)


@dataclass(frozen=True)
class Template:
    """The text with each change-relevant number replaced by a placeholder ⟦i⟧."""

    source: str
    text: str
    numbers: tuple[Number, ...]
    positions: dict[str, int]
    origin: tuple[int, ...]

    def number(self, index: str) -> Number:
        return self.numbers[int(index)]

    def change(
        self, m: re.Match[str], from_: float | str | None, to: float | str, unit: str | None
    ) -> QuantityChange | None:
        if unit is None:
            return None
        start, end = self.origin[m.start()], self.origin[m.end()]
        used = {str(v) for v in (from_, to)}
        year = None if unit == "year" else dated_year(self.source, exclude=used)
        return QuantityChange(from_, to, unit, year, start, end)


def make_template(text: str) -> Template:
    """Find the numbers of `text` and replace each by ⟦i⟧ (dates and 'in 2025' years stay as text)."""
    numbers = [n for n in _merge_ranges(text, _atoms(text)) if not _is_date(text, n)]
    pieces: list[str] = []
    origin: list[int] = []
    positions: dict[str, int] = {}
    cursor = 0
    for i, number in enumerate(numbers):
        pieces.append(text[cursor : number.start])
        origin.extend(range(cursor, number.start))
        positions[str(i)] = sum(map(len, pieces))
        token = f"⟦{i}⟧"
        pieces.append(token)
        origin.extend([number.start] * len(token))
        cursor = number.end
    pieces.append(text[cursor:])
    origin.extend(range(cursor, len(text) + 1))
    return Template(text, "".join(pieces), tuple(numbers), positions, tuple(origin))


def _atoms(text: str) -> list[Number]:
    out = []
    for m in _NUMBER.finditer(text):
        raw = m.group("num").lower()
        value = _WORDS.get(raw) if raw in _WORDS else _word_or_digits(raw)
        if value is None:
            continue
        unit, end = _unit_after(text, m.end(), m.group("cur"), m.group("scale"))
        if raw == "one" and not unit:
            continue  # "one of", "no one": too common to be a quantity
        if not unit and re.fullmatch(r"(?:19|20)\d\d", raw):
            unit = "year"
        start = m.start() if m.group("cur") else m.start("num")
        out.append(Number(float(value), _refine_percent(text, start, end, unit), start, end))
    fractions = [
        Number(0.25 if m.group(1).lower() == "quarter" else 0.5, "pp", m.start(), m.end())
        for m in _FRACTION_POINT.finditer(text)
    ]
    out = [n for n in out if not any(f.start <= n.start < f.end for f in fractions)]
    return sorted(out + fractions, key=lambda n: n.start)


def _word_or_digits(raw: str) -> float | None:
    if "-" in raw:
        tens, ones = raw.split("-")
        return float(_WORDS[tens] + _WORDS[ones])
    try:
        return float(raw.replace(",", ""))
    except ValueError:
        return None


def _unit_after(text: str, end: int, currency: str | None, scale: str | None) -> tuple[str, int]:
    """The unit written after a number, and where it ends: '%', '% of GDP', 'bp', 'days per week'..."""
    rest = text[end:]
    if currency or re.match(r"\s?(?:dollars|euros|pounds|yen|yuan|rupees|USD|EUR|GBP)\b", rest):
        cur = re.match(r"\s?(dollars|euros|pounds|yen|yuan|rupees|USD|EUR|GBP)\b", rest)
        name = _CURRENCY.get((currency or "").lower().rstrip(".")) or (
            cur.group(1).lower() if cur else "dollars"
        )
        end += cur.end() if cur else 0
        unit = f"{_SCALE[scale.lower()]} {name}" if scale else name
        per = re.match(r"\s+(?:a|per|each)\s+(month|year|week|day)\b", text[end:])
        return (f"{unit} per {per.group(1)}", end + per.end()) if per else (unit, end)
    barrels = re.match(r"\s?(?:barrels\s+(?:a|per)\s+day|bpd|b/d)\b", rest)
    if barrels:
        return " ".join(
            filter(None, (_SCALE.get((scale or "").lower()), "barrels per day"))
        ), end + barrels.end()
    if scale:
        return _SCALE[scale.lower()], end
    pct = re.match(r"\s?(?:%|per\s?cent\b|percent\b|pct\b)", rest)
    if pct:
        of = re.match(_SHARE_OF, rest[pct.end() :])
        if of:
            return ("% of GNI" if of.group(1) == "GNI" else "% of GDP"), end + pct.end() + of.end()
        return "%", end + pct.end()
    for pattern, unit in (
        (r"\s?(?:basis[\s-]points?|bps|bp)\b", "bp"),
        (r"\s?(?:percentage[\s-]points?|pp|ppts?)\b", "pp"),
    ):
        m = re.match(pattern, rest)
        if m:
            return unit, end + m.end()
    m = re.match(
        r"\s+(?:(?:academic|calendar|fiscal|financial|school|working|business)\s+)?"
        r"(days?|weeks?|months?|years?|hours?)(?:\s+(?:a|per|each)\s+(week|month|year|day))?\b",
        rest,
    )
    if m:
        noun = m.group(1) if m.group(1).endswith("s") else m.group(1) + "s"
        return (f"{noun} per {m.group(2)}" if m.group(2) else noun), end + m.end()
    return "", end


def _refine_percent(text: str, start: int, end: int, unit: str) -> str:
    """'%' named after what it measures nearby: '% tariff', '% duty', '% tax', '% rate'."""
    if unit != "%":
        return unit
    window = text[max(0, start - 80) : end + 40].lower()
    for cue, name in (("tariff", "% tariff"), ("levy", "% tariff"), ("levies", "% tariff"), ("dut", "% duty"),
                      (" tax", "% tax"), ("rate", "% rate")):  # fmt: skip
        if cue in window:
            return name
    return unit


def _merge_ranges(text: str, numbers: list[Number]) -> list[Number]:
    """'4.75%-5%', '5.25-5.5%', 'a range of 5.25% to 5.5%', 'between 4% and 4.25%' -> one Number."""
    out: list[Number] = []
    i = 0
    while i < len(numbers):
        a = numbers[i]
        b = numbers[i + 1] if i + 1 < len(numbers) else None
        if b is not None and _is_range(text, a, b):
            unit = b.unit if b.unit.startswith("% of") else "% target range"
            out.append(Number(a.value, unit, a.start, b.end, high=b.value))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _is_range(text: str, a: Number, b: Number) -> bool:
    if not b.unit.startswith("%") or a.unit not in {"", b.unit, "%"} or not 0 < b.value - a.value <= 1:
        return False
    between = text[a.end : b.start]
    if re.fullmatch(r"\s*[-–—]\s*", between):
        return True
    before = text[max(0, a.start - 20) : a.start].lower()
    if re.fullmatch(r"\s+to\s+", between):
        return bool(re.search(r"\b(?:to|of|at|range|between|within)\s+$", before))
    return bool(re.fullmatch(r"\s+and\s+", between) and re.search(r"\bbetween\s+$", before))


def _is_date(text: str, number: Number) -> bool:
    """Days of a month ('April 2', '2 April') and dated years ('in 2025') are not quantities."""
    before = text[max(0, number.start - 25) : number.start]
    if number.unit == "year":
        return bool(re.search(_DATED, before, re.IGNORECASE))
    if number.unit or number.value != int(number.value) or number.value > 31:
        return False
    after = text[number.end : number.end + 12]
    return bool(re.search(rf"\b{_MONTHS}\s+$", before) or re.match(rf"\s+{_MONTHS}\b", after))


def dated_year(text: str, *, exclude: frozenset[str] | set[str] = frozenset()) -> int | None:
    """The target year a text states: 'by 2027', 'in 2025', 'by the end of 2026'."""
    for m in _YEAR_CUE.finditer(text):
        if str(float(m.group(1))) not in exclude:
            return int(m.group(1))
    return None


def fmt(*values: float) -> float | str:
    """One value as a float; a range as '5.25-5.5' (how the corpus writes ranges)."""
    if len(values) == 1:
        return round(values[0], 6)
    return "-".join(f"{round(v, 6):g}" for v in values)


def merge_units(t: Template, a: Number, b: Number) -> str | None:
    """The unit of a from/to pair, or None when the two numbers measure different things."""
    units = {a.unit, b.unit} - {""}
    if not units:
        return ""
    if len(units) == 1:
        return units.pop()
    if all(u.startswith("%") for u in units):
        return max(units, key=lambda u: (u != "%", "of G" in u, len(u)))
    if all(any(c in u for c in ("dollar", "euro", "pound", "yen", "rupee")) for u in units):
        return b.unit
    return None
