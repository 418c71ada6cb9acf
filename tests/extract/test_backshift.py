"""Reported speech moves the tense back: 'said it had scrapped' is the news, not history."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # loads the spaCy model


def test_the_reporters_own_change_in_the_past_perfect_is_the_news(shifts_of) -> None:
    shifts = shifts_of("Norway's government said on Wednesday it had scrapped the fuel levy on farm diesel.")
    assert [(s.actor, s.shift_type) for s in shifts] == [("Norway", "reversal")]


def test_someone_elses_change_in_the_past_perfect_stays_history(shifts_of) -> None:
    assert shifts_of("The finance minister said the previous government had scrapped the fuel levy.") == []
