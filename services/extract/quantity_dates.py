"""Dates that move: a deadline postponed, a start brought forward, a ban extended to a new date.

Values as the corpus writes them: 'YYYY-MM' when a month is told ('August 2026' -> '2026-08',
'the end of 2025' -> '2025-12'), else the year as a number. Pure functions over the raw sentence.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from services.extract.quantity_numbers import QuantityChange
from services.extract.quantity_relative import resolve_relative_dates

__all__ = ["delay_in_months", "find_date_moves", "parse_date", "shift_date"]

_MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DATE = (
    rf"(?:(?:the\s+)?(?:end|close)\s+of\s+(?:(?P<endm>{_MONTH})\s+)?(?:(?P<endy>(?:19|20)\d\d))"
    rf"|(?P<month>{_MONTH})\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?(?P<year>(?:19|20)\d\d)"
    rf"|\d{{1,2}}\s+(?P<dmonth>{_MONTH})\s+(?P<dyear>(?:19|20)\d\d)"
    rf"|(?P<bare>(?:19|20)\d\d))"
)
_DATE = re.compile(DATE)
_MOVED = (
    r"postpon\w*|delay\w*|defer\w*|push\w*\s+back|pushed\s+back|mov(?:e|es|ed|ing)|extend\w*|"
    r"brought\s+forward|bring\w*\s+forward|roll\w*\s+over|prolong\w*|shift\w*|push\w*|shelv\w*|put\s+off"
)
_NOT_DATE_GAP = r"(?:[^.;!?]|\.(?=\d))"  # a decimal point is no sentence end


def _named(pattern: str, suffix: str) -> str:
    """The DATE pattern with its group names suffixed, so two dates fit in one regex."""
    return re.sub(r"\?P<(\w+)>", lambda g: f"?P<{g.group(1)}_{suffix}>", pattern)


def parse_date(text: str) -> float | str | None:
    """'August 2026' -> '2026-08'; 'the end of 2025' -> '2025-12'; 'Jan. 1, 2020' -> '2020-01';
    '2030' -> 2030.0.

    >>> parse_date("December 2027"), parse_date("2035")
    ('2027-12', 2035.0)
    """
    m = _DATE.fullmatch(text.strip())
    return None if m is None else _value(m)


def _value(m: re.Match[str]) -> float | str:
    if m.group("endy"):
        last = _MONTH_NUMBERS[m.group("endm")[:3].lower()] if m.group("endm") else 12
        return f"{m.group('endy')}-{last:02d}"
    for month, year in (("month", "year"), ("dmonth", "dyear")):
        if m.group(month):
            return f"{m.group(year)}-{_MONTH_NUMBERS[m.group(month)[:3].lower()]:02d}"
    return float(m.group("bare"))


_A_YEAR = re.compile(r"(?:19|20)\d\d")


def find_date_moves(text: str, published: date | None = None) -> list[QuantityChange]:
    """Every moved date the sentence states, in order of how explicit it is; with `published`, the
    dates it tells relative to the story too ('to next year', 'by three months, to April').

    >>> moves = find_date_moves("It postponed the rules from August 2026 to December 2027.")
    >>> [(c.from_, c.to) for c in moves]
    [('2026-08', '2027-12')]
    >>> [(c.from_, c.to) for c in find_date_moves("It delayed the tax to next year.", date(2026, 2, 1))]
    [(None, 2027.0)]
    """
    if published is not None:
        resolved = resolve_relative_dates(text, published)
        # years written out from words ('to the end of the decade from 2038') are read here, the
        # number reader, which reads 'to 2030 from 2038', never sees them
        years = _years_to_from(resolved.text) if resolved.edits else []
        return [
            replace(c, start=resolved.original(c.start), end=resolved.original(c.end))
            for c in [*find_date_moves(resolved.text), *years]
        ]
    if not _A_YEAR.search(text):
        return []  # every date this module reads names its year
    found = [
        *_from_to(text),
        *_earlier_than_planned(text),
        *_instead_of(text),
        *_originally_now(text),
        *_from_and_until(text),
        *_extended_by(text),
        *_moved_by(text),
        *_moved_until(text),
    ]
    out: list[QuantityChange] = []
    for change in found:
        if change.from_ != change.to and not any(c.start < change.end and change.start < c.end for c in out):
            out.append(change)
    return out


def _change(m: re.Match[str], old: float | str | None, new: float | str, pattern: str) -> QuantityChange:
    unit = "date" if isinstance(new, str) else "year"
    return QuantityChange(old, new, unit, None, m.start(), m.end(), pattern)


_FROM_TO_RX = re.compile(
    rf"\bfrom\s+(?P<a>{_named(DATE, 'a')})\s+(?:to|until|till|into)\s+(?P<b>{_named(DATE, 'b')})",
)


def _from_to(text: str) -> list[QuantityChange]:
    """'postponed from August 2026 to December 2027'; 'moved the deadline from 2030 to 2035'."""
    out = []
    for m in _FROM_TO_RX.finditer(text):
        old, new = parse_date(m.group("a")), parse_date(m.group("b"))
        if old is not None and new is not None and (isinstance(old, str) or isinstance(new, str)):
            out.append(_change(m, old, new, "date_from_to"))
    return out


_YEARS_TO_FROM_RX = re.compile(
    r"\b(?:to|until)\s+(?P<b>(?:19|20)\d\d)\s+from\s+(?P<a>(?:19|20)\d\d)\b"
    r"|\bfrom\s+(?P<a2>(?:19|20)\d\d)\s+(?:to|until)\s+(?P<b2>(?:19|20)\d\d)\b"
)


def _years_to_from(text: str) -> list[QuantityChange]:
    """'to 2030 from 2038', 'from 2026 to 2027': two bare years of a move."""
    out = []
    for m in _YEARS_TO_FROM_RX.finditer(text):
        old, new = float(m.group("a") or m.group("a2")), float(m.group("b") or m.group("b2"))
        out.append(_change(m, old, new, "date_years_to_from"))
    return out


def _earlier_than_planned(text: str) -> list[QuantityChange]:
    """'from Jan. 1, 2020, two years earlier than planned' -> '2022-01' to '2020-01'."""
    out = []
    pattern = (
        rf"(?P<d>{_named(DATE, 'd')}),?\s+(?:about\s+|some\s+)?(?P<n>\w+)\s+(?P<u>years?|months?)\s+"
        r"(?P<w>earlier|later|sooner)\s+than\s+(?:planned|scheduled|originally|first|previously|expected|"
        r"intended)"
    )
    for m in re.finditer(pattern, text, re.IGNORECASE):
        new = parse_date(m.group("d"))
        count = _count(m.group("n"))
        if new is None or count is None:
            continue
        months = count * (12 if m.group("u").lower().startswith("year") else 1)
        sign = 1 if m.group("w").lower() in {"earlier", "sooner"} else -1
        out.append(_change(m, _shift(new, sign * months), new, "date_earlier_than_planned"))
    return out


_INSTEAD_OF_RX = re.compile(
    rf"(?P<b>{_named(DATE, 'b')}),?\s+(?:instead\s+of|rather\s+than)\s+(?:in\s+|by\s+|the\s+)?"
    rf"(?:planned\s+|original\s+|earlier\s+|scheduled\s+|previous\s+)?(?P<a>{_named(DATE, 'a')})",
)


def _instead_of(text: str) -> list[QuantityChange]:
    """'the ban now starts in 2029 instead of 2027' -> 2027 to 2029."""
    out = []
    for m in _INSTEAD_OF_RX.finditer(text):
        old, new = parse_date(m.group("a")), parse_date(m.group("b"))
        if old is not None and new is not None:
            out.append(_change(m, old, new, "date_instead_of"))
    return out


_ORIGINALLY_NOW_RX = re.compile(
    rf"\b(?:originally|initially|previously|first|had\s+been|due|set|scheduled|planned|meant|"
    rf"(?:was|were)\s+to\s+(?:expire|end|lapse|start|begin|apply|take\s+effect))\b"
    rf"{_NOT_DATE_GAP}{{0,60}}?(?P<a>{_named(DATE, 'a')})"
    rf"{_NOT_DATE_GAP}{{0,80}}?\b(?:now|instead|pushed back|delayed|postponed|brought forward|extended|"
    rf"prolonged|shelved|deferred|put off)\b"
    rf"{_NOT_DATE_GAP}{{0,60}}?(?P<b>{_named(DATE, 'b')})",
)


def _originally_now(text: str) -> list[QuantityChange]:
    """'The ban was originally due in 2030 but will now take effect in 2035' -> 2030 to 2035; 'The
    rules, due to take effect in August 2026, will now apply from December 2027'."""
    m = _ORIGINALLY_NOW_RX.search(text)
    if not m:
        return []
    old, new = parse_date(m.group("a")), parse_date(m.group("b"))
    return [] if old is None or new is None else [_change(m, old, new, "originally_now")]


