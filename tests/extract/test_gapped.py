"""Several changes told with one verb (issue 8), on sentences written for these tests."""

from __future__ import annotations

import pytest

from services.extract.rules.gapped import gapped_changes, gapped_group_levels, gapped_levels, gapped_steps
from services.extract.rules.numbers import QuantityFound


def test_a_second_tax_after_and_on_is_its_own_change() -> None:
    text = "The state raised the sales tax on petrol to 30% from 26% and on diesel to 18% from 14%, it said."
    [more] = gapped_changes(text, QuantityFound(26.0, 30.0, "% tax"), "sales tax on petrol")
    assert (more.topic, more.quantity.from_, more.quantity.to) == ("sales tax on diesel", 14.0, 18.0)


def test_each_grade_in_a_list_of_prices_is_its_own_change() -> None:
    text = (
        "Petrol 92 rises to 19.25 pounds from 17.25, 95-octane to 21 pounds from 19, "
        "and kerosene to 9 pounds from 8."
    )
    found = gapped_changes(text, QuantityFound(17.25, 19.25, "pounds"), "price of petrol 92")
    assert [(g.topic, g.quantity.to) for g in found] == [("95-octane", 21.0), ("kerosene", 9.0)]


def test_a_clause_with_its_own_verb_is_left_to_its_own_predicate() -> None:
    text = (
        "Ruritania will lower its levies from 140% to 35%, "
        "while Freedonia will trim its duties from 120% to 15%."
    )
    assert gapped_changes(text, QuantityFound(140.0, 35.0, "% levy"), "levies") == []


@pytest.mark.slow
def test_two_taxes_raised_in_one_sentence_are_two_events(shifts_of) -> None:
    text = "India raised the sales tax on petrol to 29.84% from 25.92% and on diesel to 18.44% from 14.34%."
    shifts = shifts_of(text)
    assert sorted((s.topic, s.quantity.to if s.quantity else None) for s in shifts) == [
        ("sales tax on diesel", 18.44),
        ("sales tax on petrol", 29.84),
    ]


def test_each_fuel_raised_by_its_own_step_is_its_own_change() -> None:
    text = "Ruritania raised the price of petrol by 10%, diesel by 12% and kerosene by 8% on Monday."
    found = gapped_steps(text, QuantityFound(None, 10.0, "% increase", None, "by_amount"), "price of petrol")
    assert [(g.topic, g.quantity.to) for g in found] == [
        ("price of diesel", 12.0),
        ("price of kerosene", 8.0),
    ]


def test_a_step_of_something_that_moves_by_itself_is_no_further_change() -> None:
    text = "Ruritania cut the petrol price by 5%, and inflation fell by 2%."
    assert gapped_steps(text, QuantityFound(None, 5.0, "% cut", None, "by_amount"), "petrol price") == []


@pytest.mark.slow
def test_three_fuels_raised_by_steps_in_one_sentence_are_three_events(shifts_of) -> None:
    shifts = shifts_of(
        "Nigeria raised the price of petrol by 10%, diesel by 12% and kerosene by 8% on Monday."
    )
    assert [s.topic for s in shifts] == ["price of petrol", "price of diesel", "price of kerosene"]


def test_each_rate_of_a_listed_set_of_duties_is_its_own_change() -> None:
    text = "Ruritania imposed a 30% duty on steel, a 20% duty on copper and a 10% levy on raw aluminium."
    found = gapped_levels(text, QuantityFound(None, 30.0, "% duty", None, "imposed"), "duty on steel")
    assert [(g.topic, g.quantity.from_, g.quantity.to, g.quantity.unit) for g in found] == [
        ("duty on copper", None, 20.0, "% duty"),
        ("levy on raw aluminium", None, 10.0, "% levy"),
    ]


def test_a_rate_told_in_a_clause_of_its_own_is_no_listed_rate() -> None:
    text = "Ruritania imposed a 30% duty on steel, officials said, while a 10% duty on tin stays."
    assert gapped_levels(text, QuantityFound(None, 30.0, "% duty", None, "imposed"), "duty on steel") == []


