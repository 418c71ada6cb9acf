"""The learned topic tagger: which span of the evidence sentence names what changes.

The rules take the topic from the parse of the change verb's argument; a misparse gives the wrong
argument ('withdrawing the U.S. from the WHO' -> 'U.S.'), a fragment ('s annual immigration
plan', '-year bond yields'), a stray word ('Tuesday unveiled plans'), a repeated word or a bare
generic head ('plan'). Only such weak topics are replaced, by the span the tagger marks in the
event's evidence sentence (a spaCy `ner` with one label, TOPIC, on its own small tok2vec, trained
by `scripts/train_extract` on the repo corpus); a sound rule topic is kept.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import spacy
from spacy.language import Language

from services.extract.events import requantified
from services.extract.learned.topic_examples import content_keys
from services.extract.rules.lexicon import POLICY_NOUNS, word_set
from shared.contract import PolicyShift

SHIPPED_TOPIC = Path(__file__).resolve().parent.parent / "models" / "topic"
LABEL = "TOPIC"

_PREPOSITIONS = word_set("of on to for in by from with at")
_DATE_WORDS = word_set("""monday tuesday wednesday thursday friday saturday sunday today yesterday
    january february march april june july august september october november december""")
# Heads that name no policy alone; 'plan' and 'rule' are named better by the span the tagger marks.
_GENERIC = word_set("""plan plans scheme program programme policy policies law laws rule rules measure
    measures move step steps change changes decision proposal proposals initiative project trial
    framework it""")
_QUOTES = re.compile(r"[\"\u201c\u201d]")
_BREAK = re.compile(
    r"\s[-\u2013\u2014]\s|[;:()]|\s(?:which|who|that|after|as|while|because)\s", re.IGNORECASE
)
_VALUE = re.compile(r"\s(?:by|to|from|of|at)\s+[\d$\u20ac\u00a3]")  # 'output by 300,000 bpd'
_NUMBER = re.compile(r"[\d.,%$]+")
_LEADING = word_set("the a an its their his her our this that these those and or")
_TRAILING = word_set("above below over under up down out off more less")
# Words a tagged span never ends with (built once, not on every word `clean_span` drops).
_NOT_AT_END = _PREPOSITIONS | _LEADING | _TRAILING
_PARTS = word_set("most some all part much half many")


# Whether a phrase names a state ('the United States'): the gazetteer's answer, at run time.
StateTest = Callable[[str], bool]


def _no_state(_: str) -> bool:
    return False


class TopicTagger:
    """Loaded once at start-up, like the judges; nothing is downloaded."""

    def __init__(self, nlp: Language, batch_size: int = 64) -> None:
        self.nlp = nlp
        self.batch_size = batch_size

    def spans(self, sentences: Sequence[str]) -> list[list[str]]:
        """The topic spans the tagger marks in each sentence, in text order."""
        return [
            [ent.text for ent in doc.ents if ent.label_ == LABEL]
            for doc in self.nlp.pipe(sentences, batch_size=self.batch_size)
        ]


def load_topic_tagger(setting: str | None) -> TopicTagger | None:
    """The tagger at `setting`: None is the shipped model, an empty path turns it off."""
    path = SHIPPED_TOPIC if setting is None else Path(setting) if setting else None
    return TopicTagger(spacy.load(path)) if path is not None else None


def weakness(topic: str, sentence: str, actor: str, is_state: StateTest = _no_state) -> str | None:
    """Why a rule topic reads badly, or None when it is sound.

    >>> weakness("s annual immigration plan", "Canada's annual immigration plan was cut.", "Canada")
    'fragment'
    >>> weakness("tariffs on steel", "It doubled tariffs on steel.", "Mexico") is None
    True
    """
    words = topic.split()
    lower = [w.lower().strip(",.") for w in words]
    if not words or not topic[0].isalnum() or _cut_from_a_word(topic, sentence):
        return "fragment"
    if len(words[0]) == 1 and lower[0] not in {"a", "i"}:
        return "fragment"
    if lower[0] in _DATE_WORDS or (len(lower) > 2 and lower[0] in _PARTS and lower[1] == "of"):
        return "stray word"  # 'Tuesday unveiled plans', 'most of currency controls'
    content = [w for w in lower if w not in _PREPOSITIONS]
    if len(set(content)) < len(content):
        return "repeated word"
    if any(a in _PREPOSITIONS and b in _PREPOSITIONS for a, b in itertools.pairwise(lower)):
        return "value left out"  # 'additional tariffs of on electric vehicles'
    if len(words) == 1 and lower[0] in _GENERIC:
        return "generic"
    keys = content_keys(topic)
    if keys and keys <= content_keys(actor):
        return "actor"
    if (len(words) == 1 and words[0][:1].isupper()) or is_state(topic):
        return "name"  # 'U.S.', 'the United States': a place or party, not what changes
    if len(words) == 1:
        return "bare"
    return None


def _cut_from_a_word(topic: str, sentence: str) -> bool:
    """The topic starts or ends inside a word of its sentence: 's annual plan' from "Canada's
    annual plan", 'disposable e' from 'disposable e-cigarettes'."""
    at = sentence.lower().find(topic.lower())
    if at < 0:
        return False
    before = sentence[at - 1] if at > 0 else " "
    after = sentence[at + len(topic) : at + len(topic) + 2]
    inside = after[:1].isalnum() or (after[:1] in "-\u2011" and after[1:2].isalnum())
    return before.isalnum() or before in "'\u2019-" or inside


