"""Before and after of an article event, from its sentences and the rest of the article text.

- A numeric change reads its values as the text writes them: '2.5% of GDP', '$7.99 a month',
  'five days a week', with the target year's own words ('by 2027') when stated.
- A stance the change replaces is often told in another sentence about the same instrument: 'The
  levy had been due to start in May.' -> before 'levy had been due to start in May'.
Pure functions over strings; slices of the text keep its spacing.
"""

from __future__ import annotations

import re

from services.extract.quantity_context import split_sentences
from services.extract.quantity_numbers import Number, find_numbers
from services.extract.rules.lexicon import word_set

_MAX_WORDS = 12
# Words that state the standing before a change: 'had pledged', 'previously', 'since 2018'.
_PRIOR_CUE = re.compile(
    r"\b(?:had\s+(?:long\s+)?(?:been\s+)?(?:pledged|promised|planned|introduced|imposed|required|banned|set|"
    r"allowed|permitted|in place|due|scheduled|committed|recommended|capped|limited|intended|expected to)|"
    r"previously|formerly|originally|until now|used to|since (?:(?:January|February|March|April|May|June|"
    r"July|August|September|October|November|December)\s+)?(?:19|20)\d\d|"
    r"(?:was|were|had been) (?:due|set|scheduled|meant|supposed|planned) to|"
    r"(?:was|were) introduced in|in place since|currently|existing)\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[,;:()\u2014\u2013]|\s-\s|\bbut\b|\bwhile\b|\bafter\b|\bwhen\b")
_LEADING = re.compile(
    r"^(?:the|a|an|its|their|his|her|this|that|these|those|and|which|who)\s+", re.IGNORECASE
)
_YEAR_WORDS = r"(?:by|in|from|until|starting|starting in|by the end of|from the start of)"


def value_phrase(value: float | str | None, unit: str | None, sentences: list[str]) -> str | None:
    """The value as the sentences write it ('2.5% of GDP', 'EUR 9 billion'), else formatted from
    the number and unit ('2.5% of GDP', '270000'). The last of `sentences` (the article text) is
    searched only when the others do not hold the value."""
    if value is None:
        return None
    for group in (sentences[:-1], sentences[-1:]):  # the event's sentences, then the whole text
        found = [(s, n) for s in group for n in find_numbers(s) if _same_value(n, value, unit)]
        for sentence, number in sorted(found, key=lambda f: f[1].unit != unit):  # same unit first
            return sentence[number.start : number.end]
    return _formatted(value, unit)


def with_year(phrase: str | None, year: int | None, sentences: list[str]) -> str | None:
    """'5% of GDP' + 2035 -> '5% of GDP by 2035' with the text's own preposition."""
    if phrase is None or year is None or str(year) in phrase:
        return phrase
    for sentence in sentences:
        m = re.search(rf"\b{_YEAR_WORDS}\s+(?:the end of\s+)?{year}\b", sentence)
        if m:
            return f"{phrase} {m.group(0)}"
    return phrase


def prior_stance(text: str, head: str, start: int, end: int) -> str | None:
    """The standing before the change, from the sentence of the article nearest the evidence that
    names the instrument (`head`) in the clause of a cue such as 'had pledged', 'previously',
    'since 2018': 'The levy, due to start in May, had been promised since 2022.' -> 'levy ... had
    been promised since 2022' (the clause, from the earlier of the noun and the cue)."""
    if len(head) < 3:
        return None
    noun = re.compile(rf"\b{re.escape(head)}(?:s|es)?\b", re.IGNORECASE)
    if _PRIOR_CUE.search(text) is None:
        return None
    for sentence in sorted(split_sentences(text), key=lambda s: abs(s.start - start)):
        words = text[sentence.start : sentence.end]
        for cue in _PRIOR_CUE.finditer(words):
            left, right = _clause_around(words, cue.start(), cue.end())
            found = noun.search(words, left, right)
            if found is None:
                continue
            clause = words[min(found.start(), cue.start()) : right]
            phrase = _LEADING.sub("", clause.strip(" .\"'\u201c\u201d")).strip()
            if 2 <= len(phrase.split()) <= _MAX_WORDS:
                return phrase
    return None


