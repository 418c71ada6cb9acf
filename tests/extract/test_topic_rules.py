"""What changed, as a phrase, on sentences written for these tests (issue 8)."""

from __future__ import annotations

import pytest

from services.extract.event_phrases import specific_topic
from services.extract.rules.topics import topic_phrase

pytestmark = pytest.mark.slow


def test_leaving_a_body_names_the_body_not_the_country_taken_out(shifts_of) -> None:
    [shift] = shifts_of(
        "Argentina's president signed a decree withdrawing the country from the World Health Organization."
    )
    assert (shift.actor, shift.topic, shift.shift_type) == (
        "Argentina",
        "World Health Organization",
        "withdrawal",
    )


def test_a_hyphenated_number_stays_in_the_topic(shifts_of) -> None:
    [shift] = shifts_of("The Bank of Japan will abandon its target for 10-year government bond yields.")
    assert shift.topic == "target for 10-year government bond yields"


def test_a_rate_after_of_leaves_no_stranded_preposition(shifts_of) -> None:
    [shift] = shifts_of("Brussels imposed additional tariffs of 35% on electric vehicles made in China.")
    assert shift.topic == "additional tariffs on electric vehicles"


def test_a_possessive_is_not_cut_into_the_topic(shifts_of) -> None:
    shifts = shifts_of(
        "Ottawa has slashed Canada\u2019s annual immigration plan from 500,000 to 395,000 people."
    )
    assert shifts and all(not s.topic.startswith("s ") for s in shifts)
    assert shifts[0].topic == "annual immigration plan"


def test_plans_unveiled_to_make_a_change_are_that_one_change(shifts_of) -> None:
    [shift] = shifts_of(
        "Canada's finance ministry on Tuesday unveiled plans to cut the fuel levy from 20% to 15%."
    )
    assert shift.topic == "fuel levy"


def test_a_weekday_or_a_verb_before_a_generic_noun_does_not_name_it() -> None:
    text = "The ministry on Tuesday unveiled plans for the levy. Later it scrapped the plan."
    assert specific_topic("plan", "plan", text) == "plan"


def test_the_rest_of_a_possessive_does_not_name_a_generic_noun() -> None:
    text = "Canada\u2019s annual immigration plan was cut. It scrapped the plan."
    assert specific_topic("plan", "plan", text) == "annual immigration plan"


def test_abandoning_an_increase_in_a_tax_is_a_reversal_of_that_increase(shifts_of) -> None:
    [shift] = shifts_of("Japan's finance minister has abandoned the increase in value-added tax due in May.")
    assert (shift.actor, shift.shift_type) == ("Japan", "reversal")
    assert shift.topic == "increase in value-added tax"


def test_a_company_raising_its_revenue_growth_target_is_no_policy_shift(shifts_of) -> None:
    text = (
        "Acme Networks lifted the goal it sets for revenue growth over the long run. Its chief executive "
        "put that revenue growth target at 12% to 17% a year, up from 10% to 15%."
    )
    assert shifts_of(text, title="Acme posts strong quarter") == []


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        (
            "New Zealand will no longer set a target for reducing methane from farms.",
            "target for reducing methane",
        ),
        (
            "The Labour government dropped its pledge to spend 28 billion pounds a year on green investment.",
            "pledge to spend on green investment",
        ),
        (
            "Britain will axe the winter fuel payment for most pensioners.",
            "winter fuel payment for most pensioners",
        ),
    ],
)
def test_a_topic_names_what_the_target_or_pledge_is_for(shifts_of, text: str, topic: str) -> None:
    [shift] = shifts_of(text)
    assert shift.topic == topic


def test_a_unit_is_never_the_topic_the_thing_measured_is(extractor) -> None:
    doc = extractor.heavy(
        "Diesel, which powers most buses, goes to 17.50 Egyptian pounds a litre from 15.50."
    )
    pounds = next(t for t in doc if t.text == "pounds")
    assert topic_phrase(pounds) == "Diesel"


def test_an_effect_of_an_action_is_no_shift(shifts_of) -> None:
    text = "Stretching a loan to 30 years cuts monthly payments but adds to the total interest paid."
    assert shifts_of(text) == []


def test_the_parties_of_a_named_country_act_for_it(shifts_of) -> None:
    [shift] = shifts_of(
        "Germany's parties agreed to exempt defence spending above 1% of GDP from the debt brake."
    )
    assert (shift.actor, shift.shift_type) == ("Germany", "softening")


def test_the_date_a_change_takes_effect_is_not_the_topic(shifts_of) -> None:
    [shift] = shifts_of(
        "BERLIN \u2014 Germany's statutory minimum wage will rise from \u20ac12.82 an hour to "
        "\u20ac13.90 on January 1, 2026, the labour ministry said."
    )
    assert shift.topic == "statutory minimum wage"


def test_the_dateline_is_not_the_thing_measured(extractor) -> None:
    doc = extractor.heavy(
        "EDINBURGH \u2014 The minimum price of alcohol in Scotland will go up by 30% in September, "
        "ministers said."
    )
    percent = next(t for t in doc if t.text == "%")
    assert topic_phrase(percent) == "minimum price of alcohol"


def test_a_counted_amount_after_of_is_the_value_not_the_topic(extractor) -> None:
    doc = extractor.heavy("The group rolled over its output ceiling of 39.7 million barrels a day.")
    ceiling = next(t for t in doc if t.text == "ceiling")
    assert topic_phrase(ceiling) == "output ceiling"


def test_a_value_left_out_leaves_no_per_or_hanging_preposition(shifts_of) -> None:
    [goal] = shifts_of(
        "LONDON \u2014 Shell has dropped its goal of a 40 per cent reduction in carbon intensity."
    )
    [promise] = shifts_of(
        "STOCKHOLM \u2014 Volvo Cars has given up its promise to sell only electric cars by 2030."
    )
    assert goal.topic == "goal of reduction in carbon intensity"
    assert promise.topic == "promise to sell only electric cars"


def test_a_law_approved_to_make_a_change_is_that_change_made_by_who_approved_it(shifts_of) -> None:
    [shift] = shifts_of(
        "LIMA \u2014 Peru's Congress on Thursday approved a law that raises the minimum wage to 1,130 soles "
        "from 1,025 soles."
    )
    assert (shift.actor, shift.topic) == ("Peru", "minimum wage")


def test_a_bare_treaty_or_agreement_is_named_the_way_the_article_names_it() -> None:
    text = (
        "Finland signed the Ottawa Convention in 2011. The government said it would leave the convention "
        "within six months."
    )
    assert specific_topic("convention", "convention", text) == "Ottawa Convention"
