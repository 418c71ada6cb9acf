"""Numbers in policy sentences, and the numeric change a sentence states (from -> to, unit, year).

Two layers, both pure:
- `find_quantities(text)`: every number with its unit ("2.5% of GDP", "$200 million", "4.75%-5%",
  "25 basis points", "five days a week", "2035"), read by `services.extract.quantity_numbers`.
- `find_quantity_change(text, topic=...)`: the change the sentence states. Every pattern of
  `services.extract.quantity_patterns` (over a template in which each number is a placeholder
  `⟦i⟧`) and of `services.extract.quantity_dates` proposes changes; a more specific pattern wins
  the numbers it uses; of the changes left, the one told about `topic` wins, else the most specific.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from services.extract.memo import per_text
from services.extract.quantity_dates import DATE, delay_in_months, find_date_moves, parse_date, shift_date
from services.extract.quantity_grammar import DOWN, UP, step_factor
from services.extract.quantity_numbers import Number, QuantityChange, Template, fmt, make_template
from services.extract.quantity_patterns import PATTERNS, Found
from services.extract.quantity_relative import resolve_relative_dates
from services.extract.quantity_units import is_money

__all__ = [
    "Number",
    "QuantityChange",
    "find_quantities",
    "find_quantity_change",
    "quantity_in_sentence",
    "renamed_change",
    "tells_market_move",
    "told_about",
    "with_prior_value",
]

N = r"⟦(\d+)⟧"
_GAP80 = r"(?:(?!\.\s+[A-Z])[^⟦⟧;!?]){0,80}?"
# Words of a topic that name the instrument in general: a clause about 'sales tax on diesel' is told
# by 'diesel' more than by 'tax', which an elliptic second clause ('and on diesel to 18%') omits.
_GENERIC = frozenset(
    [
        "tax",
        "taxes",
        "tariff",
        "tariffs",
        "duty",
        "duties",
        "rate",
        "rates",
        "levy",
        "price",
        "prices",
        "wage",
        "wages",
        "target",
        "spending",
        "budget",
        "cap",
        "limit",
        "fee",
        "fees",
        "the",
        "and",
        "for",
        "with",
        "from",
    ]
)


def find_quantities(text: str) -> list[Number]:
    """Every number in `text` with its unit, in order.

    >>> [(n.value, n.unit) for n in find_quantities("a 10% tariff and $200 million")]
    [(10.0, '% tariff'), (200.0, 'million dollars')]
    """
    return list(make_template(text).numbers)


def find_quantity_change(
    text: str, *, topic: str | None = None, published: date | None = None
) -> QuantityChange | None:
    """The numeric policy change `text` states, or None; with `topic`, the change told about it,
    else the first full from -> to change of the sentence (else the most specific level). With
    `published` (the story's date), a date told relative to it may be the value ('to next year').

    >>> change = find_quantity_change("It cut tariffs from 145% to 30%.")
    >>> (change.from_, change.to, change.unit)
    (145.0, 30.0, '% tariff')
    >>> text = "It raised the tax on petrol to 30% from 25% and on diesel to 18% from 14%."
    >>> found = find_quantity_change(text, topic="tax on diesel")
    >>> (found.from_, found.to)
    (14.0, 18.0)
    """
    changes = [] if tells_market_move(text) else candidate_changes(text, published)
    if not changes:
        return None
    if topic:
        best = max(
            changes,
            key=lambda c: (_topic_score(text, c, topic), -changes.index(c)),
        )
        best = _same_change_in_full(best, changes)
        return best if told_about(text, best, topic) else None
    complete = [c for c in changes if c.from_ is not None]
    if changes[0].pattern == "level_by_means" or not complete:
        return changes[0]
    return min(complete, key=lambda c: c.start)  # the first full change told, as a reader meets it


# A sentence that reports a market's move: 'Brent crude rose 37 cents to $65.14 a barrel on Monday'.
_MARKET_MOVE = re.compile(
    r"(?:^|(?<=[.!?:])\s)\W*(?:[A-Z][\w.,' -]{0,40}?\s[—–-]+\s+)?(?:the\s+|benchmark\s+|global\s+)*"
    r"(?:brent|wti|u\.s\.\s+crude|"
    r"crude|oil\s+prices?|futures|shares|stocks|the\s+dow|dow|s&p|nasdaq|nikkei|ftse|dax|index|bond\s+yields?|"
    r"yields?|pound|dollar|euro|yen|rupee|lira|peso|rand|currency)\b[^.;]{0,60}?\b(?:rose|fell|slid|slumped|"
    r"climbed|jumped|dropped|tumbled|rallied|gained|lost|weakened|strengthened|firmed|traded|eased|edged)\b",
    re.IGNORECASE | re.MULTILINE,
)


_MOVE_VERB = re.compile(
    r"\b(?:rose|fell|slid|slumped|climbed|jumped|dropped|tumbled|rallied|gained|lost|weakened|strengthened|"
    r"firmed|traded|eased|edged)\b"
)


def renamed_change(sentence: str, topic: str) -> QuantityChange | None:
    """The full from -> to change whose own clause names `topic`, for an event renamed after its
    quantity was read: a rule topic 'rule' ('double the Employment Allowance to £10,500 from
    £5,000, and scrap the rule ...') read no number; the tagger's 'Employment Allowance' names the
    clause that moves one. None when no clause of a change names the topic (no number is lent to
    a topic the sentence tells nothing about) or the change has no old value.

    >>> text = "It will double the allowance to £10,500 from £5,000 and scrap the rule on eligibility."
    >>> change = renamed_change(text, "allowance")
    >>> (change.from_, change.to)
    (5000.0, 10500.0)
    >>> renamed_change(text, "pension age") is None
    True
    """
    changes = [] if tells_market_move(sentence) else candidate_changes(sentence)
    named = [c for c in changes if c.from_ is not None and _topic_score(sentence, c, topic) > 0]
    if not named:
        return None
    return max(named, key=lambda c: (_topic_score(sentence, c, topic), -changes.index(c)))


def tells_market_move(sentence: str) -> bool:
    """Whether the sentence reports how a market moved, which is no policy's change.

    >>> tells_market_move("Brent crude rose 37 cents to $65.14 a barrel in early trade.")
    True
    """
    return _MOVE_VERB.search(sentence) is not None and _MARKET_MOVE.search(sentence) is not None


def _same_change_in_full(step: QuantityChange, changes: list[QuantityChange]) -> QuantityChange:
    """A relative step and a from -> to of the same size in another clause are one change, told in
    full by the latter: 'will go up by 30% ..., and lift the floor to 65p from 50p' -> 50 to 65."""
    if step.unit not in {"% increase", "% cut"} or not isinstance(step.to, float):
        return step
    sign = 1 if step.unit == "% increase" else -1
    for other in changes:
        old, new = other.from_, other.to
        if (
            isinstance(old, float)
            and isinstance(new, float)
            and old > 0
            and abs((new - old) / old * 100 - sign * step.to) <= 1.5
        ):
            return other
    return step


def _normal_value(value: float | str | None) -> str | None:
    """2028.0, '2028' and '2028.0' alike: a value as the number it is when it is one."""
    if value is None:
        return None
    try:
        return repr(float(str(value).replace(",", "")))
    except ValueError:
        return str(value).strip().lower()


def _unchanged(change: QuantityChange) -> bool:
    """A 'change' from a value to the same value (float or string form) tells no change."""
    return change.from_ is not None and _normal_value(change.from_) == _normal_value(change.to)


@per_text
def candidate_changes(text: str, published: date | None = None) -> list[QuantityChange]:
    """Every change `text` states, most specific pattern first, no two sharing a number; dates told
    relative to `published` count as dates."""
    template = make_template(text)
    lowered = text.lower()
    taken: set[int] = set()
    out: list[QuantityChange] = []
    for pattern in PATTERNS:
        if pattern.__name__ == "by_step_to":  # dates rank with the explicit from -> to patterns
            moves = find_date_moves(text, published)
            out.extend(c for c in moves if not any(_overlap(c, o) for o in out))
        cues = _cue_rx(pattern.__name__)
        if cues is not None and cues.search(lowered) is None:
            continue  # a cheap look for the words the pattern cannot match without
        for change, used in _found(pattern(template)):
            if used & taken or _unchanged(change):
                continue  # a number taken by a more specific reading; a 'change' to the same value
            taken |= used
            out.append(replace(change, pattern=pattern.__name__))
    # a bare count ('all 32 boroughs') only when nothing measured is told
    return sorted(out, key=lambda c: c.from_ is None and not c.unit)


# Words each pattern needs (lower case): a sentence without any of them is not read by it.
_CUES: dict[str, tuple[str, ...]] = {
    "level_by_means": (" by ",),
    "current_then_step": ("current", "now", "at present"),
    "to_from": ("from",),
    "appositive": (", ",),
    "from_to": ("from",),
    "to_then_to": (" and ",),
    "up_from": ("from",),
    "up_from_nothing": ("from nothing", "from none"),
    "added_then_total": ("additional", "extra", "further", "another", "add", "hir", "recruit", "admit"),
    "leaving": ("leaving",),
    "fewer_than": ("fewer", "less", "more", "higher", "lower"),
    "level_signed_step": ("up", "down"),
    "replaced": ("replac",),
    "restored": ("restor",),
    "current_to": ("current", "originally", "initially", "previously", "had been", "launched", "introduced",
                   "started", "began"),
    "against": ("against", "compar", "versus", "vs", "instead", "rather", "replac", "double", "twice",
                "triple", "times"),
    "fraction_of_before": ("previous", "current", "old", "earlier", "former", "last year", "prior"),
    "by_fraction_to": (" by ",),
    "by_fraction": (" by ",),
    "cut_in_half": ("half",),
    "multiplied": ("doubl", "halv", "tripl", "trebl", "quadrupl"),
    "fold": ("fold",),
    "as_many_as": (" as many ", " as much "),
    "devalued": ("devalu",),
    "multiplied_only": ("doubl", "halv", "tripl", "trebl", "quadrupl"),
    "verb_from": ("from",),
    "swapped_for": ("swap", "exchang", "trad"),
    "by_amount": (" by ",),
    "range_level": ("rang", "between", "vary", "varies", " of "),
    "now_level": ("now ",),
    "noun_step_to": ("increase", "hike", "rise", "raise", "cut", "reduction", "decrease"),
    "noun_change": ("increase", "hike", "rise", "cut", "reduction", "decrease"),
}  # fmt: skip


@functools.cache
def _cue_rx(name: str) -> re.Pattern[str] | None:
    """The cue words of a pattern as one regex (one scan of the sentence instead of one per word)."""
    cues = _CUES.get(name)
    return None if cues is None else re.compile("|".join(re.escape(cue) for cue in cues))


def _found(found: object) -> list[Found]:
    return list(found)  # type: ignore[call-overload]


def _overlap(a: QuantityChange, b: QuantityChange) -> bool:
    return (
        a.start < b.end and b.start < a.end and a.pattern.startswith("date") == b.pattern.startswith("date")
    )


# Where one clause of a sentence ends and the next, with a change of its own, begins.
_CLAUSE = re.compile(
    r",\s+(?:while|whereas|but|and)\b|\s+and,|;\s|\s+(?:while|whereas)\s+|\s+and\s+(?:on|for|to|an?|the|"
    r"its)\b"
    # a list of measures: '..., build more than 75 gigawatts ... and bring its net zero date forward'
    # (not before a participle: '..., bringing it to 1,423,500 pesos' goes on with the same change)
    # (nor before 'introduced', 'imposed', 'set': 'The 2% levy, introduced in 2020, will be raised ...')
    r"|(?:,|\s+and)\s+(?=(?:build|bring|rais|cut|lower|lift|extend|reduc|increas|boost|phase|scrap|"
    r"abolish|halv|doubl|freez|expand|add)(?!\w*ing\b)\w*\s)"
)


_TOPIC_SCORE_RX = re.compile(
    r"[a-z][a-z.-]+",
)


# A place and its adjective name one side of a trade measure: 'tariffs on U.S. goods' are told as
# 'duties on American products'.
_PLACES = (
    ("u.s.", "american", "united states"),
    ("china", "chinese"),
    ("canada", "canadian"),
    ("mexico", "mexican"),
    ("japan", "japanese"),
    ("india", "indian"),
    ("britain", "british", "u.k."),
    ("russia", "russian"),
    ("brazil", "brazilian"),
    ("germany", "german"),
    ("france", "french"),
    ("europe", "european", "eu"),
)
_SAME_PLACE = {name: names for names in _PLACES for name in names}


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("xes", "ses")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def told_about(text: str, change: QuantityChange, topic: str) -> bool:
    """Whether `change` may be the quantity of `topic`: not when the sentence names the topic in a
    clause of its own and the change's clause moves another instrument. 'Egypt raised interest rates
    by six percentage points, and the IMF agreed to lift its loan programme to $8 billion' gives the
    rates no quantity; 'it unveiled a tax on sugary drinks, and it will be set at 20p' keeps 20p.

    >>> text = ("It raised interest rates by six points in a single move, and within hours the "
    ...         "lenders agreed to lift the loan to $8 billion.")
    >>> told_about(text, find_quantity_change(text), "interest rates")
    False
    """
    if _topic_score(text, change, topic) > 0 or _words_score(text.lower(), topic) == 0:
        return True
    clause = _clause_of(text, change).lower()
    named = {_singular(w) for w in _TOPIC_SCORE_RX.findall(topic.lower())}
    others = {_singular(m.group()) for m in _INSTRUMENT_RX.finditer(clause)} - named
    return not others


# Nouns that name an instrument of their own: a clause with one of them moves that instrument.
_INSTRUMENT_RX = re.compile(
    r"\b(?:tariffs?|duty|duties|levy|levies|tax|taxes|vat|fees?|tolls?|prices?|loans?|facility|programmes?|"
    r"programs?|budgets?|funds?|package|bailout|quotas?|subsidy|subsidies|grants?|allowances?|wages?|"
    r"pensions?|deficit|debt|spending|investment|output|production|targets?|caps?|ceiling|rates?|gst|excise|"
    r"royalty|royalties|surcharges?|surtax|charges?|fines?)\b"
)


def _clause_of(text: str, change: QuantityChange) -> str:
    bounds = [(m.start(), m.end()) for m in _CLAUSE.finditer(text)]
    start = max((end for _, end in bounds if end <= change.start), default=0)
    end = min((begin for begin, _ in bounds if begin >= change.end), default=len(text))
    return text[start:end]


def _topic_score(text: str, change: QuantityChange, topic: str) -> float:
    """How well the clause of `change` names `topic`: its words after a preposition count double.
    Two changes of one clause score alike, and the more specific pattern wins."""
    return _words_score(_clause_of(text, change).lower(), topic)


@functools.lru_cache(maxsize=4096)
def _word_rx(word: str, after_preposition: bool) -> re.Pattern[str]:
    """A topic word as the clause may tell it; a place by any of its names, after a preposition
    when the topic puts it after one."""
    names = "|".join(re.escape(n) for n in _SAME_PLACE.get(word, (word,)))
    lead = r"\b(?:on|for|from|of|to|against|with)\s+(?:[\w.-]+\s+){0,2}?" if after_preposition else r"\b"
    return re.compile(rf"{lead}(?:{names})")


def _words_score(clause: str, topic: str) -> float:
    # a dateline taken for a topic ('EDINBURGH') names no instrument
    topic = " ".join(w for w in topic.split() if not (len(w) >= 5 and w.isupper()))
    score = 0.0
    after_preposition = False
    for word in _TOPIC_SCORE_RX.findall(topic.lower()):
        if word in {"on", "for", "of", "in", "to"}:
            after_preposition = True
            continue
        if word in _SAME_PLACE:
            # a place after a preposition names the side a measure hits ('tariffs on U.S. goods'),
            # and tells two clauses of a trade story apart better than any other word
            if _word_rx(word, after_preposition).search(clause):
                score += 2 * (2 if after_preposition else 1)
            continue
        if len(word) < 3 or not _word_rx(word.rstrip("s"), False).search(clause):
            continue
        weight = 0.5 if word in _GENERIC else 1.0
        score += weight * (2 if after_preposition else 1)
    return score


def quantity_in_sentence(
    sentence: str, *, topic: str | None = None, context: str = "", published: date | None = None
) -> QuantityChange | None:
    """The change `sentence` states about `topic`, its old value taken from `context` (the
    surrounding text) when the sentence tells only the new value or the step; dates told relative
    to `published`, the story's date, are read as dates ('postponed to next year').

    >>> context = "The wage is currently £10.42."
    >>> found = quantity_in_sentence("It will rise by £1.02 in April.", context=context)
    >>> (found.from_, found.to)
    (10.42, 11.44)
    """
    change = find_quantity_change(sentence, topic=topic, published=published)
    if change is None:
        moved = _date_moved_by(sentence, context, published)
        if moved is None and context:
            moved = _ended(sentence, context) or _points_on_level(sentence, context)
        return moved
    change = with_prior_value(change, sentence, standing_only=True, published=published)
    if not context:
        return change
    if change.pattern in _WORKED_OUT and isinstance(change.from_, float) and change.from_:
        # an old value worked out from a rounded step ('7.5% to 8,900' -> 8,279.07) gives way to the
        # one the text states within 1.5% of it ('up from the current 8,280')
        told = with_prior_value(
            replace(change, from_=None, delta=None), context, own=sentence, published=published
        ).from_
        if (
            isinstance(told, float)
            and told != change.from_
            and abs(told - change.from_) <= 0.015 * abs(change.from_)
        ):
            return replace(change, from_=told)
        return change
    return with_prior_value(change, context, own=sentence, published=published)


# Patterns whose old value is worked out from a step, not read ('by 7.5% to 8,900', 'halved to 20').
_WORKED_OUT = frozenset({"by_step_to", "noun_step_to", "by_fraction_to", "multiplied"})


def with_prior_value(
    change: QuantityChange,
    context: str,
    *,
    standing_only: bool = False,
    own: str = "",
    published: date | None = None,
) -> QuantityChange:
    """Fill a missing `from_` with the current value the surrounding text states in the same unit;
    a change told as a step ('by £1.02') then gets its new level too. `own` is the change's own
    sentence: a step in points told about a rate it does not name is not its step. A moved date's
    old date may be told relative to `published` ('due to start this year').

    >>> new = find_quantity_change("He will raise spending to 2.5% of GDP.")
    >>> with_prior_value(new, "Spending is currently 2.3% of GDP.").from_
    2.3
    """
    if change.from_ is not None:
        return change
    if change.unit in {"year", "date"}:
        return _prior_date(change, context, published)
    if not standing_only and change.year is not None and change.delta is None:
        scheduled = _scheduled_before(change, context)
        if scheduled is not None:
            return replace(change, from_=scheduled)
    t = make_template(context)
    for cue in _OWN_STANDING_VALUE if standing_only else _STANDING_VALUE:
        for m in re.finditer(cue, t.text, re.IGNORECASE):
            number = t.number(m.group(1))
            if change.pattern in _RELATIVE_STEPS and change.unit in {"% cut", "% increase"}:
                moved = _relative_on(change, number)
                if moved is not None and (standing_only or _told_of(t.source, number.start, own)):
                    return moved
                continue
            if change.delta is not None and number.high is None:
                # 'will rise by 50 pence an hour' on 'currently £12.21 an hour' -> 12.21 to 12.71
                factor = (
                    1.0 if _same_unit(number.unit, change.unit) else step_factor(change.unit, number.unit)
                )
                if factor is not None:
                    to = round(number.value + change.delta * factor, 6)
                    return replace(change, from_=number.amount, to=to, unit=number.unit or change.unit)
                continue
            if change.delta is None and _same_unit(number.unit, change.unit) and number.amount != change.to:
                return replace(change, from_=number.amount)
    if not standing_only and change.unit.startswith("%") and change.delta is None:
        return _from_step_told(change, context, own)
    return change


# Patterns that tell a change as a share of the level: 'by a quarter', 'halved', 'by 10%', 'a 20% rise'.
_RELATIVE_STEPS = frozenset({"by_fraction", "multiplied_only", "by_amount", "noun_change"})
# Fractions and multiples move a rate too ('halve the 10% tariff'); a bare 'by 10%' of a rate may
# mean points, so only sums and counts take it.
_RELATIVE_OF_RATES = frozenset({"by_fraction", "multiplied_only"})


def _relative_on(change: QuantityChange, level: Number) -> QuantityChange | None:
    """A relative change applied to the level in force: 'cut by a quarter' on 2 billion -> 1.5;
    'will double' on 8 pence -> 16."""
    if (
        change.unit not in {"% cut", "% increase"}
        or not isinstance(change.to, float)
        or level.high is not None
    ):
        return None
    if level.unit in {"year", "bp", "pp"} or level.unit in _DURATION_UNITS or level.value <= 0:
        return None
    if level.unit.startswith("%") and change.pattern not in _RELATIVE_OF_RATES:
        return None
    share = change.to / 100 * (-1 if change.unit == "% cut" else 1)
    # a third is told as 33.3333 (%): three decimals undo the rounding ('by a third' of 90 -> 60)
    return replace(change, from_=level.amount, to=round(level.value * (1 + share), 3), unit=level.unit)


_DURATION_UNITS = frozenset({"days", "weeks", "months", "years", "hours"})
_CONTENT_RX = re.compile(r"[a-z]{4,}")
_NOT_CONTENT = frozenset(
    {"will", "would", "said", "says", "from", "with", "that", "this", "which", "have", "been", "their",
     "there", "currently", "current", "stands", "next", "year", "years", "month", "government", "minister",
     "ministry", "cent", "percent", "million", "billion", "also", "about", "into", "more", "than", "then",
     "when"}
)  # fmt: skip


def _content_words(text: str) -> set[str]:
    """The words that tell what a sentence is about, cut to five letters ('tariffs' ~ 'tariff')."""
    return {w[:5] for w in _CONTENT_RX.findall(text.lower()) if w not in _NOT_CONTENT}


def _told_of(context: str, at: int, own: str) -> bool:
    """Whether the level at context[at] is told of what the change's sentence `own` moves: its
    sentence shares a word with `own` ('The agency's budget is currently ...' for 'cut the budget
    by a quarter'), or comes right before `own` ('The levy stands at 8p. It would double.')."""
    start = max(context.rfind(". ", 0, at), context.rfind("\n", 0, at)) + 1
    end = context.find(". ", at)
    sentence = context[start : end if end >= 0 else len(context)]
    if not own:
        return True
    if _content_words(sentence) & _content_words(own):
        return True
    after = context[end + 1 :].lstrip() if end >= 0 else ""
    return after.startswith(own[:40])


_FROM_STEP_TOLD_RX2 = re.compile(
    rf"{_GAP80}\bto\s+(?:\w+\s+){{0,3}}?⟦",
)


_FROM_STEP_TOLD_RX = re.compile(
    rf"\b({DOWN}|{UP})\b{_GAP80}\bby\s+(?:another\s+|a\s+further\s+|a\s+)?{N}",
)


_NOUN_STEP_TOLD_RX = re.compile(rf"{N}[\s-]+(?:[\w-]+\s+)?(cut|reduction|decrease|increase|hike|rise)\b")


_SCHEDULE_CUE = re.compile(
    r"\b(?:scheduled|set|due|planned|timetabled|legislated|already|on\s+course)\b", re.IGNORECASE
)
_DATED_LEVEL = re.compile(rf"{N}\s+(?:in|by)\s+(?:the\s+end\s+of\s+)?((?:19|20)\d\d)\b")


def _scheduled_before(change: QuantityChange, context: str) -> float | str | None:
    """A target for a year takes as its old value the last level already scheduled before that
    year: 'to 70 by 2040' + 'is already scheduled to reach 68 in 2030 and 69 in 2035' -> 69."""
    best: tuple[int, float | str] | None = None
    for told in re.split(r"(?<=[.!?])\s+", context):
        if not _SCHEDULE_CUE.search(told):
            continue
        t = make_template(told)
        for m in _DATED_LEVEL.finditer(t.text):
            number, year = t.number(m.group(1)), int(m.group(2))
            if change.year is None or year >= change.year or number.amount == change.to:
                continue
            if _same_unit(number.unit, change.unit) and (best is None or year > best[0]):
                best = (year, number.amount)
    return best[1] if best else None


# The rate a step names: 'raised the one-week repo rate by ...', 'the 350 basis point increase in
# the one-week repo rate'; the words between a determiner and 'rate' tell which.
_RATE_NOUN_RX = re.compile(r"\brates?\b", re.IGNORECASE)
_NOUN_STEP_RATE_RX = re.compile(
    r"\s+(?:in|to|of|on)\s+((?:the|its|their)\s+(?:[\w'-]+\s+){0,3}?rates?)\b", re.IGNORECASE
)
_DETERMINERS = frozenset({"the", "its", "their", "a", "an"})
_PLAIN_RATE_WORDS = frozenset(
    {"key", "main", "policy", "benchmark", "interest", "official", "central", "bank's", "headline"}
)


def _rate_words(phrase: str) -> set[str]:
    """The words that tell one rate from another: 'raised the one-week repo rate' -> {'one-week',
    'repo'}; none for 'its policy rate' or 'cut rates' (no determiner right before)."""
    found = list(_RATE_NOUN_RX.finditer(phrase))
    if not found:
        return set()
    before = phrase[: found[-1].start()].lower().split()[-4:]
    cut = max((i for i, w in enumerate(before) if w in _DETERMINERS), default=None)
    if cut is None:
        return set()
    return {w for w in before[cut + 1 :] if w not in _PLAIN_RATE_WORDS and "⟦" not in w}


def _steps_told(t: Template) -> Iterator[tuple[Number, bool, set[str]]]:
    """Each step in points the text tells, whether it goes down, and the words naming the rate it
    moves (empty when it names none or only 'its policy rate'): 'trimmed ... by a quarter point',
    'the 300 basis point reduction in the repo rate'."""
    for m in _FROM_STEP_TOLD_RX.finditer(t.text):
        if not _FROM_STEP_TOLD_RX2.match(t.text[m.end() :]):  # a step with its own level is another change
            named = _rate_words(t.text[m.start() : m.start(2)])
            yield t.number(m.group(2)), re.fullmatch(DOWN, m.group(1).lower()) is not None, named
    for m in _NOUN_STEP_TOLD_RX.finditer(t.text):
        after = _NOUN_STEP_RATE_RX.match(t.text[m.end() :])
        named = _rate_words(after.group(1)) if after else set()
        yield t.number(m.group(1)), m.group(2).lower() in {"cut", "reduction", "decrease"}, named


def _from_step_told(change: QuantityChange, context: str, own: str = "") -> QuantityChange:
    """A rate's old value from the step told nearby: 'trimmed the policy rate by a further quarter
    point' ... 'leaving it in a band of 4.25% to 4.5%' -> from '4.5-4.75'; 'cut its rate to 25%'
    ... 'the 300 basis point reduction' -> from 28. A step that names a rate the change's own
    sentence (`own`) does not name moved another rate: 'raised the lending rate to 49%' is not
    moved by 'the 350 basis point increase in the repo rate'."""
    t = make_template(context)
    own_words = set(re.findall(r"[\w'-]+", own.lower()))
    for step, down, named in _steps_told(t):
        if step.unit not in {"bp", "pp"} or step.high is not None:
            continue
        if own and named and not named & own_words:
            continue
        delta = step.value / 100 if step.unit == "bp" else step.value
        sign = 1 if down else -1
        bounds = [float(v) for v in str(change.to).split("-") if v] if change.to is not None else []
        if bounds and not str(change.to).startswith("-"):
            return replace(change, from_=fmt(*(round(v + sign * delta, 6) for v in bounds)))
    return change


# Where a text states the value in force, most explicit first: 'currently 2.3% of GDP', then
# 'the (roughly) one per cent ceiling' / 'the 2% spending target' (a setting named by its value).
_STANDING_VALUE = (
    rf"\b(?:current(?:ly)?|at present|(?:now\s+)?stands\s+at|now\s+stand\s+at|existing)\b{_GAP80}{N}",
    # 'The fee has been $180 since 2019.'
    rf"\b(?:has|have)\s+(?:been|stood\s+at)\s+(?:set\s+at\s+|fixed\s+at\s+)?(?:about\s+|around\s+)?{N}"
    r"(?=[^.;!?]{0,40}\bsince\b)",
    rf"\bthe\s+(?:\w+\s+)?{N}\s+(?:[\w-]+\s+){{0,3}}?"
    r"(?:target|goal|ceiling|threshold|benchmark|guideline|cap|limit)s?\b",
    # 'a sharp rise from past outlays of roughly one per cent'
    rf"\b(?:increase|rise|jump|hike|cut|reduction|change|up|down)\s+from\s+(?:[\w-]+\s+){{0,5}}?{N}",
    # 'he had planned to hold spending at about $3.7 billion'; 'had pledged in 2020 to reduce output by 40%'
    rf"\b(?:had|previously|earlier|originally|initially)\s+(?:\w+\s+)?(?:planned|pledged|promised|aimed|"
    rf"targeted|committed|intended|proposed)\b{_GAP80}{N}",
    # 'aim for inflation of 3% ... rather than the 4.5% midpoint'; 'Before then, motorists paid N197'
    rf"\b(?:rather\s+than|instead\s+of)\s+(?:the\s+|its\s+|a\s+)?(?:[\w-]+\s+){{0,2}}?{N}",
    rf"\b(?i:before\s+(?:then|that)|until\s+then|until\s+now|formerly)\b{_GAP80}{N}",
    # 'It was 1,300,000 pesos this year.'; 'The fee stood at $40 previously.'
    rf"\b(?:was|were|stood\s+at|had\s+been)\s+(?:about\s+|around\s+)?{N}\s+(?:[\w-]+\s+){{0,2}}?"
    r"(?:(?:this|last|a)\s+year|previously|before|until\s+now)\b",
    # 'The previous plan had called for 500,000.'; 'Cars now face a 2.5% duty.'
    rf"\b(?:previous|earlier|old|original|prior)\s+(?:[\w-]+\s+){{0,3}}?(?:plan|target|goal|level|cap|limit|"
    rf"ceiling|rate|figure|quota)s?\b{_GAP80}{N}",
    rf"(?<!will )(?<!would )\bnow\s+(?:face|faces|pay|pays|carry|carries|attract|attracts)\s+"
    rf"(?:an?\s+|the\s+)?(?:about\s+|around\s+)?{N}",
    # 'The limit was already reduced from 80 km/h to 70 km/h in 2014': an earlier change's endpoint
    rf"\b(?:already|previously|earlier|last\s+year)\s+(?:been\s+)?(?:{DOWN}|{UP})\b(?:(?!\.\s+[A-Z])[^;!?]){{0,80}}?"
    r"\bto\s+"
    rf"(?:about\s+|around\s+)?{N}",
    # 'The cap compares with about 400,000 places this year.'
    rf"\bcompar(?:es|ed|ing)\s+with\s+(?:about\s+|around\s+|roughly\s+|some\s+|nearly\s+)?{N}",
)
# In the change's own sentence an instrument named by its value is the one that moves ('built its
# model around a 12.5% corporation tax rate ... lift the rate to 15%'); elsewhere in the article
# it may be another event's ('the 20 percent tariff on the EU' is not the tariff on China).
_OWN_STANDING_VALUE = (
    rf"\b(?:the|its|a|an)\s+(?:\w+\s+)?{N}\s+(?:[\w-]+\s+){{0,3}}?"
    r"(?:target|goal|ceiling|threshold|benchmark|guideline|cap|limit|rate|tax|tariff|duty|levy|fee)s?\b",
    # one old price for two groups: 'residents will pay RM1.99, down from RM2.05, while firms will
    # be charged RM2.60' -> the firms' price 2.05 to 2.60
    rf"\b(?:down|up)\s+from\s+{N}",
)


# The first date told after these words is the one a postponement moves.
_ORIGINAL = (
    r"\b(?:original(?:ly)?|initial(?:ly)?|previous(?:ly)?|(?:was|were|had\s+been)\s+(?:due|set|scheduled)|"
    r"first\s+(?:set|planned|scheduled))\b"
)


_PRIOR_DATE_RX = re.compile(
    rf"{_ORIGINAL}[^.;]{{0,240}}?(?P<d>{DATE})",
    re.IGNORECASE,
)


def _prior_date(change: QuantityChange, context: str, published: date | None = None) -> QuantityChange:
    """A moved date's old value from a sentence that tells the same move: 'originally meant for 2030
    but now 2035' fills 'pushed back to 2035'."""
    for move in find_date_moves(context, published):
        if move.from_ is not None and str(move.to) == str(change.to):
            return replace(change, from_=move.from_)
    for m in _PRIOR_DATE_RX.finditer(resolve_relative_dates(context, published).text):
        old = parse_date(m.group("d"))
        if old is not None and str(old) != str(change.to):
            return replace(change, from_=old)
    return change


def _date_moved_by(sentence: str, context: str, published: date | None = None) -> QuantityChange | None:
    """A date moved by a span the sentence tells, from the date the context says it was due:
    'delayed the rules by a year' + 'They had been due to apply from December 2025' -> '2025-12'
    to '2026-12'; with `published`, from the story's month when the sentence says the measure was
    about to lapse ('extended the ban by three months, a day before it was due to expire')."""
    months = delay_in_months(sentence, published)
    if months is None:
        return None
    for m in _PRIOR_DATE_RX.finditer(resolve_relative_dates(context, published).text):
        old = parse_date(m.group("d"))
        if old is not None and (isinstance(old, str) or months % 12 == 0):
            unit = "date" if isinstance(old, str) else "year"
            return QuantityChange(
                old, shift_date(old, months), unit, None, 0, len(sentence), "date_moved_by_only"
            )
    if published is not None and _LAPSING_NOW_RX.search(sentence) and not _A_DATE_RX.search(sentence):
        old = f"{published.year}-{published.month:02d}"
        moved = shift_date(old, months)
        return QuantityChange(old, moved, "date", None, 0, len(sentence), "date_lapsing_now")
    return None


# A measure extended as it lapses: 'a day before the original ban was due to expire', 'which
# expires on Sunday', 'set to run out this week'.
_LAPSING_NOW_RX = re.compile(
    r"\b(?:(?:was|were|is|are)\s+(?:due|set|scheduled)\s+to\s+(?:expire|lapse|end|run\s+out)|"
    r"(?:expires?|lapses?|ends?|runs?\s+out)\s+(?:on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday)|this\s+week|at\s+the\s+end\s+of\s+this\s+month|tomorrow))\b",
    re.IGNORECASE,
)
_A_DATE_RX = re.compile(DATE)


_ENDED_RX = re.compile(
    r"\b(?:scrap\w*|abolish\w*|remov\w*|eliminat\w*|ax(?:e|es|ed|ing)|stop\w*\s+(?:collecting|charging|"
    r"levying|applying)|end(?:s|ed|ing)?|suspend\w*|lift\w*|drop\w*)\s+(?:the\s+|its\s+|their\s+|a\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?P<noun>tax|levies|levy|charge|tariff|duties|duty|surcharge|fee|toll|(?P<neg>negative)(?=\s+"
    r"(?:interest\s+)?rates?))(?:es|s|ies)?\b",
    re.IGNORECASE,
)
_NOUN_STEMS = {"duty": "dut", "duties": "dut", "levy": "lev", "levies": "lev"}  # 'duties' ~ 'duty'
_IN_FORCE_RX = re.compile(
    rf"\b(?:current(?:ly)?|at\s+present|now\s+stands?\s+at|existing)\b{_GAP80}{N}", re.IGNORECASE
)


def _ended(sentence: str, context: str) -> QuantityChange | None:
    """A levy scrapped without a number goes from the value in force the context tells to zero (from
    the range of the rates in force when the context lists several goods, `_listed_in_force`):
    'will stop collecting its carbon charge' + 'the charge ... from the current C$80' -> 80 to 0;
    'ended its negative interest rate policy' + 'kept the rate at minus 0.1 percent' -> -0.1 to 0."""
    m = _ENDED_RX.search(sentence)
    if m is None or any(is_money(n.unit) or n.unit.startswith("%") for n in find_quantities(sentence)):
        return None
    for told in re.split(r"(?<=[.!?])\s+", context):
        t = make_template(told)
        listed = _listed_in_force(t)
        if listed is not None and not m.group("neg") and _content_words(told) & _content_words(sentence):
            return QuantityChange(listed, 0.0, "%", None, 0, len(sentence), "ended_listed")
        if m.group("neg"):
            values = [n for n in t.numbers if n.unit.startswith("%") and n.value < 0 and n.high is None]
        elif re.search(
            rf"\b{_NOUN_STEMS.get(m.group('noun').lower(), m.group('noun'))}", told, re.IGNORECASE
        ):
            values = [t.number(f.group(1)) for f in _IN_FORCE_RX.finditer(t.text)]
            values = [n for n in values if n.high is None and (is_money(n.unit) or n.unit.startswith("%"))]
        else:
            continue
        if values:
            return QuantityChange(values[0].amount, 0.0, values[0].unit, None, 0, len(sentence), "ended")
    return None


_POINTS_STEP_RX = re.compile(
    rf"\b({DOWN}|{UP})\b{_GAP80}\bby\s+(?:another\s+|a\s+further\s+|a\s+)?{N}"
    rf"(?!{_GAP80}\b(?:to|at)\s+(?:[\w-]+\s+){{0,3}}?⟦)",
)


def _points_on_level(sentence: str, context: str) -> QuantityChange | None:
    """A step in points told alone, added to the rate in force the context states: 'raise the stamp
    duty by 2 percentage points' + 'Stamp duty currently stands at 3%' -> 3 to 5."""
    t = make_template(sentence)
    m = _POINTS_STEP_RX.search(t.text)
    if m is None:
        return None
    step = t.number(m.group(2))
    if step.unit not in {"pp", "bp"} or step.high is not None:
        return None
    sign = -1 if re.fullmatch(DOWN, m.group(1).lower()) else 1
    delta = sign * (step.value / 100 if step.unit == "bp" else step.value)
    found = with_prior_value(
        QuantityChange(None, 0.0, "%", None, 0, len(sentence), "points_on_level", delta=delta),
        context,
        own=sentence,
    )
    return found if found.from_ is not None else None


# 'The list covers meat, now taxed at 10.8% on entry, coffee at 9%, sugar at 14% ...'
_LISTED_IN_FORCE_RX = re.compile(
    rf"\b(?:now|currently)\s+(?:taxed|charged|levied|taxed\s+on\s+entry)\s+at\s+{N}", re.IGNORECASE
)


# A rate attached to a listed good: 'coffee at 9%' (not a share told elsewhere in the sentence).
_AT_RATE_RX = re.compile(rf"\bat\s+{N}")


def _listed_in_force(t: Template) -> str | None:
    """The rates in force of several goods listed in one sentence, as one range (lowest-highest):
    'meat, now taxed at 10.8%, coffee at 9%, sardines at 32%' -> '9-32'; only the rates told
    'at' a good count, not 'up 40%' told of something else."""
    if _LISTED_IN_FORCE_RX.search(t.text) is None:
        return None
    attached = (t.number(g) for g in _AT_RATE_RX.findall(t.text))
    rates = [n.value for n in attached if n.unit.startswith("%") and n.high is None]
    if len(rates) < 3:
        return None
    return str(fmt(min(rates), max(rates)))


def _same_unit(a: str, b: str) -> bool:
    if a == b:
        return True
    if a.startswith("%") and b.startswith("%"):
        return "% of" not in a + b or "%" in {a, b}  # '% tax' and '% rate' alike, '% of GDP' only with '%'
    # 'N197' is the old value of 'N617 a litre': a sum told without its measure is in the same one
    return is_money(a) and is_money(b) and (a.startswith(f"{b} per ") or b.startswith(f"{a} per "))
