"""What a mention names when the gazetteer does not: a bank, a party, a company by its chief
executive, a proper name the recogniser missed, a body every state has, a state's office-holder.

'the Central Bank of Eswatini' -> itself; 'Nissan Chief Executive Ivan Espinosa' -> Nissan; 'the
Senate' -> the story's state; 'Finance Minister Thandi Mokoena' -> a state's minister.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from services.extract.actors import ActorIndex, ActorRef
from services.extract.rules.lexicon import REPORTING_VERBS, word_set

_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}


_TITLES = word_set(
    "sir dame mr mr. mrs mrs. ms ms. dr dr. president prime minister secretary governor chancellor ceo chair"
)


_COMPANY_TITLES = word_set("chief ceo boss chairman chairwoman chair founder executive head president owner")


def employer(mention: Token, person: Span, index: ActorIndex) -> ActorRef | None:
    """The company written before a person's title: 'Nissan Chief Executive Ivan Espinosa', 'Tesla
    boss Elon Musk'."""
    doc = mention.doc
    for ent in doc.ents:
        titled = ent.end < len(doc) and doc[ent.end].lower_ in _COMPANY_TITLES  # not 'Education Secretary'
        if ent.label_ == "ORG" and titled and mention.left_edge.i <= ent.start and ent.end <= person.start:
            known = index.resolve(ent.text)
            if known is not None and known.type in {"company", "central_bank", "international_org"}:
                return known
            if known is None and not inside_other_name(ent):
                return ActorRef(strip_titles(ent).removeprefix("the "), "company")
    return apposed_employer(mention, index)


_BODY_TYPES = frozenset({"company", "central_bank", "international_org"})
_OFFICES = word_set(
    "minister secretary president premier chancellor governor spokesman spokeswoman spokesperson"
)
_PLACES_AND_PEOPLE = {"GPE", "NORP", "PERSON"}


