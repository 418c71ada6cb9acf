"""Shifts told with verbs and frames outside the first lexicon, and look-alikes that are no shift
(issue 8); sentences written for these tests."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "actor", "shift_type"),
    [
        (
            "Google quietly removed its promise never to build the software into weapons.",
            "Google",
            "reversal",
        ),
        ("Volvo Cars has given up its promise to sell only electric cars by 2030.", "Volvo Cars", "reversal"),
        ("Russia on Monday halted its participation in the grain corridor deal.", "Russia", "withdrawal"),
        (
            "The United States will not renew the licence that let oil firms work in Venezuela.",
            "United States",
            "reversal",
        ),
        (
            "Britain will formally recognise a Palestinian state this autumn unless a truce holds.",
            "United Kingdom",
            "new_commitment",
        ),
    ],
)
def test_verbs_and_frames_outside_the_first_lexicon(
    shifts_of, text: str, actor: str, shift_type: str
) -> None:
    [shift] = shifts_of(text)
    assert (shift.actor, shift.shift_type) == (actor, shift_type)


def test_a_pledge_to_cut_emissions_is_a_target_not_an_indicator(shifts_of) -> None:
    shifts = shifts_of(
        "China pledged to cut its greenhouse gas emissions by 7% to 10% from their peak by 2035."
    )
    assert [s.actor for s in shifts] == ["China"]


def test_a_regulated_price_set_from_one_value_to_another_is_a_shift(shifts_of) -> None:
    text = (
        "Egypt raised fuel prices on Friday. The price of 92-octane petrol rises to 19.25 pounds from 17.25."
    )
    shifts = shifts_of(text, title="Egypt raises fuel prices")
    assert any(s.actor == "Egypt" and s.quantity and s.quantity.to == 19.25 for s in shifts)


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Chile said on Monday it was leaving the Andean Pact with immediate effect.", "Andean Pact"),
        (
            "Chile will withdraw from the Lima Convention, the foreign ministry said on Tuesday.",
            "Lima Convention",
        ),
    ],
)
def test_leaving_a_pact_or_convention_is_a_withdrawal(shifts_of, text: str, topic: str) -> None:
    """A treaty named as a pact or convention is a policy instrument an actor can quit (issue 8)."""
    [shift] = shifts_of(text)
    assert (shift.actor, shift.shift_type, shift.topic) == ("Chile", "withdrawal", topic)


@pytest.mark.parametrize(
    "text",
    [
        "Unless Parliament imposes a specific limitation by law, the power to tax is unaffected.",
        "Rice costs about Rp 19,650 a kilo, against Rp 13,000 before prices began climbing late last year.",
        "The government said removing the subsidy for the top band would save it about N1.5 trillion.",
    ],
)
def test_look_alikes_that_are_no_shift(shifts_of, text: str) -> None:
    assert shifts_of(text) == []


def test_what_an_order_being_rescinded_did_is_no_new_shift(shifts_of) -> None:
    text = "In his first week, Trump rescinded an executive order by his predecessor requiring safety checks."
    assert [(s.topic, s.shift_type) for s in shifts_of(text)] == [("executive order", "reversal")]


def test_a_relative_clause_on_a_thing_that_cannot_act_has_no_actor(shifts_of) -> None:
    text = "The country suffered from the long drought, which raised the cost of its food subsidy scheme."
    assert shifts_of(text, title="Drought hits farmers") == []
