"""Which clause's number is the event's (issue 8, points 2 and 3): a change moving another
instrument in another clause is not the topic's; a place told as its adjective still names the
side a measure hits; a rate step's level may be told a sentence or two away. Sentences written
for these tests."""

from __future__ import annotations

from services.extract.quantities import find_quantity_change
from services.extract.quantity_context import event_quantity, quantity_nearby
from services.extract.rules.numbers import find_quantity


def span(text: str, sentence: str) -> tuple[int, int]:
    start = text.index(sentence)
    return start, start + len(sentence)


def test_a_loan_lifted_in_another_clause_is_not_the_quantity_of_the_rates() -> None:
    text = (
        "Ghana raised interest rates by three percentage points on Monday, and within hours the "
        "lenders agreed to lift their loan programme to $4 billion."
    )
    assert find_quantity_change(text, topic="interest rates") is None
    assert find_quantity(text, topic="interest rates") is None
    loan = find_quantity_change(text, topic="loan programme")
    assert loan is not None and (loan.to, loan.unit) == (4.0, "billion dollars")


def test_a_number_in_a_clause_naming_no_other_instrument_stays_the_topics() -> None:
    text = "The city announced a levy on plastic bags, and it will be set at 25 pence a bag."
    found = find_quantity_change(text, topic="levy on plastic bags")
    assert found is not None and found.to == 25.0


def test_duties_on_american_goods_are_the_tariffs_on_us_goods() -> None:
    text = (
        "Washington will cut its tariffs on Korean cars from 25% to 15%, while Seoul will lower "
        "its duties on American beef from 40% to 20%."
    )
    ours = find_quantity_change(text, topic="tariffs on U.S. beef")
    theirs = find_quantity_change(text, topic="tariffs on Korean cars")
    assert ours is not None and (ours.from_, ours.to) == (40.0, 20.0)
    assert theirs is not None and (theirs.from_, theirs.to) == (25.0, 15.0)


def test_a_rate_step_takes_its_level_from_a_sentence_two_away() -> None:
    lede = "The Bank of Canada lowered its key interest rate by another half percentage point on Wednesday."
    text = (
        f"{lede} Officials now expect three more cuts next year, down from five. "
        "The decision brought the overnight rate to 3.25%."
    )
    found = event_quantity(text, *span(text, lede), topic="key interest rate")
    assert found is not None and (found.from_, found.to) == (3.75, 3.25)


def test_a_rate_step_takes_no_level_from_another_events_sentence() -> None:
    lede = "The central bank trimmed its policy rate by 25 basis points on Thursday."
    other = "The finance ministry cut the rate on savings bonds to 4%."
    text = f"{lede} {other}"
    found = event_quantity(text, *span(text, lede), topic="policy rate", others=[span(text, other)])
    assert found is None


def test_a_market_move_told_beside_an_output_decision_is_not_its_quantity() -> None:
    own = "Seven oil producers will lift their output quotas in March, the group said on Sunday."
    text = f"{own} Brent crude rose 40 cents to $71.20 a barrel in early trade."
    assert event_quantity(text, *span(text, own), topic="output quotas") is None
    assert quantity_nearby(text, *span(text, own), {"output", "quota", "barrel"}, vague=True) is None


def test_a_fallback_nearby_quantity_skips_another_events_sentence() -> None:
    own = "The minister said a new customs bill would go to parliament next week."
    other = "The customs threshold for parcels will double to 800 dirhams."
    text = f"{own} {other}"
    found = quantity_nearby(text, *span(text, own), {"customs", "bill"}, others=[span(text, other)])
    assert found is None
    assert quantity_nearby(text, *span(text, own), {"customs", "bill"}) is not None
