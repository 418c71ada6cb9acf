"""Actor gazetteer: canonical actors, their aliases and metonyms, and the officials who speak for them.

The data is `shared/data/actors.toml` (format: docs/gazetteer.md); this module only indexes it.
Lookups are dict hits on a normalised key, so they are safe to call for every entity mention.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from shared.contract import ActorType

# Aliases that are also everyday lowercase words: they only count when written with a capital.
_COMMON_WORDS = frozenset(
    """us who fed it may un can national reform target shell apple meta intel labor labour congress senate
    fund alliance treasury commission union house commerce citi bp""".split()  # noqa: SIM905
)
# Surnames that are also months, everyday words or places ('May', 'Hunt', 'Store', 'Austin'): alone
# they name the month or the thing, so they resolve only after a title ('Mrs May', 'Prime Minister May').
_WORD_SURNAMES = frozenset(
    """january february march april may june july august september october november december
    cook hunt store tan gang un woods champagne martin austin costa montenegro wright bullock
    chew fink sawan solomon""".split()  # noqa: SIM905
)
# Words that may precede a person's name without changing who it is ("Defense Secretary Pete Hegseth").
_TITLE_WORDS = frozenset(
    """president vice prime minister pm chancellor secretary general secretary-general defence defense
    foreign finance treasury state home trade commerce health energy interior economy economic education
    external affairs governor gov ceo chief executive chair chairman chairwoman chairperson sir dame lord
    lady dr mr mrs ms king queen crown prince premier senator sen rep representative boss leader head
    envoy spokesman spokeswoman spokesperson deputy first former then new incoming outgoing acting
    attorney commissioner high ambassador director founder of and the""".split()  # noqa: SIM905
)
# Words after a country, person or party that denote its government ("the Albanese government").
_GOVERNMENT_WORDS = frozenset(
    ("government", "administration", "authorities", "officials", "cabinet", "ministry", "regime", "govt")
)
_GOVERNMENT_QUALIFIERS = frozenset(("federal", "national", "central", "state", "new", "current", "previous"))
_ROLE_SUFFIXES = (
    "prime minister",
    "president",
    "chancellor",
    "foreign minister",
    "defence minister",
    "defense minister",
    "finance minister",
    "leader",
    "premier",
)


def normalize_name(name: str) -> str:
    """The lookup key of a name: case, accents, dots, possessives, punctuation and 'the' removed.

    >>> normalize_name("  The U.S.'s ")
    'us'
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").casefold()
    text = re.sub(r"(?<=[\w.])'s\b|(?<=s)'(?=\s|$)", "", text)
    text = text.replace("+", " plus ").replace("&", " and ")
    text = re.sub(r"(?<=\w)\.(?=\w)|\.", "", text)
    text = re.sub(r"[^\w]+", " ", text).strip()
    return text.removeprefix("the ").strip()


@dataclass(frozen=True)
class Role:
    """An official's role: the actor they speak for, their title, and the years they held it."""

    actor: str
    role: str = ""
    start: int | None = None
    end: int | None = None

    def held_in(self, year: int) -> bool:
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


@dataclass(frozen=True)
class Actor:
    """A canonical actor. Officials carry `roles`; `speaks_for` is the actor of their latest role."""

    canonical: str
    type: ActorType
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    country: str | None = None
    roles: tuple[Role, ...] = ()

    @property
    def role(self) -> str | None:
        return self.roles[-1].role if self.roles else None

    @property
    def speaks_for(self) -> str | None:
        return self.roles[-1].actor if self.roles else None

    def role_in(self, year: int | None) -> Role | None:
        """The role held in `year` (latest role when `year` is None or no role matches)."""
        held = [r for r in self.roles if year is not None and r.held_in(year)]
        candidates = held or list(self.roles)
        return candidates[-1] if candidates else None


