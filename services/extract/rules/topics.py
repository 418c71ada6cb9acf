"""The policy a predicate changes, as a short phrase.

'its ban on the export of rice' -> 'ban on export of rice'.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from services.extract.rules.datelines import in_dateline
from services.extract.rules.lexicon import CURRENCY_WORDS, POLICY_NOUNS, SHIFT_HINTS, word_set
from services.extract.rules.names import TAX_NAMES
from services.extract.rules.predicates import Predicate, noun_target, object_head

_DROP_DEPS = {
    "det",
    "poss",
    "punct",
    "relcl",
    "appos",
    "advmod",
    "nummod",
    "quantmod",
    "acl",
    "cc",
    "conj",
    "case",
    "predet",
    "neg",
    "aux",
    "mark",
    "dep",
    "parataxis",
    "advcl",
}
_KEEP_PREPS = {"on", "for", "of", "to"}
# 'the increase in value-added tax': a change to a policy names the policy after 'in'.
_CHANGE_NOUNS = word_set("increase hike rise cut reduction")
_MAX_WORDS = 9


def find_topic_head(predicate: Predicate) -> Token | None:
    """The head noun of what changes: the object, the passive subject, or the noun's target.

    'The levy would rise from 10% to 20%' -> levy; 'will no longer be able to share passwords' ->
    passwords; 'the scheme ... is to be scrapped' -> scheme.
    """
    token = predicate.token
    if token.pos_ == "NOUN":
        return noun_target(token)
    if token.dep_ == "amod":
        return token.head
    head = object_head(token)
    if head is None and token.lemma_.lower() in {"stop", "cease"}:
        head = _closed_scheme(token)
    if head is not None and is_duration(head):
        head = None  # 'will rise to 13.90 on January 1': when, not what
    if head is None and predicate.no_longer and token.lower_ in OBLIGING_FORMS:
        head = next((c for c in token.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
    head = head or _inner_object(token) or subject_of_change(token)
    if head is None and token.tag_ == "VBN":
        head = _preceding_policy_noun(token)
    if head is not None and (
        _is_amount(head) or (predicate.shift_type == "new_commitment" and _names_recipient(head))
    ):
        head = _purpose(token, head) or head
    if head is not None and (head.pos_ == "PRON" or head.tag_ in {"WDT", "WP"} or _relative(head)):
        return None  # 'that' in 'the curbs that it imposed': the antecedent is told, not changed
    if head is None and predicate.token.lemma_.lower() in {"stop", "cease"}:
        head = _gerund_topic(predicate.token)
    if head is None and predicate.token.lemma_.lower() in _FORBIDDING:
        head = _banned_activity(predicate.token)
    return _apposed(head) if head is not None else None


_FORBIDDING = frozenset({"ban", "outlaw", "prohibit", "forbid", "bar", "criminalise", "criminalize"})


def _banned_activity(token: Token) -> Token | None:
    """'is banning bullfighting', 'outlawed fracking': the activity, a gerund the parser read as
    the verb's complement, is what is banned."""
    gerunds = [c for c in token.children if c.dep_ in {"xcomp", "ccomp"} and c.lower_.endswith("ing")]
    if len(gerunds) != 1 or any(c.dep_ in {"nsubj", "aux"} for c in gerunds[0].children):
        return None
    return gerunds[0]


# 'no longer need to quarantine on arrival': the act no longer asked is the topic. Forms, not
# lemmas: the fast path's tag-table lemmatizer reads 'need' as 'nee'.
OBLIGING_FORMS = frozenset({"need", "needs", "have", "has"})


def _relative(token: Token) -> bool:
    """'that' opening a relative clause, whatever tag the tagger gave it."""
    return token.lower_ in {"that", "which"} and token.head.dep_ == "relcl"


def _is_amount(token: Token | None) -> bool:
    """'$200 million', '10,000': a number (or its currency) is what is given, not what for."""
    return token is not None and (
        token.like_num or token.lower_ in CURRENCY_WORDS or token.lemma_.lower() in CURRENCY_WORDS
    )


def _names_recipient(token: Token | None) -> bool:
    """'provide Ukraine with ...': a named receiver is not the policy."""
    return token is not None and token.ent_type_ in {"GPE", "ORG", "NORP", "PERSON"}


