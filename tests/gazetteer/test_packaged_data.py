"""The packaged actors.toml is consistent: every reference resolves, every type is valid."""

from __future__ import annotations

import pytest

from shared.contract import ActorType
from shared.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def test_every_official_role_points_at_a_known_actor(gaz: Gazetteer) -> None:
    missing = [
        (a.canonical, r.actor) for a in gaz.actors.values() for r in a.roles if r.actor not in gaz.actors
    ]
    assert missing == []


def test_every_country_reference_points_at_a_known_state(gaz: Gazetteer) -> None:
    bad = [a.canonical for a in gaz.actors.values() if a.country and a.country not in gaz.actors]
    assert bad == []


def test_no_alias_is_claimed_by_two_actors(gaz: Gazetteer) -> None:
    # Shared surnames are expected (they are simply not indexed); full names and aliases are not.
    clashes = {k: v for k, v in gaz.collisions.items() if not any(k == n.split()[-1].lower() for n in v)}
    assert clashes == {}


def test_covers_g20_eu_and_nato_members(gaz: Gazetteer) -> None:
    members = {
        *("Argentina", "Australia", "Brazil", "Canada", "China", "France", "Germany", "India", "Indonesia"),
        *("Italy", "Japan", "Mexico", "Russia", "Saudi Arabia", "South Africa", "South Korea", "Turkey"),
        *("United Kingdom", "United States", "Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus"),
        *("Czech Republic", "Denmark", "Estonia", "Finland", "Greece", "Hungary", "Ireland", "Latvia"),
        *("Lithuania", "Luxembourg", "Malta", "Netherlands", "Poland", "Portugal", "Romania", "Slovakia"),
        *("Slovenia", "Spain", "Sweden", "Albania", "Iceland", "Montenegro", "North Macedonia", "Norway"),
    }
    states = {a.canonical for a in gaz.actors.values() if a.type == ActorType.STATE}
    assert members - states == set()


def test_main_central_banks_resolve_by_acronym(gaz: Gazetteer) -> None:
    for acronym in ["Fed", "ECB", "BoE", "BOJ", "PBOC", "RBI", "RBA", "BoC", "SNB", "RBNZ", "BOK"]:
        actor = gaz.resolve(acronym)
        assert actor is not None and actor.type == ActorType.CENTRAL_BANK, acronym


def test_loads_quickly_and_resolves_without_work_at_import_time(gaz: Gazetteer) -> None:
    import importlib

    module = importlib.import_module("shared.gazetteer")
    assert not any(isinstance(v, Gazetteer) for v in vars(module).values())
    assert len(gaz.actors) > 300


@pytest.mark.parametrize(
    ("name", "state"),
    [
        ("Harare", "Zimbabwe"),
        ("COLOMBO", "Sri Lanka"),
        ("the Ghanaian government", "Ghana"),
        ("Côte d'Ivoire", "Ivory Coast"),
        ("La Paz", "Bolivia"),
        ("B.C.", "British Columbia"),
        ("N'Djamena", "Chad"),
        ("the Vatican", "Holy See"),
        ("FG", "Nigeria"),
    ],
)
def test_states_beyond_the_g20_resolve_by_name_capital_and_demonym(
    gaz: Gazetteer, name: str, state: str
) -> None:
    actor = gaz.resolve(name)
    assert actor is not None and actor.canonical == state


@pytest.mark.parametrize(
    ("name", "bank"),
    [
        ("SBV", "State Bank of Vietnam"),
        ("Ghana's central bank", "Bank of Ghana"),
        ("CBK", "Central Bank of Kenya"),
    ],
)
def test_central_banks_beyond_the_g20_resolve(gaz: Gazetteer, name: str, bank: str) -> None:
    actor = gaz.resolve(name)
    assert actor is not None and actor.canonical == bank and actor.type == ActorType.CENTRAL_BANK
