"""Who is quoted or reported: the name only, as written.

'"We will cut the levy," Mayor Ana Ruiz, a Liberal, said.' -> 'Ana Ruiz'; 'Ruiz said the city
would scrap the levy' -> 'Ruiz'.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from services.extract.actors import ActorIndex
from services.extract.rules.lexicon import REPORTING_VERBS, word_set

_QUOTES = {'"', "\u201c", "\u201d"}
_TITLES = word_set("""sir dame mr mr. mrs mrs. ms ms. dr dr. president prime minister secretary governor
    chancellor ceo chair mayor premier senator representative commissioner spokesperson spokesman
    spokeswoman""")


def find_speaker(token: Token, index: ActorIndex | None = None) -> str | None:
    """The person quoted when `token` sits inside quotation marks, or whose report embeds it."""
    if in_quote(token):
        for verb in token.sent:
            if verb.lemma_.lower() in REPORTING_VERBS and not in_quote(verb):
                name = _subject_name(verb, index)
                if name:
                    return name
        return None
    node = token
    for _ in range(4):
        if node.head is node:
            return None
        if node.dep_ in {"ccomp", "parataxis", "xcomp"} and node.head.lemma_.lower() in REPORTING_VERBS:
            return _subject_name(node.head, index)
        node = node.head
    return None


def in_quote(token: Token) -> bool:
    """An odd number of quotation marks before the token in its sentence."""
    return sum(1 for t in token.sent if t.i < token.i and t.text in _QUOTES) % 2 == 1


def _subject_name(verb: Token, index: ActorIndex | None) -> str | None:
    for subject in (c for c in verb.children if c.dep_ == "nsubj"):
        person = _person(subject)
        if person is not None:
            return person
        ref = index.resolve(_core(subject).text) if index is not None else None
        if ref is not None and ref.official:
            return ref.official
    return None


def _person(subject: Token) -> str | None:
    """The PERSON entity of the subject's own words (not its appositive), titles left out; a name
    the recogniser cut short ('Ursula von der') runs on through the subject's proper nouns. Without
    an entity, a proper noun after a title ('Governor Hochul')."""
    core = _core(subject)
    for ent in subject.doc.ents:
        if ent.label_ == "PERSON" and core.start < ent.end and ent.start < core.end:
            return _untitled(subject.doc[ent.start : max(ent.end, core.end)])
    titled = core.start < subject.i and core.doc[subject.i - 1].lower_ in _TITLES
    if subject.pos_ == "PROPN" and subject.ent_type_ in {"", "PERSON"} and titled:
        return _untitled(core)
    return None


def _core(subject: Token) -> Span:
    """The subject with its compounds and titles: 'Governor Kathy Hochul, a Democrat,' -> 'Governor
    Kathy Hochul'."""
    left = [c for c in subject.lefts if c.dep_ in {"compound", "nmod", "amod"} or c.pos_ == "PROPN"]
    start = min((c.left_edge.i for c in left), default=subject.i)
    return subject.doc[start : subject.i + 1]


def _untitled(span: Span) -> str | None:
    start = span.start
    while start < span.end and span.doc[start].lower_ in _TITLES:
        start += 1
    end = span.end
    while end > start and (span.doc[end - 1].is_punct or span.doc[end - 1].dep_ == "case"):
        end -= 1
    return span.doc[start:end].text if end > start else None
