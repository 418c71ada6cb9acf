"""Every form of issue 8, point 3, on sentences written for these tests (no corpus text).

Values follow the corpus conventions (../shared/corpus/README.md and corpus/DATASHEET.md): a range
is 'low-high', a month-and-year date 'YYYY-MM', thousands written out, millions and billions kept in
the unit.
"""

from __future__ import annotations

import pytest

from services.extract.quantities import find_quantities, find_quantity_change, quantity_in_sentence


def values(text: str, **hints: str) -> tuple[object, object]:
    found = quantity_in_sentence(text, **hints)
    assert found is not None, text
    return found.from_, found.to


def test_old_value_given_as_a_range_after_up_from_the_current() -> None:
    text = "Lima plans a 40 percent duty on imported tyres, up from the current 12 to 18 percent."
    assert values(text) == ("12-18", 40.0)


def test_to_new_from_old_with_words_between_from_and_the_old_value() -> None:
    text = "The central bank cut its key rate by a quarter point to 5.5% from a two-decade high of 5.75%."
    assert values(text) == (5.75, 5.5)


def test_step_in_money_added_to_the_current_value_in_the_same_sentence() -> None:
    text = "The hourly floor is currently £9.30, and it will increase by £0.85 next April."
    assert values(text) == (9.3, 10.15)


def test_step_in_money_added_to_the_current_value_of_the_previous_sentence() -> None:
    found = quantity_in_sentence(
        "From April it will increase by £0.85.", context="The hourly floor is currently £9.30."
    )
    assert found is not None and (found.from_, found.to) == (9.3, 10.15)


def test_up_to_a_new_ceiling_from_an_old_one() -> None:
    text = "Savers may now put up to 250,000 kronor from 50,000 into the tax-free account."
    assert values(text) == (50000.0, 250000.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Brussels set countervailing duties of between 9.1% and 31.4% on the panels.", (None, "9.1-31.4")),
        ("Import duties on the parts would range from 5 to 25 percent under the bill.", (None, "5-25")),
        ("The regulator lifted the corridor to 4.25%-4.5%.", (None, "4.25-4.5")),
        ("Ottawa promised to cut emissions by 45%-50% below 2005 levels by 2030.", (None, "45-50")),
    ],
)
def test_reads_ranges_as_low_high(text: str, expected: tuple[object, object]) -> None:
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The council cut the number of weekly collections from three to two.", (3.0, 2.0)),
        ("The agency trimmed the production plan by a third to 600,000 cars.", (900_000.0, 600_000.0)),
        ("Ministers cut the subsidy by half to twenty pounds.", (40.0, 20.0)),
        ("Lawmakers voted to raise the age limit from sixteen to eighteen years.", (16.0, 18.0)),
    ],
)
def test_reads_numbers_written_as_words(text: str, expected: tuple[object, object]) -> None:
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Riksbank cut its policy rate by 25 basis points to 2%.", (2.25, 2.0)),
        ("The board lifted the repo rate by 350-basis-points to 46%.", (42.5, 46.0)),
        ("The bank raised the rate a quarter point to 3.25%-3.5%.", ("3-3.25", "3.25-3.5")),
        ("The central bank trimmed rates by half a point to 4%.", (4.5, 4.0)),
        (
            "The bank lowered its rate to 1% on Thursday, cutting it by a quarter of a percentage point.",
            (1.25, 1.0),
        ),
    ],
)
def test_computes_the_old_rate_from_a_step_in_points(text: str, expected: tuple[object, object]) -> None:
    assert values(text) == expected


def test_reads_a_count_in_a_projection() -> None:
    assert values("Officials now see three cuts next year, down from five in June.") == (5.0, 3.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The levy now applies from March 1, 2021, a year earlier than planned.", ("2022-03", "2021-03")),
        ("The commission postponed the rules from June 2026 to January 2028.", ("2026-06", "2028-01")),
        ("Ministers proposed delaying the ban until October 2029.", (None, "2029-10")),
        ("The phase-out was initially due in 2030 but now starts in 2033.", (2030.0, 2033.0)),
        ("The council pushed the deadline back from 2028 to 2031.", (2028.0, 2031.0)),
    ],
)
def test_reads_dates_that_move(text: str, expected: tuple[object, object]) -> None:
    assert values(text) == expected


