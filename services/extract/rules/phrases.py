"""The stance before and after a change, as short phrases cut from the sentence.

Every phrase is one or two token spans (`doc[start:end].text`), so it keeps the text's own
spacing: 'Ottawa rescinded its digital services tax' -> after 'rescinded its digital services
tax'; 'paused the scheme for 90 days' -> 'paused the scheme for 90 days'; 'will no longer be
eligible for grants' -> after 'no longer be eligible for grants', before 'eligible for grants'.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from services.extract.rules.lexicon import POLICY_NOUNS, word_set
from services.extract.rules.predicates import LEAVABLE, Predicate

_MAX_AFTER = 11
_MAX_NOUN = 7
# Right-hand arguments of a change verb that say what changed and how.
_ARG_DEPS = {"prt", "dobj", "dative", "acomp", "attr", "oprd", "xcomp", "nsubjpass"}
# Prepositions on the verb that say how long, from when or to what: 'for 90 days', 'until 2027'.
_KEY_PREPS = word_set("for until till from to by with in on into through")
_KEY_ADVERBS = word_set("indefinitely immediately temporarily permanently entirely altogether fully")
# Words that cut an object phrase short: clauses and asides hanging on it.
_CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "parataxis"}
# Verbs that end an instrument in force ('lifted the ban'): the ban was in force before.
_ENDING = word_set("""lift repeal rescind revoke abolish end reverse overturn undo unwind recriminalise
    discontinue terminate""")
# Modifiers that tell the instrument was not yet in force, or state its standing before.
_NOT_YET = word_set("planned proposed future upcoming draft intended")
_STANDING = word_set(
    "existing current planned proposed long-standing longstanding previous original temporary old"
)
# Verbs of a clause on the object that state how the instrument came to be: 'the curbs it imposed in April'.
_SETTING_VERBS = word_set("""impose introduce adopt set announce establish enact pass sign plan agree pledge
    promise approve launch put place bring""")
_SAYING = word_set("statement interview speech address briefing conference post letter")
_INSTRUMENTS = POLICY_NOUNS - word_set(
    "aid support talks role office student password stance approach policy plan commitment"
)
_TAIL_PREPS = word_set("on of for to in from against")


def after_phrase(predicate: Predicate, head: Token) -> str | None:
    """The new stance: 'has rescinded its digital services tax' -> 'rescinded its digital services tax'."""
    token = predicate.token
    if token.pos_ == "NOUN":
        return noun_phrase(token)
    if token.dep_ == "amod":
        return None
    phrase = _trim(_run(token, _negation(token) or token, predicate.particle))
    if phrase is None:
        return None
    if not _has_right_args(token) and _is_passive(token):
        subject = core_noun(head) if head.i < token.i else None
        return f"{subject.text} {phrase.text}" if subject is not None else phrase.text
    return phrase.text


def before_phrase(predicate: Predicate, head: Token, shift_type: str) -> str | None:
    """The stance the change replaces, when the sentence states or presupposes it.

    'will no longer be eligible for grants' -> 'eligible for grants'; 'suspended the curbs it
    imposed in April' -> 'curbs imposed in April'; 'scrapped its planned tourist levy' -> 'planned
    tourist levy'; 'lifted the ban on rice exports' -> 'ban on rice exports in force'; 'withdrew from
    the Paris Agreement' -> 'member of the Paris Agreement'.
    """
    token = predicate.token
    if predicate.no_longer:
        return _without_no_longer(token)
    return _setting_clause(head) or _standing_modifier(head) or _presupposed(token, head, shift_type)


def noun_phrase(head: Token) -> str | None:
    """A noun with its left modifiers and a short prepositional tail, no determiner or clause:
    'the 90-day suspension of tariffs, which ...' -> '90-day suspension of tariffs'."""
    span = _noun_span(head)
    return span.text if span is not None else None


def core_noun(head: Token) -> Span | None:
    """The noun with its compounds and adjectives: 'the digital services tax on firms' -> 'digital
    services tax'."""
    left = [c for c in head.lefts if c.dep_ in {"compound", "amod", "nmod"}]
    start = min((c.left_edge.i for c in left), default=head.i)
    span = head.doc[start : head.i + 1]
    return _trim(list(span))


