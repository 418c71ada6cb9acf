"""From sentence candidates to article events: resolve actors from context, merge, score.

One event per (actor, topic) per article: candidates with the same actor and overlapping topic
words are merged; the other sentences become extra evidence.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from services.extract.actors import ActorRef
from services.extract.candidates import ShiftCandidate
from services.extract.confidence import score
from services.extract.context import ArticleContext, Mention
from services.extract.dating import article_date, told_as_history
from services.extract.event_phrases import prior_stance, specific_topic, value_phrase, with_year
from services.extract.quantities import renamed_change
from services.extract.quantity_context import (
    event_quantity,
    quantity_about,
    quantity_nearby,
    with_prior_value,
)
from services.extract.quantity_units import is_money
from services.extract.retellings import fold_derived, fold_headline, fold_vehicles
from services.extract.rules.lexicon import NUMERIC
from services.extract.rules.numbers import LISTED_LEVEL, QuantityFound
from shared.contract import Evidence, PolicyShift, Quantity

_GENERIC_TOPIC_WORDS = {
    "policy",
    "plan",
    "new",
    "current",
    "measure",
    "move",
    "decision",
    "the",
    "a",
    "of",
    "on",
    "for",
    "to",
    "in",
    "and",
    "its",
    "us",
    "u.s.",
}
_EXTRACTOR = "rules-1"
_HEAD_CLASSES = {
    "duty": "tariff",
    "levy": "tariff",
    "tax": "tariff",
    "tariff": "tariff",
    "programme": "program",
    "scheme": "program",
    "initiative": "program",
    "program": "program",
    "rate": "rate",
    "target": "target",
    "goal": "target",
    "restriction": "ban",
    "curb": "ban",
    "prohibition": "ban",
    "embargo": "ban",
    "moratorium": "ban",
    "licence": "permit",
    "license": "permit",
    "permit": "permit",
    "loan": "loan",
    "facility": "loan",
    "bailout": "loan",
}
# A change told in the past and dated more than this before the article's publication is background.
_RECENT_DAYS = 14
# An actor has one of these at a time: two changes to it in one story are one event (a lender's
# 'four-year loan' and its 'Extended Credit Facility' are the same loan).
_ONE_PER_ACTOR = {"rate", "loan"}
_UNDOING_TYPES = {"reversal", "withdrawal"}
# Nouns any policy can be called: with no other word, the topic points back to one told before.
_POINTING_NOUNS = {"measure", "program", "programme", "scheme", "initiative", "step", "change", "proposal"}
# A stop put the other way: 'halted the toll' told again as 'paused the program'.
_PAUSES = {"pause", "suspend", "halt", "freeze", "shelve"}
# What a customer pays: 'raises its prices' told first, then what each plan now costs.
_PRICE_HEADS = {"price", "fee", "fare", "toll", "charge", "subscription", "cost"}
# How far (characters) after a price change told with no value its values may follow.
_PRICE_DETAIL_GAP = 300
_TRADE_WORDS = {"import", "export", "good", "product", "shipment", "item"}
# What holds settings rather than being one: undone, it takes its settings with it.
_FRAMES = {"framework", "regime", "system", "mechanism", "arrangement"}
# Words of size, not of what: 'the steep tariffs' names no more than 'the tariffs' does, so it is
# the 'duties on Chinese imports' the story then details.
_DEGREE_WORDS = {
    "steep",
    "hefty",
    "high",
    "higher",
    "heavy",
    "punitive",
    "sweeping",
    "huge",
    "massive",
    "tough",
    "tougher",
    "strict",
    "stricter",
    "sharp",
    "additional",
    "extra",
    "existing",
}


@dataclass(frozen=True)
class ArticleRef:
    id: str
    version: int = 1
    url: str | None = None
    title: str = ""
    source: str = "unknown"
    published_at: object = None


@dataclass(frozen=True)
class ArticleText:
    """An article's cleaned text (evidence offsets point into it) and what events cite of it."""

    ref: ArticleRef
    text: str