def test_reads_money_per_year() -> None:
    found = find_quantity_change("The grant will rise to $1,800 a year from $1,200.")
    assert found is not None
    assert (found.from_, found.to, found.unit) == (1200.0, 1800.0, "dollars per year")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Parliament raised the standard VAT rate by two percentage points to 24%.", (22.0, 24.0)),
        ("The city raised the bus fare by 10% to $2.20.", (2.0, 2.2)),
        ("Members agreed to raise their contributions by 15%.", (None, 15.0)),
    ],
)
def test_tells_percent_from_percentage_points(text: str, expected: tuple[object, object]) -> None:
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The bank took its deposit rate to -0.2% from 0.1%.", (0.1, -0.2)),
        ("It pushed the rate up from minus 0.5% to 1.25% over two years.", (-0.5, 1.25)),
        ("The bank ended negative rates, lifting its policy rate from -0.1% to 0.1%.", (-0.1, 0.1)),
    ],
)
def test_reads_negative_rates(text: str, expected: tuple[object, object]) -> None:
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected", "unit"),
    [
        ("The reform raises the pension age from 65 to 67 by 2033.", (65.0, 67.0), "years"),
        ("Applicants will now wait 90 days, up from 30 days.", (30.0, 90.0), "days"),
        ("Lawmakers set a minimum age of 15 for social media accounts.", (None, 15.0), "years"),
    ],
)
def test_reads_an_age_or_a_number_of_days(text: str, expected: tuple[object, object], unit: str) -> None:
    found = find_quantity_change(text)
    assert found is not None and (found.from_, found.to) == expected
    assert found.unit in {unit, ""}


def test_reads_a_level_given_with_its_change_in_percent() -> None:
    found = find_quantity_change("The group will lift drilling spending by roughly 25% to $8bn a year.")
    assert found is not None
    assert (found.to, found.unit) == (8.0, "billion dollars per year")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The council doubled the tourist tax to €6 a night.", (3.0, 6.0)),
        ("The ministry halved the 12% duty on fertiliser.", (12.0, 6.0)),
        ("The regulator more than tripled the fee, from N50 to N180 per unit.", (50.0, 180.0)),
        ("The state tripled the fine to $900.", (300.0, 900.0)),
    ],
)
def test_reads_doubled_halved_tripled(text: str, expected: tuple[object, object]) -> None:
    assert values(text) == expected


def test_reads_a_share_of_gdp() -> None:
    found = find_quantity_change("Leaders agreed to lift aid from 0.2% to 0.7% of GDP.")
    assert found is not None and (found.from_, found.to, found.unit) == (0.2, 0.7, "% of GDP")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a $1.2 trillion package", (1.2, "trillion dollars")),
        ("a £2bn fund", (2.0, "billion pounds")),
        ("a €500m credit line", (500.0, "million euros")),
        ("a 15k bonus", (15000.0, "")),
        ("¥300 billion in subsidies", (300.0, "billion yen")),
        ("a levy of 1,250,000 rupiah", (1_250_000.0, "rupiah")),
        ("a cap of A$1.5 million", (1_500_000.0, "dollars")),  # a threshold: written out, as the corpus does
        ("a fund of A$1.5 million", (1.5, "million dollars")),
        ("a fee of 4,500 pesos a month", (4500.0, "pesos per month")),
    ],
)
def test_reads_money_scales_symbols_and_thousands_separators(text: str, expected: tuple[float, str]) -> None:
    numbers = find_quantities(text)
    assert [(n.value, n.unit) for n in numbers] == [expected]


def test_picks_the_change_about_the_topic_among_two() -> None:
    text = "The state raised the excise on beer to 12% from 10% and on wine to 9% from 6%."
    assert values(text, topic="excise on wine") == (6.0, 9.0)
    assert values(text, topic="excise on beer") == (10.0, 12.0)


def test_picks_the_first_change_without_a_topic() -> None:
    text = "The state raised the excise on beer to 12% from 10% and on wine to 9% from 6%."
    assert values(text) == (10.0, 12.0)


