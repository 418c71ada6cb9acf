"""The actor gazetteer: names, aliases, metonyms and officials resolve to canonical actors."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.contract import ActorType
from shared.gazetteer import Gazetteer, normalize_name


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Washington", "United States"),
        ("the White House", "United States"),
        ("the Trump administration", "United States"),
        ("US", "United States"),
        ("U.S.", "United States"),
        ("the U.S.'s", "United States"),
        ("Kiev", "Ukraine"),
        ("Kyiv", "Ukraine"),
        ("BOJ", "Bank of Japan"),
        ("Fed", "Federal Reserve"),
        ("Ottawa", "Canada"),
        ("Canada's", "Canada"),
        ("Downing Street", "United Kingdom"),
        ("Brussels", "European Union"),
        ("the European Commission", "European Union"),
        ("the Kremlin", "Russia"),
        ("OPEC+", "OPEC+"),
        ("Opec Plus", "OPEC+"),
        ("WHO", "World Health Organization"),
        ("ECB", "European Central Bank"),
        ("  the   united  STATES ", "United States"),
        ("Türkiye", "Turkey"),
    ],
)
def test_resolves_names_aliases_and_metonyms(gaz: Gazetteer, name: str, canonical: str) -> None:
    actor = gaz.resolve(name)
    assert actor is not None and actor.canonical == canonical


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("the British government", "United Kingdom"),
        ("the Canadian government", "Canada"),
        ("Government of Canada", "Canada"),
        ("the Albanese government", "Australia"),
        ("the Biden administration", "United States"),
        ("the Labour government", "United Kingdom"),
        ("the French president", "France"),
        ("Japan's central bank", "Bank of Japan"),
        ("the Turkish central bank", "Central Bank of the Republic of Turkey"),
    ],
)
def test_resolves_government_phrases_to_the_state(gaz: Gazetteer, name: str, canonical: str) -> None:
    actor = gaz.resolve(name)
    assert actor is not None and actor.canonical == canonical


def test_lowercase_common_words_are_not_actors(gaz: Gazetteer) -> None:
    assert gaz.resolve("us") is None
    assert gaz.resolve("who") is None
    assert gaz.resolve("fed") is None
    assert gaz.resolve("Who") is not None


def test_demonym_alone_resolves_to_its_state(gaz: Gazetteer) -> None:
    actor = gaz.resolve("Canadian")
    assert actor is not None and actor.canonical == "Canada"


@pytest.mark.parametrize(
    ("person", "canonical"),
    [
        ("Pete Hegseth", "United States"),
        ("Hegseth", "United States"),
        ("Defense Secretary Pete Hegseth", "United States"),
        ("Sir Keir Starmer", "United Kingdom"),
        ("RBI Governor Sanjay Malhotra", "Reserve Bank of India"),
        ("Jerome Powell", "Federal Reserve"),
        ("Andy Jassy", "Amazon"),
        ("Mark Rutte", "NATO"),
    ],
)
def test_official_speaks_for_their_actor(gaz: Gazetteer, person: str, canonical: str) -> None:
    actor = gaz.speaks_for(person)
    assert actor is not None and actor.canonical == canonical


def test_official_speaks_for_the_actor_of_the_year(gaz: Gazetteer) -> None:
    assert gaz.speaks_for("Mark Carney", 2016).canonical == "Bank of England"  # type: ignore[union-attr]
    assert gaz.speaks_for("Mark Carney").canonical == "Canada"  # type: ignore[union-attr]


def test_official_is_resolved_as_an_official(gaz: Gazetteer) -> None:
    actor = gaz.resolve("President Trump")
    assert actor is not None
    assert actor.type == ActorType.OFFICIAL
    assert actor.canonical == "Donald Trump"
    assert actor.speaks_for == "United States"
    assert actor.role == "President"


def test_unknown_first_name_before_a_known_surname_is_not_that_official(gaz: Gazetteer) -> None:
    assert gaz.resolve("Ivanka Trump") is None


def test_surname_shared_by_two_officials_is_not_resolved(gaz: Gazetteer) -> None:
    assert gaz.resolve("Wong") is None
    assert gaz.resolve("Penny Wong").canonical == "Penny Wong"  # type: ignore[union-attr]


def test_speaks_for_is_none_for_non_officials(gaz: Gazetteer) -> None:
    assert gaz.speaks_for("Canada") is None
    assert gaz.speaks_for("Nobody Inparticular") is None


def test_aliases_list_other_names_of_an_actor(gaz: Gazetteer) -> None:
    aliases = gaz.aliases("United States")
    assert {"US", "Washington", "the White House"} <= set(aliases)
    assert "United States" not in aliases
    assert gaz.aliases("Atlantis") == []


def test_is_known(gaz: Gazetteer) -> None:
    assert gaz.is_known("Bank of Canada")
    assert not gaz.is_known("Ministry of Silly Walks")


def test_phrase_patterns_pair_surface_text_with_canonical(gaz: Gazetteer) -> None:
    patterns = dict(gaz.phrase_patterns())
    assert patterns["BOJ"] == "Bank of Japan"
    assert patterns["Hegseth"] == "Pete Hegseth"
    assert patterns["British government"] == "United Kingdom"
    assert "British" not in patterns
    assert dict(gaz.phrase_patterns(include_demonyms=True))["British"] == "United Kingdom"


def test_loads_a_gazetteer_from_any_toml_file(tmp_path: Path) -> None:
    path = tmp_path / "actors.toml"
    path.write_text(
        '[[actor]]\nname = "Freedonia"\ntype = "state"\naliases = ["Fredo"]\n'
        '[[official]]\nname = "Rufus T. Firefly"\n'
        'roles = [{ actor = "Freedonia", role = "Leader", from = 1933 }]\n',
        encoding="utf-8",
    )
    gaz = Gazetteer.load(path)
    assert gaz.resolve("fredo").canonical == "Freedonia"  # type: ignore[union-attr]
    assert gaz.speaks_for("Firefly").canonical == "Freedonia"  # type: ignore[union-attr]


def test_alias_claimed_by_two_actors_is_reported_and_not_resolved() -> None:
    gaz = Gazetteer.from_dict(
        {"actor": [{"name": "A", "aliases": ["Twin"]}, {"name": "B", "aliases": ["Twin"]}]}
    )
    assert gaz.resolve("Twin") is None
    assert gaz.collisions["twin"] == {"A", "B"}


def test_normalize_name_ignores_case_accents_dots_possessives_and_the() -> None:
    assert normalize_name("The U.S.’s") == "us"
    assert normalize_name("Mélanie  Joly") == "melanie joly"
    assert normalize_name("OPEC+") == "opec plus"


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("the Canadian federal government", "Canada"),
        ("the New Zealand government", "New Zealand"),
        ("the Obama 2.0 administration", "United States"),
        ("President of France", "France"),
        ("Governor of California", "California"),
    ],
)
def test_resolves_qualified_government_and_role_of_phrases(gaz: Gazetteer, name: str, canonical: str) -> None:
    actor = gaz.resolve(name)
    assert actor is not None and actor.canonical == canonical


def test_resolves_an_official_after_a_demonym_and_title(gaz: Gazetteer) -> None:
    actor = gaz.speaks_for("German Defence Minister Pistorius")
    assert actor is not None and actor.canonical == "Germany"


@pytest.mark.parametrize("word", ["May", "may", "Hunt", "Store"])
def test_surname_that_is_a_month_or_word_does_not_resolve_alone(gaz: Gazetteer, word: str) -> None:
    assert gaz.resolve(word) is None


@pytest.mark.parametrize("name", ["Theresa May", "Mrs May", "Prime Minister May"])
def test_surname_that_is_a_month_resolves_with_first_name_or_title(gaz: Gazetteer, name: str) -> None:
    actor = gaz.resolve(name)
    assert actor is not None and actor.canonical == "Theresa May"


def test_phrase_patterns_leave_out_word_surnames(gaz: Gazetteer) -> None:
    assert "May" not in {surface for surface, _ in gaz.phrase_patterns()}