def test_a_rate_of_another_topic_starts_no_list() -> None:
    text = "Ruritania imposed a 30% duty on steel and a 10% duty on tin."
    assert gapped_levels(text, QuantityFound(None, 30.0, "% duty", None, "imposed"), "export ban") == []


def test_a_gapped_price_without_its_unit_takes_the_first_ones() -> None:
    text = "Freedonia raised petrol to 21 pounds from 19 and diesel to 18 from 16 on Friday."
    [more] = gapped_changes(text, QuantityFound(19.0, 21.0, "pounds"), "petrol")
    assert (more.topic, more.quantity.from_, more.quantity.to, more.quantity.unit) == (
        "diesel",
        16.0,
        18.0,
        "pounds",
    )


@pytest.mark.slow
def test_two_rates_on_two_goods_in_one_sentence_are_two_events(shifts_of) -> None:
    shifts = shifts_of("China imposed a 100% tariff on Canadian canola oil and a 25% levy on pork on Friday.")
    assert sorted((s.topic, s.quantity.from_, s.quantity.to) for s in shifts if s.quantity) == [
        ("levy on pork", None, 25.0),
        ("tariff on Canadian canola oil", None, 100.0),
    ]


@pytest.mark.slow
def test_each_fuel_raised_by_a_step_keeps_its_own_step(shifts_of) -> None:
    shifts = shifts_of(
        "Freedonia raised the price of petrol by 6%, diesel by 9% and kerosene by 4% on Sunday."
    )
    assert [(s.topic, s.quantity.to if s.quantity else None) for s in shifts] == [
        ("price of petrol", 6.0),
        ("price of diesel", 9.0),
        ("price of kerosene", 4.0),
    ]


def test_a_level_for_each_group_is_its_own_change() -> None:
    text = "The regulator lifted the gas tariff to Rs120 a unit for homes and to Rs150 for factories."
    found = gapped_group_levels(text, QuantityFound(None, 120.0, "rupees per unit"), "gas tariff")
    assert [(g.topic, g.quantity.to) for g in found] == [("gas tariff for factories", 150.0)]


def test_a_level_told_in_a_clause_of_its_own_is_no_group_level() -> None:
    text = "The regulator lifted the gas tariff to Rs120 for homes, while a cap of Rs150 for factories stays."
    assert gapped_group_levels(text, QuantityFound(None, 120.0, "rupees per unit"), "gas tariff") == []


@pytest.mark.slow
def test_a_tariff_set_for_two_groups_is_two_events(shifts_of) -> None:
    shifts = shifts_of(
        "The energy regulator lifted the power tariff to Rs9.20 a unit for homes and to Rs9.85 for factories."
    )
    assert sorted((s.topic, s.quantity.from_, s.quantity.to) for s in shifts if s.quantity) == [
        ("power tariff", None, 9.2),
        ("power tariff for factories", None, 9.85),
    ]


def test_each_sum_lent_to_its_own_borrower_is_its_own_change() -> None:
    text = (
        "The Asian Development Bank approved a $2 billion loan to Laos and a $500 million facility for Nepal."
    )
    found = gapped_levels(text, QuantityFound(None, 2.0, "billion dollars"), "loan to Laos")
    assert [(g.topic, g.quantity.to, g.quantity.unit) for g in found] == [
        ("facility for Nepal", 500.0, "million dollars")
    ]


@pytest.mark.slow
def test_two_loans_to_two_borrowers_are_two_events(shifts_of) -> None:
    shifts = shifts_of("The World Bank approved a $2 billion loan to Laos and a $1 billion loan to Nepal.")
    assert sorted((s.topic, s.quantity.to) for s in shifts if s.quantity) == [
        ("loan to Laos", 2.0),
        ("loan to Nepal", 1.0),
    ]