def choose(spans: Sequence[str], rule_topic: str, reason: str, actor: str, sentence: str = "") -> str | None:
    """The topic to use instead of a weak rule topic: the rule's own words mended where that is
    plain, else a tagged span that is not the actor and not weak itself, preferring one that
    shares a word with the rule topic (the same instrument, better cut). A bare one-word topic
    ('subsidy') is only ever widened: 'fuel subsidy', never another thing."""
    mended = mend(rule_topic, reason, sentence)
    if mended:
        return mended  # the rule named the right thing, badly: its own words beat another span
    sound = [
        s
        for s in (clean_span(span) for span in spans)
        if s and not (content_keys(s) <= content_keys(actor)) and weakness(s, "", actor) in {None, "bare"}
    ]
    rule_keys = content_keys(rule_topic)
    sharing = [s for s in sound if content_keys(s) & rule_keys and s.lower() != rule_topic.lower()]
    if reason == "bare":
        return next((s for s in sharing if len(s.split()) > 1), None)
    if reason in {"generic", "name"}:  # 'law' -> 'Clean Air Act' or 'fuel levy', not 'nuclear power'
        sound = [s for s in sound if names_a_policy(s)]
    return next(iter(sharing), sound[0] if sound else None)


def mend(topic: str, reason: str, sentence: str = "") -> str | None:
    """The rule topic without what made it weak, where that is plain: 'most of fishing quotas' ->
    'fishing quotas', 'tariffs tariffs on cars' -> 'tariffs on cars', 'duties of on steel' ->
    'duties on steel', a fragment made whole words of its sentence ('-year bond yields' ->
    '10-year bond yields', "s annual quota" -> 'annual quota')."""
    words = topic.split()
    if reason == "fragment":
        return _whole_words(topic, sentence)
    if reason == "stray word" and words[0].lower() in _PARTS:
        return " ".join(words[2:])
    if reason == "repeated word":
        kept = [w for n, w in enumerate(words) if n == 0 or w.lower() != words[n - 1].lower()]
        return " ".join(kept) if len(kept) < len(words) else None
    if reason == "value left out":
        kept = [
            w
            for n, w in enumerate(words)
            if not (
                n + 1 < len(words) and w.lower() in _PREPOSITIONS and words[n + 1].lower() in _PREPOSITIONS
            )
        ]
        return " ".join(kept)
    return None


def names_a_policy(span: str) -> bool:
    """A title ('Clean Air Act') or a phrase headed by a policy noun ('levy on hotel stays'), not
    a description ('the Indian Ocean nation')."""
    words = span.split()
    head = next((w for w in words if w.lower() in _PREPOSITIONS), None)
    last = words[words.index(head) - 1] if head is not None and words.index(head) > 0 else words[-1]
    noun = last.lower()
    return last[:1].isupper() or noun in POLICY_NOUNS or noun.rstrip("s") in POLICY_NOUNS


def _whole_words(topic: str, sentence: str) -> str | None:
    """The fragment widened to the words of the sentence it cuts, a possessive's 's' dropped."""
    at = sentence.lower().find(topic.lower())
    if at < 0:
        return None
    start, end = at, at + len(topic)
    if start > 0 and sentence[start - 1] in "'\u2019" and topic[:2].lower() == "s ":
        start += 2  # "Canada's annual plan": the plan, not the possessor
    while start > 0 and not sentence[start - 1].isspace():
        start -= 1
    while end < len(sentence) and not sentence[end].isspace():
        end += 1
    mended = sentence[start:end].strip(" ,.;:\"'\u201c\u201d")
    return mended if mended and mended[0].isalnum() else None


def clean_span(span: str) -> str:
    """A tagged span up to its first clause break, without quotes, leading determiners or
    trailing prepositions and numbers: 'the trial - which bars cars' -> 'trial'."""
    text = _VALUE.split(_BREAK.split(_QUOTES.sub("", span), maxsplit=1)[0], maxsplit=1)[0]
    words = text.split()
    while words and words[0].lower() in _LEADING:
        words.pop(0)
    while words and (
        words[-1].lower() in _NOT_AT_END
        or _NUMBER.fullmatch(words[-1])
        or (len(words) > 1 and words[-1].islower() and words[-1].endswith("ed"))  # 'transactions connected'
    ):
        words.pop()
    return " ".join(words).strip(" ,.;:-")


def refine_topics(
    shifts: list[PolicyShift], tagger: TopicTagger, is_state: StateTest = _no_state
) -> list[PolicyShift]:
    """The same shifts, each weak rule topic replaced by the tagger's span (and the id, derived
    from the topic, made again), in one batched pass over their evidence sentences."""
    reasons = [weakness(shift.topic, shift.evidence.text, shift.actor, is_state) for shift in shifts]
    weak = {n: reason for n, reason in enumerate(reasons) if reason is not None}
    if not weak:
        return shifts
    out = list(shifts)
    ids = {shift.id for shift in shifts}
    tagged = tagger.spans([shifts[n].evidence.text for n in weak])
    for (n, reason), spans in zip(weak.items(), tagged, strict=True):
        shift = shifts[n]
        topic = choose(spans, shift.topic, reason, shift.actor, shift.evidence.text)
        new_id = PolicyShift.make_id(shift.article_id, shift.actor, topic) if topic else shift.id
        if topic is not None and new_id not in ids:  # never two shifts of one id in an article
            update = {"topic": topic, "id": new_id, **requantified(shift, topic, shifts)}
            out[n] = shift.model_copy(update=update)
            ids.add(new_id)
    return out
