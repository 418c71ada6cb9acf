"""Old values a sentence implies rather than states: a step in cents on a price in dollars, a levy
added on top of one in force, a level and its distance from the old one, a rate and the step that
brought it there, a date told 'instead of' another. Sentences written for these tests; values by
the corpus conventions (a range 'low-high', thousands written out)."""

from __future__ import annotations

import pytest

from services.extract.quantities import find_quantities, quantity_in_sentence


def values(text: str, topic: str | None = None) -> tuple[object, object]:
    found = quantity_in_sentence(text, topic=topic)
    assert found is not None, text
    return found.from_, found.to


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Diesel will be cut by 12 cents to $1.88 a litre from Monday.", (2.0, 1.88)),
        ("The duty on beer falls by 3p a pint to 18.5p.", (21.5, 18.5)),
    ],
)
def test_a_step_in_cents_or_pence_moves_a_price_in_dollars_or_pence(
    text: str, expected: tuple[float, float]
) -> None:
    assert values(text) == expected


def test_a_price_in_pence_at_the_end_of_a_sentence_keeps_its_unit() -> None:
    assert [n.unit for n in find_quantities("The stamp now costs 85p")] == ["pence"]


def test_an_additional_levy_and_the_total_it_brings() -> None:
    text = "Ottawa imposed an additional 15 percent on the steel, bringing the total duty to 40 percent."
    assert values(text) == (25.0, 40.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The province will accept 42,000 migrants next year, 8,000 fewer than this year.",
            (50000.0, 42000.0),
        ),
        ("The city will issue 1,200 taxi licences, 300 more than in 2024.", (900.0, 1200.0)),
    ],
)
def test_a_level_and_its_distance_from_the_old_one(text: str, expected: tuple[float, float]) -> None:
    assert values(text) == expected


def test_a_rate_and_the_signed_step_that_brought_it_there() -> None:
    text = "Its deposit rate now sits at 1.75 percent, down 50 basis points."
    assert values(text) == (2.25, 1.75)


def test_a_bare_old_value_of_a_period_after_up_from() -> None:
    text = "Fathers will get 20 days of paid leave, up from 10."
    assert values(text) == (10.0, 20.0)


def test_a_percent_step_of_a_sum_with_the_object_between_verb_and_step() -> None:
    text = "The decree lifts the monthly pension 5% to 2,100 lari."
    assert values(text) == (2000.0, 2100.0)


def test_a_date_told_instead_of_the_planned_one() -> None:
    text = "The registry will now open in 2031 instead of 2028."
    assert values(text) == (2028.0, 2031.0)


def test_a_level_told_as_where_it_now_stands_takes_the_old_price_told_before_then() -> None:
    text = "Bread now sells for about 450 tenge a loaf after the subsidy ended."
    context = "Before then, shoppers paid roughly 300 tenge."
    found = quantity_in_sentence(text, context=context)
    assert found is not None and (found.from_, found.to) == (300.0, 450.0)


def test_an_old_value_told_after_rather_than_fills_a_new_level() -> None:
    text = "The board now wants inflation to settle at 2.5%."
    context = "It will from now on aim for 2.5% rather than the 4% midpoint of its band."
    found = quantity_in_sentence(text, context=context)
    assert found is not None and (found.from_, found.to) == (4.0, 2.5)


def test_a_count_step_takes_its_old_level_from_the_cap_named_in_another_sentence() -> None:
    text = "The ministry lifted the annual quota by 500 places."
    context = "The 1,200 cap had stood for a decade."
    found = quantity_in_sentence(text, context=context)
    assert found is not None and (found.from_, found.to) == (1200.0, 1700.0)


def test_a_market_that_more_than_doubled_is_no_setting_multiplied() -> None:
    text = "Tokyo will release more rice after a rise in prices that has more than doubled the cost of a bag."
    found = quantity_in_sentence(text)
    assert found is None or found.unit != "% increase"


def test_a_band_told_by_its_floor_and_ceiling_is_one_range() -> None:
    text = "The lira will trade between a floor of 30 and a ceiling of 36 lira to the dollar."
    assert [n.amount for n in find_quantities(text)][:1] == ["30-36"]
    assert values(text) == (None, "30-36")


def test_a_cut_and_what_it_leaves() -> None:
    text = "The plan would abolish 1,500 posts, a 12 per cent reduction in the payroll, leaving 11,000."
    assert values(text) == (12500.0, 11000.0)


def test_hires_and_the_total_they_bring() -> None:
    text = "The border agency will hire another 1,500 guards, bringing the force to 9,000."
    assert values(text) == (7500.0, 9000.0)


def test_a_deadline_rolled_over_past_a_decimal_figure_for_a_further_year() -> None:
    text = (
        "The cartel rolled over its joint output ceiling of 41.5 million bpd, which had been due to "
        "lapse at the end of 2026, for a further year."
    )
    assert values(text, topic="output ceiling") == ("2026-12", "2027-12")


def test_a_step_in_pence_fills_from_a_level_in_pounds_told_in_another_sentence() -> None:
    text = "The minimum hourly rate for apprentices will rise by 70 pence an hour from April."
    found = quantity_in_sentence(text, context="It currently stands at £7.55 an hour.")
    assert found is not None and (found.from_, found.to, found.unit) == (7.55, 8.25, "pounds per hour")


def test_a_rate_level_takes_its_old_value_from_a_step_named_as_a_noun_nearby() -> None:
    text = "The central bank cut its main policy rate to 19% on Thursday."
    found = quantity_in_sentence(text, context="The 200 basis point reduction surprised analysts.")
    assert found is not None and (found.from_, found.to) == (21.0, 19.0)