def _purpose(verb: Token, head: Token) -> Token | None:
    """What the money is for: '$200 million for flood defences' -> defences; 'with EUR 9 billion in
    military aid' -> aid (on the amount, or on the verb)."""
    amounts = [head] if _is_amount(head) else []
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"):
        amounts.extend(g for g in prep.children if g.dep_ == "pobj" and _is_amount(g))
    for node in (*amounts, verb):
        for prep in (c for c in node.children if c.dep_ == "prep" and c.lower_ in {"for", "in", "to"}):
            objects = [g for g in prep.children if g.dep_ == "pobj" and not _is_amount(g)]
            if objects:
                return objects[0]
    return None


# What a scheme takes in: 'the golden visa stopped accepting new applications' ends the visa.
_INTAKE = word_set("application applicant entrant")


def _closed_scheme(token: Token) -> Token | None:
    """'the golden visa stopped accepting new applications' -> visa: a scheme closed to newcomers."""
    subjects = [c for c in token.children if c.dep_ == "nsubj" and c.lemma_.lower() in POLICY_NOUNS]
    for child in token.children:
        if subjects and child.dep_ == "xcomp" and child.tag_ == "VBG":
            found = object_head(child)
            if found is not None and found.lemma_.lower() in _INTAKE:
                return subjects[0]
    return None


def _gerund_topic(token: Token) -> Token | None:
    """'stop participating in external surveys' -> surveys (the stopped activity's object)."""
    for child in token.children:
        if child.dep_ == "xcomp" and child.tag_ == "VBG":
            found = object_head(child)
            if found is not None:
                return found
            for prep in (c for c in child.children if c.dep_ == "prep"):
                objects = [g for g in prep.children if g.dep_ == "pobj"]
                if objects:
                    return objects[0]
    return None


def _apposed(head: Token) -> Token:
    """'its diversity, equity and inclusion initiatives' (misparsed as apposition) -> initiatives."""
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and child.lemma_.lower() in POLICY_NOUNS:
            return child
    return head


def _inner_object(token: Token) -> Token | None:
    """An object one or two clauses down: 'mandating workers return to the office' -> office."""
    frontier = [c for c in token.children if c.dep_ in {"xcomp", "ccomp", "acomp"}]
    for _ in range(2):
        nxt: list[Token] = []
        for node in frontier:
            found = object_head(node) or _prep_object(node)
            if found is not None:
                return found
            nxt.extend(c for c in node.children if c.dep_ in {"xcomp", "ccomp", "acomp"})
        frontier = nxt
    return None


def _prep_object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"to", "on", "for"}:
            for grandchild in child.children:
                if grandchild.dep_ == "pobj" and grandchild.lemma_.lower() in POLICY_NOUNS:
                    return grandchild
    return None


def subject_of_change(token: Token) -> Token | None:
    """The subject of an intransitive change, here or up an 'is to be' chain: 'the levy would rise'."""
    node = token
    for _ in range(3):
        for child in node.children:
            if child.dep_ not in {"nsubj", "nsubjpass"} or in_dateline(child) or is_duration(child):
                continue  # 'EDINBURGH — The price of alcohol will go up': the place filed from
            if child.pos_ == "NOUN" and child.ent_type_ in {"", "DATE"}:  # 'the age' read as a date
                return child
            if child.text.upper() in TAX_NAMES:  # 'VAT will rise to 22%': a tax, never who moves it
                return child
        if node.dep_ not in {"xcomp", "conj"} or node.head is node:
            break
        node = node.head
    return None


def _preceding_policy_noun(token: Token) -> Token | None:
    """The parser lost the subject of a passive: take the nearest policy noun before it,
    preferring a subject or object over a noun buried in a modifier."""
    window = [token.doc[i] for i in range(token.i - 1, max(token.sent.start, token.i - 15) - 1, -1)]
    nouns = [t for t in window if t.pos_ == "NOUN" and t.lemma_.lower() in POLICY_NOUNS]
    core = [t for t in nouns if t.dep_ in {"nsubj", "nsubjpass", "dobj"}]
    found = core or nouns
    return found[0] if found else None


