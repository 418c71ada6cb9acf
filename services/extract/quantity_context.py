"""Which quantity belongs to an event, and quantities stated outside the sentence of the change: the
current value, an 'originally 2030, now 2035' sentence about the same instrument, or the amount
told a sentence or two away.

The rule (`event_quantity`): an event's quantity comes from its own evidence sentence (the change
told about its topic when the sentence tells several), else from an adjacent sentence about the
same topic; never from another event's evidence sentence, so one number is not copied onto every
event of an article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date

from services.extract.memo import per_text
from services.extract.quantities import (
    QuantityChange,
    candidate_changes,
    find_quantities,
    find_quantity_change,
    quantity_in_sentence,
)
from services.extract.quantities import with_prior_value as fill
from services.extract.quantity_grammar import DOWN, UP
from services.extract.rules.numbers import QuantityFound, find_quantity

# A sentence ends after . ! ? (and closing quotes) before a capital or an opening quote, or at a
# line break; not after an initial ('U.S. officials') or a title ('Mr. Smith').
_BOUNDARY = re.compile(
    r"(?<!\b[A-Z]\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bMrs\.)"
    r"(?<=[.!?])[\"'\u201d\u2019)]*[ \t]+(?=[\"'\u201c\u2018(]?[A-Z0-9])|[ \t]*\n\s*"
)
_WINDOW = 2  # sentences either side of the evidence
_NOT_SETTINGS = frozenset({"year", "days", "weeks", "months", "hours", "years"})
_GENERIC = frozenset({"year", "month", "week", "day", "people", "time", "say", "able"})


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int


def with_prior_value(quantity: QuantityFound, text: str) -> QuantityFound:
    """'raise spending to 2.5% of GDP' + 'spending is currently 2.3% of GDP' elsewhere -> from 2.3."""
    if quantity.from_ is not None or quantity.to is None:
        return quantity
    change = QuantityChange(
        from_=None, to=quantity.to, unit=quantity.unit or "", year=quantity.year, start=0, end=0, pattern=""
    )
    filled = fill(change, text)
    return replace(quantity, from_=filled.from_) if filled.from_ is not None else quantity


def quantity_about(
    head: str,
    text: str,
    *,
    others: Sequence[tuple[int, int]] = (),
    topic: str | None = None,
    own: str = "",
) -> QuantityFound | None:
    """A from -> to change in a sentence naming the instrument: 'The ban was originally meant for
    2030 but will now start in 2035' for head 'ban'. A sentence overlapping `others` (the evidence
    of the article's other events) is read only when it names another word of `topic` too (a
    retelling of the same shift), never without a topic: 'cut the corporate tax to 24% from 25%'
    is not the quantity of 'the tax on dividends'. A change going the other way from the event's
    `own` sentence is another story ('going rates will be lifted' takes no 'ends the 20% discount
    on going rates')."""
    if len(head) < 3:
        return None
    pattern = re.compile(rf"\b{re.escape(head)}s?\b", re.IGNORECASE)
    words = _topic_stems(topic, head) if topic else set()
    for span in split_sentences(text):
        sentence = text[span.start : span.end]
        if _overlaps(span, others) and not (words & {w[:5] for w in _STEMS_RX.findall(sentence.lower())}):
            continue
        if pattern.search(sentence):
            found = find_quantity(sentence, topic=topic)
            if found is None or found.from_ is None or found.to is None:
                continue
            if not (own and _against(own, found, sentence)):
                return found
    return None


def quantity_nearby(
    text: str,
    start: int,
    end: int,
    scope: Iterable[str],
    *,
    vague: bool = False,
    others: Sequence[tuple[int, int]] = (),
) -> QuantityFound | None:
    """The amount of a change told a sentence or two away, nearest first, in a sentence about the
    same thing (sharing a word with `scope`, the words of what changes), or, for a `vague` change
    that names no instrument, anywhere in its paragraph (a quote's earlier sentences).

    'Viewers will no longer share logins freely. Anyone sharing a login will pay an extra $5 a
    month.' with scope {'share', 'login'} -> to 5 (dollars per month). The old value may be
    another number in the same unit in the paragraph: 'Two percent is not enough. We call for
    four percent. We will no longer accept this.' (vague) -> 2 to 4.
    """
    sentences = split_sentences(text)
    inside = [i for i, s in enumerate(sentences) if s.start < end and s.end > start]
    if not inside:
        return None
    first, last = inside[0], inside[-1]
    paragraph = sentences[first].paragraph
    stems = {_stem(w) for w in scope if w not in _GENERIC}
    near = [i for i in range(len(sentences)) if 0 < first - i <= _WINDOW or 0 < i - last <= _WINDOW]
    for i in sorted(near, key=lambda i: (max(first - i, i - last), i > last)):
        sentence = sentences[i]
        if _overlaps(sentence, others):
            continue  # another event's sentence: its number is that event's
        words = text[sentence.start : sentence.end]
        if _MARKET.search(words) or _DONE_BEFORE.search(words):
            continue  # a market's move is no setting's; a change already made is not this one
        same_paragraph = sentence.paragraph == paragraph
        if not (vague and same_paragraph) and not stems & _stems(words):
            continue
        found = find_quantity(words)
        if found is None or found.to is None or (found.unit or "") in _NOT_SETTINGS:
            continue
        if _against(text[start:end], found, words):
            continue  # 'the budget has been cut back' borrows no '20% rise' told beside it
        if found.from_ is None and same_paragraph:
            passage = [
                text[s.start : s.end] for s in sentences if s.paragraph == paragraph and s is not sentence
            ]
            found = _old_value_in(found, passage)
        return found
    return None


def event_quantity(
    text: str,
    start: int,
    end: int,
    *,
    topic: str | None = None,
    others: Sequence[tuple[int, int]] = (),
    published: date | None = None,
) -> QuantityFound | None:
    """The quantity of the event told at text[start:end], by the rule of this module: its own
    sentence first (the change about `topic`), then the adjacent sentence either side that names
    the topic, skipping the evidence of other events (`others`); a missing old value is taken from
    the adjacent sentences first, then from the rest of the article, never from another event's
    evidence. `published`, the article's date, dates what it tells relative to it ('next year').

    >>> text = "Oslo raised the fee to 50 crowns. Bergen cut its toll to 20 crowns from 30 crowns."
    >>> found = event_quantity(text, 0, 33, topic="fee", others=[(34, 84)])
    >>> (found.from_, found.to)
    (None, 50.0)
    """
    sentences = split_sentences(text)
    own = [s for s in sentences if s.start < end and s.end > start]
    if not own:
        return None
    first, last = sentences.index(own[0]), sentences.index(own[-1])
    free = [
        s
        for i, s in enumerate(sentences)
        if 0 < first - i <= 1 or 0 < i - last <= 1
        if not _overlaps(s, others)
    ]
    own_text = text[own[0].start : own[-1].end]
    rest = [s for s in sentences if s not in free and s not in own and not _overlaps(s, others)]
    around = " ".join(text[s.start : s.end] for s in [*free, *rest])
    found = quantity_in_sentence(own_text, topic=topic, context=around, published=published)
    if found is None:
        found = _level_of_step(text, sentences[max(0, first - 2) : last + 3], own, own_text, others)
    if topic and (found is None or (found.from_ is None and found.pattern in _STEP_ONLY)):
        found = _told_beside(text, free, start, topic, f"{own_text} {around}", own_text) or found
    if found is None and last + 1 < len(sentences):
        found = _detail_after(text, sentences[last + 1], own_text, others)
    if found is None:
        return None
    if found.from_ is None:
        found = _retold_in_full(text, sentences[max(0, first - 2) : last + 3], own, others, found)
    if found.pattern in _STEP_ONLY:
        near = sentences[max(0, first - 2) : last + 3]
        found = _levels_of_step(text, near, own, own_text, others) or found
    return QuantityFound(found.from_, found.to, found.unit or None, found.year, found.pattern)


def _detail_after(
    text: str, sentence: Sentence, own_text: str, others: Sequence[tuple[int, int]]
) -> QuantityChange | None:
    """A change told without any number, its full from -> to in the very next sentence: 'Canada
    will cut its immigration targets.' + 'It will admit 395,000 permanent residents in 2025, down
    from 485,000.' -> 485,000 to 395,000."""
    if any(n.unit not in _NOT_SETTINGS for n in find_quantities(own_text)) or _overlaps(sentence, others):
        return None
    told = text[sentence.start : sentence.end]
    if _MARKET.search(told) or _DONE_BEFORE.search(told):
        return None  # a market's move, or a change already made: 'It has already cut X to 9 from 18.'
    change = find_quantity_change(told)
    if change is None or change.from_ is None or change.unit in {"date", "year"}:
        return None
    return replace(_undone(change, told, own_text), pattern="detail_after")


# A change the next sentence tells as done before the news is no detail of the news.
_DONE_BEFORE = re.compile(
    r"\b(?:already|previously|earlier this year|last year|had (?:been|already))\b", re.IGNORECASE
)


def _undone(change: QuantityChange, told: str, own_text: str) -> QuantityChange:
    """A plan called off ('will not go ahead with the increase') whose change the next sentence
    tells in the conditional ('would have raised the share to two-thirds from one-half'): the
    story's change goes back, from the planned value to the one kept (66.7 -> 50)."""
    if change.from_ is None or not own_text or not _COUNTERFACTUAL.search(told):
        return change
    if not _CALLED_OFF.search(own_text) or any(
        n.unit not in _NOT_SETTINGS for n in find_quantities(own_text)
    ):
        return change
    return replace(change, from_=change.to, to=change.from_)


# 'The measure would have raised the share ... to two-thirds from one-half' after 'will not go ahead
# with the increase': the plan's values, undone.
_COUNTERFACTUAL = re.compile(r"\b(?:would|was\s+to|were\s+to)\s+have\s+\w+", re.IGNORECASE)
_CALLED_OFF = re.compile(
    r"\b(?:not\s+(?:go\s+ahead|proceed)|scrap\w*|cancel\w*|abandon\w*|drop\w*|shelv\w*|withdr[ae]w\w*|"
    r"revers\w*|kill\w*|ditch\w*|axe[sd]?|rescind\w*|call\w*\s+off|back\w*\s+down)\b",
    re.IGNORECASE,
)


def _retold_in_full(
    text: str,
    near: list[Sentence],
    own: list[Sentence],
    others: Sequence[tuple[int, int]],
    found: QuantityChange,
) -> QuantityChange:
    """A new level told again a sentence or two away with its old value: 'will raise defence
    spending to 2.5% of GDP' ... 'The rise to 2.5% of GDP, from 2.1% now, ...' -> from 2.1."""
    for told in _told_nearby(text, near, own, others):
        for change in candidate_changes(told):
            if change.from_ is not None and str(change.to) == str(found.to) and change.unit == found.unit:
                return replace(found, from_=change.from_)
    return found


def _levels_of_step(
    text: str, near: list[Sentence], own: list[Sentence], own_text: str, others: Sequence[tuple[int, int]]
) -> QuantityChange | None:
    """A cut or rise told only as an amount, its old and new levels told a sentence or two away,
    apart by one of the amounts: 'cut power prices by Rs7 a unit for homes and Rs9 for industry' ...
    'the industrial rate falls to Rs41 a unit from Rs50' -> 50 to 41. Amounts in percent are left
    out: a 20% cut and levels 6 -> 4 tell different things."""
    steps = [n for n in find_quantities(own_text) if n.high is None and not n.unit.startswith("%")]
    if not steps:
        return None
    for told in _told_nearby(text, near, own, others):
        for change in candidate_changes(told):
            old, new = change.from_, change.to
            if not isinstance(old, float) or not isinstance(new, float) or change.unit in {"date", "year"}:
                continue
            if any(
                _base(n.unit) == _base(change.unit) and abs(abs(old - new) - n.value) < 0.005 for n in steps
            ):
                return replace(change, pattern="levels_of_step")
    return None


def _base(unit: str) -> str:
    """A unit without its 'per ...' part: 'rupees per unit' -> 'rupees'."""
    return unit.split(" per ")[0].strip()


_RATE_WORD = re.compile(r"\b(?:rates?|range|band|corridor)\b", re.IGNORECASE)
# A sentence that tells how a market moved ('Brent crude rose 37 cents to $65.14', 'the pound slid
# past 50 to the dollar', 'shares fell 3%'): its numbers belong to no event told beside it.
_MARKET = re.compile(
    r"\b(?:crude|brent|wti|oil\s+prices?|futures|shares|stocks|dow|s&p|nasdaq|nikkei|ftse|dax|index|"
    r"bond\s+yields?|yields?|pound|dollar|euro|yen|rupee|lira|peso|rand|currency)\b[^.;]{0,40}?\b(?:rose|fell|"
    r"slid|slumped|climbed|jumped|dropped|tumbled|rallied|gained|lost|weakened|strengthened|firmed|"
    r"traded)\b",
    re.IGNORECASE,
)


def _level_of_step(
    text: str, near: list[Sentence], own: list[Sentence], own_text: str, others: Sequence[tuple[int, int]]
) -> QuantityChange | None:
    """A rate step told without its level, the level told a sentence or two away: 'lowered its key
    rate by another quarter point' ... 'left the rate in a band of 3.5% to 3.75%' -> from
    '3.75-4' to '3.5-3.75'."""
    if not _STEP_RX.search(own_text):
        return None
    start = own[0].start
    for sentence in sorted(near, key=lambda s: abs(s.start - start)):
        if sentence in own or _overlaps(sentence, others):
            continue
        told = text[sentence.start : sentence.end]
        if not _RATE_WORD.search(told) or _MARKET.search(told):
            continue
        level = find_quantity_change(told)
        if level is None or level.from_ is not None or not level.unit.startswith("%"):
            continue
        filled = fill(level, own_text)
        if filled.from_ is not None:
            return filled
    return None


# A step in points: 'by 25 basis points', 'by another quarter percentage point', 'by half a point'.
_STEP_RX = re.compile(
    r"\bby\s+(?:another\s+|a\s+further\s+)?(?:\d+(?:\.\d+)?\s*(?:basis|percentage)[\s-]+points?|bps?\b|"
    r"(?:an?\s+|one\s+)?(?:quarter|half)(?:[\s-]+of)?(?:[\s-]+an?)?[\s-]+(?:percentage[\s-]+)?point|"
    r"(?:\w+\s+)(?:basis|percentage)[\s-]+points?)",
    re.IGNORECASE,
)


# Patterns whose value is a step or a bare amount, not the setting's level: a full change told
# about the same topic in the next sentence is the better quantity ('lifted the minimum wage by
# 3.5%' ... 'the minimum wage rises to $24.95 an hour from $24.10').
_STEP_ONLY = frozenset({"by_amount", "multiplied_only", "noun_change", "bare_level"})


_TOLD_BESIDE_RX2 = re.compile(
    r"[a-z]+",
)


_TOLD_BESIDE_RX = re.compile(
    r"[a-z]+",
)


def _told_beside(
    text: str, free: list[Sentence], start: int, topic: str, context: str, own_text: str = ""
) -> QuantityChange | None:
    """The change an adjacent sentence naming the topic tells (a full from -> to first); a plan's
    change told in the conditional beside its calling off is undone (`_undone`)."""
    words = {w[:5] for w in _TOLD_BESIDE_RX.findall(topic.lower()) if len(w) > 3} - _TOPIC_GENERIC
    found: list[QuantityChange] = []
    for sentence in sorted(free, key=lambda s: abs(s.start - start)):
        told = text[sentence.start : sentence.end]
        if _MARKET.search(told):
            continue
        if words & {w[:5] for w in _TOLD_BESIDE_RX2.findall(told.lower()) if len(w) > 3}:
            change = quantity_in_sentence(told, topic=topic, context=context)
            if change is not None and not _against(own_text, change, told):
                found.append(_undone(change, told, own_text))
    return next((c for c in found if c.from_ is not None), found[0] if found else None)


def _against(own_text: str, change: QuantityChange | QuantityFound, told: str) -> bool:
    """Whether a change told beside goes the other way from the event's own sentence: 'The budget
    itself has been cut back hard.' takes nothing from 'It is the second 20% rise in the dues, after
    one written into the last budget' (a rise of another thing that names the budget)."""
    own = _told_direction(own_text)
    if own == 0:
        return False  # no direction told, or both ('cut one levy and raised another')
    return (_direction(change) or _told_direction(told)) == -own


def _told_direction(text: str) -> int:
    """+1 when the text tells only a rise, -1 only a fall, else 0."""
    up, down = bool(_UP_RX.search(text)), bool(_DOWN_RX.search(text))
    return 0 if up == down else (1 if up else -1)


def _direction(change: QuantityChange | QuantityFound) -> int:
    """+1 for a rise, -1 for a fall, 0 when the change does not say."""
    if isinstance(change.from_, float) and isinstance(change.to, float) and change.from_ != change.to:
        return 1 if change.to > change.from_ else -1
    unit = change.unit or ""
    if "increase" in unit:
        return 1
    return -1 if re.search(r"\b(?:cut|decrease|reduction)\b", unit) else 0


_UP_RX = re.compile(rf"\b(?:{UP})\b", re.IGNORECASE)
_DOWN_RX = re.compile(rf"\b(?:{DOWN})\b", re.IGNORECASE)


def _topic_stems(topic: str, head: str) -> set[str]:
    """The topic's own words other than its head, cut to five letters ('retirement' ~ 'retire')."""
    words = {w for w in _TOLD_BESIDE_RX.findall(topic.lower()) if len(w) > 3 and not w.startswith(head[:5])}
    return {w[:5] for w in words} - _TOPIC_GENERIC


_TOPIC_GENERIC = frozenset({"with", "from", "that", "this", "their", "other", "rate", "rates", "polic"})


def _told_nearby(
    text: str, near: list[Sentence], own: list[Sentence], others: Sequence[tuple[int, int]]
) -> Iterator[str]:
    """The text of each nearby sentence that is neither the event's own, nor another event's, nor
    a market's move: where an old or new level told apart from the change may be read."""
    for sentence in near:
        if sentence in own or _overlaps(sentence, others):
            continue
        told = text[sentence.start : sentence.end]
        if not _MARKET.search(told):
            yield told


def _overlaps(sentence: Sentence, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a < sentence.end and sentence.start < b for a, b in spans)


@per_text
def split_sentences(text: str) -> list[Sentence]:
    """Sentence spans with their paragraph (a line break starts one): the cheap splitter's rules."""
    out: list[Sentence] = []
    paragraph = cursor = 0
    for m in _BOUNDARY.finditer(text):
        if text[cursor : m.start()].strip():
            out.append(Sentence(cursor, m.start(), paragraph))
        paragraph += "\n" in m.group()
        cursor = m.end()
    if text[cursor:].strip():
        out.append(Sentence(cursor, len(text.rstrip()), paragraph))
    return out


def _old_value_in(found: QuantityFound, passage: list[str]) -> QuantityFound:
    """Another number in the same unit in the passage is the value being replaced."""
    unit = found.unit or ""
    for sentence in passage:
        for number in find_quantities(sentence):
            if number.amount != found.to and number.high is None and _alike(number.unit, unit):
                return replace(found, from_=number.amount)
    return found


def _alike(a: str, b: str) -> bool:
    return bool(a) and (a == b or (a.startswith("%") and b.startswith("%")))


_STEMS_RX = re.compile(
    r"[a-z]+",
)


def _stems(text: str) -> set[str]:
    return {_stem(w) for w in _STEMS_RX.findall(text.lower()) if len(w) > 2}


def _stem(word: str) -> str:
    """'sharing', 'shares', 'share' -> 'shar': enough to link two sentences about one activity."""
    word = word.lower()
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word
