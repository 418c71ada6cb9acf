"""The cheap tokenizer-level components, on a blank English pipeline (no model needed)."""

from __future__ import annotations

import spacy
from spacy.language import Language

import services.extract.components.cue_filter
import services.extract.components.sentences  # noqa: F401
from services.extract.components.cue_filter import CUE_SENTS
from services.extract.rules.cues import inflections


def _light() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("policywatch_sentences")
    nlp.add_pipe("policywatch_cues")
    return nlp


def test_sentences_split_after_full_stops_and_at_line_breaks() -> None:
    doc = _light()("Mr. Smith met the U.S. envoy. Talks went well.\nA headline without a stop\nNext one.")
    assert [s.text.strip() for s in doc.sents] == [
        "Mr. Smith met the U.S. envoy.",
        "Talks went well.",
        "A headline without a stop",
        "Next one.",
    ]


def test_closing_quote_stays_with_its_sentence() -> None:
    doc = _light()('"We will act," she said. "Now." Then silence.')
    assert [s.text.strip() for s in doc.sents] == ['"We will act," she said.', '"Now."', "Then silence."]


def test_only_sentences_with_a_change_cue_are_kept() -> None:
    doc = _light()("It rained in Ottawa. Ottawa rescinded its tax. The levy rose from 10% to 20%.")
    assert [s.text.strip() for s in doc.spans[CUE_SENTS]] == [
        "Ottawa rescinded its tax.",
        "The levy rose from 10% to 20%.",
    ]


def test_no_longer_is_a_cue() -> None:
    doc = _light()("Doctors will no longer recommend the vaccine. Nothing else happened.")
    assert len(doc.spans[CUE_SENTS]) == 1


def test_a_change_word_needs_something_it_changes() -> None:
    doc = _light()("Prices rose sharply. The ban remains. Oslo cut the fuel tax. Rome raised it to 5%.")
    assert [s.text.strip() for s in doc.spans[CUE_SENTS]] == [
        "Oslo cut the fuel tax.",
        "Rome raised it to 5%.",
    ]


def test_phrasal_cues_need_their_particle() -> None:
    doc = _light()("They set the agenda on tariffs. They rolled back the tariffs.")
    assert [s.text.strip() for s in doc.spans[CUE_SENTS]] == ["They rolled back the tariffs."]


def test_inflections_cover_regular_and_doubled_forms() -> None:
    assert {"scrapped", "scrapping", "scraps"} <= set(inflections("scrap"))
    assert {"raised", "raising", "raises"} <= set(inflections("raise"))
    assert "rose" in inflections("rise")


def test_giving_verbs_are_cues_only_in_lower_case() -> None:
    doc = _light()(
        "The Federal Reserve held rates. Oslo will reserve two bus lanes under the plan. "
        "Rome will provide 3 billion euros."
    )
    assert [s.text.strip() for s in doc.spans[CUE_SENTS]] == [
        "Oslo will reserve two bus lanes under the plan.",
        "Rome will provide 3 billion euros.",
    ]


def test_a_base_form_instrument_verb_after_a_modal_is_a_cue() -> None:
    doc = _light()("The ban is popular. The state would also ban vapes. The state will cap rents.")
    assert [s.text.strip() for s in doc.spans[CUE_SENTS]] == [
        "The state would also ban vapes.",
        "The state will cap rents.",
    ]


def test_frame_verbs_are_cues_only_near_their_object() -> None:
    doc = _light()(
        "They set the agenda for the talks on Monday. Tokyo set a new target for 2040. "
        "He declared the talks open. He declared a state of emergency. They will make it illegal to vape."
    )
    assert [s.text.strip() for s in doc.spans[CUE_SENTS]] == [
        "Tokyo set a new target for 2040.",
        "He declared a state of emergency.",
        "They will make it illegal to vape.",
    ]
