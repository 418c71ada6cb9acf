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
