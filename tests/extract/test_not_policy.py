"""Not a shift of its own: a company's financial goals (issue 8, kind 7), what a change is for."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # loads the spaCy model


@pytest.mark.parametrize(
    "text",
    [
        "The shipping group lifted its target for annual cost savings to $1 billion from $500 million.",
        "Acme Foods raised its medium-term operating margin target to 20% from 18%.",
        "The carmaker raised its shareholder return target to 1 trillion yen from 600 billion yen.",
    ],
)
def test_a_company_goal_for_a_financial_measure_is_no_shift(shifts_of, text: str) -> None:
    assert shifts_of(text) == []


def test_a_company_policy_with_a_number_is_still_a_shift(shifts_of) -> None:
    [shift] = shifts_of("Acme Foods raised its minimum wage for store staff to $15 an hour from $12.")
    assert shift.quantity is not None and (shift.quantity.from_, shift.quantity.to) == (12.0, 15.0)


def test_what_a_change_is_for_is_not_a_second_shift(shifts_of) -> None:
    shifts = shifts_of(
        "Norway will raise its fuel levy to 6 crowns a litre from 5 crowns to expand rail subsidies."
    )
    assert [s.topic for s in shifts] == ["fuel levy"]