def resolve_actors(candidates: list[ShiftCandidate], context: ArticleContext) -> list[ShiftCandidate]:
    """Fill each unresolved actor ('he', 'the government') from the article context; drop the rest."""
    context = context.with_actors([Mention(c.start, c.actor) for c in candidates if c.actor is not None])
    out = []
    for candidate in candidates:
        if _dated_before(candidate, context.latest_year):
            continue
        if candidate.features.get("past_it"):
            actor = _previous_actor(candidate, candidates, context.text)
            if actor is None:
                continue  # 'It mandated developers to...': the policy just named, telling what it did
            candidate = replace(candidate, actor=actor, announced_by=candidate.announced_by or actor.official)
        if (
            candidate.actor is not None
            and candidate.features.get("entity_actor")
            and _titled(candidate.actor, context.text)
        ):
            candidate = replace(
                candidate, actor=None, actor_text=""
            )  # 'the Omnibus proposes': a plan, not who
        if candidate.actor is None:
            ref = context.resolve(candidate.actor_text or "", candidate.start)
            if ref is None and candidate.actor_fallback:
                ref = ActorRef(candidate.actor_fallback, "other")
            if ref is None:
                continue
            candidate = replace(candidate, actor=ref, announced_by=candidate.announced_by or ref.official)
        out.append(candidate)
    return out


def _previous_actor(
    candidate: ShiftCandidate, candidates: list[ShiftCandidate], text: str
) -> ActorRef | None:
    """'Brazil raised its ethanol blend to 30%. It also scrapped the tariff on solar panels.': a
    past-tense 'it' right after a sentence in which a named actor made a change is that actor."""
    for other in candidates:
        between = text[other.end : candidate.start]
        if other.actor is not None and other.end <= candidate.start and not between.strip(" \n\"'”"):
            return other.actor
    return None


def _titled(actor: ActorRef, text: str) -> bool:
    """The name is written in quotation marks in the article ('its "Digital Omnibus," a plan'): the
    title of a plan or law, which proposes nothing itself."""
    name = re.escape(actor.canonical)
    return (
        re.search(rf"[\"\u201c][^\"\u201c\u201d]{{0,40}}\b{name}\b[^\"\u201c\u201d]{{0,10}}[\"\u201d]", text)
        is not None
    )


def _dated_before(candidate: ShiftCandidate, latest: int | None) -> bool:
    """'The ban was introduced in 2018' in a 2025 story is background, not the news."""
    return candidate.year is not None and latest is not None and candidate.year < latest


def dated_weeks_before(candidate: ShiftCandidate, published: object) -> bool:
    """'The Bank cut rates in May' or 'raised the tariff on April 3' in a story published in late
    June is background (weeks before the news); 'cut rates on Thursday' or 'in June' is the news.
    A month with no year is the latest one not after publication."""
    if candidate.month is None or not isinstance(published, date):
        return False
    day_published = published.date() if isinstance(published, datetime) else published
    month, day = candidate.month
    year = candidate.year or (day_published.year if month <= day_published.month else day_published.year - 1)
    when = date(year, month, min(day or 31, calendar.monthrange(year, month)[1]))
    return (day_published - when).days > _RECENT_DAYS


def merge(candidates: list[ShiftCandidate]) -> list[list[ShiftCandidate]]:
    """Group candidates of one (actor, topic): 'tariffs on Chinese imports' ~ 'levy on Chinese imports'."""
    groups: list[list[ShiftCandidate]] = []
    for candidate in sorted(candidates, key=lambda c: c.start):
        for group in groups:
            if _same_event(group[0], candidate) or any(_same_sentence(c, candidate) for c in group):
                group.append(candidate)
                break
        else:
            groups.append([candidate])
    return fold_derived(fold_vehicles(groups))


