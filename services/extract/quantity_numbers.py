"""Numbers as news writes them: digits and number words, money, percents, ranges and units.

'a 10% tariff and $200 million' -> 10 (% tariff), 200 (million dollars); '4.75%-5%' -> one range;
'five days a week' -> 5 (days per week). Dates ('April 2', 'in 2025') are left out. Pure functions,
no spaCy. `make_template` replaces each number by a placeholder; `services.extract.quantities`
reads changes over that template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.extract.memo import per_text
from services.extract.quantity_units import CURRENCY_PREFIX, is_money, scaled, unit_after
from shared.contract import Quantity

__all__ = [
    "Number",
    "QuantityChange",
    "Template",
    "dated_year",
    "find_numbers",
    "fmt",
    "make_template",
    "merge_units",
]

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
_FRACTION_POINT = re.compile(
    # 'three-quarters of a point' is 0.75; 'three quarter-point cuts' are three steps of 0.25
    r"\b(?:(?:an?\s+|one[\s-])?(?:quarter|half)|three[\s-]quarters)"
    r"(?:[\s-]+(?:of\s+)?an?)?[\s-]+(?:percentage[\s-]+)?points?\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    rf"(?<![\w.,$])(?P<neg>[-−](?=[\d$€£¥₹₦])|minus\s+|negative\s+)?(?P<cur>{CURRENCY_PREFIX})?"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|(?i:{_WORD_NUM})\b)(?![\w,]*\d)"
    rf"(?:[\s-]?(?P<scale>(?i:thousand|million|billion|trillion|crores?|lakhs?|mln|bln|mn|bn|tn|trn))\b|"
    rf"(?P<short>[mbk])\b)?",
)
_TENOR = (
    r"\s+(?:[\w-]+\s+)?(?:repo|bonds?|notes?|yields?|treasur|lending|deposit|bills?|swap|fixed|auction|loan|prime|"
    r"medium-term|mlf)"
)
# 'one' counts a step of policy ('just one cut in 2026', 'one rate hike'), not 'one of' or 'no one'
_COUNTED_ONE_RX = re.compile(
    r"\s+(?:more\s+|further\s+|rate\s+|interest\s+rate\s+)?(?:cut|hike|increase|reduction)\b"
)
_RATES_COUNTED_RX = re.compile(
    r"\s+(?:of\s+(?:its|the|their)\s+)?(?:key\s+|main\s+|policy\s+|official\s+|benchmark\s+)?(?:interest\s+)?"
    r"rates\b",
    re.IGNORECASE,
)
_RECORD_RX = re.compile(r"\s+(?:high|low|peak|record|best|worst)s?\b", re.IGNORECASE)
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATED = (
    r"(?:\b(?:in|by|until|till|before|after|since|through|during|of|end|mid|early|late|around|for|"
    r"summer|spring|autumn|winter|fall)[\s-]+(?:the\s+)?|\b{months}\s+(?:\d{1,2},?\s+)?)$"
).replace("{months}", _MONTHS)
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


@per_text
def find_numbers(text: str) -> list[Number]:
    """Every quantity in `text` in order: ranges merged, dates left out.

    >>> [(n.value, n.unit) for n in find_numbers("from 2% to 2.5% of GDP on 2 April")]
    [(2.0, '%'), (2.5, '% of GDP')]
    """
    return [n for n in _merge_ranges(text, _atoms(text)) if not _is_date(text, n)]


_ATOMS_RX3 = re.compile(
    r"(?:19|20)\d\d",
)


_ATOMS_RX2 = re.compile(
    r"-[a-z]",
)


_ATOMS_RX = re.compile(
    r"\b(?:instead of|rather than|from|to|than)\s+$",
)


_TENOR_RX = re.compile(_TENOR)


def _counted_one(text: str, end: int) -> bool:
    """'just one cut', 'one more hike': a *one* that counts moves. Matched in place at `end` (no
    slice), so long run-on sentences stay cheap."""
    return _COUNTED_ONE_RX.match(text, end) is not None


def _atoms(text: str) -> list[Number]:
    out = []
    for m in _NUMBER.finditer(text):
        raw = m.group("num").lower()
        value = _WORDS.get(raw) if raw in _WORDS else _word_or_digits(raw)
        if value is None:
            continue
        value, scale = scaled(float(value), m.group("scale") or m.group("short"))
        unit, end = unit_after(text, m.end(), m.group("cur"), scale)
        after_than = _after_than(text, m.start())
        if (
            raw == "one"
            and not unit
            and not scale
            and value == 1
            and not after_than
            and not _counted_one(text, m.end())
        ):
            continue  # "one of", "no one": too common to be a quantity; 'just one cut' is one
        if raw.isalpha() and not unit and _RATES_COUNTED_RX.match(text, m.end()):
            continue  # 'lowered its three key rates by 25 basis points': how many rates, not a value
        if raw.isalpha() and not unit and _ATOMS_RX2.match(text, m.end()):
            continue  # 'a two-decade high', 'a five-nation tour': an adjective, not a value
        if unit in {"days", "weeks", "months", "years"} and _TENOR_RX.match(text, end):
            continue  # 'the one-week repo rate', '10-year bond yields': the name of an instrument
        if unit in {"days", "weeks", "months", "years"} and _RECORD_RX.match(text, end):
            continue  # 'from a 16-year high of 4%': how long since, not a value
        if not unit and _ATOMS_RX3.fullmatch(raw):
            unit = "year"
        start = m.start("num")
        if m.group("cur"):
            start = m.start("cur")
        if _is_negative(text, m):
            value, start = -value, m.start("neg")
        value, unit = _threshold_written_out(text, m.start(), value, unit)
        out.append(Number(value, _refine_percent(text, start, end, unit), start, end))
    fractions = (
        [Number(_fraction(m.group()), "pp", m.start(), m.end()) for m in _FRACTION_POINT.finditer(text)]
        + _shares(text)
        + _fraction_levels(text)
    )
    out = [n for n in out if not any(f.start <= n.start < f.end for f in fractions)]
    return sorted(out + fractions, key=lambda n: n.start)


# 'one in four new flats', 'one out of every five': a share, in percent as the corpus writes it (33.3)
_ONE_IN = re.compile(
    rf"\b(?:one|1)\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<n>(?i:{_WORD_NUM})|\d+)\b(?!\s*(?:%|percent|per\s+cent))",
    re.IGNORECASE,
)


# 'to two-thirds from one-half': a share named by a fraction, a level only after to / from / at / of
# ('by a third' is a step, read by the patterns from its words)
_FRACTION_LEVEL = re.compile(
    r"(?<=\b(?:to|at|of)\s)(?:one|two|three|four)[\s-](?:half|thirds?|quarters?|fifths?)\b"
    r"|(?<=\bfrom\s)(?:one|two|three|four)[\s-](?:half|thirds?|quarters?|fifths?)\b",
    re.IGNORECASE,
)
_PARTS = {"half": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5}


def _fraction_levels(text: str) -> list[Number]:
    """'to two-thirds' -> 66.7 (% share), 'from one-half' -> 50 (how the corpus writes them)."""
    out = []
    for m in _FRACTION_LEVEL.finditer(text):
        count, part = re.split(r"[\s-]", m.group().lower())
        if _WORDS[count] < _PARTS[part]:
            out.append(Number(round(100 * _WORDS[count] / _PARTS[part], 1), "% share", m.start(), m.end()))
    return out


# A sum in millions that is a threshold for one buyer, home or loan is written out, as the corpus
# writes it ('homes worth more than NZ$5 million' -> 5,000,000; 'capped loans at 600 million won');
# a budget, fund or programme keeps its scale in the unit ('$200 million for flood defences' -> 200).
_THRESHOLD_BEFORE = re.compile(
    r"\b(?:price|prices|priced|cap|caps|capped|ceiling|threshold|limit|worth|exemption|homes?|houses?|"
    r"properties|property|mortgages?|minimum\s+investment)\b[^.;:]{0,50}$",
    re.IGNORECASE,
)
_AGGREGATE_BEFORE = re.compile(
    r"\b(?:budget|fund|funds|funding|aid|programmes?|programs?|package|spending|facility|grants?|support|"
    r"subsid\w*|bailout|bonds?|revenue|deficit|debt|set\s+aside|allocat\w*|earmark\w*|fines?)\b[^.;:]{0,50}$",
    re.IGNORECASE,
)


def _threshold_written_out(text: str, start: int, value: float, unit: str) -> tuple[float, str]:
    if not unit.startswith("million "):
        return value, unit
    rest = unit[len("million ") :]
    before = text[max(0, start - 60) : start]
    flow = rest == "barrels per day"  # '2.9 million bpd': the corpus writes output out
    threshold = is_money(rest) and _THRESHOLD_BEFORE.search(before) and not _AGGREGATE_BEFORE.search(before)
    if flow or threshold:
        return round(value * 1e6, 6), rest
    return value, unit


def _shares(text: str) -> list[Number]:
    """'one in four' -> 25 (% share); 'one in three' -> 33.3."""
    out = []
    for m in _ONE_IN.finditer(text):
        raw = m.group("n").lower()
        count = _WORDS.get(raw) if raw in _WORDS else _word_or_digits(raw)
        if count is not None and 2 <= count <= 1000:
            out.append(Number(round(100 / count, 1), "% share", m.start(), m.end()))
    return out


def _after_than(text: str, start: int) -> bool:
    """Whether `text` reads 'from', 'to', 'than', 'instead of' or 'rather than' and spaces just
    before `start`. The regex is anchored at `start` (endpos) and looked for from a dozen
    characters before the spaces: searching the whole prefix instead made `_atoms` quadratic in
    the text's length (it reads whole articles)."""
    spaces = start
    while spaces > 0 and text[spaces - 1].isspace():
        spaces -= 1
    return _ATOMS_RX.search(text, max(0, spaces - 12), start) is not None


