"""Datelines: the place a wire story was filed from is not who acted.

'ZURICH, June 19 - The Swiss National Bank lowered...' / 'SAN FRANCISCO — Google said...': the
capitalised place before the dash or the date opens the story and names no actor. It does say
which country the story is about: the state that 'the ministry' or an unlisted minister acts for.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from services.extract.rules.lexicon import word_set

_DASHES = {"\u2014", "\u2013", "-", "--", ":"}
_MONTHS = word_set(
    """jan jan. january feb feb. february mar mar. march apr apr. april may jun jun. june jul jul.
    july aug aug. august sep sep. sept sept. september oct oct. october nov nov. november dec dec.
    december"""
)
_MAX_PLACE_WORDS = 6
_MAX_DATELINE_TOKENS = 16
# Where a story opens with its dateline: the first few sentences (a headline or byline may come first).
_OPENING_SENTENCES = 3
# Cities that file wire copy but are no capital the gazetteer knows: the country they stand for.
_CITIES_OF = {
    "United States": "new york; los angeles; san francisco; chicago; houston; boston; seattle; portland; "
    "atlanta; detroit; miami; dallas; denver; phoenix; philadelphia; las vegas; new orleans; san diego",
    "Canada": "toronto; vancouver; montreal; calgary",
    "Australia": "sydney; melbourne; brisbane; perth; adelaide",
    "India": "mumbai; bengaluru; bangalore; kolkata; chennai; hyderabad",
    "China": "shanghai; shenzhen; guangzhou",
    "Brazil": "sao paulo; são paulo; rio de janeiro",
    "South Africa": "johannesburg; cape town; durban",
    "Germany": "frankfurt; munich; hamburg",
    "Switzerland": "geneva; zurich; basel",
    "Pakistan": "karachi; lahore",
    "Scotland": "edinburgh; glasgow",
    "Saudi Arabia": "jeddah; riyadh",
    "Nigeria": "lagos",
    "Italy": "milan",
    "Spain": "barcelona",
    "Turkey": "istanbul",
    "United Arab Emirates": "dubai",
    "Japan": "osaka",
    "New Zealand": "auckland",
    "Netherlands": "rotterdam; the hague",
    "Tanzania": "dar es salaam",
    "Ivory Coast": "abidjan",
    "Morocco": "casablanca",
    "Myanmar": "yangon",
    "Vietnam": "ho chi minh city",
    "Kazakhstan": "almaty",
    "Ecuador": "guayaquil",
    "Wales": "cardiff",
    "United Kingdom": "belfast; manchester",
}
DATELINE_CITIES = {
    city.strip(): country for country, cities in _CITIES_OF.items() for city in cities.split(";")
}


def in_dateline(token: Token) -> bool:
    """'ZURICH' in 'ZURICH, June 19 - The bank...' or 'PORTLAND' in 'PORTLAND — The state...'."""
    return dateline_end(token.doc, _line_start(token)) > token.i


def dateline_place(doc: Doc) -> Span | None:
    """The place a story was filed from: 'COLOMBO' of 'COLOMBO, Jan 17 - Sri Lanka's regulator...',
    'NAIROBI, Kenya' of 'NAIROBI, Kenya (AP) —', when an opening sentence starts with a dateline."""
    for sent in itertools.islice(doc.sents, _OPENING_SENTENCES):
        if dateline_end(doc, sent.start) > sent.start:
            return doc[sent.start : _place_end(doc, sent.start)]
    return None


def dateline_end(doc: Doc, start: int) -> int:
    """Index after the dateline opening at `start` ('ZURICH, June 19 (Reuters) -': the place in
    capitals, then a date, an agency in brackets or a dash; 'NAIROBI, Kenya (AP) —' and 'Nairobi,
    Kenya —' with the region), or `start` when none opens there."""
    i = _run(doc, start, _capital_word)
    if i == start or i >= len(doc) or not any(len(t.text) > 2 for t in doc[start:i]):
        i = _run(doc, start, _title_word)  # 'Nairobi, Kenya —': only with a region and a dash
        region = _region_end(doc, i) if i > start else None
        return start if region is None else _after_agency(doc, region, dated=False, start=start)
    dated = False
    region = _region_end(doc, i)
    if region is not None:  # 'PORTLAND, Ore. (AP) —'
        return _after_agency(doc, region, dated=False, start=start)
    if doc[i].text == "," and i + 1 < len(doc) and doc[i + 1].lower_ in _MONTHS:
        i, dated = i + 2, True
        while i < len(doc) and doc[i].like_num:
            i += 1
    return _after_agency(doc, i, dated, start)


def _after_agency(doc: Doc, i: int, dated: bool, start: int) -> int:
    if i < len(doc) and doc[i].text == "(":
        close = next((j for j in range(i, min(len(doc), i + 8)) if doc[j].text == ")"), None)
        if close is not None:
            i, dated = close + 1, True
    if i < len(doc) and doc[i].text in _DASHES:
        return i + 1
    return i if dated else start


def _place_end(doc: Doc, start: int) -> int:
    """Where the place of a dateline ends: after its capitals, or after ', Region'."""
    i = _run(doc, start, _capital_word)
    if i == start or not any(len(t.text) > 2 for t in doc[start:i]):
        i = _run(doc, start, _title_word)
    return _region_end(doc, i) or i


def _run(doc: Doc, start: int, fits: Callable[[Token], bool]) -> int:
    i = start
    while i < len(doc) and i - start < _MAX_PLACE_WORDS and fits(doc[i]):
        i += 1
    return i


def _region_end(doc: Doc, i: int) -> int | None:
    """', Kenya' / ', Ore.' after a place, closed by an agency in brackets or a dash: the index of
    that bracket or dash."""
    if i >= len(doc) or doc[i].text != ",":
        return None
    j = _run(doc, i + 1, _region_word)
    if j == i + 1 or j - i - 1 > 3 or j >= len(doc):
        return None
    return j if doc[j].text == "(" or doc[j].text in _DASHES else None


def _region_word(token: Token) -> bool:
    """'Kenya', 'Ore.', 'Calif', 'D.C.': a capitalised word or abbreviation, not a month."""
    if token.text == ".":
        return True
    letters = token.text.replace(".", "")
    return letters.isalpha() and letters[:1].isupper() and token.lower_ not in _MONTHS


def _title_word(token: Token) -> bool:
    return token.is_alpha and token.is_title


def _capital_word(token: Token) -> bool:
    """'ZURICH', 'U.S.'; the '/' of 'DUBLIN/MADRID/OSLO' between two of them."""
    if token.text == "/" and 0 < token.i < len(token.doc) - 1:
        return _capital_word(token.doc[token.i - 1]) and _capital_word(token.doc[token.i + 1])
    letters = token.text.replace(".", "").replace("'", "")
    return letters.isalpha() and letters.isupper()


def _line_start(token: Token) -> int:
    """Where the sentence (or the line) holding `token` opens, without needing the parser."""
    i = token.i
    while i > 0 and i > token.i - _MAX_DATELINE_TOKENS and not token.doc[i].is_sent_start:
        i -= 1
    return i
