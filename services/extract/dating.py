"""How old the dates a sentence names are, next to the article's own date, and the rule that a
change told only with old dates is history.

'on April 3' says nothing by itself: in a story published on April 4 it is the news, in one
published in June it is history. Each date the sentence names gets one mark, by its distance from
the article's publication date (or, undated, from the latest year the article names):

    old      more than 60 days before          weeks    15 to 60 days before
    recent   within 14 days either side        future   more than 14 days after
    pastyear a year before the reference year  thisyear the reference year (year only)

>>> date_marks("Rates were last raised in May 2019.", DateRef(date(2025, 6, 20)))
['old']
>>> date_marks("It raised the tariff on April 3.", DateRef(date(2025, 5, 20)))
['weeks']
>>> date_marks("The levy took effect in 2024.", DateRef(None, 2025))
['pastyear']
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from services.extract.rules.lexicon import word_set

_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_WORDS = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = re.compile(
    rf"\b(?P<month>{_MONTH_WORDS})\b\.?(?:\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b)?"
    rf"(?:,?\s+(?P<myear>(?:19|20)\d\d)\b)?"
    rf"|\b(?P<year>19[5-9]\d|20[0-4]\d)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")
# 'May' is also a verb and a name: as a month it follows a preposition or precedes a day or year.
_AMBIGUOUS = word_set("may march jan feb mar apr jun jul aug sep sept oct nov dec")
_INSTRUMENT_DATE = word_set("its their his her our the a an this that since")
_BEFORE_MONTH = word_set("in on since from until by of late early mid")
_RECENT_DAYS = 14
_WEEKS_DAYS = 60
_AHEAD_DAYS = 120
_OLD = frozenset({"old", "weeks", "pastyear"})
_FRESH = frozenset({"recent", "future", "thisyear"})
# Words that tie a sentence to the news or to what is still to come: a sentence with one is not
# told only as history ('on Friday', 'will take effect').
# Dates told relative to the story, which need no calendar: 'last month', 'two years ago'.
_RELATIVE = (
    (
        re.compile(r"\blast (?:year|spring|summer|autumn|fall|winter)\b|\b\w+ (?:years|decades) ago\b", re.I),
        "old",
    ),
    # a term of office before the present one, 'years earlier', 'years before that'
    (
        re.compile(
            r"\b(?:during|in) (?:his|her|its|their) (?:first|previous|earlier|last) "
            r"(?:term|tenure|presidency|mandate|administration|government)\b"
            r"|\b(?:years|decades) earlier\b"
            r"|\b(?:years|decades) before(?= (?:that|then|this)\b|\s*[.,;:!?]|\s*$)",
            re.I,
        ),
        "old",
    ),
    (re.compile(r"\blast month\b|\b\w+ months ago\b|\bearlier this year\b", re.I), "weeks"),
)
# A decade: old only when it ended before the reference year ('in the 2010s' told in 2025),
# never when it is under way or ahead ('a coal phase-out in the 2020s', 'ban sales in the 2030s').
_DECADE = re.compile(r"\bin the (?:early |mid-?|late )?(?P<decade>(?:19|20)\d0)s\b", re.I)
# Without any reference year a decade is old when it ended before the news this service reads.
_FIRST_NEWS_YEAR = 2020
# A span of recent years tells the time of the change only when it is told of the change itself
# ('cut the fee over the past five years'), not of a clause that describes background ('reversing
# a policy it held in recent years', 'a rule that stood over the past decade').
_SPAN_OF_YEARS = re.compile(
    r"\b(?:over|in|during) the (?:past|last) (?:decade|\w+ decades|few years|\w+ years)\b"
    r"|\bin recent years\b",
    re.I,
)
_BACKGROUND_CLAUSE = re.compile(
    r",\s+\w+ing\b|\b(?:that|which|who|whom|whose)\b|\b(?:it|they|he|she) (?:had )?held\b", re.I
)
_NOW = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|yesterday|overnight"
    r"|this week|this month|will|would|shall|is to|are to|plans? to|now)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateRef:
    """When the article was published, else the latest year it names; `weekly`: undated, its
    opening tells the news by the day of the week ('said on Thursday')."""

    published: date | None = None
    year: int | None = None
    weekly: bool = False
    # weekly only: the latest (year, month) the article names, a month without a year counted in
    # the latest year; a change dated by an earlier month is history, one of that month is news.
    latest_month: tuple[int, int] | None = None


# How far into an article its news is told: the dateline and lead sentence.
_OPENING_CHARS = 400
_WEEKDAY = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday)\b", re.I
)
# Words that look forward from a date: 'takes effect in July', 'from January', 'starting in May'.
_FORWARD = re.compile(
    r"\b(?:takes?|taking) effect\b|\bstarting\b|\beffective\b|\buntil\b|\bby the end\b"
    rf"|\bfrom\s+(?:(?:early|mid-?|late)\s*)?"
    rf"(?:{_MONTH_WORDS}|(?:19|20)\d\d|next|the (?:start|beginning|end))\b",
    re.I,
)
_DATED_BY = word_set("in on since")


def article_date(published: object, text: str) -> DateRef:
    """The reference date of one article: its publication date when known."""
    day = published.date() if hasattr(published, "date") and callable(published.date) else published
    years = [int(y) for y in _YEAR.findall(text)]
    known = day if isinstance(day, date) else None
    weekly = known is None and _WEEKDAY.search(text[:_OPENING_CHARS]) is not None
    year = max(years) if years else None
    return DateRef(known, year, weekly, _latest_month(text, year) if weekly else None)


def _latest_month(text: str, year: int | None) -> tuple[int, int] | None:
    """The latest (year, month) the text names; a month without a year is of `year`."""
    named = [
        (
            int(found.group("myear")) if found.group("myear") else year or 0,
            _MONTHS[found.group("month").lower()],
        )
        for found in _DATE.finditer(text)
        if found.group("month") and _is_month(found, text)
    ]
    return max(named) if named else None


def _is_month(found: re.Match[str], text: str) -> bool:
    """'May' as a month, not a verb or a name: after a preposition, or with a day or year."""
    bare = found.group("day") is None and found.group("myear") is None
    ambiguous = found.group("month").lower() in _AMBIGUOUS and bare
    return not ambiguous or _after_preposition(text, found.start())


def date_marks(sentence: str, ref: DateRef | None) -> list[str]:
    """One mark per date the sentence names (see the module docstring); dates told relative to the
    story ('last month', 'two years ago') are marked whatever the article's date."""
    marks = _relative_marks(sentence, ref)
    if ref is None or (ref.published is None and ref.year is None and not ref.weekly):
        return marks
    for found in _DATE.finditer(sentence):
        mark = _mark(found, sentence, ref)
        if mark is not None:
            marks.append(mark)
    return marks