_FROM_AND_UNTIL_RX3 = re.compile(
    rf"\b(?:{_MOVED})\b",
)


_FROM_AND_UNTIL_RX2 = re.compile(
    rf"\b(?:until|till|to)\s+(?P<b>{_named(DATE, 'b')})",
)


_FROM_AND_UNTIL_RX = re.compile(
    rf"\bfrom\s+(?P<a>{_named(DATE, 'a')})",
)


def _from_and_until(text: str) -> list[QuantityChange]:
    """'will not require the labels until 2028, after it agreed to postpone the rules from May 2026'
    -> '2026-05' to 2028: a moved date with its old value after 'from' and its new one after
    'until', in either order."""
    if not _FROM_AND_UNTIL_RX3.search(text):
        return []
    old = _FROM_AND_UNTIL_RX.search(text)
    new = _FROM_AND_UNTIL_RX2.search(text)
    if old is None or new is None or old.start() < new.start() < old.end():
        return []
    before, after = parse_date(old.group("a")), parse_date(new.group("b"))
    if before is None or after is None:
        return []
    start, end = min(old.start(), new.start()), max(old.end(), new.end())
    return [QuantityChange(before, after, "date", None, start, end, "date_from_and_until")]


_EXTENDED_BY_RX = re.compile(
    rf"\b(?:extend\w*|roll\w*\s+over|prolong\w*|renew\w*)\b{_NOT_DATE_GAP}{{0,120}}?"
    rf"(?P<d>{_named(DATE, 'd')}){_NOT_DATE_GAP}{{0,60}}?\b(?:for|by)\s+(?:a\s+further\s+|another\s+)?"
    r"(?:(?P<n>a|an|one|two|three|four|five|six|nine|\d+)\s+)?(?P<u>years?|months?)\b",
    re.IGNORECASE,
)


