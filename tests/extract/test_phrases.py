"""Before, after, topic and speaker as phrases of the text, on sentences written for these tests."""

from __future__ import annotations

import pytest

from services.extract.event_phrases import prior_stance, specific_topic, value_phrase, with_year

# -- pure, text level ---------------------------------------------------------------------------


def test_value_phrase_keeps_the_text_as_written() -> None:
    sentences = ["Oslo will lift the levy from 1.5% to 2.5% of GDP by 2031."]
    assert value_phrase(2.5, "% of GDP", sentences) == "2.5% of GDP"
    assert value_phrase(1.5, "% of GDP", sentences) == "1.5%"


def test_value_phrase_prefers_the_number_in_the_same_unit() -> None:
    sentences = ["The fee rises to 4% this year.", "The cap stays at 4% of GDP.", "(article text)"]
    assert value_phrase(4.0, "% of GDP", sentences) == "4% of GDP"


def test_value_phrase_looks_in_the_article_last() -> None:
    sentences = ["Oslo will cut the fee to 3%.", "Oslo will cut the fee to 3%. It was 5% last year."]
    assert value_phrase(5.0, "%", sentences) == "5%"


def test_value_phrase_formats_a_value_the_text_does_not_write() -> None:
    assert value_phrase(3.0, "% of GDP", ["no number here"]) == "3% of GDP"
    assert value_phrase(2031.0, "year", []) == "2031"


def test_value_phrase_reads_words_and_money() -> None:
    assert value_phrase(5.0, "days per week", ["Staff must attend five days a week."]) == "five days a week"
    assert value_phrase(4.5, "dollars per month", ["Members pay $4.50 a month more."]) == "$4.50 a month"


def test_with_year_adds_the_text_s_own_words_for_the_target_year() -> None:
    assert with_year("3%", 2031, ["Oslo will reach 3% by 2031."]) == "3% by 2031"
    assert with_year("3%", 2031, ["Oslo will reach 3% in 2031."]) == "3% in 2031"
    assert with_year("3% by 2031", 2031, []) == "3% by 2031"


def test_prior_stance_from_a_sentence_about_the_instrument() -> None:
    text = (
        "Lyon has scrapped its tourist levy. The levy had been due to start in May. "
        "Hotels welcomed the decision."
    )
    assert prior_stance(text, "levy", 0, 34) == "levy had been due to start in May"


def test_prior_stance_needs_the_instrument_in_the_cue_s_clause() -> None:
    text = "Lyon has scrapped its tourist levy. Hotel prices had been rising since 2019."
    assert prior_stance(text, "levy", 0, 34) is None


def test_specific_topic_takes_the_article_s_longer_name() -> None:
    text = "The council ended the trial. The bus priority lane trial had angered drivers."
    assert specific_topic("trial", "trial", text) == "bus priority lane trial"


def test_specific_topic_names_a_policy_qualified_by_the_head() -> None:
    text = "The bank ended remote work. Its return-to-office mandate starts in May."
    assert specific_topic("office", "office", text) == "return-to-office mandate"


def test_specific_topic_leaves_a_named_topic_and_stops_at_determiners() -> None:
    assert specific_topic("fuel subsidy", "subsidy", "the big fuel subsidy") == "fuel subsidy"
    assert specific_topic("scheme", "scheme", "They dropped the scheme. The scheme was new.") == "scheme"


# -- the extractor on written sentences ---------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "after", "before"),
    [
        (
            "Norway has rescinded its digital sales tax on app stores.",
            "rescinded its digital sales tax on app stores",
            "digital sales tax on app stores in force",
        ),
        (
            "Lisbon paused the tourist tax for 90 days on Monday.",
            "paused the tourist tax for 90 days",
            None,
        ),
        (
            "Seoul has suspended for six months the export curbs on graphite that it imposed in March.",
            "suspended for six months the export curbs on graphite",
            "export curbs imposed in March",
        ),
        (
            "Lyon scrapped its planned overnight visitor levy on Tuesday.",
            "scrapped its planned overnight visitor levy",
            "planned overnight visitor levy",
        ),
    ],
)
def test_before_and_after_are_cut_from_the_sentence(
    shifts_of, text: str, after: str, before: str | None
) -> None:
    [shift] = shifts_of(text)
    assert shift.after == after
    assert shift.before == before


@pytest.mark.slow
def test_no_longer_states_both_stances(shifts_of) -> None:
    [shift] = shifts_of("Norway said seasonal workers will no longer be eligible for housing grants.")
    assert shift.after == "no longer be eligible for housing grants"
    assert shift.before == "eligible for housing grants"


@pytest.mark.slow
def test_leaving_a_body_was_membership(shifts_of) -> None:
    [shift] = shifts_of("Argentina has withdrawn from the Paris Agreement, the government said.")
    assert shift.before == "member of the Paris Agreement"


@pytest.mark.slow
def test_numeric_change_reads_values_as_written(shifts_of) -> None:
    [shift] = shifts_of("Poland will raise defence spending from 2.5% to 4.5% of GDP by 2030.")
    assert (shift.before, shift.after) == ("2.5%", "4.5% of GDP by 2030")


@pytest.mark.slow
def test_topic_drops_a_duration_and_keeps_a_name_s_number(shifts_of) -> None:
    [paused] = shifts_of("Lisbon paused the levy on cruise passengers for 90 days.")
    assert paused.topic == "levy on cruise passengers"
    [lifted] = shifts_of("Jakarta lifted its ban on sales of the Pixel 9 phone.")
    assert "Pixel 9" in lifted.topic


@pytest.mark.slow
def test_speaker_is_the_name_without_apposition(shifts_of) -> None:
    text = '"We will pause the toll scheme," Governor Maria Lopez, a Democrat, said on Monday.'
    [shift] = shifts_of(text, title="New Mexico pauses toll")
    assert shift.evidence.speaker == "Maria Lopez"


@pytest.mark.slow
def test_speaker_of_reported_speech(shifts_of) -> None:
    [shift] = shifts_of("Finance Minister Jonas Berg said Norway would scrap the fuel subsidy next year.")
    assert shift.evidence.speaker == "Jonas Berg"