def topic_phrase(head: Token) -> str:
    """'the UK's international aid budget' -> 'international aid budget'; 'its pledge to spend more
    on green investment' -> 'pledge to spend more on green investment'; never a bare unit."""
    head = _thing_measured(head)
    words = _phrase_tokens(head, depth=0) + _stranded_prep(head) + _promised_act(head)
    if head.dep_ == "appos" and head.i > head.head.i:
        words.extend(t for t in head.head.subtree if t.i < head.i and t.dep_ not in {"det", "poss"})
    words = sorted({t.i: t for t in words}.values(), key=lambda t: t.i)  # an apposed head repeats words
    unmeasured = [t for t in words if not _measure_word(t)]
    if len(unmeasured) > 1 or len(unmeasured) == len(words):
        words = unmeasured  # else keep the value: 'the 20 percent tariff' is that tariff's name here
    words = _without_bare_prepositions(words)
    parts = []
    for n, token in enumerate(words):
        adjacent = n + 1 < len(words) and words[n + 1].i == token.i + 1
        parts.append(_word(token) + (token.whitespace_ if adjacent else " "))
    text = " ".join("".join(parts).split()[:_MAX_WORDS])
    text = re.sub(r"[\"\u201c\u201d]", "", text).replace(",,", ",")  # a title's quotes are no words
    return text.replace(" ,", ",").strip(" ,-")


def _without_bare_prepositions(words: list[Token]) -> list[Token]:
    """'promise to sell only electric cars by 2030' without the year: no 'by' left hanging."""
    kept = {t.i for t in words}
    bare = {
        t.i
        for t in words
        if t.dep_ in {"prep", "agent"} and t.pos_ == "ADP" and not any(c.i in kept for c in t.children)
    }
    return [t for t in words if t.i not in bare]


_UNIT_ENTITIES = {"MONEY", "PERCENT", "QUANTITY", "CARDINAL"}
_PROMISES = word_set("pledge promise commitment vow goal target plan aim")


def _is_unit(token: Token) -> bool:
    if token.text == "%" or token.lemma_.lower() in CURRENCY_WORDS:
        return True
    return token.ent_type_ in _UNIT_ENTITIES and not token.like_num and token.is_alpha


def _thing_measured(head: Token) -> Token:
    """'Diesel goes to 17.50 Egyptian pounds': a unit is no topic; the clause's subject is."""
    if head.dep_ != "pobj" or not (_is_unit(head) or head.lower_ in _MEASURES):
        return head  # 'adopt the euro': a currency as the object is the policy
    node = head
    for _ in range(3):
        node = node.head
        subjects = [
            c
            for c in node.children
            if c.dep_ in {"nsubj", "nsubjpass"} and c.pos_ in {"NOUN", "PROPN"} and not in_dateline(c)
        ]
        if subjects:
            return subjects[0]
        if node.head.i == node.i:
            break
    return head


def _amount_or_time(token: Token) -> bool:
    return token.ent_type_ in {*_UNIT_ENTITIES, "DATE"} or token.lemma_.lower() in _DURATIONS


def _acted_on(token: Token) -> list[Token]:
    """'target for reducing methane emissions': a gerund names what it acts on."""
    if token.pos_ != "VERB":
        return []
    objects = [c for c in token.children if c.dep_ == "dobj"]
    return [t for o in objects for t in o.subtree if t.dep_ not in {"det", "poss"} and not t.is_punct]


def _promised_act(head: Token) -> list[Token]:
    """'pledge to spend 28 billion pounds a year on green investment' -> 'to spend a year on green
    investment' words without the amounts: what was promised names the promise."""
    if head.lemma_.lower() not in _PROMISES:
        return []
    for child in head.children:
        if (
            child.dep_ in {"acl", "relcl"}
            and child.pos_ == "VERB"
            and any(a.lower_ == "to" for a in child.children)
        ):
            return [t for t in child.subtree if not (_amount_or_time(t) or t.is_punct or t.dep_ == "det")]
    return []


def _stranded_prep(head: Token) -> list[Token]:
    """'scrapped its quota on anchovy catches' parsed with 'on ...' on the verb: take it back."""
    if head.dep_ != "dobj":
        return []
    for prep in head.head.children:
        if prep.dep_ == "prep" and prep.i == head.right_edge.i + 1 and prep.lower_ in {"on", "for"}:
            objects = [g for g in prep.children if g.dep_ in {"pobj", "pcomp"}]
            if objects and not is_duration(objects[0]):
                return [prep, *_phrase_tokens(objects[0], depth=1), *_acted_on(objects[0])]
    return []