def test_a_rise_of_several_hundred_percent_to_a_price() -> None:
    text = "The ministry raised the price of a subsidised loaf by 400% to 25 piastres."
    assert values(text) == (5.0, 25.0)


def test_a_delay_told_as_a_span_moves_the_date_the_context_says_was_due() -> None:
    text = "Regulators postponed the reporting rules by six months on Friday."
    found = quantity_in_sentence(text, context="The rules had been due to apply from July 2026.")
    assert found is not None and (found.from_, found.to) == ("2026-07", "2027-01")


def test_a_levy_scrapped_without_a_number_goes_from_the_value_in_force_to_zero() -> None:
    text = "Ottawa will stop collecting its fuel charge on heating oil from May 1."
    context = "The charge was due to rise to C$110 a tonne from the current C$95."
    found = quantity_in_sentence(text, context=context)
    assert found is not None and (found.from_, found.to) == (95.0, 0.0)


def test_ending_negative_rates_goes_from_the_negative_rate_told_nearby_to_zero() -> None:
    text = "The central bank voted to scrap its policy of negative interest rates after eight years."
    context = "It had held its deposit rate at minus 0.2 percent since 2016."
    found = quantity_in_sentence(text, context=context)
    assert found is not None and (found.from_, found.to) == (-0.2, 0.0)


def test_a_levy_scrapped_with_no_value_in_force_told_has_no_quantity() -> None:
    text = "Ottawa will stop collecting its fuel charge on heating oil from May 1."
    assert quantity_in_sentence(text, context="Farmers welcomed the decision.") is None


def test_the_old_value_told_as_the_previous_plan() -> None:
    text = "Ottawa will cut its target for new permanent residents to 380,000 in 2026."
    found = quantity_in_sentence(text, context="The previous plan had called for 480,000.")
    assert found is not None and (found.from_, found.to) == (480000.0, 380000.0)


def test_the_old_value_told_as_what_goods_now_face() -> None:
    text = "Washington will impose a 30% tariff on imported bicycles from June 1."
    found = quantity_in_sentence(text, context="Bicycles now face a 5% duty.")
    assert found is not None and (found.from_, found.to) == (5.0, 30.0)


def test_a_level_then_its_step_named_as_a_hyphenated_noun() -> None:
    text = "Manila will raise the tax on sweetened drinks to 8% next year, a two-percentage-point increase."
    assert values(text) == (6.0, 8.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The levy, which had stood at 8% since 2019, was cut to 6.5%.", (8.0, 6.5)),
        ("The duty, set at 12% in 2016, will rise to 18%.", (12.0, 18.0)),
        ("The council lowered the permit fee, previously $80, to $60.", (80.0, 60.0)),
        ("Ministers will lift the quota, now 4,000, to 6,500.", (4000.0, 6500.0)),
    ],
)
def test_the_old_value_told_between_commas(text: str, expected: tuple[float, float]) -> None:
    assert values(text) == expected


def test_a_level_reached_after_a_step_already_taken() -> None:
    assert values("The deposit rate now sits at 2.5%, having been cut by half a point.") == (3.0, 2.5)


def test_a_new_level_that_replaces_the_current_one() -> None:
    assert values("The new nightly tax of €4 replaces the current €2.50.") == (2.5, 4.0)


def test_a_count_cut_by_a_share() -> None:
    assert values("It cut the number of work permits it grants each year by 25 per cent, to 60,000.") == (
        80000.0,
        60000.0,
    )


def test_a_relative_step_and_the_full_change_of_the_same_size_are_one_change() -> None:
    text = (
        "LEEDS — The floor price of a unit of alcohol will go up by 25% in May, after ministers "
        "decided to keep the law and lift the floor to 60p per unit from 48p."
    )
    found = quantity_in_sentence(text, topic="minimum unit price for alcohol")
    assert found is not None and (found.from_, found.to) == (48.0, 60.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The council will raise the fine for fly-tipping tenfold to £5,000.", (500.0, 5000.0)),
        ("The firm pledged to boost its solar output 20-fold to 40 gigawatts.", (2.0, 40.0)),
    ],
)
def test_a_setting_multiplied_by_a_fold(text: str, expected: tuple[float, float]) -> None:
    assert values(text) == expected


def test_a_date_told_as_due_then_as_the_new_one() -> None:
    text = "The labelling rules, due to take effect in March 2026, will now apply from January 2028."
    assert values(text) == ("2026-03", "2028-01")


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("The fare rises to GH¢12.50 from Monday.", "cedis"),
        ("A loaf will cost EGP 20.", "pounds"),
        ("The fee is 5,000 CFA francs.", "cfa francs"),
        ("The monthly wage is ₺22,104.", "lira"),
        ("Diesel costs Tk 114 a litre.", "taka per litre"),
        ("The fine is AED 500.", "dirhams"),
        ("The dividend rises to 95 yen a share.", "yen per share"),
    ],
)
def test_currencies_of_emerging_markets_read_as_money(text: str, unit: str) -> None:
    assert [n.unit for n in find_quantities(text) if n.value >= 5] == [unit]


def test_the_value_in_force_is_the_endpoint_of_an_earlier_change() -> None:
    text = "The speed limit on the bypass will be lowered to 60 km/h from June."
    found = quantity_in_sentence(
        text, context="The limit was already reduced from 90 km/h to 80 km/h in 2019."
    )
    assert found is not None and (found.from_, found.to) == (80.0, 60.0)