def _fraction(words: str) -> float:
    """'a quarter point' -> 0.25, 'half a percentage point' -> 0.5, 'three-quarters of a point' -> 0.75."""
    words = words.lower()
    return 0.75 if words.startswith("three") else 0.25 if "quarter" in words else 0.5


def _is_negative(text: str, m: re.Match[str]) -> bool:
    """'-0.1%', 'minus 0.75%': a sign, not the dash of a range ('4.75% - 5%') or of a dateline."""
    sign = m.group("neg")
    if not sign:
        return False
    if sign[0] in "-\u2212":
        before = text[: m.start("neg")].rstrip()
        return not before or not (before[-1].isdigit() or before[-1] == "%")
    return True


def _word_or_digits(raw: str) -> float | None:
    if "-" in raw:
        tens, ones = raw.split("-")
        return float(_WORDS[tens] + _WORDS[ones])
    try:
        return float(raw.replace(",", ""))
    except ValueError:
        return None


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
    """'4.75%-5%', '5.25-5.5%', 'a range of 5.25% to 5.5%', 'between 7.8% and 35.3%', 'the current
    15 to 20 percent', 'between a floor of 1,000 and a ceiling of 1,400' -> one Number."""
    out: list[Number] = []
    i = 0
    while i < len(numbers):
        a = numbers[i]
        b = numbers[i + 1] if i + 1 < len(numbers) else None
        if b is not None and _is_range(text, a, b):
            unit = b.unit if b.unit.startswith("% of") or not b.unit.startswith("%") else "% target range"
            out.append(Number(a.value, unit, a.start, b.end, high=b.value))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


