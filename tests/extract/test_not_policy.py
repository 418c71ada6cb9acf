"""A company's financial goals are guidance, not policy (issue 8, kind 7)."""

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
