"""Which clause's number is the event's (issue 8, points 2 and 3): a change moving another
instrument in another clause is not the topic's; a place told as its adjective still names the
side a measure hits; a rate step's level may be told a sentence or two away. Sentences written
for these tests."""

from __future__ import annotations

import pytest

from services.extract.quantities import find_quantity_change, quantity_in_sentence
from services.extract.quantity_context import event_quantity, quantity_about, quantity_nearby
from services.extract.rules.numbers import find_quantity


def span(text: str, sentence: str) -> tuple[int, int]:
    start = text.index(sentence)
    return start, start + len(sentence)


def test_a_loan_lifted_in_another_clause_is_not_the_quantity_of_the_rates() -> None:
    text = (
        "Ghana raised interest rates by three percentage points on Monday, and within hours the "
        "lenders agreed to lift their loan programme to $4 billion."
    )
    assert find_quantity_change(text, topic="interest rates") is None
    assert find_quantity(text, topic="interest rates") is None
    loan = find_quantity_change(text, topic="loan programme")
    assert loan is not None and (loan.to, loan.unit) == (4.0, "billion dollars")


def test_a_number_in_a_clause_naming_no_other_instrument_stays_the_topics() -> None:
    text = "The city announced a levy on plastic bags, and it will be set at 25 pence a bag."
    found = find_quantity_change(text, topic="levy on plastic bags")
    assert found is not None and found.to == 25.0


def test_duties_on_american_goods_are_the_tariffs_on_us_goods() -> None:
    text = (
        "Washington will cut its tariffs on Korean cars from 25% to 15%, while Seoul will lower "
        "its duties on American beef from 40% to 20%."
    )
    ours = find_quantity_change(text, topic="tariffs on U.S. beef")
    theirs = find_quantity_change(text, topic="tariffs on Korean cars")
    assert ours is not None and (ours.from_, ours.to) == (40.0, 20.0)
    assert theirs is not None and (theirs.from_, theirs.to) == (25.0, 15.0)


def test_a_rate_step_takes_its_level_from_a_sentence_two_away() -> None:
    lede = "The Bank of Canada cut its key interest rate by a further half percentage point on Wednesday."
    text = (
        f"{lede} Officials now expect three more cuts next year, down from five. "
        "The decision brought the overnight rate to 3.25%."
    )
    found = event_quantity(text, *span(text, lede), topic="key interest rate")
    assert found is not None and (found.from_, found.to) == (3.75, 3.25)


def test_a_rate_step_takes_no_level_from_another_events_sentence() -> None:
    lede = "The central bank trimmed its policy rate by 25 basis points on Thursday."
    other = "The finance ministry cut the rate on savings bonds to 4%."
    text = f"{lede} {other}"
    found = event_quantity(text, *span(text, lede), topic="policy rate", others=[span(text, other)])
    assert found is None


def test_a_market_move_told_beside_an_output_decision_is_not_its_quantity() -> None:
    own = "Seven oil producers will lift their output quotas in March, the group said on Sunday."
    text = f"{own} Brent crude rose 40 cents to $71.20 a barrel in early trade."
    assert event_quantity(text, *span(text, own), topic="output quotas") is None
    assert quantity_nearby(text, *span(text, own), {"output", "quota", "barrel"}, vague=True) is None


def test_a_fallback_nearby_quantity_skips_another_events_sentence() -> None:
    own = "The minister said a new customs bill would go to parliament next week."
    other = "The customs threshold for parcels will double to 800 dirhams."
    text = f"{own} {other}"
    found = quantity_nearby(text, *span(text, own), {"customs", "bill"}, others=[span(text, other)])
    assert found is None
    assert quantity_nearby(text, *span(text, own), {"customs", "bill"}) is not None


def test_an_instrument_sentence_of_another_event_lends_its_change_only_to_a_retelling() -> None:
    other = "Parliament cut the corporate tax rate to 22% from 24% for large firms."
    text = f"{other} The bill also cut the tax on dividends."
    spans = [span(text, other)]
    assert quantity_about("tax", text, others=spans, topic="tax on dividends") is None
    retold = quantity_about("tax", text, others=spans, topic="corporate tax")
    assert retold is not None and (retold.from_, retold.to) == (24.0, 22.0)


def test_a_level_and_the_noun_step_after_a_comma() -> None:
    found = find_quantity_change(
        "The bank lowered its benchmark rate to 4.5% on Thursday, a cut of 50 basis points."
    )
    assert found is not None and (found.from_, found.to) == (5.0, 4.5)


def test_an_old_value_told_as_what_it_was_this_year() -> None:
    text = "The government raised the monthly minimum wage by 8%, bringing it to 1,620 soles."
    found = quantity_in_sentence(text, context="It was 1,500 soles this year.")
    assert found is not None and (found.from_, found.to) == (1500.0, 1620.0)


def test_a_list_of_measures_gives_each_topic_the_number_of_its_own_item() -> None:
    text = (
        "The president said Chile would close its coal plants within 15 years, build more than 20 "
        "gigawatts of solar capacity over the same period and bring its net zero date forward to "
        "2045 from 2050."
    )
    found = find_quantity_change(text, topic="solar capacity")
    assert found is not None and (found.to, found.unit) == (20.0, "gigawatts")
    moved = find_quantity_change(text, topic="net zero date")
    assert moved is not None and (moved.from_, moved.to) == (2050.0, 2045.0)


