"""Generated articles of realistic length (300-800 words) with one known shift each, for bench/e2e.

The shift sentence comes from bench/chaos (the pipeline is known to read it); the rest is news
prose written here from templates: datelines, quotes, background on the economy and the
politics around the decision, a few sentences with numbers and verbs of change that are not
policy shifts (so extract's sentence filter and parser see the work a real article gives them).
Random fillers make every article's shingles its own, so ingest publishes each one.
"""

from __future__ import annotations

import random

from bench.chaos.articles import ACTORS, DAYS, SHIFTS, THINGS, GeneratedArticle

PEOPLE = (
    "Anna Berg",
    "Marco Rossi",
    "Keiko Tanaka",
    "Luis Ortega",
    "Priya Nair",
    "Tom Walsh",
    "Ingrid Larsen",
    "Samuel Okoye",
    "Claire Dubois",
    "Jonas Weber",
    "Fatima Haddad",
    "Ravi Menon",
)
ROLES = (
    "an economist at a regional bank",
    "a trade lawyer",
    "a former official",
    "an analyst",
    "a union representative",
    "a business lobbyist",
    "a professor of public policy",
)
PLACES = (
    "the capital",
    "the port city",
    "the northern provinces",
    "the industrial south",
    "the border region",
    "the coastal towns",
    "the farming districts",
    "the old mining valleys",
)
SECTORS = (
    "car makers",
    "farmers",
    "steel mills",
    "airlines",
    "retailers",
    "shipping firms",
    "chemical plants",
    "software companies",
    "small exporters",
    "construction firms",
    "hospitals",
    "universities",
)
NOUNS = (
    "harbour",
    "orchard",
    "library",
    "festival",
    "bridge",
    "museum",
    "garden",
    "railway",
    "market",
    "village",
    "concert",
    "stadium",
    "river",
    "bakery",
    "school",
    "theatre",
    "meadow",
    "canal",
    "gallery",
    "lighthouse",
    "station",
    "valley",
    "forest",
    "island",
    "castle",
    "square",
    "tower",
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "September", "October", "November")
TEMPLATES = (
    "{person}, {role}, said the decision had been expected for weeks in {place}.",
    '"We have been waiting for clarity, and now we have some," {person} told reporters in {place}.',
    "Officials met representatives of {sector} and {sector2} on {day} to discuss the details.",
    "The opposition said it would study the plan before the debate planned for {month}.",
    "{person} said the government had consulted {sector} during the summer.",
    "Visitors to the {noun} and the {noun2} in {place} said they had followed the news closely.",
    "Unemployment stood at {small}.{digit}% in {month}, according to the statistics office.",
    "Exports of {sector} reached {big} million in the first quarter, the customs agency said.",
    "The ministry published a {pages}-page document explaining its reasoning on its website.",
    "Several lawmakers from {place} asked for more time to read the proposal.",
    "{person}, {role}, warned that the effect on {sector} would take months to show.",
    "Markets were calm on {day}, and the currency traded in a narrow range.",
    "The {noun} near the {noun2} was the scene of a small protest by {sector} on {day}.",
    "A poll published in {month} found that {small}{digit}% of voters followed trade news.",
    "The government has held talks with its neighbours about the {noun} project since {month}.",
    "{person} said the timing was linked to the budget calendar rather than to politics.",
    "Critics in {place} argued that {sector} had been given too little notice.",
    "The finance minister is due to appear before a parliamentary committee in {month}.",
    "Industry groups representing {sector} said they would publish their own assessment.",
    "Inflation was {small}.{digit}% last month, close to what economists had forecast.",
    '"It is a step we take with care," {person} said in an interview at the {noun}.',
    "The announcement came after a cabinet meeting that lasted most of {day} afternoon.",
    "Regional leaders from {place} welcomed the clarity but asked for support for {sector}.",
    "The statistics office will publish revised growth figures in {month}.",
    "Reference {serial:06d} of the press office listed the {noun}, the {noun2} and the {noun3}.",
)


def _sentence(rng: random.Random, serial: int) -> str:
    nouns = rng.sample(NOUNS, 3)
    sectors = rng.sample(SECTORS, 2)
    return rng.choice(TEMPLATES).format(
        person=rng.choice(PEOPLE),
        role=rng.choice(ROLES),
        place=rng.choice(PLACES),
        sector=sectors[0],
        sector2=sectors[1],
        day=rng.choice(DAYS),
        month=rng.choice(MONTHS),
        noun=nouns[0],
        noun2=nouns[1],
        noun3=nouns[2],
        small=rng.randint(2, 9),
        digit=rng.randint(0, 9),
        big=rng.randint(120, 980),
        pages=rng.randint(12, 140),
        serial=serial,
    )


def make_article(serial: int, rng: random.Random, *, run: str) -> GeneratedArticle:
    """One article of 300-800 words whose only policy shift is its opening sentence."""
    actor = rng.choice(ACTORS)
    a = rng.randint(1, 4)
    shift = rng.choice(SHIFTS).format(
        actor=actor, a=a, b=a + rng.randint(1, 3), day=rng.choice(DAYS), thing=rng.choice(THINGS)
    )
    target = rng.randint(300, 740)
    paragraphs, words = [shift], len(shift.split())
    while words < target:
        paragraph = " ".join(_sentence(rng, serial) for _ in range(rng.randint(2, 4)))
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    key = f"{run}-{serial:06d}"
    return GeneratedArticle(
        key=key,
        url=f"https://wire.example/{run}/{serial:06d}",
        title=f"{actor} policy update {serial}",
        text="\n\n".join(paragraphs),
        actor=actor,
    )


def make_articles(count: int, *, seed: int = 11, run: str = "e2e") -> list[GeneratedArticle]:
    rng = random.Random(seed)
    return [make_article(serial, rng, run=run) for serial in range(count)]