@dataclass
class Gazetteer:
    """Index over actors: resolve names, aliases, metonyms, demonyms and officials to canonical actors."""

    actors: dict[str, Actor]
    _index: dict[str, str] = field(default_factory=dict, repr=False)
    _people: dict[str, str] = field(default_factory=dict, repr=False)
    _titled: dict[str, str] = field(default_factory=dict, repr=False)
    _demonyms: dict[str, str] = field(default_factory=dict, repr=False)
    _central_banks: dict[str, str] = field(default_factory=dict, repr=False)
    collisions: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._build()

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """Read the gazetteer from a TOML file (default: the packaged `shared/data/actors.toml`)."""
        if path is None:
            raw = resources.files("shared.data").joinpath("actors.toml").read_text(encoding="utf-8")
        else:
            raw = Path(path).read_text(encoding="utf-8")
        return cls.from_dict(tomllib.loads(raw))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Gazetteer:
        actors = [_actor_from_entry(e) for e in data.get("actor", [])]
        actors += [_official_from_entry(e) for e in data.get("official", [])]
        return cls({a.canonical: a for a in actors})

    # -- lookups -------------------------------------------------------------------------------

    def get(self, canonical: str) -> Actor | None:
        """The actor with exactly this canonical name."""
        return self.actors.get(canonical)

    def resolve(self, name: str) -> Actor | None:
        """The actor a mention names: 'Washington', "Canada's", 'the Trump administration', 'BOJ'."""
        key = normalize_name(name)
        if not key or (key in _COMMON_WORDS and not any(c.isupper() for c in name)):
            return None
        hit = self._index.get(key) or self._person_key(key) or self._derived(key)
        return self.actors.get(hit) if hit else None

    def speaks_for(self, person: str, year: int | None = None) -> Actor | None:
        """The actor an official speaks for ('Hegseth' -> United States), in `year` if given."""
        official = self.resolve(person)
        if official is None or not official.roles:
            return None
        role = official.role_in(year)
        return self.actors.get(role.actor) if role else None

    def is_known(self, name: str) -> bool:
        return self.resolve(name) is not None

    def aliases(self, canonical: str) -> list[str]:
        """Every surface form of an actor other than its canonical name (demonyms excluded)."""
        actor = self.actors.get(canonical)
        if actor is None:
            return []
        return [a for a in (*actor.aliases, *actor.ambiguous) if a != canonical]

    def officials_of(self, canonical: str) -> list[Actor]:
        """Officials with a role speaking for `canonical`."""
        return [a for a in self.actors.values() if any(r.actor == canonical for r in a.roles)]

    def phrase_patterns(
        self, *, include_ambiguous: bool = True, include_demonyms: bool = False
    ) -> list[tuple[str, str]]:
        """(surface text, canonical) pairs for a spaCy PhraseMatcher or EntityRuler.

        Lowercase-word collisions ('US', 'WHO', 'Fed') should be matched on ORTH, the rest on LOWER.
        """
        pairs: dict[tuple[str, str], None] = {}
        for actor in self.actors.values():
            for surface in self._surfaces(actor, include_ambiguous, include_demonyms):
                owner = self.resolve(surface)
                if owner is not None and owner.canonical == actor.canonical:
                    pairs[(surface, actor.canonical)] = None
        return list(pairs)

    # -- internals -----------------------------------------------------------------------------

    def _surfaces(self, actor: Actor, ambiguous: bool, demonyms: bool) -> Iterator[str]:
        yield actor.canonical
        yield from actor.aliases
        if ambiguous:
            yield from actor.ambiguous
        if actor.type == ActorType.STATE:
            for demonym in actor.demonyms:
                yield f"{demonym} government"
                if demonyms:
                    yield demonym
        yield from _surnames(actor)

    def _person_key(self, key: str) -> str | None:
        """'defense secretary pete hegseth' -> 'Pete Hegseth': a known name after title words."""
        if key in self._people:
            return self._people[key]
        words = key.split()
        for i in range(1, len(words)):
            head, tail = words[:i], " ".join(words[i:])
            known = (w in _TITLE_WORDS or w in self._index or w in self._demonyms for w in head)
            owner = self._people.get(tail) or self._titled.get(tail)
            if owner and all(known):
                return owner
        return None

    def _derived(self, key: str) -> str | None:
        """Government and role phrases: 'British government', 'government of Canada', 'Modi government'."""
        core = _strip_government(key)
        if core is None:
            return self._demonyms.get(key) or self._central_bank(key)
        owner = self._index.get(core) or self._demonyms.get(core) or self._person_key(core)
        actor = self.actors.get(owner) if owner else None
        if actor is None:
            return None
        if actor.type == ActorType.OFFICIAL:
            return actor.speaks_for
        if actor.type == ActorType.PARTY:
            return actor.country
        return actor.canonical if actor.type == ActorType.STATE else None

    def _central_bank(self, key: str) -> str | None:
        """'turkish central bank', "japan's central bank" -> that country's central bank."""
        match = re.fullmatch(r"(.+) central bank|central bank of (.+)", key)
        if not match:
            return None
        core = match.group(1) or match.group(2)
        state = self._index.get(core) or self._demonyms.get(core)
        return self._central_banks.get(state) if state else None

    def _build(self) -> None:
        entries: dict[str, set[str]] = {}
        people: dict[str, set[str]] = {}
        for actor in self.actors.values():
            names = (actor.canonical, *actor.aliases, *actor.ambiguous)
            for name in names:
                entries.setdefault(normalize_name(name), set()).add(actor.canonical)
            for demonym in actor.demonyms:
                self._demonyms.setdefault(normalize_name(demonym), actor.canonical)
            if actor.type == ActorType.CENTRAL_BANK and actor.country:
                self._central_banks.setdefault(actor.country, actor.canonical)
            if actor.type == ActorType.OFFICIAL:
                for name in (*names, *_surnames(actor)):
                    people.setdefault(normalize_name(name), set()).add(actor.canonical)
        self._index = _unique(entries, self.collisions)
        for key, owners in people.items():
            if len(owners) > 1:
                if key not in self._index:
                    self.collisions[key] = owners
            elif key in _WORD_SURNAMES:
                self._titled[key] = next(iter(owners))
            else:
                self._people[key] = next(iter(owners))


