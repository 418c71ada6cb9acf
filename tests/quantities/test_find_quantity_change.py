"""Numeric policy changes in sentences written for these tests (no corpus text)."""

from __future__ import annotations

import pytest

from services.extract.quantities import (
    find_quantities,
    find_quantity_change,
    quantity_in_sentence,
    with_prior_value,
)


def change(text: str) -> tuple[object, object, str, int | None]:
    found = find_quantity_change(text)
    assert found is not None, text
    return found.from_, found.to, found.unit, found.year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ministers will lift spending from the current 1.8% to 2.2% of GDP.", (1.8, 2.2, "% of GDP", None)),
        (
            "The two sides cut tariffs on each other's goods from 145% to 30%.",
            (145.0, 30.0, "% tariff", None),
        ),
        ("The council extends the lease from five to 10 years.", (5.0, 10.0, "years", None)),
        ("The regulator pushes back the ban from 2030 to 2035.", (2030.0, 2035.0, "year", None)),
        ("Aid will be reduced from 0.6% of GDP to 0.35% in 2028.", (0.6, 0.35, "% of GDP", 2028)),
        (
            "The toll rises from the $9 fee charged at night to a new high of $15.",
            (9.0, 15.0, "dollars", None),
        ),
    ],
)
def test_reads_from_x_to_y(text: str, expected: tuple[object, ...]) -> None:
    assert change(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ministry raised tariffs on steel to 125% from 104%.", (104.0, 125.0, "% tariff", None)),
        ("It cut the export duty on sugar to 10 percent from 20 percent.", (20.0, 10.0, "% duty", None)),
        (
            "The bank lowered its policy rate to 3.5% to 3.75%, down from a range of 4% to 4.25%.",
            ("4-4.25", "3.5-3.75", "% target range", None),
        ),
    ],
)
def test_reads_to_y_from_x(text: str, expected: tuple[object, ...]) -> None:
    assert change(text) == expected


def test_reads_new_value_then_down_from_old_value() -> None:
    assert change("Policymakers pencilled in three cuts in 2026, down from five.") == (5.0, 3.0, "", 2026)


def test_reads_up_from_with_a_unit_on_the_new_value() -> None:
    assert change("Staff must be at their desks four days a week, up from two.") == (
        2.0,
        4.0,
        "days per week",
        None,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The bank trimmed its key rate by 25 basis points to 6.25%.", (6.5, 6.25, "% rate", None)),
        ("The board raised the rate by a 0.75 percentage point step to 5%.", (4.25, 5.0, "% rate", None)),
        (
            "The central bank lowered rates by 0.50 percentage points to 4.75%-5%.",
            ("5.25-5.5", "4.75-5", "% target range", None),
        ),
    ],
)
def test_computes_the_old_value_from_a_step_and_the_new_value(
    text: str, expected: tuple[object, ...]
) -> None:
    assert change(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On March 3 the minister halved the 30 percent levy on imported cars.",
            (30.0, 15.0, "% tariff", None),
        ),
        ("The state doubled the duty to 40% on luxury goods.", (20.0, 40.0, "% duty", None)),
    ],
)
def test_applies_halving_and_doubling(text: str, expected: tuple[object, ...]) -> None:
    assert change(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "She pledged to raise defence spending to two per cent of GDP by 2027.",
            (None, 2.0, "% of GDP", 2027),
        ),
        ("The premier will cut foreign aid to 0.3% of national income.", (None, 0.3, "% of GDP", None)),
        ("Visas for students will be capped at 185,000 next year.", (None, 185000.0, "", None)),
        ("The president jacked up duties on electric cars to 100 percent.", (None, 100.0, "% duty", None)),
    ],
)
def test_reads_a_new_level_without_an_old_one(text: str, expected: tuple[object, ...]) -> None:
    assert change(text) == expected


def test_reads_a_committed_amount_of_money() -> None:
    assert change("The cabinet set aside $350million for rail upgrades.") == (
        None,
        350.0,
        "million dollars",
        None,
    )


