"""Who acted, on sentences written for these tests: datelines, possessors, officials (issue 8)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        (
            "ZURICH, June 19 - The Swiss National Bank lowered its policy rate to zero from 0.25%.",
            "Swiss National Bank",
        ),
        (
            "WASHINGTON, Oct 22 (Reuters) - The United States on Wednesday imposed sweeping sanctions "
            "on two oil firms.",
            "United States",
        ),
        (
            "SAN FRANCISCO \u2014 Google said on Tuesday it would scrap its diversity hiring targets.",
            "Google",
        ),
    ],
)
def test_a_dateline_is_never_the_actor(shifts_of, text: str, actor: str) -> None:
    [shift] = shifts_of(text)
    assert shift.actor == actor


def test_a_dateline_city_that_names_a_state_does_not_count_as_a_mention(shifts_of) -> None:
    text = (
        "LONDON, Dec 5 - The oil producers' group agreed to cut its output quota "
        "from 40 million to 38 million barrels. "
        "The group said it would review the quota in June."
    )
    assert all(s.actor != "United Kingdom" for s in shifts_of(text))