def test_does_not_join_a_to_and_a_from_of_two_clauses() -> None:
    text = "Lima will cut its duties from 40% to 20%, while Quito will reduce its levies from 35% to 15%."
    assert values(text, topic="levies") == (35.0, 15.0)
    assert values(text, topic="duties") == (40.0, 20.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The ministry will not enforce the rule until 2031, after agreeing to postpone it "
            "from June 2029.",
            ("2029-06", 2031.0),
        ),
        (
            "Producers rolled over the output cap, which had been due to lapse at the end of 2026, "
            "for a further year.",
            ("2026-12", "2027-12"),
        ),
    ],
)
def test_reads_dates_moved_in_other_orders(text: str, expected: tuple[object, object]) -> None:
    assert values(text) == expected


def test_a_setting_multiplied_without_a_level_is_a_percent_increase() -> None:
    text = "The housing grant will rise by 30% and the heating allowance will be doubled, he said."
    assert values(text, topic="heating allowance") == (None, 100.0)
    assert values(text, topic="housing grant") == (None, 30.0)


def test_a_year_does_not_pair_with_a_bare_count() -> None:
    text = "Brussels will let insurers meet their 2030 solvency targets over four years instead of one."
    assert values(text) == (1.0, 4.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Hanoi will lift the base wage to 3.1 million dong ($120) a month from 2.5 million dong.",
            (2.5, 3.1),
        ),
        ("Lagos raised the levy to 2.4 million naira from 1.9 million.", (1.9, 2.4)),
        ("The regulator raised the buffer to 2 points in 2020 and to 2.5 points in 2023.", (2.0, 2.5)),
        ("The board said it now wants inflation to settle at 4.5%.", (None, 4.5)),
    ],
)
def test_reads_conversions_bare_scales_steps_and_settling(text: str, expected: tuple[object, object]) -> None:
    assert values(text) == expected


def test_a_numbered_plan_is_not_a_step_in_points() -> None:
    assert "pp" not in {n.unit for n in find_quantities("a five-point plan and a 10-point plan")}


def test_a_rate_level_gets_its_old_value_from_a_step_told_in_the_context() -> None:
    found = quantity_in_sentence(
        "The move took the policy rate to a range of 3.5% to 3.75%.",
        context="The central bank cut rates by another quarter point on Thursday.",
    )
    assert found is not None and (found.from_, found.to) == ("3.75-4", "3.5-3.75")


def test_a_postponed_date_gets_its_old_value_from_the_original_timeline() -> None:
    found = quantity_in_sentence(
        "The council now proposes delaying the rules until March 2029.",
        context="The original plan applied the rules to all landlords from June 2027.",
    )
    assert found is not None and (found.from_, found.to) == ("2027-06", "2029-03")


def test_a_pair_told_in_two_scales_is_written_out() -> None:
    text = "Delhi raised the tax-free threshold to 1.5 million rupees from 900,000 rupees."
    assert values(text) == (900_000.0, 1_500_000.0)


def test_without_a_topic_the_first_full_change_of_the_sentence_wins() -> None:
    text = "The rebate will double to Rs 2 lakh, and the rent cap rises to Rs 8 lakh from Rs 5 lakh."
    found = find_quantity_change(text)
    assert found is not None and (found.from_, found.to) == (1.0, 2.0)


@pytest.mark.parametrize(
    ("context", "expected_from"),
    [
        ("It marks a sharp increase from recent spending of about 1.2% of GDP.", 1.2),
        ("The ministry had planned to hold the aid budget at roughly 0.8% of GDP.", 0.8),
    ],
)
def test_the_old_value_from_an_increase_from_or_an_earlier_plan_in_the_context(
    context: str, expected_from: float
) -> None:
    found = quantity_in_sentence("Ministers will now raise it to 3% of GDP by 2030.", context=context)
    assert found is not None and (found.from_, found.to) == (expected_from, 3.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quebec suspended the 20% surcharge on power exports a day after it took effect.", (20.0, 0.0)),
        ("The city will scrap its £4 entry fee for children.", (4.0, 0.0)),
        ("Tokyo proposed suspending the 10% consumption tax on rice for a year.", (10.0, 0.0)),
    ],
)
def test_a_levy_scrapped_goes_to_zero(text: str, expected: tuple[object, object]) -> None:
    assert values(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Oslo set the cod quota at 120,000 tonnes, compared to 95,000 tonnes last year.",
            (95000.0, 120000.0),
        ),
        ("The toll goes up to $14 in May, compared to $11 now.", (11.0, 14.0)),
        ("Its lending rate now stands at 7.25% after a 50 basis point cut.", (7.75, 7.25)),
        ("The bank's deposit rate is at 1.5% following a 25 basis point increase.", (1.25, 1.5)),
    ],
)
def test_compared_to_and_a_level_after_a_step_named_as_a_noun(
    text: str, expected: tuple[object, object]
) -> None:
    assert values(text) == expected


