"""Several changes told in one clause, the verb said once: 'raised the sales tax on petrol to 29.84%
from 25.92% and on diesel to 18.44% from 14.34%' -> one change for petrol, one for diesel; 'raised
the price of petrol by 10%, diesel by 12% and kerosene by 8%' -> one step each.

Pure functions over the sentence text and the quantity reader's changes: each further full
from -> to change after the predicate's own is another event when the words between the two name
only what it applies to ('on diesel', '95-octane', 'Premium'), not a clause of its own ('while
China will reduce its duties on ...', which the parser reads as its own predicate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.extract.quantities import candidate_changes
from services.extract.rules.cues import cue_words
from services.extract.rules.numbers import LISTED_LEVEL, QuantityFound

_MAX_WORDS = 4
_GLUE = re.compile(r"^(?:[\s,;]|and\b|while\b|with\b|but\b|whereas\b)+|[\s,;]+$", re.IGNORECASE)
_PREPS = ("on", "for", "of")
_CHANGE_WORDS = frozenset(cue_words())


@dataclass(frozen=True)
class GappedChange:
    """Another change of the same predicate: what it applies to and its quantity."""

    topic: str
    quantity: QuantityFound


def gapped_changes(sentence: str, first: QuantityFound, topic: str) -> list[GappedChange]:
    """'... on petrol to 29.84% from 25.92% and on diesel to 18.44% from 14.34%' with the petrol
    change first and topic 'sales tax on petrol' -> [('sales tax on diesel', 14.34 -> 18.44)]."""
    changes = candidate_changes(sentence)
    start = next(
        (
            n
            for n, c in enumerate(changes)
            if c.from_ is not None and (c.from_, c.to) == (first.from_, first.to)
        ),
        None,
    )
    if start is None:
        return []
    out = []
    previous = changes[start]
    for change in sorted(changes[start + 1 :], key=lambda c: c.start):
        if change.start < previous.end or change.from_ is None:
            continue
        words = _GLUE.sub("", sentence[previous.end : change.start])
        if not _names_a_target(words):
            break  # a clause of its own: its predicate reads it
        unit = change.unit or first.unit  # 'petrol to 21 pounds from 19 and diesel to 18 from 16'
        quantity = QuantityFound(change.from_, change.to, unit, change.year, change.pattern)
        out.append(GappedChange(_topic(words, topic), quantity))
        previous = change
    return out


def _names_a_target(words: str) -> bool:
    tokens = words.split()
    if not tokens or len(tokens) > _MAX_WORDS or not re.search(r"[A-Za-z]", words):
        return False
    return not any(t.lower().strip(".,") in _CHANGE_WORDS for t in tokens[:-1])


def _topic(words: str, topic: str) -> str:
    """'on diesel' under 'sales tax on petrol' -> 'sales tax on diesel'; '95-octane' stays."""
    first, _, rest = words.partition(" ")
    if first.lower() in _PREPS and f" {first.lower()} " in f" {topic} ":
        return f"{topic.split(f' {first.lower()} ')[0]} {first.lower()} {rest}".strip()
    return re.sub(r"\s+(?:rises|rise|goes|go|climbs|climb|falls|fall)$", "", words)


_BY_ITEM = re.compile(
    r"^(?P<target>[A-Za-z][\w\-]*(?: [\w\-]+){0,2}) by (?P<amount>\d+(?:\.\d+)?) ?(?:%|percent\b|per cent\b)"
)
_MOVES = frozenset(
    {"rose", "fell", "fall", "falls", "climbed", "dropped", "jumped", "grew", "eased", "slowed"}
    | {"declined", "increased", "decreased", "gained", "lost"}
)
_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+)?|\band\s+)")


def gapped_steps(sentence: str, first: QuantityFound, topic: str) -> list[GappedChange]:
    """'raised the price of petrol by 10%, diesel by 12% and kerosene by 8%' with the petrol step
    first -> [('price of diesel', +12%), ('price of kerosene', +8%)]: further steps of the same verb,
    each naming only what it applies to."""
    found = [c for c in candidate_changes(sentence) if c.pattern == "by_amount" and c.to == first.to]
    if not found or first.pattern != "by_amount" or first.from_ is not None:
        return []
    rest = sentence[found[0].end :]
    out = []
    while True:
        glue = _SEPARATOR.match(rest)
        if glue is None:
            break
        item = _BY_ITEM.match(rest[glue.end() :])
        if item is None or any(w.lower() in _CHANGE_WORDS | _MOVES for w in item["target"].split()):
            break  # 'and inflation fell by 2%': a clause of its own
        quantity = QuantityFound(None, float(item["amount"]), first.unit, first.year, "by_amount")
        out.append(GappedChange(_stepped_topic(item["target"], topic), quantity))
        rest = rest[glue.end() + item.end() :]
    return out


def _stepped_topic(target: str, topic: str) -> str:
    """'diesel' under 'price of petrol' -> 'price of diesel'; else the target as written."""
    return f"{topic.split(' of ')[0]} of {target}" if " of " in topic else target


_STOPS = r"(?=\s+(?:and|on|from|in|at|by|to|this|next|last|with|while|after|before)\b|\s*[,;.]|$)"
_LEVEL_ITEM = re.compile(
    r"\b(?:an?|the|its|their) (?P<amount>\d+(?:\.\d+)?) ?(?:%|percent\b|per cent\b) ?"
    r"(?P<noun>[a-z][a-z\-]+) (?P<prep>on|for) (?P<target>[\w\-]+(?: [\w\-]+){0,3}?)" + _STOPS
)
_ITEM_GLUE = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+)$")


_SUM_ITEM = re.compile(
    r"\b(?:an?|the) (?:[$€£]|Rs\.?\s?)(?P<amount>\d+(?:\.\d+)?)\s?"
    r"(?P<scale>bn|billion|mn|m|million|tn|trillion)\b "
    r"(?P<noun>[a-z][a-z\-]+(?: [a-z\-]+)?) (?P<prep>to|for) (?P<target>[A-Z][\w\-]*(?: [A-Z][\w\-]*){0,2})"
    + _STOPS
)


def gapped_levels(sentence: str, first: QuantityFound, topic: str) -> list[GappedChange]:
    """'imposed a 100% tariff on canola oil and a 25% levy on pork' with the 100% tariff first ->
    [('levy on pork', 25%)]: a list of rates the verb sets, each on its own good, is one change
    per good, not one rate moved from 25% to 100%. Sums lent to named borrowers likewise: 'a $3
    billion loan to Egypt and a $1 billion facility for Kenya' -> [('facility for Kenya', 1)]."""
    if first.from_ is not None or not isinstance(first.to, float | int):
        return []
    rates = _listed_items(sentence, first.to, topic, _LEVEL_ITEM)
    if rates:
        return [_item_change(m, f"% {m['noun']}", first.year) for m in rates]
    sums = _listed_items(sentence, first.to, topic, _SUM_ITEM)
    return [_item_change(m, _scaled(first.unit, m["scale"]), first.year) for m in sums]