def test_reads_a_price_per_period() -> None:
    assert change("Members will pay $6.50 a month for each extra profile.") == (
        None,
        6.5,
        "dollars per month",
        None,
    )


def test_reads_a_year_moved_without_from_and_to() -> None:
    text = "The phase-out was originally set for 2028 but will now take effect in 2032."
    assert change(text) == (2028.0, 2032.0, "year", None)


@pytest.mark.parametrize(
    "text",
    [
        "Rates were left unchanged at 5.25%.",
        "The economy grew 2.1% in the third quarter.",
        "Talks began on April 2 in Geneva.",
        "One of the ministers resigned in 2024.",
    ],
)
def test_finds_no_change_where_none_is_stated(text: str) -> None:
    assert find_quantity_change(text) is None


def test_span_points_at_the_change_in_the_text() -> None:
    text = "After a long debate, the council cut the fee from $20 to $12."
    found = find_quantity_change(text)
    assert found is not None
    assert text[found.start : found.end] == "from $20 to $12"
    assert found.pattern == "from_to"


def test_converts_to_the_wire_quantity() -> None:
    found = find_quantity_change("It raised the levy from 10% to 25% by 2026.")
    assert found is not None
    quantity = found.to_quantity()
    assert quantity.model_dump(by_alias=True) == {"from": 10.0, "to": 25.0, "unit": "% tariff", "year": 2026}


def test_lists_every_number_with_its_unit() -> None:
    numbers = find_quantities("A 10% levy, $3bn in aid, 25 bps, a 4.5%-4.75% range and six days a week.")
    assert [(n.amount, n.unit) for n in numbers] == [
        (10.0, "% tariff"),
        (3.0, "billion dollars"),
        (25.0, "bp"),
        ("4.5-4.75", "% target range"),
        (6.0, "days per week"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The bank raised rates a quarter point to 5.25%-5.5%.",
            ("5-5.25", "5.25-5.5", "% target range", None),
        ),
        ("It cut its key rate half a percentage point to 3%.", (3.5, 3.0, "% rate", None)),
        ("Policymakers lowered the rate 50 basis points to 4.5%.", (5.0, 4.5, "% rate", None)),
    ],
)
def test_reads_a_step_without_by(text: str, expected: tuple[object, ...]) -> None:
    assert change(text) == expected


def test_reads_a_current_value_then_the_new_one() -> None:
    text = "The current target is three per cent of GDP but leaders agreed it should rise to four per cent."
    assert change(text) == (3.0, 4.0, "% of GDP", None)


def test_reads_cut_in_half() -> None:
    assert change("The council will cut the 12% surcharge in half.") == (12.0, 6.0, "%", None)


def test_fills_a_missing_old_value_from_the_current_value_in_context() -> None:
    found = find_quantity_change("The firm will require staff to return to the office four days a week.")
    assert found is not None and found.from_ is None
    context = "Its current policy asks staff to come in at least two days a week. The firm will require..."
    assert with_prior_value(found, context).from_ == 2.0


def test_keeps_a_missing_old_value_when_context_has_none_in_the_same_unit() -> None:
    found = find_quantity_change("It will raise the levy to 15%.")
    assert found is not None
    assert with_prior_value(found, "The current plan costs $3 million.").from_ is None


def test_reads_oil_output_and_indian_currency_units() -> None:
    numbers = find_quantities("Output falls by 2 million bpd and Rs 500 crore is set aside.")
    assert [(n.value, n.unit) for n in numbers] == [
        (2_000_000.0, "barrels per day"),  # output written out, as the corpus writes it
        (500.0, "crore rupees"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The ministry will cap visas at 185,000 over the next two academic years, down from 250,000.",
            (250000.0, 185000.0, "", None),
        ),
        (
            "The city capped new taxi licences at 900 for three years, down from 1,400.",
            (1400.0, 900.0, "", None),
        ),
    ],
)
def test_down_from_skips_a_duration_between_the_new_and_old_values(
    text: str, expected: tuple[object, ...]
) -> None:
    assert change(text) == expected


