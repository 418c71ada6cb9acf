"""Generated watch rules and policy shifts for the match benchmark and the index-vs-scan tests.

The sentences are templates written here, not corpus text.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.match.vocabulary import (
    ACTORS,
    EXTRA_WORDS,
    FILLER,
    INSTRUMENTS,
    OFFICIALS,
    SECTORS,
    TOPICS,
    VERBS,
)
from services.alert.matching import RuleFilter
from shared.contract import ActorType, Evidence, PolicyShift, ShiftStatus, ShiftType


@dataclass
class Workload:
    """A seeded source of rules and shifts; `vocabulary` limits words so tests get many matches."""

    seed: int = 0
    actors: Sequence[tuple[str, ActorType]] = ACTORS
    officials: Sequence[str] = OFFICIALS
    topics: Sequence[str] = ()  # default: TOPICS plus every sector x instrument phrase
    extra_words: Sequence[str] = EXTRA_WORDS
    aliases: dict[str, list[str]] = field(default_factory=dict)  # canonical -> aliases to write rules with
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        if not self.topics:
            self.topics = (*TOPICS, *(f"{sector} {what}" for sector in SECTORS for what in INSTRUMENTS))
        self.words = sorted({w for topic in self.topics for w in topic.split()} | set(self.extra_words))
        # News and watchers both favour a few actors: Zipf-like weights, the first actors most.
        self.actor_weights = list(
            itertools.accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(self.actors)))
        )

    def pick_actor(self) -> tuple[str, ActorType]:
        return self.rng.choices(self.actors, cum_weights=self.actor_weights)[0]

    def pick_topic(self) -> str:
        """A topic phrase; one rule topic in five is a single broad word ('tariffs', 'steel')."""
        topic = self.rng.choice(self.topics)
        return self.rng.choice(topic.split()) if self.rng.random() < 0.2 else topic

    # -- rules ---------------------------------------------------------------------------------

    def rule(self) -> RuleFilter:
        """A rule shaped like an analyst's: an actor and a topic, an actor, a topic, or a query.

        The mix (documented in docs/matching.md): 25% actor + topic, 20% actor, 15% topic, 28% query
        (40% of them also with actors), 10% an official, 1% actor type + shift type, 0.2% broad.
        """
        r = self.rng.random()
        fields: dict[str, object] = {}
        if r < 0.25:
            fields["actors"] = self.some_actors()
            fields["topics"] = [self.pick_topic()]
        elif r < 0.45:
            fields["actors"] = self.some_actors(popular=False)
        elif r < 0.60:
            fields["topics"] = [self.pick_topic() for _ in range(self.rng.randint(1, 2))]
        elif r < 0.88:
            fields["query"] = self.compound_query()
            if self.rng.random() < 0.4:
                fields["actors"] = self.some_actors()
        elif r < 0.988:
            fields["actors"] = [self.rng.choice(self.officials)]
        elif r < 0.998:
            fields["actor_types"] = self.rng.sample(list(ActorType), self.rng.randint(1, 2))
            fields["shift_types"] = self.rng.sample(list(ShiftType), 1)
        else:  # broad rules: everything confident, or a negative-only query
            fields["query"] = "NOT " + self.rng.choice(self.words) if self.rng.random() < 0.5 else None
        self.constraints(fields)
        return RuleFilter.model_validate(fields)

    def compound_query(self) -> str:
        """Two parts joined by AND, OR or NOT; each part a word, a phrase or another group."""
        left, right = self.query(1), self.query(1)
        roll = self.rng.random()
        if roll < 0.55:
            return f"{left} AND {right}" if roll < 0.3 else f"{left} {right}"
        if roll < 0.8:
            return f"({left} OR {right}) {self.leaf()}"
        return f"{left} NOT {right}" if roll < 0.9 else f"{left} -{self.leaf()}"

    def some_actors(self, *, popular: bool = True) -> list[str]:
        """1 to 3 actors, as written by a user (canonical name or alias).

        `popular=False` draws them evenly: a watch on everything an actor does is kept for actors
        that are not in the news all day (nobody keeps an unfiltered watch on the United States).
        """
        count = self.rng.choice((1, 1, 1, 2, 3))
        if popular:
            names = [self.pick_actor()[0] for _ in range(count)]
        else:
            names = [self.rng.choice(self.actors)[0] for _ in range(count)]
        return [self.rng.choice([name, *self.aliases.get(name, [])]) for name in names]

    def constraints(self, fields: dict[str, object]) -> None:
        if self.rng.random() < 0.3:
            fields["shift_types"] = self.rng.sample(list(ShiftType), self.rng.randint(1, 3))
        if self.rng.random() < 0.2:
            fields["statuses"] = [s for s in ShiftStatus if s != ShiftStatus.PROPOSED]
        fields["min_confidence"] = self.rng.choice((0.0, 0.0, 0.5, 0.7, 0.8))
        fields["min_sources"] = self.rng.choice((1, 1, 1, 2))

    def query(self, depth: int) -> str:
        """A random boolean query: words, phrases, AND/OR/NOT, parentheses."""
        roll = self.rng.random()
        if depth == 0 or roll < 0.3:
            return self.leaf()
        left, right = self.query(depth - 1), self.query(depth - 1)
        if roll < 0.6:
            return f"{left} AND {right}" if self.rng.random() < 0.5 else f"{left} {right}"
        if roll < 0.85:
            return f"({left} OR {right})"
        return f"{left} NOT {right}" if self.rng.random() < 0.7 else f"{left} -{self.leaf()}"

    def leaf(self) -> str:
        if self.rng.random() < 0.2:
            return f'"{self.rng.choice(self.topics)}"'
        return self.rng.choice(self.words)

    # -- shifts --------------------------------------------------------------------------------

    def shift(self, number: int = 0) -> PolicyShift:
        actor, actor_type = self.pick_actor()
        topic = self.rng.choice(self.topics)
        verb, filler, extra = (self.rng.choice(x) for x in (VERBS, FILLER, self.extra_words))
        evidence = f"The {actor} government {verb} {topic} {filler}, and said a {extra} would follow."
        return PolicyShift(
            id=f"shift-{self.seed}-{number}",
            article_id=f"article-{number}",
            actor=actor,
            actor_type=actor_type,
            announced_by=self.rng.choice(self.officials) if self.rng.random() < 0.5 else None,
            topic=topic,
            shift_type=self.rng.choice(list(ShiftType)),
            status=self.rng.choice(list(ShiftStatus)),
            before=f"{topic} unchanged" if self.rng.random() < 0.5 else None,
            after=f"{topic} {verb}",
            evidence=Evidence(text=evidence, start=0, end=len(evidence)),
            confidence=round(self.rng.uniform(0.3, 1.0), 2),
        )

    def rules(self, count: int) -> list[tuple[str, RuleFilter]]:
        return [(f"rule-{i:06d}", self.rule()) for i in range(count)]

    def shifts(self, count: int) -> list[PolicyShift]:
        return [self.shift(i) for i in range(count)]
