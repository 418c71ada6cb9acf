"""Dates a sentence names, next to the article's date: a change told only with old dates is history."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from services.extract.dating import DateRef, article_date, date_marks, told_as_history

MAY_20 = DateRef(date(2024, 5, 20))


@pytest.mark.parametrize(
    ("sentence", "marks"),
    [
        ("The regulator cut the fee on May 16.", ["recent"]),
        ("The regulator cut the fee on March 2.", ["old"]),
        ("The regulator cut the fee on April 12.", ["weeks"]),
        ("The fee falls again on July 1.", ["future"]),
        ("The fee was last cut in 2021.", ["old"]),
        ("The fee was last cut in 2023.", ["pastyear"]),
        ("The fee was cut in Jan. 2024 and again in 2024.", ["old", "thisyear"]),
        ("Ministers may cut the fee.", []),  # 'may' the verb names no month
    ],
)
def test_each_date_is_marked_by_its_distance_from_publication(sentence: str, marks: list[str]) -> None:
    assert date_marks(sentence, MAY_20) == marks


def test_a_month_without_a_year_is_the_next_one_when_near_else_the_last() -> None:
    january_story = DateRef(date(2025, 1, 6))
    assert date_marks("The tariff rose on December 30.", january_story) == ["recent"]
    assert date_marks("The tariff rises in March.", january_story) == ["future"]
    august_story = DateRef(date(2025, 8, 25))
    assert date_marks("In February he told his trade office to act.", august_story) == ["old"]


def test_an_undated_article_dates_only_years_against_the_latest_it_names() -> None:
    undated = DateRef(None, 2025)
    assert date_marks("The tariff rose in March 2019 and again on June 3.", undated) == ["old"]
    assert date_marks("The tariff rose on June 3.", undated) == []


def test_a_change_told_only_with_old_dates_is_history() -> None:
    assert told_as_history("The commission raised the band A tariff to 225 naira from 68 on April 3.", MAY_20)
    assert told_as_history("Parliament doubled the fuel levy to 16% in a law signed on February 26.", MAY_20)


@pytest.mark.parametrize(
    "sentence",
    [
        "The commission on Monday raised the band A tariff, reversing a cut made on April 3.",
        "The commission will raise the band A tariff on July 1, reversing a cut made on April 3.",
        "The commission raised the band A tariff to 225 naira from 68.",  # no date: the judge decides
        "The commission raised the band A tariff to 225 naira from 68 on May 17.",
        "Japan has lifted its 2011 ban on seafood imports from Fukushima.",  # the date names the ban
        "The commission scrapped the tariff band, in force since March 2019.",
    ],
)
def test_a_change_tied_to_the_news_or_undated_is_not_history(sentence: str) -> None:
    assert not told_as_history(sentence, MAY_20)


def test_without_a_publication_date_only_dates_told_relative_to_the_story_count() -> None:
    undated = DateRef(None, 2024)
    assert not told_as_history("The commission raised the tariff on April 3, 2019.", undated)
    assert told_as_history("The bloc lowered its price cap on crude to $47.60 last month.", undated)
    assert told_as_history("The state raised the levy two years ago.", None)


def test_relative_dates_are_marked_by_how_far_back_they_reach() -> None:
    assert date_marks("The cap was lowered last month, after a rise three years ago.", None) == [
        "old",
        "weeks",
    ]
    assert date_marks("The cap was lowered earlier this year.", MAY_20) == ["weeks"]


def test_the_article_date_comes_from_publication_else_the_latest_year_named() -> None:
    when = datetime(2024, 5, 20, 9, 30)
    assert article_date(when, "In 2019 and 2022 the tariff rose.") == DateRef(date(2024, 5, 20), 2022)
    assert article_date(None, "In 2019 and 2022 the tariff rose.") == DateRef(None, 2022)


@pytest.mark.parametrize(
    "sentence",
    [
        "The Danes loosened the visa rules for foreign researchers in the early 2010s.",
        "During her first term, the governor banned fracking on state land.",
        "Finland introduced the student fees years earlier.",
    ],
)
def test_decades_earlier_terms_and_years_earlier_are_history(sentence: str) -> None:
    assert told_as_history(sentence, DateRef(date(2025, 6, 20)))
    assert told_as_history(sentence, None)  # told relative to the story: no calendar needed


def test_a_term_now_served_is_not_history() -> None:
    sentence = "During his second term, the mayor banned cars downtown."
    assert not told_as_history(sentence, DateRef(date(2025, 6, 20)))


WEEKLY = article_date(
    None, "OSLO (Reuters) - Norway said on Thursday it would scrap its tax on electric ferries."
)


@pytest.mark.parametrize(
    ("sentence", "history"),
    [
        ("The previous cabinet scrapped the road toll in April.", True),
        ("The ministry cut the fee to 200 crowns in 2023.", True),
        ("The ferry tax was introduced on March 2.", True),
        ("The new fee takes effect in July.", False),
        ("Ministers vowed to scrap the toll by the end of 2024.", False),
        ("The old levy was due to run until 2026.", False),
    ],
)
def test_an_undated_story_told_by_weekday_dates_its_history_by_month_or_year(
    sentence: str, history: bool
) -> None:
    assert WEEKLY.weekly and WEEKLY.published is None
    assert told_as_history(sentence, WEEKLY) is history


def test_an_undated_story_without_a_weekday_counts_only_relative_dates() -> None:
    ref = article_date(None, "Norway will scrap its tax on electric ferries, the minister said.")
    assert not ref.weekly
    assert not told_as_history("The previous cabinet scrapped the road toll in April.", ref)


@pytest.mark.parametrize(
    "sentence",
    [
        "Brussels agreed to end the sale of new diesel vans in the 2030s.",
        "The utility approved a gradual exit from lignite in the 2020s.",
    ],
)
def test_a_decade_under_way_or_ahead_is_not_history(sentence: str) -> None:
    assert not told_as_history(sentence, DateRef(date(2026, 3, 2)))
    assert not told_as_history(sentence, DateRef(None, 2026))


def test_a_decade_that_ended_before_the_reference_year_is_history() -> None:
    assert told_as_history("Chile privatised its pension funds in the 1980s.", DateRef(None, 2026))


@pytest.mark.parametrize(
    "sentence",
    [
        "The cabinet scrapped the wage subsidy, reversing a stance it kept in recent years.",
        "Lawmakers abolished a levy that had stood over the past six years.",
        "The assembly passed the fare freeze three years before the planned review.",
    ],
)
def test_background_spans_of_years_do_not_make_the_change_history(sentence: str) -> None:
    assert not told_as_history(sentence, DateRef(date(2026, 3, 2)))
    assert not told_as_history(sentence, None)


@pytest.mark.parametrize(
    "sentence",
    [
        "In recent years the regulator eased the rules for small lenders.",
        "The port authority doubled its docking fees over the past five years.",
        "The council had raised parking charges two years before that.",
    ],
)
def test_spans_of_years_told_of_the_change_itself_are_history(sentence: str) -> None:
    assert told_as_history(sentence, None)


WEEKLY_IN_APRIL = article_date(
    None,
    "LISBON (Reuters) - Portugal said on Tuesday it would cut tolls on rural motorways. "
    "The cabinet approved the cut in April 2026, after a freeze in January.",
)


@pytest.mark.parametrize(
    ("sentence", "history"),
    [
        ("The cabinet approved the toll cut in April.", False),
        ("Tolls on the coastal road were frozen in January.", True),
        ("Tolls were raised in 2024.", True),
        ("Truckers won a discount in March, from a scheme the cabinet set up.", True),
        ("The discount set in March runs from July.", False),
    ],
)
def test_a_weekly_story_dates_history_before_the_latest_month_or_year_it_names(
    sentence: str, history: bool
) -> None:
    assert WEEKLY_IN_APRIL.weekly and WEEKLY_IN_APRIL.latest_month == (2026, 4)
    assert told_as_history(sentence, WEEKLY_IN_APRIL) is history