_SCALES = {"bn": "billion", "m": "million", "mn": "million", "tn": "trillion"}


def _scaled(unit: str | None, scale: str) -> str | None:
    """'billion dollars' for an item told in millions -> 'million dollars'."""
    if unit is None:
        return None
    return re.sub(r"^(?:billion|million|trillion)\b", _SCALES.get(scale, scale), unit)


def _listed_items(sentence: str, value: float, topic: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """The items listed after the one of `value` on the topic's target, while only ',' or 'and'
    joins them ('a 10% tariff on steel, officials said, while a 5% ...' is not one list)."""
    items = list(pattern.finditer(sentence))
    start = next((n for n, m in enumerate(items) if float(m["amount"]) == value), None)
    if start is None or not _same_target(items[start], topic):
        return []
    return _glued_after(sentence, items, start)


def _glued_after(sentence: str, items: list[re.Match[str]], start: int) -> list[re.Match[str]]:
    """The items after `items[start]` while only ',' or 'and' joins each to the one before."""
    out = []
    previous = items[start]
    for item in items[start + 1 :]:
        if not _ITEM_GLUE.match(sentence[previous.end() : item.start()]):
            break
        out.append(item)
        previous = item
    return out


def _item_change(item: re.Match[str], unit: str | None, year: int | None) -> GappedChange:
    quantity = QuantityFound(None, float(item["amount"]), unit, year, LISTED_LEVEL)
    return GappedChange(f"{item['noun']} {item['prep']} {item['target']}", quantity)


def _same_target(item: re.Match[str], topic: str) -> bool:
    """The predicate's topic is the first item's: 'tariff on Canadian canola oil'."""
    return item["target"].lower() in topic.lower()


_GROUP_LEVEL = re.compile(
    r"\b(?:(?:to|at)\s+)?(?:Rs\.?|Rp|[$€£₹])?\s?(?P<amount>\d+(?:\.\d+)?)"
    r"(?:\s?(?:%|percent\b|per cent\b|pounds\b|rupees\b|dollars\b|euros\b|cents\b|naira\b))?"
    r"(?:\s+(?:a|an|per)\s+[a-z]+)?\s+for\s+(?P<target>[\w\-]+(?: [\w\-]+){0,2}?)" + _STOPS
)


def gapped_group_levels(sentence: str, first: QuantityFound, topic: str) -> list[GappedChange]:
    """'raised the tariff to Rs7.41 a unit for households and to Rs7.59 for industry' with the 7.41
    first -> [('tariff for industry', 7.59)]: one level per group the setting is told for."""
    if first.from_ is not None or not isinstance(first.to, float | int):
        return []
    items = list(_GROUP_LEVEL.finditer(sentence))
    start = next((n for n, m in enumerate(items) if float(m["amount"]) == first.to), None)
    if start is None:
        return []
    return [
        GappedChange(
            f"{topic} for {item['target']}",
            QuantityFound(None, float(item["amount"]), first.unit, first.year, LISTED_LEVEL),
        )
        for item in _glued_after(sentence, items, start)
    ]