def _phrase_tokens(head: Token, depth: int) -> list[Token]:
    tokens = [head]
    for child in head.children:
        if child.dep_ == "nummod" and (
            (head.pos_ == "PROPN" and child.i > head.i) or child.doc[child.i - 1].pos_ == "PROPN"
        ):
            tokens.append(child)  # 'iPhone 16'
            continue
        if child.dep_ in _DROP_DEPS:
            continue
        if child.dep_ == "prep":
            kept = _KEEP_PREPS | ({"in"} if head.lemma_.lower() in _CHANGE_NOUNS else set())
            if depth > 1 or child.lower_ not in kept or child.i < head.i:
                continue
            objects = [g for g in child.children if g.dep_ in {"pobj", "pcomp"}]  # 'target for reducing ...'
            if objects and is_duration(objects[0]):
                continue  # 'tariffs on many countries for 90 days': how long, not which tariffs
            if objects and not _is_value(objects[0]):  # 'a cap of 10,000 on licences' -> cap on licences
                tokens.append(child)
                tokens.extend(_phrase_tokens(objects[0], depth + 1))
                tokens.extend(_acted_on(objects[0]))
            continue
        if (
            child.dep_ in {"compound", "amod", "nmod", "npadvmod"}
            and child.i < head.i
            and not _is_change_word(child)
        ):
            tokens.extend(
                t
                for t in child.subtree
                if (t.dep_ not in {"det", "poss", "punct", "case"} and not t.is_punct) or t.text == "-"
            )
            continue
    return tokens


_DURATIONS = word_set("day week month year hour decade")
_MEASURES = word_set("percent % cent point")


def is_duration(token: Token) -> bool:
    """'for 90 days', 'until next year', 'for months': a time span or date, not part of the policy."""
    return token.lemma_.lower() in _DURATIONS or token.ent_type_ in {"DATE", "TIME"}


def _is_value(token: Token) -> bool:
    """'tariffs of 35% on cars', 'a ceiling of 39.7 million bpd': the object of 'of' is the value,
    not what it is on."""
    counted = any(
        c.dep_ == "nummod" and c.like_num and not (c.i > 0 and c.doc[c.i - 1].pos_ == "PROPN")
        for c in token.children
    )  # a counted amount ('39.7 million barrels'), not a name's number ('the Pixel 9 phone')
    described = any(c.dep_ == "prep" for c in token.children)  # 'a 40 per cent reduction in X'
    return token.like_num or _measure_word(token) or (counted and token.pos_ != "PROPN" and not described)


def _measure_word(token: Token) -> bool:
    """A value inside the phrase ('a 10 percent tariff' -> tariff), but not a number that names
    something ('iPhone 16', 'G7', 'Article 5') or a hyphenated span ('10-year bond yields')."""
    if token.text == "%" or (token.lower_ in _MEASURES and any(c.like_num for c in token.children)):
        return True
    if token.lower_ == "per" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "cent":
        return True  # the 'per' of 'a 40 per cent reduction'
    if token.lower_ == "cent" and token.i > 0 and token.doc[token.i - 1].lower_ == "per":
        return True
    if not any(c.isdigit() for c in token.text):
        return False
    if token.i + 1 < len(token.doc) and token.doc[token.i + 1].text == "-" and not token.whitespace_:
        return False
    names = token.head.pos_ == "PROPN" or (token.i > 0 and token.doc[token.i - 1].pos_ == "PROPN")
    return not names or token.head.lower_ in _MEASURES


def _is_change_word(token: Token) -> bool:
    """'Trump terminated trade talks' (misparsed): the predicate is not part of the topic."""
    return token.pos_ == "VERB" and token.lemma_.lower() in SHIFT_HINTS


def _word(token: Token) -> str:
    if (
        token.pos_ == "PROPN"
        or token.text.isupper()
        or (token.text[:1].isupper() and not token.is_sent_start)
    ):
        return token.text
    return token.lower_