_RANGE_LEAD = (
    r"\b(?:between|range[sd]?(?:\s+(?:of|from))?|ranging\s+from|current(?:ly)?|of|within)\s+(?:\w+\s+){0,2}?$"
)


_IS_RANGE_RX6 = re.compile(
    r"\b(?:to|at)\s+$",
)


_IS_RANGE_RX5 = re.compile(
    r"(?<!up )(?<!down )\bfrom\s+(?:the\s+|its\s+)?current\s+$",
)


_IS_RANGE_RX4 = re.compile(
    r"\bbetween\s+(?:\w+\s+){0,2}?$",
)


_IS_RANGE_RX3 = re.compile(
    r"\s+to\s+",
)


_IS_RANGE_RX2 = re.compile(
    r"\s+and\s+",
)


_IS_RANGE_RX = re.compile(
    r"\s*[-–—]\s*",
)


# 'between a floor of 1,000 and a ceiling of 1,400 pesos': a band told by its edges
_EDGES_BETWEEN_RX = re.compile(
    r"\bbetween\s+(?:an?\s+|the\s+)?(?:floor|minimum|low|lower\s+(?:limit|bound|edge))\s+of\s+$"
)
_EDGES_AND_RX = re.compile(
    r"\s+and\s+(?:an?\s+|the\s+)?(?:ceiling|cap|maximum|high|top|upper\s+(?:limit|bound|edge))\s+of\s+"
)


