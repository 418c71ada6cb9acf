"""Dates told relative to the story's publication (issue 8 point 3): 'next year', 'the end of the
decade', 'next January', a month with no year, a measure extended as it lapses. Sentences written
for these tests."""

from __future__ import annotations

from datetime import date

from services.extract.quantities import find_quantity_change, quantity_in_sentence
from services.extract.quantity_context import event_quantity
from services.extract.quantity_dates import delay_in_months, find_date_moves
from services.extract.quantity_relative import resolve_relative_dates

SPRING_2026 = date(2026, 3, 4)


def moved(sentence: str, published: date | None, context: str = "") -> tuple[object, object] | None:
    found = quantity_in_sentence(sentence, context=context, published=published)
    return None if found is None else (found.from_, found.to)


def test_without_a_publication_date_nothing_relative_is_read() -> None:
    sentence = "The ministry postponed the plastic levy to next year."
    assert resolve_relative_dates(sentence, None).text == sentence
    assert find_quantity_change(sentence) is None


def test_next_year_is_the_year_after_publication() -> None:
    sentence = "The ministry postponed the plastic levy to next year."
    found = find_quantity_change(sentence, published=SPRING_2026)
    assert found is not None and (found.to, found.unit) == (2027.0, "year")


def test_this_year_as_the_old_date_in_the_same_sentence() -> None:
    sentence = "The levy on private jets, due to start this year, has been pushed back to 2029."
    assert moved(sentence, SPRING_2026) == (2026.0, 2029.0)


def test_the_old_date_told_in_the_context_and_the_new_one_relative() -> None:
    context = "The sugar levy was due to take effect in 2026. It has been postponed to next year."
    assert moved("It has been postponed to next year.", date(2026, 1, 20), context) == (2026.0, 2027.0)


def test_the_end_of_the_decade_is_the_next_round_year() -> None:
    sentence = "Lisbon brought its gas-boiler ban forward to the end of the decade from 2036."
    assert moved(sentence, date(2026, 6, 1)) == (2036.0, 2030.0)


def test_pushed_back_by_two_years_to_the_end_of_the_decade() -> None:
    sentence = "The automaker pushed its zero-emission goal back by two years, to the end of the decade."
    assert moved(sentence, date(2026, 5, 20)) == (2028.0, 2030.0)


def test_planned_for_next_year_now_later() -> None:
    sentence = "The road toll, planned for next year, will now start in 2030."
    assert moved(sentence, date(2026, 9, 15)) == (2027.0, 2030.0)


def test_next_month_name_a_year_later_than_planned() -> None:
    sentence = "The reporting rules will now apply from next February, a year later than planned."
    assert moved(sentence, date(2026, 4, 2)) == ("2026-02", "2027-02")


def test_a_month_with_no_year_well_behind_publication_is_next_years() -> None:
    sentence = "The cartel pushed back its planned output rise by three months, to May."
    moves = find_date_moves(sentence, date(2025, 11, 28))
    assert [(m.from_, m.to) for m in moves] == [("2026-02", "2026-05")]


def test_a_month_just_behind_or_ahead_of_publication_is_this_years() -> None:
    sentence = "The ministry delayed the fuel duty rise from March to September."
    moves = find_date_moves(sentence, date(2026, 4, 10))
    assert [(m.from_, m.to) for m in moves] == [("2026-03", "2026-09")]


def test_a_named_new_date_told_relative_is_no_delay_of_unknown_date() -> None:
    assert delay_in_months("The rules were delayed by a year, to next June.", SPRING_2026) is None
    assert delay_in_months("The rules were delayed by a year.", SPRING_2026) == 12


def test_a_ban_extended_as_it_lapses_runs_from_the_month_of_the_story() -> None:
    sentence = (
        "Jakarta extended its ban on bauxite exports by a further six months, two days before "
        "the ban was due to expire."
    )
    assert moved(sentence, date(2026, 7, 12), context="Jakarta first halted the exports in January.") == (
        "2026-07",
        "2027-01",
    )
    assert moved(sentence, None, context="Jakarta first halted the exports in January.") is None


def test_offsets_of_a_change_found_in_the_rewritten_text_point_into_the_original() -> None:
    sentence = "After talks, the council delayed the parking charge to next year."
    (move,) = find_date_moves(sentence, SPRING_2026)
    assert sentence[move.start : move.end].endswith("next year")


def test_standing_value_words_are_left_to_the_number_reader() -> None:
    found = quantity_in_sentence(
        "The fee will rise to 1,500,000 pesos next year.",
        context="It was 1,300,000 pesos this year.",
        published=SPRING_2026,
    )
    assert found is not None and (found.from_, found.to) == (1300000.0, 1500000.0)


def test_event_quantity_reads_relative_dates_with_the_articles_date() -> None:
    text = (
        "The finance ministry delayed the digital services tax to next year. "
        "The tax had been due to apply from 2026."
    )
    lede = "The finance ministry delayed the digital services tax to next year."
    found = event_quantity(text, 0, len(lede), topic="digital services tax", published=date(2026, 2, 1))
    assert found is not None and (found.from_, found.to) == (2026.0, 2027.0)
    assert event_quantity(text, 0, len(lede), topic="digital services tax") is None


def test_a_month_the_story_tells_as_past_is_this_years_and_a_new_date_the_next_one() -> None:
    sentence = "The plastics levy, originally due in March, was pushed back to February."
    assert moved(sentence, date(2026, 6, 10)) == ("2026-03", "2027-02")


def test_a_deadline_month_is_the_coming_one() -> None:
    winter = date(2026, 12, 3)
    assert (
        resolve_relative_dates("Exporters must register by May.", winter).text
        == "Exporters must register by May 2027."
    )
    sentence = "The port must close its coal berths before March."
    assert (
        resolve_relative_dates(sentence, winter).text
        == "The port must close its coal berths before March 2027."
    )


def test_next_month_name_opening_a_sentence() -> None:
    resolved = resolve_relative_dates("Next April the levy doubles.", date(2026, 10, 8))
    assert resolved.text == "April 2027 the levy doubles."
    assert resolve_relative_dates("This may change.", date(2026, 10, 8)).text == "This may change."
