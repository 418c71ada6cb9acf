"""Dates told relative to the story, written out for the date readers of `quantity_dates`.

A moved date is often told against the day of publication: 'pushed back to next year', 'brought
forward to the end of the decade', 'by three months, to April' (in a December story: April of the
next year). With the article's publication date these become calendar dates ('2027', '2030',
'April 2025') in a copy of the sentence that only the date readers see; the number readers keep
the words ('It was 1,300,000 pesos this year' is a standing value, not a date). Without a
publication date nothing changes. Offsets of what is found in the copy map back to the original
text (`Resolved.original`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

__all__ = ["Resolved", "resolve_relative_dates"]

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)  # fmt: skip
_MONTH_RX = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_YEAR_AFTER = r"(?!\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?,?\s+(?:19|20)\d\d)"
# A month with no year is a date only after a word that dates something: 'to April', 'until the end
# of March', 'from mid-June'; 'May' the verb is never capitalised mid-sentence after these.
_BARE_MONTH = re.compile(
    r"\b(?P<prep>to|until|till|into|from|in|by|through|starting|since|of|before|after)\s+"
    r"(?:(?:early|mid|late)[\s-]+)?" + _MONTH_RX + r"(?P<day>\s+\d{1,2}(?:st|nd|rd|th)?)?\b" + _YEAR_AFTER
)
# 'Next April' opens a sentence; the month keeps its capital ('this may change' is no date).
_NEXT_MONTH_NAME = re.compile(r"\b(?P<which>[Nn]ext|[Tt]his)\s+" + _MONTH_RX + r"\b" + _YEAR_AFTER)
_RELATIVE = re.compile(
    r"\b(?P<decade>(?:the\s+)?end\s+of\s+the\s+decade)\b|\b(?P<which>this|next)\s+(?P<span>year|month)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Resolved:
    """A sentence with its relative dates written out, and the edits that did it."""

    text: str
    edits: tuple[tuple[int, int, int], ...] = ()  # (end in `text`, end in the original, length shift)

    def original(self, position: int) -> int:
        """The offset in the original text of `position` in `text` (inside an edit: its end)."""
        ends = [end for end, _, _ in self.edits]
        i = bisect_right(ends, position)
        if i == 0:
            return position
        end, original_end, _ = self.edits[i - 1]
        shift = original_end - end
        return max(0, position + shift)


def resolve_relative_dates(text: str, published: date | None) -> Resolved:
    """`text` with the dates it tells relative to `published` written out.

    >>> resolve_relative_dates("It was pushed back to next year.", date(2026, 3, 4)).text
    'It was pushed back to 2027.'
    >>> resolve_relative_dates("It was delayed by three months, to April.", date(2024, 12, 5)).text
    'It was delayed by three months, to April 2025.'
    >>> resolve_relative_dates("It now aims for the end of the decade.", date(2026, 6, 1)).text
    'It now aims for 2030.'
    """
    if published is None:
        return Resolved(text)
    spans: list[tuple[int, int, str]] = []
    for m in _RELATIVE.finditer(text):
        spans.append((m.start(), m.end(), _relative(m, published)))
    for m in _NEXT_MONTH_NAME.finditer(text):
        month = _month_number(m.group("month"))
        # 'next April' is the coming April; 'this March' is this year's
        ahead = m.group("which").lower() == "this" or month > published.month
        year = published.year if ahead else published.year + 1
        spans.append((m.start(), m.end(), f"{_MONTHS[month - 1]} {year}"))
    for m in _BARE_MONTH.finditer(text):
        year = _year_of_month(_month_number(m.group("month")), m.group("prep"), published)
        spans.append((m.end(), m.end(), f"{',' if m.group('day') else ''} {year}"))
    return _apply(text, spans)


def _year_of_month(month: int, preposition: str, published: date) -> int:
    """The year of a month told without one. A date a thing moves to ('to April', 'until March')
    or a deadline ('by May', 'before March') is the next such month; any other ('in March', 'from
    January') is the next one when at most four months ahead, else the last (as `dating` reads
    months): 'in March' in a June story is this year's, 'in January' in a November story next
    year's."""
    if preposition in {"to", "until", "till", "into", "through", "starting", "by", "before"}:
        return published.year if month >= published.month else published.year + 1
    ahead = (month - published.month) % 12
    if ahead <= 4:  # the next one (across the new year when it comes round)
        return published.year if month >= published.month else published.year + 1
    return published.year if month < published.month else published.year - 1  # the last one


def _relative(m: re.Match[str], published: date) -> str:
    if m.group("decade"):
        return str(published.year // 10 * 10 + 10)
    offset = 1 if m.group("which").lower() == "next" else 0
    if m.group("span").lower() == "year":
        return str(published.year + offset)
    total = published.year * 12 + published.month - 1 + offset
    return f"{_MONTHS[total % 12]} {total // 12}"


def _month_number(name: str) -> int:
    return next(i for i, full in enumerate(_MONTHS, 1) if full.lower().startswith(name[:3].lower()))


def _apply(text: str, spans: list[tuple[int, int, str]]) -> Resolved:
    """Replace each span (none overlapping an earlier one) and record where the texts line up."""
    out: list[str] = []
    edits: list[tuple[int, int, int]] = []
    position = shift = 0
    for start, end, replacement in sorted(spans):
        if start < position:
            continue
        out.append(text[position:start])
        out.append(replacement)
        shift += len(replacement) - (end - start)
        edits.append((end + shift, end, shift))
        position = end
    out.append(text[position:])
    return Resolved("".join(out), tuple(edits))