def test_a_step_without_by_after_a_second_verb_of_the_clause() -> None:
    text = "Accra cut its fuel subsidy, raising the pump price 25% to 15 cedis a litre."
    found = find_quantity_change(text)
    assert found is not None and (found.from_, found.to) == (12.0, 15.0)


def test_a_percent_step_told_after_a_new_sum_gives_the_old_sum() -> None:
    assert values("The permit fee is being raised to 240 euros, a 20% increase.") == (200.0, 240.0)


def test_an_old_value_worked_out_from_a_rounded_step_gives_way_to_the_one_the_text_states() -> None:
    text = "The board approved a 6% rise in the minimum wage, to 1,325 lari a month."
    assert values(text) == (1250.0, 1325.0)
    found = quantity_in_sentence(text, context="The minimum wage currently stands at 1,251 lari a month.")
    assert found is not None and (found.from_, found.to) == (1251.0, 1325.0)
    far = quantity_in_sentence(text, context="The minimum wage currently stands at 1,100 lari a month.")
    assert far is not None and far.from_ == 1250.0


@pytest.mark.parametrize(
    ("topic", "expected"),
    [("duty on bicycles", 15.0), ("duty on scooters", 25.0)],
)
def test_each_item_of_a_list_of_new_levels_keeps_its_own(topic: str, expected: float) -> None:
    text = "Duties on imported bicycles will rise to 15% and on electric scooters to 25% from July."
    found = find_quantity_change(text, topic=topic)
    assert found is not None and (found.from_, found.to) == (None, expected)


def test_a_number_in_another_unit_between_new_and_old_value_is_what_the_rate_applies_to() -> None:
    text = "The top rate rises to 48 per cent on incomes above €90,000, from 42 per cent."
    assert values(text) == (42.0, 48.0)
    assert values("The fee rises to $50 for a $200 permit, from $40.") == (None, 50.0)


def test_a_new_charge_up_from_nothing_starts_at_zero() -> None:
    assert values("Visitors will pay a tourist tax of €4 a night, up from nothing.") == (0.0, 4.0)


# -- forms of the challenge set (tests/quantities/data/challenge.jsonl), in other words ----------


def test_a_record_told_as_an_n_year_high_is_no_old_value() -> None:
    text = "Hungary's central bank lowered its base rate to 6.25% from a 20-year high of 6.5%."
    assert values(text) == (6.5, 6.25)


def test_a_level_in_force_told_first_with_a_capital_currently() -> None:
    text = "Currently fixed at 900 pesos a week, the allowance will rise by 100 pesos in March."
    assert values(text) == (900.0, 1000.0)


def test_a_range_named_after_its_levy_is_the_new_level() -> None:
    found = quantity_in_sentence("Export duties of 5 to 15 percent will apply to raw cashew nuts.")
    assert found is not None and (found.from_, found.to) == (None, "5-15")


def test_one_in_n_is_a_share_in_percent() -> None:
    text = "Ministers want one in three new buses to run on batteries, up from one in ten."
    assert values(text) == (10.0, 33.3)


def test_a_fifth_as_the_step_to_a_level() -> None:
    assert values("The regulator cut the number of taxi licences by a fifth to 8,000.") == (10000.0, 8000.0)


def test_a_fraction_told_alone_is_a_relative_change() -> None:
    found = quantity_in_sentence("The council will cut the road repair budget by a third.")
    assert found is not None and (found.from_, found.to, found.unit) == (None, 33.3333, "% cut")


def test_a_fraction_told_alone_moves_the_level_in_force_of_the_same_thing() -> None:
    context = "The road repair budget is currently 90 million pounds."
    assert values("The council will cut the road repair budget by a third.", context=context) == (90.0, 60.0)