def _relative_marks(sentence: str, ref: DateRef | None) -> list[str]:
    marks = [mark for pattern, mark in _RELATIVE for _ in pattern.finditer(sentence)]
    return marks + _decade_marks(sentence, ref) + _span_marks(sentence)


def _decade_marks(sentence: str, ref: DateRef | None) -> list[str]:
    """'old' for each decade named that ended before the reference year."""
    reference = _reference_year(ref) or _FIRST_NEWS_YEAR
    return ["old" for found in _DECADE.finditer(sentence) if int(found.group("decade")) + 9 < reference]


def _span_marks(sentence: str) -> list[str]:
    """'old' for each span of recent years not told inside a background clause."""
    return [
        "old"
        for found in _SPAN_OF_YEARS.finditer(sentence)
        if found.start() == 0 or not _BACKGROUND_CLAUSE.search(sentence[: found.start()])
    ]


def _reference_year(ref: DateRef | None) -> int | None:
    if ref is None:
        return None
    return ref.published.year if ref.published is not None else ref.year


def told_as_history(sentence: str, ref: DateRef | None) -> bool:
    """A sentence whose every date lies weeks or more before the article's publication, with no
    word of the news or the future, recalls an earlier change: 'NERC raised the tariff to N225
    from N68 on April 3.' in a story of May 20, 'lowered its cap last month'. Without a publication
    date only the dates told relative to the story count: the latest year an undated article
    names is too rough a clock for months.

    >>> told_as_history("It raised the tariff on April 3.", DateRef(date(2025, 5, 20)))
    True
    >>> told_as_history("It raised the tariff on Friday, after a cut on April 3.", DateRef(date(2025, 5, 20)))
    False
    """
    if _NOW.search(sentence):
        return False
    if ref is None or (ref.published is None and not ref.weekly):
        # only the dates told relative to the story count (and a decade against the latest year)
        ref = DateRef(None, ref.year if ref is not None else None)
        marks = set(_relative_marks(sentence, ref))
        return bool(marks & _OLD) and not marks & _FRESH
    marks = set(date_marks(sentence, ref))
    return bool(marks & _OLD) and not marks & _FRESH


