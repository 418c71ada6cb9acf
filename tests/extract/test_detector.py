"""The rule-based detector on sentences written for these tests (never corpus text)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_rescinded_tax_is_a_reversal_by_the_state(shifts_of) -> None:
    [shift] = shifts_of("Norway has rescinded its plastic packaging tax after months of pressure.")
    assert shift.actor == "Norway"
    assert shift.shift_type == "reversal"
    assert "plastic packaging tax" in shift.topic
    assert shift.status == "enacted"


def test_tariff_rise_from_to_is_a_numeric_change_with_quantity(shifts_of) -> None:
    text = "Washington announced that the tariff on imported steel would rise from 25% to 40%."
    [shift] = shifts_of(text)
    assert shift.actor == "United States"
    assert shift.shift_type == "numeric_change"
    assert shift.quantity is not None
    assert (float(shift.quantity.from_), float(shift.quantity.to)) == (25.0, 40.0)


def test_evidence_offsets_point_into_the_text(shifts_of) -> None:
    text = "Markets were calm on Monday. Canada has scrapped its fuel levy on farmers."
    [shift] = shifts_of(text)
    assert text[shift.evidence.start : shift.evidence.end] == shift.evidence.text
    assert shift.evidence.text == "Canada has scrapped its fuel levy on farmers."


def test_official_resolves_to_their_state_and_is_kept_as_announcer(shifts_of) -> None:
    [shift] = shifts_of("Keir Starmer said the UK would scrap the two-child benefit cap.")
    assert shift.actor == "United Kingdom"
    assert shift.announced_by == "Keir Starmer"


def test_pausing_aid_is_a_withdrawal(shifts_of) -> None:
    [shift] = shifts_of("Germany is pausing development aid to the region, the ministry said.")
    assert shift.actor == "Germany"
    assert shift.shift_type == "withdrawal"


@pytest.mark.parametrize(
    "text",
    [
        "The central bank decided to keep its key interest rate unchanged at 4%.",
        "Ministers are considering scrapping the sugar tax next year.",
        "Opposition leaders urged the government to lift the ban on rallies.",
        "France will impose countermeasures if the talks fail.",
        "Analysts expect revenue to rise by 5% next quarter.",
        "The government did not cut the fuel duty.",
        "It rained heavily across the region on Tuesday.",
        "The central bank is expected to cut interest rates next month, economists said.",
        "The president threatened to impose tariffs on steel unless the talks resume.",
        "The opposition called on the government to cut the fuel duty.",
    ],
)
def test_non_shifts_emit_nothing(shifts_of, text: str) -> None:
    assert shifts_of(text) == []


def test_repeats_of_one_shift_are_merged_with_extra_evidence(shifts_of) -> None:
    text = (
        "Spain has scrapped its golden visa programme. "
        "The golden visa programme was scrapped after a public consultation, Madrid said."
    )
    [shift] = shifts_of(text)
    assert shift.actor == "Spain"
    assert len(shift.extra_evidence) == 1


def test_named_body_whose_name_holds_a_policy_word_still_acts(shifts_of) -> None:
    [shift] = shifts_of(
        "The Federal Reserve raised its benchmark rate by a quarter point to 5.5% on Wednesday."
    )
    assert shift.actor == "Federal Reserve"
    assert shift.shift_type == "numeric_change"


def test_empty_text_yields_nothing(shifts_of) -> None:
    assert shifts_of("") == []