def test_a_multiple_of_the_level_told_just_before_it() -> None:
    context = "The tourist tax stands at 3 euros a night. The region said on Friday it would double."
    assert values("The region said on Friday it would double.", context=context) == (3.0, 6.0)


def test_a_relative_change_takes_no_level_of_another_thing() -> None:
    context = (
        "Unemployment currently stands at 7%. Separately, the city pays bus drivers 40,000 dollars a year."
    )
    found = quantity_in_sentence("The city will cut the road repair budget by a third.", context=context)
    assert found is not None and (found.from_, found.to) == (None, 33.3333)


def test_a_bare_percent_step_of_a_rate_is_not_applied_to_the_rate() -> None:
    context = "The sales tax currently stands at 8%."
    found = quantity_in_sentence("The state will raise the sales tax by 10%.", context=context)
    assert found is not None and (found.from_, found.to) == (None, 10.0)


def test_a_step_in_points_told_alone_moves_the_rate_in_force() -> None:
    context = "The payroll levy currently stands at 4% of wages."
    found = quantity_in_sentence(
        "The government will raise the payroll levy by 1.5 percentage points.", context=context
    )
    assert found is not None and (found.from_, found.to) == (4.0, 5.5)


def test_a_value_that_has_been_in_force_since_a_date_is_the_old_value() -> None:
    context = "The licence fee has been $60 since 2018."
    assert values("The agency will now raise the licence fee to $75.", context=context) == (60.0, 75.0)


def test_a_share_named_by_a_fraction_after_to_and_from() -> None:
    text = "The council raised the share of new flats sold at cost to three-quarters from one-half."
    assert values(text) == (50.0, 75.0)


def test_a_fraction_after_by_stays_a_step_of_the_patterns() -> None:
    assert values("The airline cut its winter schedule by a third to 400 flights.") == (600.0, 400.0)


def test_a_price_threshold_in_millions_is_written_out() -> None:
    text = "Foreign buyers may now purchase homes worth more than A$3 million, the treasurer said."
    found = quantity_in_sentence(text)
    assert found is not None and (found.to, found.unit) == (3000000.0, "dollars")


def test_a_cap_on_a_loan_in_millions_is_written_out() -> None:
    assert values("The regulator capped home loans in the city at 800 million won.") == (None, 800000000.0)


def test_a_budget_in_millions_keeps_its_scale_in_the_unit() -> None:
    found = quantity_in_sentence("The city set aside $300 million for a cap on bus fares.")
    assert found is not None and (found.to, found.unit) == (300.0, "million dollars")


def test_output_in_millions_of_barrels_a_day_is_written_out() -> None:
    found = quantity_in_sentence("The cartel will raise its output target by 1.2 million bpd from May.")
    assert found is not None and (found.to, found.unit) == (1200000.0, "barrels per day")


def test_one_counted_step_is_a_number() -> None:
    text = "Officials now expect one rate hike next year, against two in their June projections."
    assert values(text) == (2.0, 1.0)


def test_one_of_is_still_no_number() -> None:
    assert find_quantities("It is one of the biggest cuts on record.") == []


def test_a_date_that_was_to_expire_and_was_extended() -> None:
    text = "The fuel subsidy, which was to end in June 2026, was extended until March 2027."
    assert values(text) == ("2026-06", "2027-03")


def test_the_count_of_rates_moved_together_is_no_value() -> None:
    text = (
        "The bank raised all three of its key rates by 50 basis points, taking the refinancing rate to 4.5%."
    )
    assert values(text) == (4.0, 4.5)


def test_a_date_shelved_until_a_later_year() -> None:
    text = "The sugar levy, originally planned for 2025, has been shelved until 2028."
    assert values(text) == (2025.0, 2028.0)


def test_rand_written_with_an_r_before_the_digits() -> None:
    assert values("The old-age grant will rise by R40 to R2,355 a month from April.") == (2315.0, 2355.0)
    assert [(n.value, n.unit) for n in find_quantities("an R&D budget of R3 billion")] == [
        (3.0, "billion rand")
    ]


def test_a_cut_told_only_as_an_amount_is_a_signed_change() -> None:
    found = quantity_in_sentence("The regulator cut the price of diesel by 12 rupees a litre for July.")
    assert found is not None and (found.from_, found.to) == (None, -12.0)
    found = quantity_in_sentence("The regulator raised the price of diesel by 12 rupees a litre for July.")
    assert found is not None and (found.from_, found.to) == (None, 12.0)