def _run(token: Token, first: Token, particle: Token | None = None) -> list[Token]:
    """The verb from `first` (its 'no longer') with the arguments and key modifiers that follow it
    without a gap, whole constituents only, up to `_MAX_AFTER` words; an object too long for that
    is cut to its noun ('suspended the long-running scheme for migrant workers from ...' ->
    'suspended the long-running scheme')."""
    doc = token.doc
    end = max(token.i, particle.i if particle is not None else token.i) + 1
    for child in sorted(token.rights, key=lambda c: c.i):
        if child is particle or child.i < end:
            continue
        if not _is_argument(child):
            break
        block = _pruned(child)
        if not block or block[0].i != end:
            break
        last = _contiguous_end(block)
        if _words(doc[first.i : last + 1]) > _MAX_AFTER:
            if child.dep_ in _ARG_DEPS and _words(doc[first.i : child.i + 1]) <= _MAX_AFTER:
                end = child.i + 1
            break
        end = last + 1
        if last < block[-1].i:
            break
    return list(doc[first.i : end])


def _contiguous_end(block: list[Token]) -> int:
    last = block[0].i
    for t in block[1:]:
        if t.i != last + 1:
            break
        last = t.i
    return last


def _words(span: Span) -> int:
    return len(span.text.split())


def _is_argument(child: Token) -> bool:
    if child.dep_ in _ARG_DEPS:
        return True
    if child.dep_ == "advmod":
        return child.lower_ in _KEY_ADVERBS
    if child.dep_ == "npadvmod":
        return any(t.like_num for t in child.subtree)
    if child.dep_ != "prep" or child.lower_ not in _KEY_PREPS or len(list(child.subtree)) > 8:
        return False
    return not (child.lower_ in {"on", "in"} and _announcement_day(child))


def _announcement_day(prep: Token) -> bool:
    """'on Monday', 'in a statement': when or how it was said, not the new stance."""
    objects = [g for g in prep.children if g.dep_ == "pobj"]
    return bool(objects) and (
        (objects[0].ent_type_ == "DATE" and prep.lower_ == "on") or objects[0].lemma_.lower() in _SAYING
    )


def _pruned(node: Token) -> list[Token]:
    """The subtree of `node` without the clauses and comma-set asides hanging on its words."""
    dropped: set[int] = set()
    for t in node.subtree:
        if t is node or t.i in dropped:
            continue
        aside = t.dep_ == "appos" and t.i > t.head.i and t.doc[t.left_edge.i - 1].text == ","
        if t.dep_ in _CLAUSE_DEPS or aside:
            dropped.update(d.i for d in t.subtree)
    return [t for t in node.subtree if t.i not in dropped]


def _negation(token: Token) -> Token | None:
    """'no' of 'no longer' or 'not' before the verb: part of the new stance."""
    for child in token.lefts:
        if child.lower_ == "longer":
            nos = [c for c in child.lefts if c.lower_ == "no"]
            return nos[0] if nos else child
        if child.dep_ == "neg":
            return child
    for child in token.lefts:
        if child.lower_ == "no" and token.doc[child.i + 1].lower_ == "longer":
            return child
    return None


def _without_no_longer(token: Token) -> str | None:
    """'no longer be eligible for grants' -> 'eligible for grants' (what held until now)."""
    run = _run(token, token)
    if run and run[0].lemma_ == "be" and len(run) > 1:
        run = run[1:]  # 'be eligible for grants' -> 'eligible for grants'
    phrase = _trim(run)
    return phrase.text if phrase is not None and len(phrase) <= _MAX_AFTER else None