def test_main_clause_level_beats_a_from_to_in_its_by_ing_means_clause() -> None:
    text = (
        "Members would reach 4 per cent of GDP by lifting their core goal from 1.5 to 3 per cent "
        "and spending another 1 per cent on resilience."
    )
    assert change(text) == (None, 4.0, "% of GDP", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The senator has called for three percent of GDP, and I agree.", (None, 3.0, "% of GDP", None)),
        ("Lisbon will introduce a cap of 12,000 on new short-let permits.", (None, 12000.0, "", None)),
    ],
)
def test_reads_a_level_named_without_a_change_verb(text: str, expected: tuple[object, ...]) -> None:
    assert change(text) == expected


def test_fills_a_missing_old_value_from_a_setting_named_by_its_value() -> None:
    text = "Seoul will lift the aid budget to 0.5% of GNI, ending the roughly 0.2 per cent ceiling."
    found = find_quantity_change(text)
    assert found is not None and found.from_ is None
    assert with_prior_value(found, text).from_ == 0.2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # two levels in turn, no step: the first is not 'a step of £300 to £8,800'
        (
            "The grant was raised to £8,500 in 2019 and has been held at £8,800 since 2022.",
            (None, 8500.0, "pounds", 2019),
        ),
        ("The fare was cut to $3 last year and has stayed at $2.50 since.", (None, 3.0, "dollars", None)),
    ],
)
def test_a_level_told_before_another_level_is_no_step(text: str, expected: tuple[object, ...]) -> None:
    assert change(text) == expected


def test_a_money_step_without_by_still_reads_as_a_step() -> None:
    assert change("The daily toll goes up $2 to $14 in March.")[:2] == (12.0, 14.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The two levies rise to 30% and 45% of pay from 25% and 40% in April.", (25.0, 30.0)),
        ("Top rates go to 42%, 47% from 40% and 45% next year.", (40.0, 42.0)),
    ],
)
def test_two_settings_moved_together_read_the_first_pair(text: str, expected: tuple[float, float]) -> None:
    assert change(text)[:2] == expected


def test_a_sum_broken_down_after_a_colon_is_read_as_the_total() -> None:
    text = "The fund pledged $2 billion: a $1.5 billion loan and a $500 million grant for the port."
    assert change(text)[:3] == (None, 2.0, "billion dollars")


def test_a_part_named_near_the_topic_does_not_beat_the_total_before_the_colon() -> None:
    text = "The agency announced $3 billion: a $2 billion grant and a $1 billion loan, its first port aid."
    found = quantity_in_sentence(text, topic="agency port aid")
    assert found is not None and (found.from_, found.to) == (None, 3.0)


def test_a_year_before_a_colon_is_no_total() -> None:
    assert change("Plans for 2027: the state will spend $4 billion on rail.")[:2] == (None, 4.0)


def test_a_change_to_the_same_value_in_another_form_is_no_change() -> None:
    from services.extract.quantities import _unchanged
    from services.extract.quantity_numbers import QuantityChange

    assert _unchanged(QuantityChange(2028.0, "2028", "year", None, 0, 4))
    assert _unchanged(QuantityChange("1,200", 1200.0, "", None, 0, 4))
    assert not _unchanged(QuantityChange(2028.0, "2030", "year", None, 0, 4))
    assert not _unchanged(QuantityChange(None, 5.0, "%", None, 0, 4))


def test_listed_rates_in_force_range_only_over_the_rates_of_the_goods() -> None:
    from services.extract.quantities import _listed_in_force
    from services.extract.quantity_numbers import make_template

    text = "Imports of tea, now taxed at 12%, rice at 5% and sugar at 20%, rose 45% last year."
    assert _listed_in_force(make_template(text)) == "5-20"