def _is_range(text: str, a: Number, b: Number) -> bool:
    if "year" in {a.unit, b.unit} or not a.value < b.value:
        return False
    if a.unit not in {"", b.unit} and not (a.unit.startswith("%") and b.unit.startswith("%")):
        return False  # 'by 40% to 9,000 rupiah' is a step and a level
    if a.unit == "" and b.unit in {"bp", "pp"}:
        return False
    between = text[a.end : b.start]
    before = text[max(0, a.start - 30) : a.start].lower()
    if _IS_RANGE_RX.fullmatch(between):
        return True
    if _IS_RANGE_RX2.fullmatch(between):
        return bool(_IS_RANGE_RX4.search(before))
    if _EDGES_AND_RX.fullmatch(between):
        return bool(_EDGES_BETWEEN_RX.search(before))
    if not _IS_RANGE_RX3.fullmatch(between):
        return False
    if re.search(_RANGE_LEAD, before):
        # 'lift it from the current 1.8% to 2.2%' is a change; 'up from the current 15 to 20%' a range
        return not _IS_RANGE_RX5.search(before)
    return b.unit.startswith("%") and b.value - a.value <= 1 and bool(_IS_RANGE_RX6.search(before))


_IS_DATE_RX2 = re.compile(
    rf"\s+{_MONTHS}\b",
)


_IS_DATE_RX = re.compile(
    rf"\b{_MONTHS}\s+$",
)


def _is_date(text: str, number: Number) -> bool:
    """Days of a month ('April 2', '2 April') and dated years ('in 2025') are not quantities."""
    before = text[max(0, number.start - 25) : number.start]
    if number.unit == "year":
        return bool(re.search(_DATED, before, re.IGNORECASE))
    if number.unit or number.value != int(number.value) or number.value > 31:
        return False
    after = text[number.end : number.end + 12]
    return bool(_IS_DATE_RX.search(before) or _IS_DATE_RX2.match(after))


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


# -- the sentence template, over which `quantities` reads changes ------------------------------


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
    delta: float | None = None  # a step told without the old level: 'will increase by £1.02'

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
    numbers = find_numbers(text)
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


def merge_units(t: Template, a: Number, b: Number) -> str | None:
    """The unit of a from/to pair, or None when the two numbers measure different things."""
    units = {a.unit, b.unit} - {""}
    if not units:
        return ""
    if units == {"year"} and not all(n.unit == "year" or 1900 <= n.value <= 2100 for n in (a, b)):
        return None  # 'their 2025 targets ... over three years instead of one': a year is no count
    if len(units) == 1:
        return units.pop()
    if all(u.startswith("%") for u in units):
        return max(units, key=lambda u: (u != "%", "of G" in u, len(u)))
    bare = units & {"thousand", "million", "billion", "trillion", "crore", "lakh"}
    if len(units) == 2 and len(bare) == 1:  # 'to 1.8 million dong from 1.49 million'
        other = (units - bare).pop()
        if other.startswith(next(iter(bare))):
            return other
    if all(is_money(u) for u in units):
        return b.unit if len(b.unit) >= len(a.unit) else a.unit
    return None