def test_one_old_price_told_for_two_groups_is_the_old_price_of_each() -> None:
    text = (
        "Households will pay 1.80 dinars a litre from May, down from 2.10 dinars, while large firms "
        "will be charged 2.60 dinars, the ministry said."
    )
    found = quantity_in_sentence(text, topic="fuel price for large firms")
    assert found is not None and (found.from_, found.to) == (2.1, 2.6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lisbon restored the 6% VAT rate on restaurant meals, ending a temporary zero rate.", (0.0, 6.0)),
        ("Vienna cut the tax on theatre tickets to 5% in 2021 before restoring 13% this year.", (5.0, 13.0)),
    ],
)
def test_a_setting_restored(text: str, expected: tuple[float, float]) -> None:
    found = find_quantity_change(text)
    assert found is not None and (found.from_, found.to) == expected


def test_a_dateline_taken_for_a_topic_does_not_pick_the_clause() -> None:
    text = (
        "GLASGOW — The floor price of a unit of alcohol will go up by 30% in May, after ministers "
        "decided to lift the floor to 65p per unit from 50p."
    )
    found = find_quantity_change(text, topic="GLASGOW")
    assert found is not None and (found.from_, found.to) == (50.0, 65.0)


@pytest.mark.parametrize(
    "text",
    [
        "Brent crude rose 52 cents to $71.10 a barrel in early trade on Tuesday.",
        "MARKETS\n\nThe rand weakened 1.2% to 18.40 per dollar after the announcement.",
    ],
)
def test_a_market_move_has_no_setting_change(text: str) -> None:
    assert find_quantity_change(text) is None
    assert find_quantity(text) is None


def test_a_policy_sentence_that_mentions_a_market_keeps_its_change() -> None:
    found = find_quantity_change("The central bank raised its key rate to 12% from 11%, and the rand rose.")
    assert found is not None and (found.from_, found.to) == (11.0, 12.0)


def test_a_participle_clause_goes_on_with_the_same_change() -> None:
    text = "Bogota raised the monthly minimum wage by 9.5% for next year, bringing it to 1,423,500 pesos."
    found = quantity_in_sentence(
        text, topic="monthly minimum wage", context="It was 1,300,000 pesos this year."
    )
    assert found is not None and (found.from_, found.to) == (1300000.0, 1423500.0)


def test_a_new_level_takes_its_old_value_from_a_retelling_two_sentences_on() -> None:
    lede = "Poland will raise defence spending to 4.8% of GDP next year, the defence minister said."
    text = (
        f"{lede} The plan needs parliament's approval. "
        "The rise to 4.8% of GDP, from 4.2% this year, would be the largest in NATO."
    )
    found = event_quantity(text, *span(text, lede), topic="defence spending")
    assert found is not None and (found.from_, found.to) == (4.2, 4.8)


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        (
            "The White House said it would pause tariffs on Peruvian goods for 90 days and cut duties on "
            "Chilean copper to 5% from 15%.",
            "tariffs on Peruvian goods",
        ),
        (
            "Delhi cut the GST rate on scooters to 18% from 28% and scrapped the levy on crop insurance.",
            "levy on crop insurance",
        ),
    ],
)
def test_a_second_measure_of_one_sentence_does_not_borrow_the_first_ones_change(
    text: str, topic: str
) -> None:
    assert find_quantity_change(text, topic=topic) is None
    other = span(text, text)
    head = topic.split()[0].rstrip("s")
    assert quantity_about(head, text, others=[other], topic=topic) is None


def test_a_change_told_without_numbers_takes_the_full_change_of_the_next_sentence() -> None:
    lede = "Wellington will cut its immigration targets, the minister said on Monday."
    text = f"{lede} It will admit 40,000 residents in 2026, down from 52,000. Employers were not consulted."
    found = event_quantity(text, *span(text, lede), topic="immigration targets")
    assert found is not None and (found.from_, found.to, found.pattern) == (52000.0, 40000.0, "detail_after")


def test_the_next_sentence_is_not_read_when_the_own_sentence_has_a_number() -> None:
    lede = "Wellington will cut its intake of seasonal workers to 9,000, the minister said."
    text = f"{lede} Fees for student visas rise to NZ$750 from NZ$430."
    found = event_quantity(text, *span(text, lede), topic="intake of seasonal workers")
    assert found is not None and (found.from_, found.to) == (None, 9000.0)


def test_a_participle_appositive_is_no_clause_of_its_own() -> None:
    found = find_quantity_change(
        "The 4% levy, introduced in 2021, will be raised to 6% next year.", topic="levy"
    )
    assert found is not None and found.to == 6.0
    filled = quantity_in_sentence(
        "The 4% levy, introduced in 2021, will be raised to 6% next year.", topic="levy"
    )
    assert filled is not None and (filled.from_, filled.to) == (4.0, 6.0)


def test_two_levels_each_for_its_own_group_are_no_step_of_one_setting() -> None:
    text = "The regulator lifted the gas tariff to Rs120 a unit for homes and to Rs150 for factories."
    found = find_quantity_change(text, topic="gas tariff")
    assert found is not None and (found.from_, found.to) == (None, 120.0)


def test_two_steps_told_with_their_years_are_still_one_setting_moved() -> None:
    text = "The bank lifted its margin to 2.5 points in 2019 and to 3 points in 2021."
    found = find_quantity_change(text, topic="margin")
    assert found is not None and (found.from_, found.to) == (2.5, 3.0)