def to_shift(
    group: list[ShiftCandidate],
    article: ArticleRef,
    text: str = "",
    others: Sequence[tuple[int, int]] = (),
) -> PolicyShift:
    """One event from its merged candidates; `others` are the evidence spans of the article's
    other events, whose quantities are theirs."""
    main = _main(group)
    assert main.actor is not None
    quantity, numeric = _event_quantity(group, main, text, others, _day(article.published_at))
    extra = [_evidence(c) for c in group if c is not main and c.sentence != main.sentence]
    moved = quantity is not None and quantity.from_ is not None and main.predicate in NUMERIC
    shift_type = (
        "numeric_change"
        if numeric or moved or (main.shift_type == "numeric_change" and quantity)
        else main.shift_type
    )
    before, after = _stances(group, main, quantity, text)
    topic = specific_topic(main.topic, main.topic_head, text)
    return PolicyShift(
        id=PolicyShift.make_id(article.id, main.actor.canonical, topic),
        article_id=article.id,
        article_version=article.version,
        article_url=article.url,
        article_title=article.title,
        source=article.source,
        published_at=article.published_at,  # type: ignore[arg-type]
        actor=main.actor.canonical,
        actor_type=main.actor.type,  # type: ignore[arg-type]
        announced_by=main.announced_by,
        topic=topic,
        shift_type=shift_type,  # type: ignore[arg-type]
        before=before,
        after=after,
        quantity=Quantity(from_=quantity.from_, to=quantity.to, unit=quantity.unit, year=quantity.year)
        if quantity
        else None,
        status=main.status,  # type: ignore[arg-type]
        evidence=_evidence(main),
        extra_evidence=extra,
        confidence=max(score(c, len(group) - 1) for c in group),
        extractor=_EXTRACTOR,
    )


def assemble(
    candidates: list[ShiftCandidate], context: ArticleContext, article: ArticleRef
) -> list[PolicyShift]:
    """The article's events: resolved, merged, one `PolicyShift` per (actor, topic)."""
    when = article_date(article.published_at, context.text)
    current = [
        c
        for c in candidates
        if not dated_weeks_before(c, article.published_at) and not told_as_history(c.sentence, when)
    ]
    groups = fold_headline(merge(resolve_actors(current, context)), article.title)
    spans = [(_main(group).start, _main(group).end) for group in groups]
    return [
        to_shift(group, article, context.text, spans[:n] + spans[n + 1 :]) for n, group in enumerate(groups)
    ]


def topic_words(topic: str) -> set[str]:
    words = set()
    for word in re.findall(r"[\w%]+", topic.lower()):
        if word in _GENERIC_TOPIC_WORDS or len(word) < 3:
            continue
        words.add(word[:-1] if len(word) > 4 and word.endswith("s") else word)
    return words


def _same_event(a: ShiftCandidate, b: ShiftCandidate) -> bool:
    """Same actor and instrument: 'duties on Chinese imports' ~ 'levy on Chinese imports', but not
    'ban on rice exports' ~ 'export duty on rice' (separate instruments are separate events)."""
    assert a.actor is not None and b.actor is not None
    if a.actor.canonical != b.actor.canonical or _listed_apart(a, b):
        return False
    if a.start != b.start and _same_full_value(a.quantity, b.quantity):
        return True  # 'cut its rate to 3.5% from 3.75%' ~ 'lowered borrowing costs to 3.5% from 3.75%'
    if _priced_detail(a, b):
        return True  # 'raises its prices in October' ... 'The Basic plan goes to $9.99 from $7.99'
    if _same_move(a, b) and _anaphoric(b.topic) and not _anaphoric(a.topic):
        return True  # 'scrapping a historic law' ... (later) 'the measures would be axed': told again
    if _head_class(a.topic_head) != _head_class(b.topic_head):
        return _framed(a, b) or _framed(b, a)
    if _head_class(a.topic_head) == "loan" and _to_other_borrowers(a.topic, b.topic):
        return False  # 'a $3bn loan to Egypt and a $1bn facility for Kenya': one lender, two loans
    if _head_class(a.topic_head) in _ONE_PER_ACTOR or _same_value(a.quantity, b.quantity):
        return True  # 'security spending' and 'defence spending', both to 2% of GDP: told twice
    rest_a = {_root(w) for w in topic_words(a.topic) - {_stem(a.topic_head)} - _DEGREE_WORDS}
    rest_b = {_root(w) for w in topic_words(b.topic) - {_stem(b.topic_head)} - _DEGREE_WORDS}
    if not rest_a or not rest_b:
        return True
    where = _where_words(a.topic) | _where_words(b.topic)
    if (rest_a & rest_b) - where:
        return True  # a shared word of what: 'levy on Chinese steel' ~ 'duties on Chinese steel'
    # sharing only where or which trade ('tariffs on Canadian canola oil' vs 'tariffs on Canadian
    # pork'): one event only when one of them names nothing more ('tariffs on Canadian goods')
    return bool(rest_a & rest_b) and (not rest_a - where or not rest_b - where)