def _unique(entries: dict[str, set[str]], collisions: dict[str, set[str]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for key, owners in entries.items():
        if len(owners) == 1:
            index[key] = next(iter(owners))
        else:
            collisions[key] = owners
    return index


def _surnames(actor: Actor) -> Iterable[str]:
    """Last names of an official ('Hegseth'); indexed only when no other official shares them."""
    if actor.type != ActorType.OFFICIAL:
        return ()
    words = re.sub(r"\b(Jr|Sr|II|III)\.?$", "", actor.canonical).strip().split()
    return (words[-1],) if len(words) > 1 else ()


def _strip_government(key: str) -> str | None:
    match = re.fullmatch(
        r"(?:government|administration|cabinet|president|prime minister|premier|governor|chancellor) of (.+)",
        key,
    )
    if match:
        return match.group(1)
    words = [w for w in key.split() if not w.isdigit()]  # "the Trump 2.0 administration"
    if len(words) > 1 and words[-1] in _GOVERNMENT_WORDS:
        core = words[:-1]
        while len(core) > 1 and core[-1] in _GOVERNMENT_QUALIFIERS:  # "the Canadian federal government"
            core.pop()
        return " ".join(core).removeprefix("the ")
    for suffix in _ROLE_SUFFIXES:
        if key.endswith(" " + suffix):
            return key[: -len(suffix) - 1]
    return None


def _actor_from_entry(entry: dict[str, Any]) -> Actor:
    return Actor(
        canonical=entry["name"],
        type=ActorType(entry.get("type", "other")),
        aliases=tuple(entry.get("aliases", ())) + tuple(entry.get("metonyms", ())),
        demonyms=tuple(entry.get("demonyms", ())),
        ambiguous=tuple(entry.get("ambiguous", ())),
        country=entry.get("country"),
    )


def _official_from_entry(entry: dict[str, Any]) -> Actor:
    roles = tuple(
        Role(actor=r["actor"], role=r.get("role", ""), start=r.get("from"), end=r.get("until"))
        for r in entry.get("roles", ())
    )
    roles = tuple(sorted(roles, key=lambda r: (r.start or 0, r.end or 9999)))
    return Actor(
        canonical=entry["name"],
        type=ActorType.OFFICIAL,
        aliases=tuple(entry.get("aliases", ())),
        ambiguous=tuple(entry.get("ambiguous", ())),
        country=entry.get("country"),
        roles=roles,
    )
