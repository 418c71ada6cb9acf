"""Who made the change: the subject, the passive agent, or whoever reports it.

'Canada has rescinded its tax' -> Canada; 'the tax was scrapped by Ottawa' -> Ottawa;
'Sir Keir said the aid budget would be cut' -> Sir Keir; 'he said ...' -> the article's actor.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from services.extract.actors import ActorIndex, ActorRef
from services.extract.rules.datelines import in_dateline
from services.extract.rules.lexicon import REPORTING_VERBS, word_set
from services.extract.rules.names import (
    BANK_WORDS,
    NOT_ACTORS,
    apposed_employer,
    context_body,
    employer,
    inside_other_name,
    local_title,
    named_agency,
    named_bank,
    named_party,
    state_title,
    strip_titles,
    titled_person,
    unglued,
    unlabelled_name,
)

PRONOUNS = word_set("he she it they we i his her its their our")
GENERIC_ACTORS = word_set("""government administration company minister president bank committee
    council pm premier chancellor
    secretary officials official ministry department agency firm group cabinet policymakers regulator leader
    governor retailer giant spokesperson spokesman spokeswoman board authorities state country councillors
    carmaker automaker airline insurer lender miner manufacturer drugmaker chipmaker brewer supermarket
    councillor lawmakers parliament coalition party mayor commission city town municipality treasury
    watchdog""")
ENTITY_TYPES = {"PERSON": "official", "ORG": "company", "GPE": "state", "NORP": "state"}
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_CLIMB = {
    "amod",
    "xcomp",
    "conj",
    "ccomp",
    "advcl",
    "dobj",
    "pcomp",
    "pobj",
    "prep",
    "acl",
    "relcl",
    "nsubjpass",
    "attr",
    "oprd",
    "appos",
    "npadvmod",
    "csubj",
    "acomp",
}
# Plural heads that name several actors at once ('several European governments'): no single actor.
_GROUP_HEADS = word_set("government country state nation capital party")
_QUANTIFIERS = word_set("several some many other most few various both")
_QUOTES = {'"', "\u201c", "\u201d"}


@dataclass(frozen=True)
class AgentHit:
    """A resolved actor, or an unresolved mention (`ref` None) that the article context resolves.

    `fallback` names the actor as written when the context cannot ('councillors').
    """

    ref: ActorRef | None
    text: str
    official: str | None = None
    via: str = "subject"
    fallback: str | None = None


def find_agent(token: Token, index: ActorIndex) -> AgentHit | None:
    """The actor of a change predicate, climbing to the reporting clause when needed."""
    first_unresolved: AgentHit | None = None
    quoted_speaker = False
    node: Token | None = token
    if _relative_subject(token) and _instrument(token.head):
        node = token.head.head  # 'approved a law that raises the wage': who approved the law
    elif _relative_subject(token) and not _may_act(_antecedent(token.head), index):
        return None  # 'the war in Ukraine, which raised its food import bill': the war is no actor
    for _ in range(6):
        if node is None:
            break
        for mention in clause_actors(node):
            quoted_speaker = quoted_speaker or (mention.lower_ in {"i", "we"} and _in_quote(mention))
            if is_group(mention):
                return None
            hit = resolve_mention(mention, index)
            if hit is None or (hit.via == "entity" and _moved_thing(mention, node)) or _payer(mention, node):
                continue
            reporter = hit.ref is not None and hit.via == "entity"
            if reporter and _named_body(first_unresolved) and not _same_company(first_unresolved, hit):
                return first_unresolved  # 'X said the Treasury would scrap': the Treasury acts, X reports
            if hit.ref is not None:
                return hit
            if first_unresolved is None or (first_unresolved.text in PRONOUNS and hit.text not in PRONOUNS):
                first_unresolved = hit  # 'the government added that it would ban...': the government
        node = _next_clause(node)
    if quoted_speaker and first_unresolved is None:
        return None  # 'I will raise tariffs,' with no named speaker: cannot tell who
    return first_unresolved or AgentHit(None, "", via="context")


_ENACTING = word_set("approve sign pass adopt issue enact introduce publish unveil announce present")
_INSTRUMENTS = word_set(
    "law bill decree order act legislation regulation measure proposal package ordinance directive"
)


def _instrument(noun: Token) -> bool:
    """'a law that raises...', 'the decree, which lifts...': the instrument made by the verb it is
    the object of, whose subject acts."""
    return (
        noun.lemma_.lower() in _INSTRUMENTS
        and noun.dep_ in {"dobj", "nsubjpass"}
        and noun.head.lemma_.lower() in _ENACTING
    )


def states_named_together(token: Token, index: ActorIndex) -> list[ActorRef]:
    """Several named actors making one change together: 'Ireland, Spain and Norway said they would
    recognise...', 'The military governments of Niger, Mali and Burkina Faso said their countries
    were leaving...' -> one actor each (two or more, else [])."""
    node: Token | None = token
    for _ in range(6):
        if node is None:
            break
        for mention in clause_actors(node):
            named = _named_members(mention, index)
            if len(named) >= 2:
                return named
        node = _next_clause(node)
    return []