def _priced_detail(vague: ShiftCandidate, detail: ShiftCandidate) -> bool:
    """A price raised or cut with no value of its own, then right after it what the product now
    costs, moved the same way ('raises its headline prices' ... 'The Basic plan goes to $9.99 a
    month from $7.99'): the second tells the first's figures, whatever it calls the product."""
    quantity = detail.quantity
    if vague.quantity is not None or _stem(vague.topic_head) not in _PRICE_HEADS:
        return False
    if quantity is None or not _full(quantity) or not is_money(quantity.unit or ""):
        return False
    if not 0 <= detail.start - vague.end <= _PRICE_DETAIL_GAP:
        return False
    if not isinstance(quantity.from_, float | int) or not isinstance(quantity.to, float | int):
        return False
    rise = quantity.to > quantity.from_
    return (vague.shift_type, rise) in {("hardening", True), ("softening", False)}


def _where_words(topic: str) -> set[str]:
    """Roots of a topic's names and trade words: 'Canadian', 'Chinese', 'imports', 'goods'."""
    named = {w.lower() for w in re.findall(r"[\w%]+", topic) if w[0].isupper()}
    return {_root(w) for w in topic_words(topic) if w in named or w in _TRADE_WORDS}


def _to_other_borrowers(topic_a: str, topic_b: str) -> bool:
    """'loan to Egypt' vs 'facility for Kenya': both name a borrower and not the same one. A
    lender has one loan per borrower, not one loan in all."""
    borrowers_a = set(re.findall(r"\b(?:to|for)\s+([A-Z]\w+)", topic_a))
    borrowers_b = set(re.findall(r"\b(?:to|for)\s+([A-Z]\w+)", topic_b))
    return bool(borrowers_a and borrowers_b and not borrowers_a & borrowers_b)


def _framed(frame: ShiftCandidate, part: ShiftCandidate) -> bool:
    """A framework undone and the setting it holds undone: 'drop its bond-yield cap
    framework' ~ 'will stop capping yields on ten-year bonds' (both undo; a word in common)."""
    if frame.topic_head not in _FRAMES or frame.start == part.start:
        return False
    if frame.shift_type not in _UNDOING_TYPES or part.shift_type not in _UNDOING_TYPES:
        return False
    own = {_root(w) for w in topic_words(frame.topic) - {_stem(frame.topic_head)} - _DEGREE_WORDS}
    return bool(own & {_root(w) for w in topic_words(part.topic)})


def _anaphoric(topic: str) -> bool:
    """A topic that only points back ('the measures', 'the plan', 'the programme'): no word of its
    own but a noun any policy can be called."""
    return not topic_words(topic) - _GENERIC_TOPIC_WORDS - _POINTING_NOUNS


def _same_move(told: ShiftCandidate, again: ShiftCandidate) -> bool:
    """The same kind of change, or a stop told again as a pause ('ordered a halt to the toll' ...
    'to pause the program indefinitely')."""
    if told.shift_type == again.shift_type:
        return True
    return told.shift_type == "reversal" and again.shift_type == "softening" and again.predicate in _PAUSES


def _root(word: str) -> str:
    """'Palestine' ~ 'Palestinian', 'defence' ~ 'defense': one word told two ways."""
    return word[:6]


def _same_value(a: QuantityFound | None, b: QuantityFound | None) -> bool:
    """Both mentions move the instrument to the same stated value and unit."""
    return a is not None and b is not None and a.to is not None and (a.to, a.unit) == (b.to, b.unit)