def _setting_clause(head: Token) -> str | None:
    """'the restrictions that it imposed in April' -> 'restrictions imposed in April'."""
    for clause in head.subtree:  # on the noun or on its tail: 'the curbs on magnets it imposed'
        if clause.i < head.i or clause.dep_ not in {"relcl", "acl"}:
            continue
        if clause.lemma_.lower() not in _SETTING_VERBS:
            continue
        phrase = _trim(_run(clause, clause))
        core = core_noun(head)
        if phrase is not None and len(phrase) > 1 and core is not None:  # 'imposed in April', not 'set'
            return f"{core.text} {phrase.text}"
    return None


def _standing_modifier(head: Token) -> str | None:
    """'its long-standing ban on nuclear financing' -> 'long-standing ban on nuclear financing'."""
    words = {t.lower_ for t in head.lefts if t.dep_ in {"amod", "compound"}}
    if not words & _STANDING:
        return None
    return noun_phrase(head)


def _presupposed(token: Token, head: Token, shift_type: str) -> str | None:
    """An ended instrument was in force; a body left was joined."""
    lemma = token.lemma_.lower()
    if shift_type == "withdrawal" and (head.ent_type_ in {"ORG", "GPE"} or head.lemma_.lower() in LEAVABLE):
        span = _noun_span(head, keep_det=True)
        return f"member of {span.text}" if span is not None else None
    if lemma not in _ENDING or head.lemma_.lower() not in _INSTRUMENTS:
        return None
    if any(t.lower_ in _NOT_YET for t in head.lefts):
        return noun_phrase(head)
    phrase = noun_phrase(head)
    return f"{phrase} in force" if phrase else None


def _noun_span(head: Token, keep_det: bool = False) -> Span | None:
    """The noun with its left modifiers, and its first prepositional tail when the whole stays
    within `_MAX_NOUN` words."""
    tokens = {t.i for t in _pruned(head) if t.i <= head.i or _in_short_tail(t, head)}
    start = end = head.i
    while start - 1 in tokens:
        start -= 1
    while end + 1 in tokens:
        end += 1
    doc = head.doc
    stranded = _stranded(head)
    if end == head.i and stranded is not None and stranded.left_edge.i == end + 1:
        end = stranded.right_edge.i  # 'lifted its ban on rice exports', 'on ...' parsed on the verb
    if _words(doc[start : end + 1]) > _MAX_NOUN:
        end = head.i
    return _trim(list(doc[start : end + 1]), keep_det=keep_det)


def _stranded(head: Token) -> Token | None:
    if head.dep_ != "dobj":
        return None
    preps = [c for c in head.head.rights if c.dep_ == "prep" and c.lower_ in {"on", "for"}]
    if not preps or any(g.ent_type_ in {"DATE", "TIME"} for g in preps[0].children):
        return None  # 'scrapped the levy on Tuesday': when, not which levy
    return preps[0]


def _in_short_tail(token: Token, head: Token) -> bool:
    """A prepositional phrase right of the noun, one level deep: 'ban on rice exports'."""
    preps = [c for c in head.rights if c.dep_ == "prep" and c.lower_ in _TAIL_PREPS]
    return bool(preps) and preps[0].left_edge.i <= token.i <= preps[0].right_edge.i


def _trim(tokens: list[Token], keep_det: bool = False) -> Span | None:
    """The tokens' span without leading determiners, possessives or trailing punctuation."""
    if not tokens:
        return None
    start, end = tokens[0].i, tokens[-1].i + 1
    doc = tokens[0].doc
    drop_start = {"det", "poss", "punct", "cc", "case", "aux"} - ({"det"} if keep_det else set())
    while start < end and (doc[start].dep_ in drop_start or doc[start].is_punct):
        start += 1
    while end > start and (
        (doc[end - 1].is_punct and doc[end - 1].text != "%")
        or doc[end - 1].dep_ in {"cc", "det", "case", "prep"}
    ):
        end -= 1
    return doc[start:end] if end > start else None


def _has_right_args(token: Token) -> bool:
    return any(c.dep_ in {"dobj", "attr", "acomp", "xcomp"} for c in token.rights)


def _is_passive(token: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in token.children) or any(
        c.dep_ == "nsubjpass" for c in token.children
    )