def titled_person(mention: Token) -> str | None:
    """A name the recogniser left unlabelled that an apposed title shows is a person: 'Ana Ruiz,
    chief executive of Solvera Foods,' / 'Jan Smit, the finance minister,' -> 'Ana Ruiz'."""
    if mention.pos_ != "PROPN" or mention.ent_type_ not in {"", "PERSON"}:
        return None
    if not any(c.dep_ == "appos" and c.lower_ in _COMPANY_TITLES | _OFFICES for c in mention.children):
        return None
    words = [c for c in mention.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return mention.doc[words[0].i if words else mention.i : mention.i + 1].text


def apposed_employer(mention: Token, index: ActorIndex) -> ActorRef | None:
    """The body named in a person's apposed title: 'Tom Reid, Brightline Energy's chief
    executive,' / 'Ana Ruiz, chief executive of Acme Foods,'. A state's office ('Britain's finance
    minister') is no company title and is left to the state's rules."""
    for title in (c for c in mention.children if c.dep_ == "appos" and c.lower_ in _COMPANY_TITLES):
        owners = [c for c in title.children if c.dep_ == "poss"]
        owners += [g for p in title.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children]
        for owner in (o for o in owners if o.pos_ == "PROPN" and o.ent_type_ not in _PLACES_AND_PEOPLE):
            name = mention.doc[owner.left_edge.i : owner.i + 1]
            words = name[1:] if name[0].lower_ == "the" else name
            known = index.resolve(words.text)
            if known is not None:
                return known if known.type in _BODY_TYPES else None
            return ActorRef(words.text, "company")
    return None


def named_bank(mention: Token, ent: Span | None) -> ActorRef | None:
    """'the Central Bank of Eswatini', 'the Bank of Lesotho': a bank the gazetteer does not know,
    by the name the recogniser found (a central bank when it is a state's: 'of' a place)."""
    if mention.lemma_.lower() not in BANK_WORDS or ent is None or ent.label_ != "ORG" or len(ent) < 2:
        return None
    if not ent.start <= mention.i < ent.end:
        return None
    name = strip_titles(ent).removeprefix("the ").removeprefix("The ")
    words = {t.lower_ for t in ent}
    central = "of" in words or bool(words & {"central", "reserve", "national", "state"})
    return ActorRef(name, "central_bank" if central else "company")


def named_party(mention: Token, ent: Span | None) -> str | None:
    """'the Liberal Party' the gazetteer does not know: its name, as the recogniser found it."""
    if mention.lemma_.lower() != "party" or ent is None or ent.label_ != "ORG" or len(ent) < 2:
        return None
    if not ent.start <= mention.i < ent.end:
        return None
    return strip_titles(ent).removeprefix("the ").removeprefix("The ")


# Heads of a regulator's or agency's own name ('the Financial Conduct Authority'), and the common
# nouns a story calls one by ('Britain's energy regulator Ofgem').
_AGENCY_HEADS = word_set("commission authority agency regulator board bureau inspectorate watchdog")
_AGENCY_NOUNS = word_set("regulator watchdog agency authority commission supervisor")
# Words that name no body of their own ('the Executive Board' is the board of the story's body).
_BARE_QUALIFIERS = word_set(
    """the executive governing supervisory management monetary policy federal national central state
    regulatory advisory independent general joint special"""
)


def named_agency(mention: Token, index: ActorIndex) -> ActorRef | None:
    """A regulator or agency the story names by its own name acts as itself, not as the state its
    possessor or demonym names: 'the Australian Securities and Investments Commission', 'Britain's
    energy regulator Ofgem', 'India's market regulator, the Securities and Exchange Board of India'.
    A name the gazetteer knows resolves as the gazetteer says ('the European Commission')."""
    name = _agency_name(mention)
    if name is None or _bare_body(name):
        return None
    text = name.text
    return index.resolve(text) or ActorRef(text, "other")


def _agency_name(mention: Token) -> Span | None:
    """The proper name of the agency the mention is, or is called by, or is apposed to."""
    if mention.pos_ == "PROPN" and mention.lemma_.lower() in _AGENCY_HEADS:
        return _proper_name(mention)  # 'the Financial Conduct Authority'
    if mention.pos_ == "PROPN" and any(
        c.dep_ == "compound" and c.lemma_.lower() in _AGENCY_NOUNS for c in mention.children
    ):
        return _proper_name(mention)  # 'energy regulator Ofgem'
    if mention.lemma_.lower() in _AGENCY_NOUNS and mention.pos_ == "NOUN":
        for child in mention.children:  # 'the regulator, Ofcom,' (the parser may take it for a conjunct)
            if _apposed(child) and child.pos_ == "PROPN" and child.ent_type_ not in _NOT_BODIES:
                return _proper_name(child)
    return None


_NOT_BODIES = {"PERSON", "GPE"}


def _apposed(child: Token) -> bool:
    doc = child.doc
    comma = any(t.text == "," for t in doc[child.head.i + 1 : child.left_edge.i])
    return child.dep_ == "appos" or (
        child.dep_ == "conj"
        and comma
        and not any(t.dep_ == "cc" for t in child.head.children if t.i < child.i)
    )


def _bare_body(name: Span) -> bool:
    """'the Commission', 'the Executive Board', 'the National Assembly': no name of its own (whose,
    the story says)."""
    head = name[-1]
    if context_body(name.text) is not None:
        return True
    return head.lemma_.lower() in _AGENCY_HEADS and all(t.lower_ in _BARE_QUALIFIERS for t in name[:-1])


def _proper_name(token: Token) -> Span | None:
    """'Securities and Exchange Board of India' for the token 'Board': the capitalised words that
    lead to it (with their 'and') and an 'of' phrase naming a place, else the organisation the
    recogniser found around it ('the' left out)."""
    if not (token.is_title or token.is_upper):
        return None
    doc = token.doc
    start = token.i
    while start > 0 and (_capitalised(doc[start - 1]) or doc[start - 1].lower_ in {"and", "&"}):
        start -= 1
    while not _capitalised(doc[start]):
        start += 1  # no 'and' opens a name
    end = token.i + 1
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of" and c.i == end):
        place = [g for g in prep.children if g.dep_ == "pobj" and g.pos_ == "PROPN"]
        end = place[0].right_edge.i + 1 if place else end
    if end - start == 1:
        for ent in doc.ents:
            if ent.start <= token.i < ent.end and ent.label_ in {"ORG", "NORP", "FAC"}:
                first = ent.start + (doc[ent.start].lower_ == "the")
                return doc[first : ent.end] if first < ent.end else None
    return doc[start:end]


def _capitalised(word: Token) -> bool:
    return word.pos_ == "PROPN" and (word.is_title or word.is_upper)


def _amount(word: Token) -> bool:
    return word.like_num or any(c.dep_ == "nummod" for c in word.children) or word.ent_type_ in _AMOUNTS


_AMOUNTS = {"MONEY", "PERCENT", "CARDINAL", "QUANTITY"}


def unlabelled_name(mention: Token) -> str | None:
    """A subject written as a proper name the recogniser left unlabelled, that does something to an
    object or says so: 'Volvo Cars has given up its pledge' (not 'Pertalite rose to 10,000 rupiah')."""
    if mention.dep_ not in _SUBJECTS or mention.pos_ != "PROPN" or mention.ent_type_:
        return None
    verb = mention.head
    objects = [c for c in verb.children if c.dep_ == "dobj" and not _amount(c)]
    if verb.lemma_.lower() not in REPORTING_VERBS and not objects:
        return None  # 'Pertalite now costs 10,000 rupiah': the thing priced, no actor
    words = [c for c in mention.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [mention]
    if any(not (t.is_title or t.is_upper) or t.ent_type_ or t.i > mention.i for t in words):
        return None
    if mention.doc[words[0].i : mention.i + 1].text.upper() in NOT_ACTORS:
        return None
    return mention.doc[words[0].i : mention.i + 1].text


# Bodies every state has: a bare mention is the article's state, not the one the gazetteer knows
# ('the Senate' of an Australian story is Australia's). The word names the kind the context looks for.


# Bodies every state has: a bare mention is the article's state, not the one the gazetteer knows
# ('the Senate' of an Australian story is Australia's). The word names the kind the context looks for.
_LEGISLATURES = (
    "congress",
    "senate",
    "parliament",
    "house of representatives",
    "house",
    "assembly",
    "legislature",
    "lower house",
    "upper house",
    "legislative assembly",
)


CONTEXT_BODIES = {"treasury": "treasury", **dict.fromkeys(_LEGISLATURES, "parliament")}


def context_body(name: str) -> str | None:
    """'the National Treasury' -> 'treasury', 'the Senate' -> 'parliament'; a name that says whose
    ('U.S. Senate', 'House of Commons') -> None."""
    key = " ".join(name.lower().split()).removeprefix("the ").removeprefix("national ")
    return CONTEXT_BODIES.get(key.strip())


# Names the recogniser takes for organisations that never act: taxes and indicators.


# Names the recogniser takes for organisations that never act: taxes and indicators.
TAX_NAMES = frozenset("VAT GST HST IVA IOF ICMS PPN SST KDV TVA IGST CGST SGST".split())  # noqa: SIM905
NOT_ACTORS = TAX_NAMES | frozenset("GDP CPI PMI RPI PPI HICP PCE ULEZ".split())  # noqa: SIM905


# A word glued to the one before it by scraping ('Photo: ReutersBritain will...', '(Reuters)The U.S.'):
# a lowercase letter, a closing bracket or an acronym directly before a capitalised word.
_GLUE = re.compile(r"^.*(?:(?:[a-z]|[)\]:])(?=[A-Z](?:[a-z]|\.|[A-Z]))|[A-Z](?=[A-Z][a-z]))")


def unglued(text: str) -> str:
    """'ReutersBritain' -> 'Britain', 'AFPIreland' -> 'Ireland', 'Reuters)The U.S.' -> 'The U.S.'. Only
    worth trusting when what is left is a name the gazetteer knows ('McKinsey' is no 'Kinsey')."""
    return _GLUE.sub("", text, count=1)


BANK_WORDS = word_set("bank")


_LOCAL_TITLES = word_set("mayor councillor councilor alderman")


_STATE_TITLES = word_set("minister president premier chancellor secretary")


def state_title(mention: Token) -> bool:
    """'Finance Minister Enoch Godongwana' / 'Ana Ruiz, the economy minister,': a minister acts for a
    state, never for a company the story names ('the minister of X' says nothing of whose)."""
    return any(
        t.lower_ in _STATE_TITLES and not _under_prep(t, mention) and not _party_office(t)
        for t in mention.subtree
    )


def _party_office(title: Token) -> bool:
    """'General Secretary Ana Ruiz' of a union or party speaks for no state."""
    return title.i > 0 and title.doc[title.i - 1].lower_ in {"general", "party", "union"}


def _under_prep(token: Token, top: Token) -> bool:
    while token.i != top.i and token.head is not token:
        if token.dep_ == "prep":
            return True
        token = token.head
    return False


def local_title(mention: Token) -> bool:
    """'Mayor Anne Hidalgo': a city's leader acts for the city, which the gazetteer rarely knows."""
    return any(t.lower_ in _LOCAL_TITLES for t in mention.subtree)


def inside_other_name(span: Span) -> bool:
    """'Assembly' of the 'World Health Assembly': a longer name that is no bare body of a state."""
    doc = span.doc
    return any(
        ent.start <= span.start
        and span.end <= ent.end
        and len(ent) > len(span)
        and context_body(ent.text) is None
        for ent in doc.ents
        if ent.label_ in {"ORG", "GPE", "NORP", "FAC"}
    )


def strip_titles(ent: Span) -> str:
    """'Prime Minister Sir Keir Starmer' -> 'Keir Starmer'; 'The Financial Conduct Authority' ->
    'Financial Conduct Authority' (the recogniser takes a leading article into a name)."""
    if len(ent) > 1 and ent[0].lower_ == "the":
        ent = ent[1:]
    words = [t.text for t in ent if (t.lower_ not in _TITLES and not t.is_punct) or t.text == "."]
    text = " ".join(words).strip()
    return text.removesuffix("'s").removesuffix("\u2019s").strip() or ent.text