def _same_full_value(a: QuantityFound | None, b: QuantityFound | None) -> bool:
    """Both mentions move a setting from the same value to the same value in the same unit."""
    return (
        _full(a)
        and _full(b)
        and a is not None
        and b is not None
        and (a.from_, a.to, a.unit) == (b.from_, b.to, b.unit)
    )


def _head_class(lemma: str) -> str:
    return _HEAD_CLASSES.get(lemma, lemma)


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


def _same_sentence(a: ShiftCandidate, b: ShiftCandidate) -> bool:
    """Two readings of one sentence's change, unless they move different things to different
    values ('petrol to 29.84% from 25.92% and diesel to 18.44% from 14.34%'). Read as two types,
    they are one change when their topics share a word: 'scrap its sub-zero rate policy and lift
    borrowing rates'."""
    assert a.actor is not None and b.actor is not None
    if a.start != b.start or a.actor.canonical != b.actor.canonical:
        return False
    if _listed_apart(a, b):
        return False
    if a.participle != b.participle:
        return True  # 'will require a purchase, scrapping its open-door policy': one shift told twice
    return a.shift_type == b.shift_type or _one_instrument(a, b)


def _one_instrument(a: ShiftCandidate, b: ShiftCandidate) -> bool:
    """Topics that share a word and name no two instruments: 'negative interest rate policy' ~
    'borrowing rates', but not 'ban on the export of rice' ~ 'export duty on rice'."""
    heads = {_head_class(a.topic_head), _head_class(b.topic_head)} - _GENERIC_TOPIC_WORDS
    shared = {_root(w) for w in topic_words(a.topic)} & {_root(w) for w in topic_words(b.topic)}
    return len(heads) <= 1 and bool(shared)


def _listed_apart(a: ShiftCandidate, b: ShiftCandidate) -> bool:
    """One sentence moving two things to different values lists two changes ('petrol by 10%,
    diesel by 12%' too)."""
    return (
        a.start == b.start
        and _moved(a.quantity)
        and _moved(b.quantity)
        and not _same_value(a.quantity, b.quantity)
    )


def _moved(quantity: QuantityFound | None) -> bool:
    """A from -> to, a step, or one rate of a list ('a 100% tariff on X and a 25% levy on Y')."""
    return _full(quantity) or (quantity is not None and quantity.pattern in {"by_amount", LISTED_LEVEL})


def _full(quantity: QuantityFound | None) -> bool:
    return quantity is not None and quantity.from_ is not None and quantity.to is not None


def _main(group: list[ShiftCandidate]) -> ShiftCandidate:
    """The sentence that states the change best: the one with a full from -> to, else the first,
    unless the first's sentence says what it undoes in a participle ('will require a purchase,
    scrapping its open-door policy'): the policy undone names the shift."""
    for candidate in group:
        if candidate.quantity is not None and candidate.quantity.from_ is not None:
            return candidate
    first = group[0]
    if first.shift_type not in _UNDOING_TYPES:
        for candidate in group:
            if (
                candidate.start == first.start
                and candidate.participle
                and candidate.shift_type in _UNDOING_TYPES
            ):
                return candidate
    return first


def _day(published: object) -> date | None:
    """The article's publication day, whichever way it was given (a datetime, a date or None)."""
    day = published.date() if isinstance(published, datetime) else published
    return day if isinstance(day, date) else None


