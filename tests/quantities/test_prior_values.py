"""The old value of a change read from the text around it: a step told nearby, a date told before."""

from __future__ import annotations

import pytest

from services.extract.quantities import find_quantity_change, quantity_in_sentence, with_prior_value

RANGE = "That left its main rate in a band of 4.25% to 4.5%."


@pytest.mark.parametrize(
    ("context", "old"),
    [
        ("The Fed lowered its key rate by 25 basis points.", "4.5-4.75"),
        ("The Fed raised its key rate by 25 basis points.", "4-4.25"),
        ("The Fed cut its key rate by half a percentage point.", "4.75-5"),
        ("The Fed cut its key rate by 25 basis points to 4%.", None),  # that step has its own level
        (
            "The ECB cut by 25 basis points to 2%. The Fed lowered its key rate by 25 basis points.",
            "4.5-4.75",
        ),
    ],
    ids=["cut-in-bp", "raise-in-bp", "cut-in-points", "step-with-its-own-level", "a-later-step"],
)
def test_a_range_takes_its_old_bounds_from_the_step_told_nearby(context: str, old: str | None) -> None:
    change = find_quantity_change(RANGE)
    assert change is not None and change.to == "4.25-4.5"
    assert with_prior_value(change, context).from_ == old


@pytest.mark.parametrize(
    ("context", "old"),
    [
        ("The ban was originally due in 2030.", 2030.0),
        ("The ban, originally meant for 2030, was pushed back to 2035.", 2030.0),
        ("The ban was originally due in 2035.", None),  # the same date is no earlier one
        ("The ban starts in 2030.", None),  # a date told without 'originally' is no old value
    ],
    ids=["originally-due", "same-move-told-again", "same-date", "no-cue"],
)
def test_a_postponed_date_takes_the_date_first_set(context: str, old: float | None) -> None:
    change = find_quantity_change("The government pushed back the ban to 2035.")
    assert change is not None and (change.to, change.unit) == (2035.0, "year")
    assert with_prior_value(change, context).from_ == old


def test_a_step_told_about_another_named_rate_gives_no_old_value() -> None:
    sentence = "The board also lifted the overnight lending rate to 31% and the deposit rate to 27%."
    context = "The 250-basis-point increase in the one-week repo rate was the first since June."
    found = quantity_in_sentence(sentence, topic="overnight lending rate", context=context)
    assert found is not None and (found.from_, found.to) == (None, 31.0)


def test_a_step_told_about_the_same_named_rate_gives_the_old_value() -> None:
    sentence = "The bank cut its repo rate to 9%."
    context = "The 150 basis point reduction in the repo rate was larger than economists had expected."
    found = quantity_in_sentence(sentence, context=context)
    assert found is not None and (found.from_, found.to) == (10.5, 9.0)


def test_a_step_naming_no_rate_still_gives_the_old_value() -> None:
    found = quantity_in_sentence(
        "The bank cut its policy rate to 12%.", context="The 200 basis point cut surprised markets."
    )
    assert found is not None and (found.from_, found.to) == (14.0, 12.0)


def test_a_verb_step_on_another_named_rate_gives_no_old_value() -> None:
    sentence = "It also set the overnight lending rate at 31%."
    context = "The bank raised the one-week repo rate by 250 basis points on Tuesday."
    found = quantity_in_sentence(sentence, topic="overnight lending rate", context=context)
    assert found is not None and found.to == 31.0 and found.from_ != 28.5


def test_a_target_for_a_year_takes_the_last_level_scheduled_before_it() -> None:
    sentence = "Lawmakers voted to raise the retirement age to 69 by 2045."
    context = "The age, now 66, is already scheduled to reach 67 in 2030 and 68 in 2038. Unions objected."
    found = quantity_in_sentence(sentence, topic="retirement age", context=context)
    assert found is not None and (found.from_, found.to) == (68.0, 69.0)


def test_levels_scheduled_for_later_years_are_not_the_old_value() -> None:
    sentence = "Lawmakers voted to raise the retirement age to 67 by 2030."
    context = "A review is set to consider 68 in 2040."
    found = quantity_in_sentence(sentence, topic="retirement age", context=context)
    assert found is not None and (found.from_, found.to) == (None, 67.0)