_MEMBER_HEADS = word_set("government minister leader country state president premier")


def _named_members(mention: Token, index: ActorIndex) -> list[ActorRef]:
    """'Ireland, Spain and Norway' / 'the defence ministers of Poland, Lithuania and Estonia': the
    states named, when they are several."""
    first: Token | None = mention
    apposed = [c for c in mention.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
    if apposed:  # 'OSLO — Ireland, Spain and Norway said'
        first = apposed[0]
    elif mention.lemma_.lower() in _MEMBER_HEADS and mention.tag_ == "NNS":
        of = [g for c in mention.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        first = next((g for g in of if g.dep_ == "pobj"), None)
    if first is None or first.pos_ != "PROPN":
        return []
    refs: dict[str, ActorRef] = {}
    for member in (first, *(t for t in first.conjuncts if t.i > first.i)):
        hit = resolve_mention(member, index)
        if hit is None or hit.ref is None or hit.ref.type != "state":
            return []  # 'Canada and its partners': not a list of states
        refs.setdefault(hit.ref.canonical, hit.ref)
    return list(refs.values())


_MONETARY_RATES = word_set(
    "policy interest repo key benchmark base lending refinancing discount deposit overnight"
)


def central_bank_of(agent: AgentHit, head: Token, index: ActorIndex) -> AgentHit:
    """'Ghana cuts policy rate', 'Turkey raised interest rates': a state moving a central bank's
    rate is its central bank, when the gazetteer knows it."""
    if agent.ref is None or agent.ref.type != "state" or head.lemma_.lower() != "rate":
        return agent
    if not any(c.lower_ in _MONETARY_RATES for c in head.children if c.i < head.i):
        return agent
    bank = index.resolve(f"{agent.ref.canonical} central bank")
    if bank is None or bank.type != "central_bank":
        return agent
    return AgentHit(bank, agent.text, agent.official, via=agent.via, fallback=agent.fallback)


def _relative_subject(token: Token) -> bool:
    return token.dep_ == "relcl" and any(
        c.dep_ == "nsubj" and c.lower_ in {"which", "that", "who"} for c in token.children
    )


def _antecedent(noun: Token) -> Token:
    """'the war in Ukraine, which raised...': a relative clause parsed under the place a noun is
    in belongs to that noun (the parser hangs it on the nearest word)."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ == "in" and prep.head.pos_ == "NOUN" and noun.ent_type_ == "GPE":
        return prep.head
    return noun


def _may_act(antecedent: Token, index: ActorIndex) -> bool:
    """Whether the noun a relative clause hangs on can be an actor: a name, a known body or a
    generic one ('the ministry, which cut...')."""
    if antecedent.ent_type_ in ENTITY_TYPES or antecedent.pos_ == "PROPN":
        return True
    return antecedent.lemma_.lower() in GENERIC_ACTORS or resolve_mention(antecedent, index) is not None


_COMPANY_WORDS = word_set(
    """company firm retailer giant group carmaker automaker airline insurer lender miner manufacturer
    drugmaker chipmaker brewer supermarket"""
)


def _same_company(body: AgentHit | None, reporter: AgentHit) -> bool:
    """'Nissan Chief Executive Ivan Espinosa said the carmaker would...': the carmaker is Nissan."""
    return (
        body is not None
        and body.text in _COMPANY_WORDS
        and reporter.ref is not None
        and reporter.ref.type == "company"
    )


def _named_body(hit: AgentHit | None) -> bool:
    return hit is not None and hit.ref is None and bool(hit.text) and hit.text not in PRONOUNS


_MOVING = word_set("rise go climb increase fall drop jump double triple")


def _moved_thing(subject: Token, verb: Token) -> bool:
    """'Diesel goes to 17.50 pounds', 'The National Living Wage will go up by 6.7%': the subject of
    a change without an object is what moves, not who moves it (unless the gazetteer knows it)."""
    return (
        subject.dep_ == "nsubj"
        and subject.head.i == verb.i
        and verb.lemma_.lower() in _MOVING
        and not any(c.dep_ == "dobj" for c in verb.children)
        and subject.ent_type_ not in {"PERSON", "GPE", "NORP"}
    )


def _payer(subject: Token, verb: Token) -> bool:
    """'Malaysians will pay RM1.99 a litre': who pays a price is charged, not who sets it."""
    return subject.dep_ == "nsubj" and subject.head.i == verb.i and verb.lemma_.lower() == "pay"


def is_group(mention: Token) -> bool:
    """'Several European governments pledged...' / 'Asian countries': many actors, not one."""
    if mention.tag_ != "NNS" or mention.lemma_.lower() not in _GROUP_HEADS:
        return False
    if (
        mention.lemma_.lower() == "party"
    ):  # 'left-wing parties': never one actor; 'Germany's parties' act for it
        return not any(c.dep_ in {"poss", "compound"} and c.pos_ == "PROPN" for c in mention.children)
    mods = [c for c in mention.children if c.dep_ in {"amod", "det"}]
    return any(c.lower_ in _QUANTIFIERS or c.tag_ == "JJ" for c in mods) and not any(
        c.dep_ == "compound" and c.pos_ == "PROPN" for c in mention.children
    )


def find_announcer(token: Token, index: ActorIndex) -> str | None:
    """The named person who reports the change: 'Keir Starmer said the UK would scrap...' -> Keir Starmer."""
    node: Token | None = token
    for _ in range(6):
        if node is None:
            return None
        for mention in clause_actors(node):
            hit = resolve_mention(mention, index)
            if hit is not None and hit.official:
                return hit.official
        node = _next_clause(node)
    return None


def clause_actors(token: Token) -> list[Token]:
    """Who acts in this clause: the passive agent, the subject, the possessor, 'under X's plan'."""
    if token.dep_ == "amod" and token.i > 0 and token.doc[token.i - 1].pos_ == "PROPN":
        return [token.doc[token.i - 1]]  # misparsed 'Trump terminated talks': the name before acts
    found: list[Token] = []
    for child in token.children:
        if child.dep_ in _SUBJECTS and in_dateline(child):  # 'ZURICH, June 19 - The Swiss National Bank...'
            found.extend(_after_dateline(child))
    for child in token.children:
        if child.dep_ == "agent":
            found.extend(p for p in child.children if p.dep_ == "pobj")
    for child in token.children:
        if child.dep_ in _SUBJECTS and child.dep_ != "nsubjpass" and not in_dateline(child):
            if not _is_topic_like(child):
                found.append(child)
            else:  # "Hegseth's declaration marked a shift": the declaration's owner acts
                found.extend(c for c in child.children if c.dep_ == "poss")
    found.extend(c for c in token.children if c.dep_ == "poss")
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "under":
            for plan in (g for g in child.children if g.dep_ == "pobj"):
                found.extend(c for c in plan.children if c.dep_ == "poss")
                for by in (c for c in plan.children if c.dep_ == "prep" and c.lower_ == "by"):
                    found.extend(g for g in by.children if g.dep_ == "pobj")
    return found


def _after_dateline(place: Token) -> list[Token]:
    """The subject the parser hung on a dateline ('COLOMBO, Jan 17 - Sri Lanka's power regulator
    cut...', where 'regulator' came out as an apposition of 'Jan'): the words of the place's phrase
    that follow the dateline and hang on it."""
    return [
        t for t in place.subtree if not in_dateline(t) and in_dateline(t.head) and t.pos_ in {"NOUN", "PROPN"}
    ]


def resolve_mention(mention: Token, index: ActorIndex) -> AgentHit | None:
    """'Prime Minister Sir Keir Starmer' -> United Kingdom said by Keir Starmer (via the index)."""
    if mention.lower_ in {"i", "we"} and _in_quote(mention):
        return None  # a quoted first person is the speaker, found by climbing to 'said'
    person = _person_in(mention)
    members = _members_body(mention, index)
    if members is not None:  # 'Member states of the World Health Organization agreed...'
        return members
    owner = _named_owner(mention, index)
    if owner is not None:
        return owner
    agency = named_agency(mention, index)
    if agency is not None:  # 'Britain's energy regulator Ofgem' is Ofgem, not Britain
        return AgentHit(agency, agency.canonical, agency.official or person, via="entity")
    for span in _candidate_spans(mention):
        body = context_body(span.text)
        if body is not None and not inside_other_name(span):
            # 'the Treasury', 'the Senate' of which state: the article says
            return AgentHit(None, body, via="context", fallback=span.text.removeprefix("the "))
        ref = index.resolve(span.text) or index.resolve(unglued(span.text))  # 'ReutersBritain will...'
        if ref is not None and ref.official and len(span) == 1 and _other_first_name(person, index):
            continue  # 'Health Minister Sylvia Jones' is not the known official surnamed Jones
        if ref is not None and not ref.official and len(span) == 1 and _inside_longer_name(span[0], index):
            continue  # the 'Commission' of the 'Nigerian Electricity Regulatory Commission' is not the EU's
        if ref is not None:
            return AgentHit(ref, span.text, ref.official or person)
    generic = mention.lemma_.lower() in GENERIC_ACTORS or mention.lower_ in PRONOUNS
    ent = _entity_in(mention)
    party = named_party(mention, ent)
    if party is not None:  # 'the federal Liberal Party abandoned...': the party names itself
        return AgentHit(ActorRef(party, "party"), party, person, via="entity")
    bank = named_bank(mention, ent)
    if bank is not None:  # 'the Central Bank of Eswatini cut...': not the last central bank named
        return AgentHit(bank, bank.canonical, person, via="entity")
    if generic and _its_state_body(mention):
        return AgentHit(None, "country", via="context")  # 'Latvia went furthest. Its government...'
    if generic:
        # 'councillors' may name the council; 'the company' names nobody the context did not find
        bare = mention.lower_ in PRONOUNS or mention.lemma_.lower() in _COMPANY_WORDS
        fallback = None if bare else _plain(mention)
        return AgentHit(None, mention.lower_, via="context", fallback=fallback)
    if ent is not None:
        actor_type = ENTITY_TYPES[ent.label_]
        name = strip_titles(ent)
        if name.upper() in NOT_ACTORS or _pollster(ent):
            return None
        company = employer(mention, ent, index)
        if actor_type == "official" and company is not None:  # 'Nissan Chief Executive Ivan Espinosa'
            return AgentHit(company, company.canonical, name, via="entity")
        if actor_type == "official" and not local_title(mention):
            # a chief executive or minister the gazetteer does not know acts for the company or
            # state the article is about: the context resolves whom, the name stays the announcer
            word = "government" if state_title(mention) else "person"
            return AgentHit(None, word, name, via="context")
        return AgentHit(ActorRef(name, actor_type), name, None, via="entity")
    titled = titled_person(mention)
    if titled is not None:  # 'Ana Ruiz, chief executive of Solvera Foods, said...': not a company
        company = apposed_employer(mention, index)
        if company is not None:
            return AgentHit(company, company.canonical, titled, via="entity")
        return AgentHit(None, "government" if state_title(mention) else "person", titled, via="context")
    unlabelled = unlabelled_name(mention)
    if unlabelled is not None:  # 'Volvo Cars has given up its pledge' where the recogniser saw no entity
        return AgentHit(ActorRef(unlabelled, "company"), unlabelled, None, via="entity")
    return None


_POLL_WORDS = word_set(
    """poll polls pollster survey ipsos yougov gallup pew morning consult angus reid opinium savanta
    redfield datafolha quaest infratest forsa ifop elabe nanos leger newspoll kantar quinnipiac marist
    surveyusa civiqs survation deltapoll focaldata populus comres"""
)
_STATE_WORDS = word_set("""government administration ministry cabinet authorities state country regime
    treasury congress parliament senate assembly legislature""")
_GOVERNMENT_QUALIFIERS = word_set(
    "federal national central union provincial interim transitional military new"
)


def _its_state_body(mention: Token) -> bool:
    """'Its government', 'its cabinet': the state just named owns it, as 'the country' would be."""
    return mention.lemma_.lower() in _STATE_WORDS and any(
        c.dep_ == "poss" and c.lower_ == "its" for c in mention.children
    )


def _pollster(ent: Span) -> bool:
    """'a poll by Ipsos found...': a pollster reports opinion, it changes no policy."""
    words = {t.lower_ for t in ent} | {t.lower_ for t in ent.root.head.children} | {ent.root.head.lower_}
    return bool(words & _POLL_WORDS)


_MEMBERS = word_set("member members state states country countries government governments nation nations")


def _members_body(mention: Token, index: ActorIndex) -> AgentHit | None:
    """'Member states of the World Health Organization', 'members of the African Union': the
    members deciding together are the body, as the gold names it, not a state called 'Member'."""
    is_member = mention.lemma_.lower() == "member" or any(
        c.dep_ == "compound" and c.lower_ in {"member", "members"} for c in mention.children
    )
    if not is_member or mention.lower_ not in _MEMBERS:
        return None
    for prep in (c for c in mention.children if c.dep_ == "prep" and c.lower_ == "of"):
        for body in (g for g in prep.children if g.dep_ == "pobj"):
            ref = index.resolve(mention.doc[body.left_edge.i : body.i + 1].text)
            if ref is not None and ref.type == "international_org":
                return AgentHit(ref, ref.canonical, via="members")
    return None


def _named_owner(mention: Token, index: ActorIndex) -> AgentHit | None:
    """'Niger's military government' / 'Zimbabwe's central bank' / 'El Salvador's Congress': a
    body every state has, owned by a named place the gazetteer does not know, is that place's."""
    lemma = mention.lemma_.lower()
    if lemma not in _STATE_WORDS | BANK_WORDS:
        return None
    kind = "central_bank" if lemma in BANK_WORDS else "state"
    for child in mention.children:
        named = child.pos_ == "PROPN" or child.ent_type_ in {"GPE", "NORP"}
        if child.dep_ == "poss" and named and child.lower_ not in PRONOUNS:
            name = doc_words(child)
            known = index.resolve(name)
            if known is not None and known.type != "state":
                return None
            if known is not None and kind == "central_bank":
                # 'Ghana's central bank': named by its state, the one word every name of it shares
                # ('Bank of Ghana', 'Ghana's central bank'), typed as the bank it is
                return AgentHit(ActorRef(known.canonical, kind), name, via="possessor")
            if known is not None:  # 'El Salvador's Congress' is El Salvador's, not the US Congress
                return AgentHit(known, name, known.official, via="possessor")
            return AgentHit(ActorRef(name, kind), name, via="possessor")
    names = [c for c in mention.children if c.dep_ == "compound" and c.i < mention.i]
    if all(c.lower_ in _GOVERNMENT_QUALIFIERS for c in names):
        return None  # 'the Federal Government': of the state the article is about
    if names and all(c.pos_ == "PROPN" for c in names) and lemma in _STATE_WORDS:
        doc = mention.doc
        name = unglued(
            doc[names[0].left_edge.i : mention.i].text
        )  # 'Lagos State' of 'the Lagos State Government'
        whole = unglued(doc[names[0].left_edge.i : mention.i + 1].text)
        if index.resolve(name) is None and index.resolve(whole) is None:
            return AgentHit(ActorRef(name, kind), name, via="compound")
    return None


def doc_words(token: Token) -> str:
    """'Burkina Faso' for the possessor token 'Faso' (its compound words, without the 's)."""
    words = [t for t in token.subtree if t.dep_ != "case" and not t.is_punct]
    return " ".join(t.text for t in words)


def _inside_longer_name(token: Token, index: ActorIndex) -> bool:
    """A word the gazetteer knows alone ('Commission', 'Congress') that ends a longer organisation
    name it does not know: the longer name is another body."""
    for ent in token.doc.ents:
        if ent.label_ in {"ORG", "GPE", "NORP", "FAC"} and ent.start <= token.i < ent.end and len(ent) > 1:
            return index.resolve(ent.text) is None
    return False


def _other_first_name(person: str | None, index: ActorIndex) -> bool:
    return person is not None and " " in person and index.resolve(person) is None


def _next_clause(token: Token) -> Token | None:
    """Up to the governing verb: xcomp/conj/ccomp chains, or the verb an event noun hangs on."""
    if token.head is token:
        return None
    if token.dep_ in _CLIMB or token.head.lemma_.lower() in REPORTING_VERBS:
        return token.head
    return None


def _is_topic_like(subject: Token) -> bool:
    """'The levy would rise' / 'the cut lowers the rate': the subject is the thing, not the actor."""
    if subject.lower_ in PRONOUNS or subject.ent_type_ in ENTITY_TYPES or subject.pos_ == "PROPN":
        return False  # a name ('Walmart said') acts, even where the recogniser missed it
    if any(c.ent_type_ in ENTITY_TYPES for c in subject.children if c.dep_ in {"compound", "appos", "poss"}):
        return False
    return subject.lemma_.lower() not in {*GENERIC_ACTORS, "customer"}


def _candidate_spans(mention: Token) -> list[Span]:
    """Spans to look up, most specific first: an apposed name, the entity, 'X's government', the phrase."""
    doc = mention.doc
    spans: list[Span] = []
    for child in mention.children:
        if child.dep_ == "appos":
            spans.extend(
                e for e in doc.ents if child.left_edge.i <= e.start and e.end <= child.right_edge.i + 1
            )
    spans.extend(ent for ent in doc.ents if ent.start <= mention.i < ent.end)
    left = mention.left_edge.i
    for child in mention.children:
        if child.dep_ == "poss":
            spans.append(doc[child.left_edge.i : child.i + 1])
    compounds = [c for c in mention.children if c.dep_ in {"compound", "amod"} and c.i < mention.i]
    if compounds:
        spans.append(doc[compounds[0].i : mention.i + 1])
    spans.append(doc[mention.i : mention.i + 1])
    spans.append(doc[left : mention.i + 1])
    near = {
        t.i for t in mention.subtree if not any(a.dep_ == "prep" for a in t.ancestors if a.i != mention.i)
    }
    spans.extend(
        e for e in doc.ents if left <= e.start and e.end <= mention.right_edge.i + 1 and e.start in near
    )
    return spans


def _entity_in(mention: Token) -> Span | None:
    doc = mention.doc
    for ent in doc.ents:
        if ent.label_ in ENTITY_TYPES and ent.start <= mention.i < ent.end:
            return ent
    for ent in doc.ents:
        if (
            ent.label_ in {"PERSON", "ORG", "GPE"}
            and mention.left_edge.i <= ent.start
            and ent.end <= mention.i + 1
        ):
            return ent
    return None


def _person_in(mention: Token) -> str | None:
    """The person the mention names ('Prime Minister Sir Keir Starmer'), not one listed after it
    ('Niger, Mali and Burkina Faso' where the recogniser took 'Mali' for a person)."""
    doc = mention.doc
    for ent in doc.ents:
        if (
            ent.label_ == "PERSON"
            and mention.left_edge.i <= ent.start
            and ent.end <= mention.right_edge.i + 1
            and not any(t.dep_ == "conj" and t.i > mention.i for t in ent)
        ):
            return strip_titles(ent)
    return None


def _in_quote(token: Token) -> bool:
    sent = token.sent
    return sum(1 for t in sent if t.i < token.i and t.text in _QUOTES) % 2 == 1


def _plain(mention: Token) -> str:
    words = [t.text for t in mention.subtree if t.i <= mention.i and t.dep_ not in {"det", "punct"}]
    return " ".join(words)
