"""Generated articles with known policy shifts, for the crash harness and the cluster tests.

Each article reports one shift by one actor, in our own words, with a paragraph of
article-specific background so that no two articles look like syndicated copies to ingest's
MinHash (estimated Jaccard ≥ 0.7); some get an edited version that no longer states the shift
(a retraction). The texts are written here, not taken from any corpus.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

ACTORS = (
    "Germany", "France", "Japan", "Canada", "Brazil", "India", "Australia", "Mexico", "Italy",
    "Spain", "Sweden", "Norway", "Poland", "Chile", "Kenya", "Indonesia", "South Africa",
    "Argentina", "Netherlands", "South Korea",
)  # fmt: skip
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
SHIFTS = (
    "{actor} raised its defence spending target from {a}% to {b}% of GDP, the government said on {day}.",
    "{actor} cut its tariff on imported steel from {b}% to {a}%, the trade ministry said on {day}.",
    "{actor} scrapped its planned levy on {thing}, the finance ministry announced on {day}.",
)
THINGS = ("aviation fuel", "sugary drinks", "plastic packaging", "foreign property buyers", "online betting")
# Background words: plain, shift-free vocabulary so the extra paragraph never adds a shift.
WORDS = (
    "harbour", "orchard", "library", "festival", "bridge", "museum", "garden", "railway", "market",
    "village", "concert", "stadium", "river", "bakery", "school", "theatre", "meadow", "canal",
    "gallery", "lighthouse", "station", "valley", "forest", "island", "castle", "square", "tower",
    "fountain", "hospital", "airport", "cathedral", "workshop", "vineyard", "quarry", "mill",
)  # fmt: skip


@dataclass(frozen=True)
class GeneratedArticle:
    key: str
    url: str
    title: str
    text: str
    actor: str

    def body(self) -> dict[str, str]:
        """The JSON body for ingest's POST /articles."""
        return {"url": self.url, "title": self.title, "text": self.text}


def background(rng: random.Random, serial: int) -> str:
    words = rng.sample(WORDS, 12)
    return (
        f"Local coverage on page {serial} described the {words[0]}, the {words[1]} and the {words[2]} "
        f"near the {words[3]}. Visitors to the {words[4]} and the {words[5]} praised the {words[6]}, "
        f"while the {words[7]} by the {words[8]} stayed busy. Reference {serial:06d} lists the "
        f"{words[9]}, the {words[10]} and the {words[11]}."
    )


def make_article(serial: int, rng: random.Random, *, run: str = "chaos") -> GeneratedArticle:
    actor = rng.choice(ACTORS)
    a = rng.randint(1, 4)
    shift = rng.choice(SHIFTS).format(
        actor=actor, a=a, b=a + rng.randint(1, 3), day=rng.choice(DAYS), thing=rng.choice(THINGS)
    )
    key = f"{run}-{serial:06d}"
    return GeneratedArticle(
        key=key,
        url=f"https://wire.example/{run}/{serial:06d}",
        title=f"Policy desk {serial}",
        text=f"{shift}\n{background(rng, serial)}",
        actor=actor,
    )


def edited(article: GeneratedArticle, rng: random.Random) -> GeneratedArticle:
    """A correction of `article` that no longer reports a shift: its alerts are retracted."""
    text = f"An earlier version of this report was wrong.\n{background(rng, 900_000 + int(article.key[-6:]))}"
    return GeneratedArticle(article.key, article.url, article.title, text, article.actor)


def make_articles(count: int, *, seed: int = 7, run: str = "chaos") -> list[GeneratedArticle]:
    rng = random.Random(seed)
    return [make_article(serial, rng, run=run) for serial in range(count)]


# Actors only the aimed story pairs use, so each pair is the first report of its story.
PAIR_ACTORS = ("Portugal", "Greece", "Ireland", "Denmark", "Finland", "Egypt", "Nigeria", "Turkey")


@dataclass(frozen=True)
class StoryPair:
    """Posted in one batch: an original, its syndicated copy (same text, another URL: ingest keeps
    only the original) and a second article of the same new story (same actor and shift)."""

    original: GeneratedArticle
    copy: GeneratedArticle
    sibling: GeneratedArticle


def story_pair(index: int, rng: random.Random, *, run: str = "chaos") -> StoryPair:
    actor = PAIR_ACTORS[index % len(PAIR_ACTORS)]
    shift = SHIFTS[index % 2].format(actor=actor, a=2, b=4, day="Monday", thing="")
    articles = []
    for part in ("a", "b"):
        serial = 800_000 + 2 * index + (part == "b")
        key = f"{run}-pair{index:03d}{part}"
        articles.append(
            GeneratedArticle(
                key,
                f"https://wire.example/{run}/{key}",
                f"Policy desk pair {index}{part}",
                f"{shift}\n{background(rng, serial)}",
                actor,
            )
        )
    original, sibling = articles
    copy = GeneratedArticle(
        f"{original.key}-copy",
        f"https://mirror.example/{run}/{original.key}",
        original.title,
        original.text,
        actor,
    )
    return StoryPair(original, copy, sibling)