def _extended_by(text: str) -> list[QuantityChange]:
    """'rolled over its ceiling, which had been set to lapse at the end of 2025, for a further year'
    -> '2025-12' to '2026-12'."""
    m = _EXTENDED_BY_RX.search(text)
    if not m:
        return []
    old, count = parse_date(m.group("d")), _count(m.group("n") or "one")
    if old is None or count is None:
        return []
    months = count * (12 if m.group("u").lower().startswith("year") else 1)
    return [_change(m, old, _shift(old, months), "date_extended_by")]


_MOVED_BY_RX = re.compile(
    rf"\b(?P<v>{_MOVED})\b{_NOT_DATE_GAP}{{0,60}}?\bby\s+(?:(?P<n>a|an|one|two|three|four|five|six|nine|ten|\d+)\s+)?"
    rf"(?P<u>years?|months?|decades?),?\s+(?:to|until|till|into)\s+(?P<b>{_named(DATE, 'b')})",
)


def _moved_by(text: str) -> list[QuantityChange]:
    """'pushed back by two years to 2028' -> 2026 to 2028; 'brought forward by six months to
    January 2027' -> '2027-07' to '2027-01'."""
    out = []
    for m in _MOVED_BY_RX.finditer(text):
        new, count = parse_date(m.group("b")), _count(m.group("n") or "one")
        if new is None or count is None:
            continue
        unit = m.group("u").lower()
        months = count * (120 if unit.startswith("decade") else 12 if unit.startswith("year") else 1)
        earlier = "forward" in m.group("v").lower()
        out.append(_change(m, _shift(new, months if earlier else -months), new, "date_moved_by"))
    return out


_MOVED_UNTIL_RX = re.compile(
    rf"\b(?:{_MOVED})\b{_NOT_DATE_GAP}{{0,80}}?\b(?:until|till|to|through|"
    rf"into)\s+(?P<b>{_named(DATE, 'b')})",
)


def _moved_until(text: str) -> list[QuantityChange]:
    """'proposes postponing these provisions until December 2027' -> to '2027-12' (the old date is
    told elsewhere)."""
    out = []
    for m in _MOVED_UNTIL_RX.finditer(text):
        new = parse_date(m.group("b"))
        if new is not None:
            out.append(_change(m, None, new, "date_moved_until"))
    return out


def _count(word: str) -> int | None:
    words = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10}
    if word.isdigit():
        return int(word)
    return words.get(word.lower())


def _shift(value: float | str, months: int) -> float | str:
    if isinstance(value, float):
        return value + months // 12
    year, month = map(int, value.split("-"))
    total = year * 12 + month - 1 + months
    return f"{total // 12}-{total % 12 + 1:02d}"


_DELAYED_BY_RX = re.compile(
    rf"\b(?P<v>{_MOVED})\b{_NOT_DATE_GAP}{{0,80}}?\bby\s+(?:another\s+|a\s+further\s+)?(?:(?P<n>a|an|one|two|"
    r"three|four|five|six|nine|ten|\d+)\s+)?(?P<u>years?|months?|decades?)\b(?![^.;!?]{0,30}?\b(?:to|until|till|into)\s+"
    r"(?:the\s+end\s+of\s+)?(?:[A-Z][a-z]+\s+)?(?:19|20)\d\d)",
)


def delay_in_months(text: str, published: date | None = None) -> int | None:
    """How far a sentence moves a date it does not name: 'delayed the rules by a year' -> 12;
    'brought forward by six months' -> -6; None when it names the new date (with `published`,
    also one told relative to the story: 'by a year, to next June') or tells no move."""
    m = _DELAYED_BY_RX.search(resolve_relative_dates(text, published).text)
    if m is None:
        return None
    count = _count(m.group("n") or "one")
    if count is None:
        return None
    unit = m.group("u").lower()
    months = count * (120 if unit.startswith("decade") else 12 if unit.startswith("year") else 1)
    return -months if "forward" in m.group("v").lower() else months


def shift_date(value: float | str, months: int) -> float | str:
    """A date moved by `months`: ('2025-12', 12) -> '2026-12'; (2030.0, 24) -> 2032.0."""
    return _shift(value, months)
