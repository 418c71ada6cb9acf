"""`GazetteerIndex` remembers the names it resolved (services/extract/actors.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

import services.extract.actors as actors
from services.extract.actors import ActorRef, GazetteerIndex


@dataclass
class _Actor:
    canonical: str
    type: str
    speaks_for: str | None = None


@dataclass
class _CountingGazetteer:
    """Two actors and an official; counts the lookups it is asked for."""

    asked: list[str] = field(default_factory=list)
    actors: dict[str, _Actor] = field(
        default_factory=lambda: {
            "Chile": _Actor("Chile", "state"),
            "Central Bank of Chile": _Actor("Central Bank of Chile", "central_bank"),
            "Rosanna Costa": _Actor("Rosanna Costa", "official", speaks_for="Central Bank of Chile"),
        }
    )

    def resolve(self, name: str) -> _Actor | None:
        self.asked.append(name)
        return self.actors.get(name.removeprefix("the "))

    def get(self, canonical: str) -> _Actor | None:
        return self.actors.get(canonical)


def test_a_name_is_looked_up_once_and_answers_the_same_every_time() -> None:
    gazetteer = _CountingGazetteer()
    index = GazetteerIndex(gazetteer)
    answers = [
        index.resolve("Chile"),
        index.resolve("Chile"),
        index.resolve("Atlantis"),
        index.resolve("Atlantis"),
    ]
    assert answers == [ActorRef("Chile", "state"), ActorRef("Chile", "state"), None, None]
    assert gazetteer.asked == ["Chile", "Atlantis"]


def test_an_official_still_resolves_to_the_body_they_speak_for() -> None:
    index = GazetteerIndex(_CountingGazetteer())
    expected = ActorRef("Central Bank of Chile", "central_bank", official="Rosanna Costa")
    assert index.resolve("Rosanna Costa") == expected
    assert index.resolve("Rosanna Costa") == expected


def test_a_full_memory_is_emptied_and_still_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actors, "NAMES_REMEMBERED", 2)
    gazetteer = _CountingGazetteer()
    index = GazetteerIndex(gazetteer)
    for name in ["Chile", "the Chile", "Rosanna Costa", "Chile"]:
        index.resolve(name)
    assert gazetteer.asked == ["Chile", "the Chile", "Rosanna Costa", "Chile"]
    assert index.resolve("Rosanna Costa").canonical == "Central Bank of Chile"  # type: ignore[union-attr]
