"""Datelines: the place a wire story was filed from is not who acted.

'ZURICH, June 19 - The Swiss National Bank lowered...' / 'SAN FRANCISCO — Google said...': the
capitalised place before the dash or the date opens the story and names no actor.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from services.extract.rules.lexicon import word_set

_DASHES = {"\u2014", "\u2013", "-", "--", ":"}
_MONTHS = word_set(
    """jan jan. january feb feb. february mar mar. march apr apr. april may jun jun. june jul jul.
    july aug aug. august sep sep. sept sept. september oct oct. october nov nov. november dec dec.
    december"""
)
_MAX_PLACE_WORDS = 4
_MAX_DATELINE_TOKENS = 16


def in_dateline(token: Token) -> bool:
    """'ZURICH' in 'ZURICH, June 19 - The bank...' or 'PORTLAND' in 'PORTLAND — The state...'."""
    return dateline_end(token.doc, _line_start(token)) > token.i


def dateline_end(doc: Doc, start: int) -> int:
    """Index after the dateline opening at `start` ('ZURICH, June 19 (Reuters) -': the place in
    capitals, then a date, an agency in brackets or a dash), or `start` when none opens there."""
    i = start
    while i < len(doc) and i - start < _MAX_PLACE_WORDS and _capital_word(doc[i]):
        i += 1
    if i == start or i >= len(doc) or not any(len(t.text) > 2 for t in doc[start:i]):
        return start
    dated = False
    if doc[i].text == "," and i + 1 < len(doc) and doc[i + 1].lower_ in _MONTHS:
        i, dated = i + 2, True
        while i < len(doc) and doc[i].like_num:
            i += 1
    if i < len(doc) and doc[i].text == "(":
        close = next((j for j in range(i, min(len(doc), i + 8)) if doc[j].text == ")"), None)
        if close is not None:
            i, dated = close + 1, True
    if i < len(doc) and doc[i].text in _DASHES:
        return i + 1
    return i if dated else start


def _capital_word(token: Token) -> bool:
    letters = token.text.replace(".", "").replace("'", "")
    return letters.isalpha() and letters.isupper()


def _line_start(token: Token) -> int:
    """Where the sentence (or the line) holding `token` opens, without needing the parser."""
    i = token.i
    while i > 0 and i > token.i - _MAX_DATELINE_TOKENS and not token.doc[i].is_sent_start:
        i -= 1
    return i
