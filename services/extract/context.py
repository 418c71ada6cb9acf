"""Article context: which actors the article names, to resolve 'he', 'the government', 'the company'."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from services.extract.actors import ActorRef
from services.extract.rules.lexicon import word_set

# Which kind of actor a pronoun or generic noun can stand for.
_TYPE_HINTS = {
    "company": word_set("""company firm retailer giant group it carmaker automaker airline insurer lender
        miner manufacturer drugmaker chipmaker brewer supermarket chain platform streamer conglomerate"""),
    "central_bank": word_set("bank committee policymakers governor"),
    "official": word_set("he she minister president pm premier chancellor secretary governor mayor leader"),
    "state": word_set("""government administration country ministry department cabinet state they we
        authorities officials official agency"""),
}
# A city or council is not the state it lies in: it takes a local actor named before it, else the
# words as written ('the city').
_LOCAL = word_set("city town municipality council councillors")
_LOOKBACK = 8
# Words for someone who can only act for a state: with nobody named, the dateline's state.
_STATE_TITLES = word_set(
    """minister president pm premier chancellor government administration ministry authorities
    officials official cabinet department"""
)
_BODIES = frozenset({"state", "company", "central_bank", "international_org"})
_STATES = frozenset({"state"})
_COMPANIES = frozenset({"company"})
# A regulator called by its kind is the last body named as one ('... Authority', '... Commission').
_WATCHDOGS = word_set("regulator watchdog")
_AGENCY_HEADS = word_set(
    "commission authority agency regulator board bureau inspectorate watchdog administration office"
)
_BY_WEIGHT = {
    "person": _BODIES,
    **{w: _STATES for w in word_set("government administration ministry department cabinet authorities")},
    "treasury": _STATES,
    "parliament": _STATES,
}

# A state named as a government just before ('The Chilean government said...', "Chile's finance
# ministry", 'the U.S. administration'): a later 'the government' is that one, not the headline's.
# The name's words never run over a full stop ('... the United States. The Ministry').
_NAMED_AS_GOVERNMENT = re.compile(
    r"(?:[A-Z](?:\.[A-Z])+\.|[A-Z][\w\-]*)(?:\s+(?!(?:The|A|An|It|Its|This|That)\b)[A-Z][\w\-]*)*?"
    r"(?:['\u2019]s)?"
    r"(?:\s+(?i:finance|foreign|trade|economy|economic|federal|interior|health|defen[cs]e|energy|"
    r"agriculture|commerce|industry|labou?r|environment|transport|education|justice|national|central))*"
    r"\s+(?i:government|administration|ministry|cabinet|authorities|treasury)\b"
)


@dataclass
class Mention:
    start: int
    ref: ActorRef


@dataclass
class ArticleContext:
    """Actors named in the title and text, in order, with how often each appears."""

    mentions: list[Mention] = field(default_factory=list)
    title_actors: list[ActorRef] = field(default_factory=list)
    latest_year: int | None = None
    text: str = ""
    # The state of the dateline ('COLOMBO, Jan 17 -' -> Sri Lanka), which the text may never name.
    home: ActorRef | None = None
    # The dateline's place as written ('BARCELONA' -> 'Barcelona'): the city 'the city' may mean.
    home_place: str | None = None
    # Who the sentences name as making a change, in order: a body named only as the owner of
    # another ('Australia's Fair Work Commission') is mentioned but did not act.
    acted: list[Mention] = field(default_factory=list)

    def with_actors(self, found: list[Mention]) -> ArticleContext:
        """The context with the actors the sentences named, so that 'the company' later finds one
        the gazetteer does not know ('Hyundai Motor abandoned...') and a change told with nobody
        named is the last actor's."""
        known = {m.ref.canonical for m in self.mentions}
        extra = [m for m in found if m.ref.canonical not in known]
        mentions = sorted([*self.mentions, *extra], key=lambda m: m.start)
        acted = sorted(found, key=lambda m: m.start)
        return ArticleContext(
            mentions, self.title_actors, self.latest_year, self.text, self.home, self.home_place, acted
        )

    def with_mentions(self, found: list[Mention]) -> ArticleContext:
        """The context with bodies named in sentences no rule read (`named_subjects`)."""
        if not found:
            return self
        return replace(self, mentions=sorted([*self.mentions, *found], key=lambda m: m.start))

    def dominant(self) -> ActorRef | None:
        """The actor the article is about: title mentions count double."""
        counts: Counter[str] = Counter()
        refs: dict[str, ActorRef] = {}
        for ref in self.title_actors:
            counts[ref.canonical] += 2
            refs.setdefault(ref.canonical, ref)
        for mention in self.mentions:
            counts[mention.ref.canonical] += 1
            refs.setdefault(mention.ref.canonical, mention.ref)
        if not counts:
            return None
        return refs[counts.most_common(1)[0][0]]

    def resolve(self, word: str, offset: int) -> ActorRef | None:
        """'he' at offset 900 -> the nearest official named before 900, else the dominant actor.

        'The ministry' or a person the gazetteer does not know ('person') -> of the bodies named
        just before, the one the article names most: a country merely mentioned near it is not the
        one whose ministry acts."""
        word = word.lower()
        if word in _BY_WEIGHT:
            kinds = _BY_WEIGHT[word]
            nearer = self._nearer_than_headline(kinds, offset)
            if nearer is not None:  # 'The Chilean government said... The government raised...'
                return nearer
            headline = self._headline_actor(kinds)
            if headline is not None:  # 'Mexico raises tariffs' over a story quoting China often
                return headline
            found = self._weightiest(kinds, offset) or self.dominant()
            if found is None or found.type not in kinds:
                # no company's (or party's) government: the body of that kind the article names
                # most, else the dateline's state ('NAIROBI -' says whose ministry)
                found = self._weightiest(kinds, len(self.text) + 1, lookback=None)
                found = found or (self.home if kinds == _STATES else None)
            return found if found is not None and found.type in kinds else None
        if word in _WATCHDOGS:
            agency = self._nearest(offset, _agency)
            if agency is not None:  # 'the Financial Conduct Authority said... The regulator will...'
                return agency
        if word in _LOCAL:
            before = [m for m in self.mentions if m.start < offset][-_LOOKBACK:]
            local = next(
                (m.ref for m in reversed(before) if m.ref.type == "other" and not _agency(m.ref)), None
            )
            return local or (ActorRef(self.home_place, "other") if self.home_place else None)
        wanted = {kind for kind, words in _TYPE_HINTS.items() if word in words}
        if wanted:
            before = [m for m in self.mentions if m.start < offset][-_LOOKBACK:]
            for mention in reversed(before):
                if mention.ref.type in wanted or ("official" in wanted and mention.ref.official is not None):
                    return mention.ref
            if word in _STATE_TITLES and self.home is not None and self.dominant() is None:
                return self.home  # 'COLOMBO - ... the minister said': Sri Lanka's minister
            if wanted == {"company"} and word not in {"it", "group"}:
                # 'Nippon Steel bought U.S. Steel. The company said...': a company word never
                # stands for a state; the company named most, else nobody the article names
                return self._weightiest(_COMPANIES, len(self.text) + 1, lookback=None)
        last = self._last_actor(offset) if not word else None
        if last is not None:
            return last  # 'the minimum wage rises to $24.95': set by whoever just acted
        found = self.dominant()
        if not word and found is not None and found.type == "party":
            # nobody named, and the story names a party most: a party governs through its state
            return self._weightiest(_STATES, len(self.text) + 1, lookback=None) or found
        return found

    def _weightiest(
        self, kinds: frozenset[str], offset: int, lookback: int | None = _LOOKBACK
    ) -> ActorRef | None:
        """Of the bodies named just before (and the dateline's state), the one named most."""
        counts = Counter(m.ref.canonical for m in self.mentions)
        for ref in [*self.title_actors, *([self.home] if self.home else [])]:
            counts[ref.canonical] += 2
        before = [m.ref for m in self.mentions if m.start < offset][-lookback if lookback else None :]
        home = [self.home] if self.home is not None and kinds == _STATES else []
        fitting = [ref for ref in home + before if ref.type in kinds]
        if not fitting:
            return None
        order = {ref.canonical: n for n, ref in enumerate(fitting)}  # later is nearer
        return max(fitting, key=lambda ref: (counts[ref.canonical], order[ref.canonical]))

    def _last_actor(self, offset: int) -> ActorRef | None:
        before = [m.ref for m in self.acted if m.start < offset]
        return before[-1] if before else None

    def _nearer_than_headline(self, kinds: frozenset[str], offset: int) -> ActorRef | None:
        """A body of these kinds other than the headline's, named as a government just before
        ('The Chilean government said...'): the nearer evidence says whose 'the government' it is.
        A state merely quoted near it ('China protested') is not."""
        headline = {ref.canonical for ref in self.title_actors}
        before = [m for m in self.mentions if m.start < offset][-_LOOKBACK:]
        for mention in reversed(before):
            if mention.ref.type not in kinds or mention.ref.canonical in headline:
                continue
            if _NAMED_AS_GOVERNMENT.match(self.text, mention.start):
                return mention.ref
        return None

    def _headline_actor(self, kinds: frozenset[str]) -> ActorRef | None:
        """The one body of these kinds the title names, if it names exactly one and the text names
        it too (and no dateline names another state): the headline says whose news it is, however
        often the text quotes others."""
        named = {ref.canonical: ref for ref in self.title_actors if ref.type in kinds}
        if len(named) != 1:
            return None
        [ref] = named.values()
        if self.home is not None and kinds == _STATES and self.home.canonical != ref.canonical:
            return None  # 'TOKYO -' under 'US welcomes tariff cut': the dateline says whose ministry
        return ref if any(m.ref.canonical == ref.canonical for m in self.mentions) else None

    def _nearest(self, offset: int, fits: Callable[[ActorRef], bool]) -> ActorRef | None:
        before = [m.ref for m in self.mentions if m.start < offset][-_LOOKBACK:]
        return next((ref for ref in reversed(before) if fits(ref)), None)


def _agency(ref: ActorRef) -> bool:
    """'Financial Conduct Authority', 'Securities and Exchange Commission': a body named as a
    regulator or agency, which no 'the city' stands for."""
    return ref.canonical.split()[-1].lower() in _AGENCY_HEADS