def _mark(found: re.Match[str], sentence: str, ref: DateRef) -> str | None:
    if _names_the_instrument(sentence, found.start()):
        return None
    if ref.published is None and ref.weekly:
        return _weekly_mark(found, sentence, ref)
    if found.group("year"):
        return _year_mark(int(found.group("year")), ref)
    word = found.group("month").lower()
    day = int(found.group("day")) if found.group("day") else None
    year = int(found.group("myear")) if found.group("myear") else None
    bare = day is None and year is None
    if word in _AMBIGUOUS and bare and not _after_preposition(sentence, found.start()):
        return None
    if ref.published is None:
        return _year_mark(year, ref) if year is not None else None
    month = _MONTHS[word]
    if day is not None and not 1 <= day <= 31:
        day = None
    return _day_mark(_when(month, day, year, ref.published), ref.published)


def _weekly_mark(found: re.Match[str], sentence: str, ref: DateRef) -> str | None:
    """An undated story that tells its news by weekday ('on Thursday') dates a change of its own
    week the same way; a change it dates by a month before the latest the article names ('scrapped
    the tax in April' in a story that also names June) or by a year ('since 2023') lies weeks or
    more before it; the latest month itself may be the news. Only a
    date after 'in', 'on' or 'since', in a sentence that does not look forward ('takes effect in
    July', 'from January', 'until 2025')."""
    before = sentence[: found.start()].rstrip().rsplit(maxsplit=1)
    if not before or before[-1].lower() not in _DATED_BY or _FORWARD.search(sentence):
        return None
    return "weeks" if _before_the_latest(found, ref) else None


def _before_the_latest(found: re.Match[str], ref: DateRef) -> bool:
    """Whether the date lies before the latest month the article names; with no month named to
    compare, any month counts as before. A year alone always counts: an undated story often names
    only the year of its background ('since the subsidy was removed in 2023'), so the latest year
    it names is no sign of the news."""
    if found.group("year"):
        return True
    year = int(found.group("myear")) if found.group("myear") else ref.year or 0
    month = _MONTHS[found.group("month").lower()]
    return ref.latest_month is None or (year, month) < ref.latest_month


def _names_the_instrument(sentence: str, start: int) -> bool:
    """A date that names the instrument or how long it stood, not when anything changed: 'lifted
    its 2011 ban', 'the ban in place since March 2018'."""
    before = sentence[:start].rstrip().rsplit(maxsplit=1)
    return bool(before) and (before[-1].lower() in _INSTRUMENT_DATE or before[-1].lower().endswith("'s"))


def _after_preposition(sentence: str, start: int) -> bool:
    before = sentence[:start].rstrip().rsplit(maxsplit=1)
    return bool(before) and before[-1].lower() in _BEFORE_MONTH


def _year_mark(year: int, ref: DateRef) -> str | None:
    reference = ref.published.year if ref.published is not None else ref.year
    if reference is None:
        return None
    if year < reference - 1:
        return "old"
    if year == reference - 1:
        return "pastyear"
    return "thisyear" if year == reference else "future"


def _when(month: int, day: int | None, year: int | None, published: date) -> date:
    """The named day; without a year, the next occurrence when it is at most four months ahead
    ('from July 1' in May), else the last one ('in February' in an August story, 'on December 30'
    in a January one). A month with no day counts from its middle."""

    def at(y: int) -> date:
        return date(y, month, min(day or 15, calendar.monthrange(y, month)[1]))

    if year is not None:
        return at(year)
    dates = [at(published.year + k) for k in (-1, 0, 1)]
    ahead = [d for d in dates if d > published]
    if ahead and (ahead[0] - published).days <= _AHEAD_DAYS:
        return ahead[0]
    return max(d for d in dates if d <= published)


def _day_mark(when: date, published: date) -> str:
    days = (published - when).days
    if days > _WEEKS_DAYS:
        return "old"
    if days > _RECENT_DAYS:
        return "weeks"
    return "future" if days < -_RECENT_DAYS else "recent"
