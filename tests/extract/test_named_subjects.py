"""Which candidates make the extractor look for bodies named in unread sentences, and which it finds."""

from __future__ import annotations

import pytest
import spacy

from services.extract.actors import load_actor_index
from services.extract.candidates import ShiftCandidate
from services.extract.named_subjects import needing_names, subject_bodies
from shared.settings import ExtractSettings


def _candidate(actor_text: str, start: int) -> ShiftCandidate:
    return ShiftCandidate(
        actor=None,
        actor_text=actor_text,
        announced_by=None,
        topic="fee",
        topic_head="fee",
        shift_type="reversal",
        status="announced",
        sentence="The company scrapped the fee.",
        start=start,
        end=start + 29,
        predicate="scrap",
    )


def test_only_a_candidate_named_by_a_body_word_needs_the_names_before_it() -> None:
    assert needing_names([_candidate("government", 10), _candidate("he", 40)]) is None
    assert needing_names([_candidate("company", 10), _candidate("regulator", 80)]) == 80


@pytest.mark.slow
def test_an_organisation_that_is_a_subject_becomes_a_mention_and_its_object_does_not() -> None:
    nlp = spacy.load(ExtractSettings().spacy_model)
    sent = nlp("Hokuriku Steel completed its purchase of Tanaka Wire on Friday.")[:]
    [mention] = subject_bodies([(100, sent)], load_actor_index())
    assert (mention.ref.canonical, mention.ref.type, mention.start) == ("Hokuriku Steel", "company", 100)
