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
from dataclasses import replace

from services.extract.quantity_dates import DATE, find_date_moves, parse_date
from services.extract.quantity_grammar import DOWN, UP
from services.extract.quantity_numbers import Number, QuantityChange, fmt, make_template
from services.extract.quantity_patterns import PATTERNS, Found
from services.extract.quantity_units import is_money

__all__ = [
    "Number",
    "QuantityChange",
    "find_quantities",
    "find_quantity_change",
    "quantity_in_sentence",
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


def find_quantity_change(text: str, *, topic: str | None = None) -> QuantityChange | None:
    """The numeric policy change `text` states, or None; with `topic`, the change told about it,
    else the first full from -> to change of the sentence (else the most specific level).

    >>> change = find_quantity_change("It cut tariffs from 145% to 30%.")
    >>> (change.from_, change.to, change.unit)
    (145.0, 30.0, '% tariff')
    >>> text = "It raised the tax on petrol to 30% from 25% and on diesel to 18% from 14%."
    >>> found = find_quantity_change(text, topic="tax on diesel")
    >>> (found.from_, found.to)
    (14.0, 18.0)
    """
    changes = candidate_changes(text)
    if not changes:
        return None
    if topic:
        best = max(
            changes,
            key=lambda c: (_topic_score(text, c, topic), -changes.index(c)),
        )
        return best if told_about(text, best, topic) else None
    complete = [c for c in changes if c.from_ is not None]
    if changes[0].pattern == "level_by_means" or not complete:
        return changes[0]
    return min(complete, key=lambda c: c.start)  # the first full change told, as a reader meets it


def candidate_changes(text: str) -> list[QuantityChange]:
    """Every change `text` states, most specific pattern first, no two sharing a number."""
    template = make_template(text)
    lowered = text.lower()
    taken: set[int] = set()
    out: list[QuantityChange] = []
    for pattern in PATTERNS:
        if pattern.__name__ == "by_step_to":  # dates rank with the explicit from -> to patterns
            out.extend(c for c in find_date_moves(text) if not any(_overlap(c, o) for o in out))
        cues = _CUES.get(pattern.__name__)
        if cues is not None and not any(cue in lowered for cue in cues):
            continue  # a cheap look for the words the pattern cannot match without
        for change, used in _found(pattern(template)):
            if used & taken:
                continue
            taken |= used
            out.append(replace(change, pattern=pattern.__name__))
    # a bare count ('all 32 boroughs') only when nothing measured is told
    return sorted(out, key=lambda c: c.from_ is None and not c.unit)


# Words each pattern needs (lower case): a sentence without any of them is not read by it.
_CUES: dict[str, tuple[str, ...]] = {
    "level_by_means": (" by ",),
    "current_then_step": ("current", "now", "at present"),
    "to_from": ("from",),
    "from_to": ("from",),
    "to_then_to": (" and ",),
    "up_from": ("from",),
    "added_then_total": ("additional", "extra", "further", "another"),
    "fewer_than": ("fewer", "less", "more", "higher", "lower"),
    "level_signed_step": ("up", "down"),
    "replaced": ("replac",),
    "current_to": ("current", "originally", "initially", "previously", "had been", "launched", "introduced",
                   "started", "began"),
    "against": ("against", "compared", "versus", "vs", "instead", "rather", "replacing", "double", "twice",
                "triple", "times"),
    "fraction_of_before": ("previous", "current", "old", "earlier", "former", "last year", "prior"),
    "by_fraction_to": (" by ",),
    "cut_in_half": ("half",),
    "multiplied": ("doubl", "halv", "tripl", "trebl", "quadrupl"),
    "multiplied_only": ("doubl", "halv", "tripl", "trebl", "quadrupl"),
    "verb_from": ("from",),
    "swapped_for": ("swap", "exchang", "trad"),
    "by_amount": (" by ",),
    "range_level": ("rang", "between", "vary", "varies"),
    "now_level": ("now ",),
    "noun_step_to": ("increase", "hike", "rise", "raise", "cut", "reduction", "decrease"),
    "noun_change": ("increase", "hike", "rise", "cut", "reduction", "decrease"),
}  # fmt: skip


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
    r"pensions?|deficit|debt|spending|investment|output|production|targets?|caps?|ceiling)\b"
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
    sentence: str, *, topic: str | None = None, context: str = ""
) -> QuantityChange | None:
    """The change `sentence` states about `topic`, its old value taken from `context` (the
    surrounding text) when the sentence tells only the new value or the step.

    >>> context = "The wage is currently £10.42."
    >>> found = quantity_in_sentence("It will rise by £1.02 in April.", context=context)
    >>> (found.from_, found.to)
    (10.42, 11.44)
    """
    change = find_quantity_change(sentence, topic=topic)
    if change is None:
        return None
    change = with_prior_value(change, sentence, standing_only=True)
    return with_prior_value(change, context) if context else change


