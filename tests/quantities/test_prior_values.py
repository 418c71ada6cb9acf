"""The old value of a change read from the text around it: a step told nearby, a date told before."""

from __future__ import annotations

import pytest

from services.extract.quantities import find_quantity_change, with_prior_value

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
