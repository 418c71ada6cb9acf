"""Training examples for the topic tagger: the span of a sentence that names what changes.

The corpus states a topic as an analyst's phrase ('import duty on finished steel'), not as a
span, so each labelled sentence is aligned: the span of the sentence whose content words best
match the topic's (compared on their first five letters: 'exports' ~ 'export', 'Palestinian' ~
'Palestine'), at least half of them, then widened to the noun chunks it cuts through, without a
leading determiner or possessive ('its ban on afternoon alcohol sales' -> 'afternoon alcohol
sales'). A sentence whose topic cannot be found this way is left out: it names no span to learn.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from services.extract.rules.lexicon import word_set

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOP = word_set("""a an the its their his her our this that these those of on in to for from by with at as
    and or new s""")
_KEY = 5
_MAX_TOKENS = 10
_MIN_F1 = 0.5
_GAP_COST = 0.02
_NEW_PHRASE_COST = 0.15
_DETERMINERS = word_set("a an the its their his her this these those")
_LEADING_DEPS = {"det", "poss", "case", "predet", "punct", "cc"}


@dataclass(frozen=True)
class TopicExample:
    """A sentence and the character spans of its topics (one for most sentences)."""

    text: str
    spans: tuple[tuple[int, int], ...]

    @property
    def topics(self) -> list[str]:
        return [self.text[start:end] for start, end in self.spans]


def content_keys(text: str) -> set[str]:
    """'Import duty on finished steel' -> {'impor', 'duty', 'finis', 'steel'}."""
    return {w[:_KEY] for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOP}


def _token_key(token_text: str) -> str | None:
    words = _WORD.findall(token_text.lower())
    if not words or words[0] in _STOP:
        return None
    return words[0][:_KEY]


def topic_span(doc: Doc, topic: str) -> tuple[int, int] | None:
    """Token [start, end) of the span of `doc` that names `topic`, or None."""
    wanted = content_keys(topic)
    if not wanted:
        return None
    keys = [_token_key(t.text) for t in doc]
    hits = [i for i, k in enumerate(keys) if k is not None and k in wanted]
    best: tuple[float, int, int, int] | None = None
    for a in hits:
        for b in (h for h in hits if a <= h < a + _MAX_TOKENS):
            found = {k for k in keys[a : b + 1] if k is not None}
            shared = len(found & wanted)
            score = 2 * shared / (len(found) + len(wanted)) - _gap_cost(
                doc[a : b + 1].text.lower().split(), wanted
            )
            candidate = (score, -(b - a), a, b + 1)
            if best is None or candidate > best:
                best = candidate
    if best is None or best[0] < _MIN_F1:
        return None
    return _widened(doc, best[2], best[3])


def _gap_cost(words: list[str], wanted: set[str]) -> float:
    """Words of a span that are not the topic's: a little each, much for a determiner, which
    starts another phrase ('rate as its policy' is no span of 'policy rate')."""
    return sum(_NEW_PHRASE_COST if w in _DETERMINERS else _GAP_COST for w in words if w[:_KEY] not in wanted)


def _widened(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """To the noun chunks the span cuts through (when the doc is parsed), without what leads them."""
    if not doc.has_annotation("DEP"):
        return start, end
    for chunk in doc.noun_chunks:
        if chunk.start < end < chunk.end:
            end = chunk.end
        if chunk.start < start < chunk.end:
            start = chunk.start
    while start < end - 1 and (doc[start].dep_ in _LEADING_DEPS or doc[start].is_punct):
        start += 1
    while end - 1 > start and doc[end - 1].is_punct:
        end -= 1
    return start, end


def align(doc: Doc, topics: Iterable[str]) -> TopicExample | None:
    """The example of one parsed sentence and its gold topics, or None when none is found; a
    topic whose span overlaps an earlier one's is left out."""
    taken: list[tuple[int, int]] = []
    for topic in topics:
        span = topic_span(doc, topic)
        if span is not None and all(span[1] <= a or span[0] >= b for a, b in taken):
            taken.append(span)
    if not taken:
        return None
    chars = [(doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)) for a, b in sorted(taken)]
    return TopicExample(doc.text, tuple(chars))


def labelled_sentences(sentences: Iterable[dict[str, Any]]) -> Iterator[tuple[str, str]]:
    """(sentence, topic) of `corpus/sentences.jsonl` rows that state a topic."""
    for row in sentences:
        if row.get("topic") and row.get("text"):
            yield row["text"], row["topic"]


def event_sentences(records: Iterable[dict[str, Any]]) -> Iterator[tuple[str, str]]:
    """(evidence sentence, topic) of every gold event of articles, main and background alike."""
    for record in records:
        for event in record.get("events") or []:
            found = event.get("evidence") or []
            for evidence in [found] if isinstance(found, str) else found:
                if evidence and event.get("topic"):
                    yield evidence.strip(), event["topic"]


def by_sentence(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """Each sentence once, with every topic given for it ('cut the rate and ended the cap': two)."""
    seen: dict[str, list[str]] = {}
    for text, topic in pairs:
        topics = seen.setdefault(text, [])
        if topic not in topics:
            topics.append(topic)
    return list(seen.items())