def with_prior_value(change: QuantityChange, context: str, *, standing_only: bool = False) -> QuantityChange:
    """Fill a missing `from_` with the current value the surrounding text states in the same unit;
    a change told as a step ('by £1.02') then gets its new level too.

    >>> new = find_quantity_change("He will raise spending to 2.5% of GDP.")
    >>> with_prior_value(new, "Spending is currently 2.3% of GDP.").from_
    2.3
    """
    if change.from_ is not None:
        return change
    if change.unit in {"year", "date"}:
        return _prior_date(change, context)
    t = make_template(context)
    for cue in _OWN_STANDING_VALUE if standing_only else _STANDING_VALUE:
        for m in re.finditer(cue, t.text, re.IGNORECASE):
            number = t.number(m.group(1))
            if (number.high is not None and change.delta is not None) or not _same_unit(
                number.unit, change.unit
            ):
                continue
            if change.delta is not None:
                return replace(change, from_=number.amount, to=round(number.value + change.delta, 6))
            if number.amount != change.to:
                return replace(change, from_=number.amount)
    if not standing_only and change.unit.startswith("%") and change.delta is None:
        return _from_step_told(change, context)
    return change


_FROM_STEP_TOLD_RX2 = re.compile(
    rf"{_GAP80}\bto\s+(?:\w+\s+){{0,3}}?⟦",
)


_FROM_STEP_TOLD_RX = re.compile(
    rf"\b({DOWN}|{UP})\b{_GAP80}\bby\s+(?:another\s+|a\s+further\s+|a\s+)?{N}",
)


def _from_step_told(change: QuantityChange, context: str) -> QuantityChange:
    """A rate's old value from the step told nearby: 'trimmed the policy rate by a further quarter
    point' ... 'leaving it in a band of 4.25% to 4.5%' -> from '4.5-4.75'."""
    t = make_template(context)
    for m in _FROM_STEP_TOLD_RX.finditer(t.text):
        step = t.number(m.group(2))
        if step.unit not in {"bp", "pp"} or _FROM_STEP_TOLD_RX2.match(t.text[m.end() :]):
            continue  # a step with its own level is another change
        delta = step.value / 100 if step.unit == "bp" else step.value
        sign = 1 if re.fullmatch(DOWN, m.group(1).lower()) else -1
        bounds = [float(v) for v in str(change.to).split("-") if v] if change.to is not None else []
        if bounds and not str(change.to).startswith("-"):
            return replace(change, from_=fmt(*(round(v + sign * delta, 6) for v in bounds)))
    return change


# Where a text states the value in force, most explicit first: 'currently 2.3% of GDP', then
# 'the (roughly) one per cent ceiling' / 'the 2% spending target' (a setting named by its value).
_STANDING_VALUE = (
    rf"\b(?:current(?:ly)?|at present|now stands? at|existing)\b{_GAP80}{N}",
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
)
# In the change's own sentence an instrument named by its value is the one that moves ('built its
# model around a 12.5% corporation tax rate ... lift the rate to 15%'); elsewhere in the article
# it may be another event's ('the 20 percent tariff on the EU' is not the tariff on China).
_OWN_STANDING_VALUE = (
    rf"\b(?:the|its|a|an)\s+(?:\w+\s+)?{N}\s+(?:[\w-]+\s+){{0,3}}?"
    r"(?:target|goal|ceiling|threshold|benchmark|guideline|cap|limit|rate|tax|tariff|duty|levy|fee)s?\b",
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


def _prior_date(change: QuantityChange, context: str) -> QuantityChange:
    """A moved date's old value from a sentence that tells the same move: 'originally meant for 2030
    but now 2035' fills 'pushed back to 2035'."""
    for move in find_date_moves(context):
        if move.from_ is not None and str(move.to) == str(change.to):
            return replace(change, from_=move.from_)
    for m in _PRIOR_DATE_RX.finditer(context):
        old = parse_date(m.group("d"))
        if old is not None and str(old) != str(change.to):
            return replace(change, from_=old)
    return change


def _same_unit(a: str, b: str) -> bool:
    if a == b:
        return True
    if a.startswith("%") and b.startswith("%"):
        return "% of" not in a + b or "%" in {a, b}  # '% tax' and '% rate' alike, '% of GDP' only with '%'
    # 'N197' is the old value of 'N617 a litre': a sum told without its measure is in the same one
    return is_money(a) and is_money(b) and (a.startswith(f"{b} per ") or b.startswith(f"{a} per "))