def _event_quantity(
    group: list[ShiftCandidate],
    main: ShiftCandidate,
    text: str,
    others: Sequence[tuple[int, int]] = (),
    published: date | None = None,
) -> tuple[QuantityFound | None, bool]:
    """The event's quantity, and whether it is a numeric change for sure: by the quantity reader's
    event rule (its own sentence, then an adjacent one naming the topic, never another event's
    evidence), else from its own sentences, a sentence about its instrument ('originally 2030,
    now 2035') or one told near it."""
    if _listed_with_others(main, others):
        # 'petrol to 19.25 from 17.25, diesel to 21 from 19': its own values; a listed rate keeps its type
        return main.quantity, _full(main.quantity)
    if text:
        found = event_quantity(
            text, main.start, main.end, topic=main.topic, others=others, published=published
        )
        stance = main.shift_type in {"reversal", "withdrawal"}
        if found is not None and found.to is not None and (found.from_ is not None or not stance):
            # a moved date, or a stance change whose numbers only the next sentence tells, keeps its type
            told_apart = found.unit in {"date", "year"} or (stance and found.pattern == "detail_after")
            return found, found.from_ is not None and not told_apart
    quantity = _merged_quantity(group)
    if quantity is not None:
        return with_prior_value(quantity, text), quantity.from_ is not None
    if main.shift_type in {"softening", "hardening", "numeric_change"}:
        quantity = quantity_about(main.topic_head, text, others=others, topic=main.topic, own=main.sentence)
        if quantity is not None:
            return quantity, False
    vague = not main.features.get("policy_noun")
    if main.shift_type in {"reversal", "withdrawal"} and not vague:
        return None, False  # a scrapped tax keeps its own sentence; a number nearby is another story
    quantity = quantity_nearby(text, main.start, main.end, main.scope, vague=vague, others=others)
    if quantity is None:
        return None, False
    quantity = with_prior_value(quantity, text)
    if main.shift_type in {"reversal", "withdrawal"} and quantity.from_ is None:
        return None, False  # only a setting moved from -> to turns a stance change into a numeric one
    return quantity, quantity.from_ is not None


def _listed_with_others(main: ShiftCandidate, others: Sequence[tuple[int, int]]) -> bool:
    """The event's sentence is another event's too and it moved its own setting from -> to: the
    sentence lists several changes, and this one's values are those its reading found."""
    return _moved(main.quantity) and any(start == main.start for start, _ in others)


def requantified(shift: PolicyShift, topic: str, shifts: Sequence[PolicyShift]) -> dict[str, object]:
    """Fields to update when `shift`, read with no quantity, is renamed `topic` (the topic
    tagger's name for a weak rule topic): the full from -> to its evidence sentence tells of the
    new topic in the change's own clause, unless another shift of the article has those values
    already (one number is not copied onto two events). 'double the Employment Allowance to
    £10,500 from £5,000, and scrap the rule ...' read as a reversal of 'rule' becomes a numeric
    change 5,000 -> 10,500 of 'Employment Allowance'."""
    if shift.quantity is not None:
        return {}
    change = renamed_change(shift.evidence.text, topic)
    if change is None or change.to is None:
        return {}
    told = {
        (str(s.quantity.from_), str(s.quantity.to))
        for s in shifts
        if s.article_id == shift.article_id and s.quantity is not None
    }
    if (str(change.from_), str(change.to)) in told:
        return {}
    quantity = Quantity(from_=change.from_, to=change.to, unit=change.unit or None, year=change.year)
    return {"quantity": quantity, "shift_type": "numeric_change"}


def _merged_quantity(group: list[ShiftCandidate]) -> QuantityFound | None:
    found = [c.quantity for c in group if c.quantity is not None and c.quantity.to is not None]
    if not found:
        return None
    best = next((q for q in found if q.from_ is not None), found[0])
    if best.from_ is None:
        earlier = next((q.from_ for q in found if q.from_ is not None), None)
        best = replace(best, from_=earlier)
    return best


def _evidence(candidate: ShiftCandidate) -> Evidence:
    return Evidence(
        text=candidate.sentence, start=candidate.start, end=candidate.end, speaker=candidate.speaker
    )


def _stances(
    group: list[ShiftCandidate], main: ShiftCandidate, quantity: QuantityFound | None, text: str
) -> tuple[str | None, str | None]:
    """Before and after as phrases of the text: the values of a numeric change as written, else the
    main sentence's phrases, the stance before told elsewhere in the article when it is not there."""
    sentences = [main.sentence, *(c.sentence for c in group if c is not main), text]
    if quantity is not None:
        before = value_phrase(quantity.from_, quantity.unit, sentences)
        after = value_phrase(quantity.to, quantity.unit, sentences)
        return before, with_year(after, quantity.year, sentences[:-1])
    before = main.before or next((c.before for c in group if c.before), None)
    if before is None and text:
        before = prior_stance(text, main.topic_head, main.start, main.end)
    return before, main.after or f"{main.predicate} {main.topic}"