def _clause_around(sentence: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _CLAUSE_END.finditer(sentence, 0, start)), default=0)
    right = next((m.start() for m in _CLAUSE_END.finditer(sentence, end)), len(sentence))
    return left, right


def _same_value(number: Number, value: float | str, unit: str | None) -> bool:
    """The number of the value; a bare number ('270,000') only for a value without unit."""
    if isinstance(value, str):
        return number.high is not None and number.amount == value
    measured = bool(number.unit) or not unit
    return number.high is None and abs(number.value - value) < 1e-9 and measured


def _formatted(value: float | str, unit: str | None) -> str:
    text = f"{value:g}" if isinstance(value, float) else str(value)
    if not unit or unit == "year":
        return text
    if unit.startswith("%"):
        rest = unit[1:].strip()
        return f"{text}% {rest}" if rest.startswith("of ") else f"{text}%"
    return f"{text} {unit}"


# Heads too generic to name the policy alone ('the trial', 'the program'), and heads that are no
# policy but qualify one elsewhere in the story ('return to the office' -> 'return-to-office policy').
_GENERIC_HEADS = word_set(
    """trial program programme scheme plan project initiative policy law rule agreement convention treaty
    accord pact regulation decree framework"""
)
_QUALIFIED_HEADS = word_set("office role border")
_POLICY_AFTER = r"(?:policy|mandate|rule|requirement|plan|programme|program|scheme|guarantee|trial|order)"
_NOT_MODIFIERS = word_set(
    """the a an its their his her our this that these those new current existing planned proposed
    previous former original entire whole first latest so-called controversial said says and or of to
    for on in at by with from as is was be been has had have will would can could which who that it
    city's government's"""
)


_DATE_WORDS = word_set(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december today yesterday"""
)


def specific_topic(topic: str, head: str, text: str) -> str:
    """A bare generic topic ('trial', 'program', 'office') named the way the article names it
    elsewhere, the longest such name: 'the low traffic neighbourhood trial' -> 'low traffic
    neighbourhood trial'; 'a return-to-office policy' -> 'return-to-office policy'. Unchanged when
    the topic already has modifiers or the article has no longer name."""
    if len(topic.split()) > 1 or head not in _GENERIC_HEADS | _QUALIFIED_HEADS:
        return topic
    best = topic
    for start, end in _named_mentions(head, text):
        if len(text[start:end].split()) > len(best.split()):
            best = text[start:end]
    return best


def _named_mentions(head: str, text: str) -> list[tuple[int, int]]:
    """Spans of the head with the modifiers written before it, or of a policy it qualifies."""
    qualified = head in _QUALIFIED_HEADS
    noun = (
        rf"\b[\w-]*{re.escape(head)}[\s-]+(?:[a-z]+\s+)?{_POLICY_AFTER}s?\b"
        if qualified
        else rf"\b{re.escape(head)}s?\b"
    )
    out = []
    for m in re.finditer(noun, text, re.IGNORECASE):
        start = _modifiers_start(text, m.start())
        if start < m.start() or qualified:
            out.append((start, m.end()))
    return out


def _modifiers_start(text: str, pos: int) -> int:
    """Where the run of up to 3 modifier words before `pos` starts ('congestion pricing' before
    'program'; not 'the', not a possessive, not an adverb)."""
    start = pos
    for _ in range(3):
        m = re.search(r"(?:^|(?<=[\s\"(\u201c]))([A-Za-z][\w-]*)[ \t]+$", text[max(0, start - 40) : start])
        if m is None or not _modifier(m.group(1)):
            break
        start -= len(m.group(0))
    return start


def _modifier(word: str) -> bool:
    """'congestion pricing' before 'program' modifies it; 'Tuesday unveiled' before 'plans' does not
    ('s' of a possessive, a weekday or month, a past verb or adverb are no modifiers)."""
    lower = word.lower()
    if lower in _NOT_MODIFIERS or lower in _DATE_WORDS or lower.endswith("ly"):
        return False
    return "-" in word or not lower.endswith("ed")