def test_a_cut_amount_still_moves_the_level_in_force() -> None:
    context = "Diesel currently sells at 290 rupees a litre."
    found = quantity_in_sentence(
        "The regulator cut the price of diesel by 12 rupees a litre.", context=context
    )
    assert found is not None and (found.from_, found.to) == (290.0, 278.0)


def test_a_level_that_compares_with_the_old_one() -> None:
    assert values("The new catch limit of 12,000 tonnes compares with 15,000 tonnes last season.") == (
        15000.0,
        12000.0,
    )


def test_twice_as_many_as_last_year_with_the_level_beside_it() -> None:
    text = "The ministry will issue twice as many work permits as last year, 60,000 in total."
    assert values(text) == (30000.0, 60000.0)
    assert values("It will issue 60,000 permits, half as many as last year.") == (120000.0, 60000.0)


def test_output_pairs_in_millions_of_barrels_are_both_written_out() -> None:
    text = "The group lifted its output ceiling to 2.5 million barrels a day from 2 million."
    found = quantity_in_sentence(text)
    assert found is not None and (found.from_, found.to, found.unit) == (
        2000000.0,
        2500000.0,
        "barrels per day",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("maize meal at K25.50 a kilo", (25.5, "kwacha per kilo")),
        ("a fee of TSh 3,000", (3000.0, "shillings")),
        ("a levy of USh500", (500.0, "shillings")),
        ("bread at E£1.25", (1.25, "pounds")),
        ("a charge of MK 1,000", (1000.0, "kwacha")),
        ("a fund of €2.3 bln", (2.3, "billion euros")),
        ("a share of 3.5pc", (3.5, "%")),
    ],
)
def test_reads_more_currencies_scales_and_percent_spellings(text: str, expected: tuple[float, str]) -> None:
    assert [(n.value, n.unit) for n in find_quantities(text)] == [expected]


def test_a_step_named_as_an_increase_of_n_then_the_level() -> None:
    text = "The council approved an increase of 40 beds, to 240, at the city hospital."
    assert values(text) == (200.0, 240.0)


def test_a_count_multiplied_to_its_new_level() -> None:
    assert values("The city will double the number of bus lanes to 120.") == (60.0, 120.0)
    # a count not reached with 'to' is no level of the doubling ('its 60 lanes' is the old number)
    assert quantity_in_sentence("The city doubled its 60 bus lanes.") is None


def test_duties_scrapped_on_listed_goods_go_from_the_range_in_force_to_zero() -> None:
    context = (
        "The list covers rice, now taxed at 12% on entry, wheat at 8%, beans at 20% and lentils at 5%. "
        "All of them will fall to zero."
    )
    found = quantity_in_sentence(
        "The government will remove import duties on rice, wheat, beans and lentils.", context=context
    )
    assert found is not None and (found.from_, found.to) == ("5-20", 0.0)


def test_a_listing_of_other_goods_is_no_old_value_of_the_duty_scrapped() -> None:
    context = "Cars, now taxed at 12% on entry, trucks at 8% and buses at 20%, are not affected."
    found = quantity_in_sentence(
        "The government will remove import duties on rice and wheat.", context=context
    )
    assert found is None


def test_duties_scrapped_go_from_the_duty_in_force_told_nearby() -> None:
    found = quantity_in_sentence(
        "The government will scrap the export duties on palm oil.",
        context="The duty on crude palm oil currently stands at 8%.",
    )
    assert found is not None and (found.from_, found.to) == (8.0, 0.0)


def test_a_change_to_the_same_value_is_no_change() -> None:
    text = (
        "The freeze on tax thresholds, which was extended to 2028, will not be prolonged: from the "
        "2028-29 tax year the thresholds will rise with inflation."
    )
    found = quantity_in_sentence(text)
    assert found is not None and (found.from_, found.to) == (None, 2028.0)


def test_a_currency_devalued_by_a_share_to_a_rate_per_dollar() -> None:
    assert values("The central bank devalued the naira by 30% to 1,000 per dollar.") == (700.0, 1000.0)
    assert values("Cairo devalued the pound by 20%, to 50 to the dollar.") == (40.0, 50.0)
