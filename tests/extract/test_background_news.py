"""History is not news: a change years before the main clause; but reported speech moves the
tense back, and 'said it had scrapped' is the news."""

from __future__ import annotations

import pytest

from services.extract.events import ArticleRef, ArticleText
from services.extract.extractor import Extractor
from shared.settings import ExtractSettings

pytestmark = pytest.mark.slow  # loads the spaCy model


def test_the_reporters_own_change_in_the_past_perfect_is_the_news(shifts_of) -> None:
    shifts = shifts_of("Norway's government said on Wednesday it had scrapped the fuel levy on farm diesel.")
    assert [(s.actor, s.shift_type) for s in shifts] == [("Norway", "reversal")]


def test_someone_elses_change_in_the_past_perfect_stays_history(shifts_of) -> None:
    assert shifts_of("The finance minister said the previous government had scrapped the fuel levy.") == []


def test_a_change_years_before_the_main_clause_is_history(shifts_of) -> None:
    text = "Five years after Indonesia banned exports of raw nickel ore, the country leads in refining."
    assert shifts_of(text) == []


def test_the_judge_proposes_nothing_in_a_sentence_led_by_history() -> None:
    extractor = Extractor.from_settings(ExtractSettings())
    text = (
        "Five years after Indonesia banned exports of raw nickel ore, the country has become the "
        "world's top producer of refined nickel. Officials said on Monday that talks would go on."
    )
    [shifts] = extractor.extract([ArticleText(ArticleRef(id="t", title="Nickel ban, five years on"), text)])
    assert shifts == []
    # the same change told as news is found: the history lead, not a missing judge, drops it
    news = "Indonesia banned exports of raw nickel ore on Monday. Officials said talks would go on."
    [found] = extractor.extract(
        [ArticleText(ArticleRef(id="n", title="Indonesia bans nickel ore exports"), news)]
    )
    assert [shift.actor for shift in found] == ["Indonesia"]
