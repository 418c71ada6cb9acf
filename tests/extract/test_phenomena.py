"""Rules added for phenomena found by the probe set, on sentences written for these tests."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from services.extract.extractor import Extractor
from services.extract.rules.blockers import blocking_reason
from services.extract.rules.predicates import find_predicates
from services.extract.rules.topics import find_topic_head, topic_phrase

pytestmark = pytest.mark.slow


def _sent(extractor: Extractor, text: str) -> Span:
    return next(iter(extractor.heavy(text).sents))


def _types(extractor: Extractor, text: str) -> dict[str, str]:
    return {p.token.text: p.shift_type for p in find_predicates(_sent(extractor, text))}


@pytest.mark.parametrize(
    ("text", "word", "shift_type"),
    [
        ("Norway stopped its funding for the dam project.", "stopped", "withdrawal"),
        ("The insurer will stop sponsoring the league.", "stop", "withdrawal"),
        ("The ministry will cease the fuel subsidy next month.", "cease", "reversal"),
        ("The cabinet will lift spending on schools to 5% of GDP.", "lift", "numeric_change"),
        ("The cabinet will lift the ban on night flights.", "lift", "reversal"),
    ],
)
def test_stopping_and_lifting_predicates(extractor, text: str, word: str, shift_type: str) -> None:
    assert _types(extractor, text)[word] == shift_type


def test_exempting_verb_takes_the_rule_as_topic(extractor) -> None:
    [predicate] = find_predicates(_sent(extractor, "Lisbon will exempt farmers from the new water levy."))
    head = find_topic_head(predicate)
    assert head is not None and topic_phrase(head) == "new water levy"


def test_relative_pronoun_is_not_a_topic(extractor) -> None:
    sent = _sent(extractor, "Seoul suspended the quotas that it imposed in March.")
    topics = [find_topic_head(p) for p in find_predicates(sent)]
    assert all(t is None or t.lower_ != "that" for t in topics)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Options on the table include lifting the ban on night flights.", "speculation"),
        ("The board will decide whether to scrap the parking levy.", "speculation"),
        ("Regions will be told how many licences they can cut next year.", "question"),
    ],
)
def test_possibilities_and_embedded_questions_are_blocked(extractor, text: str, reason: str) -> None:
    reasons = [blocking_reason(p) for p in find_predicates(_sent(extractor, text))]
    assert reason in reasons


def test_group_of_governments_is_not_a_single_actor(shifts_of) -> None:
    text = "Several Nordic governments pledged new funding for the climate fund on Monday."
    assert shifts_of(text) == []


def test_named_actor_no_longer_doing_something_is_a_reversal(shifts_of) -> None:
    [shift] = shifts_of("Canberra will no longer publish the names of detained vessels, the minister said.")
    assert (shift.actor, shift.shift_type) == ("Australia", "reversal")


def test_stopped_participation_is_a_withdrawal(shifts_of) -> None:
    shifts = shifts_of("Walmart said it would stop participating in an outside survey of workplace policies.")
    assert [(s.actor, s.shift_type) for s in shifts] == [("Walmart", "withdrawal")]


def test_step_by_an_amount_is_a_numeric_change(shifts_of) -> None:
    [shift] = shifts_of("OPEC+ agreed to raise its oil production quota by 300,000 barrels per day in June.")
    assert shift.shift_type == "numeric_change"


def test_ban_in_passive_with_reporting_body_is_found(shifts_of) -> None:
    [shift] = shifts_of(
        "Plastic straws will be banned from sale in Canada from next year, Ottawa said on Monday."
    )
    assert (shift.actor, shift.shift_type) == ("Canada", "hardening")


def test_each_side_reads_its_own_from_to_values(shifts_of) -> None:
    text = (
        "Ottawa will lower its duties on steel from 25% to 10%, "
        "while Mexico will reduce its levies on grain from 40% to 20%."
    )
    values = {s.actor: (s.quantity.from_, s.quantity.to) for s in shifts_of(text) if s.quantity}
    assert values.get("Mexico") == (40.0, 20.0)


def test_step_cut_told_in_another_sentence_makes_a_numeric_change(shifts_of) -> None:
    text = (
        "Interest rates were cut by the Bank of Canada on Wednesday. "
        "The bank lowered its policy rate by 25 basis points to 2.75%."
    )
    shifts = shifts_of(text)
    assert shifts and all(s.shift_type == "numeric_change" for s in shifts)


def test_surname_after_another_first_name_is_not_the_known_official(shifts_of) -> None:
    text = (
        "Health Minister Sylvia Jones said the clinic fee would be scrapped. The ban was introduced in 2022."
    )
    assert all(s.actor != "New Zealand" for s in shifts_of(text))


def test_main_clause_target_beats_the_from_to_of_its_means_clause(shifts_of) -> None:
    text = (
        "The alliance's current spending target is one per cent of GDP. Under a plan by the secretary "
        "general, NATO members would reach four per cent of GDP by boosting their core goal from one to "
        "2.5 per cent and spending 1.5 per cent on resilience."
    )
    quantities = [(s.quantity.from_, s.quantity.to) for s in shifts_of(text) if s.quantity]
    assert quantities == [(1.0, 4.0)]


@pytest.mark.parametrize(
    ("text", "topic", "to"),
    [
        ("Norway will provide Ghana with an additional $40 million in flood relief.", "flood relief", 40.0),
        (
            "Canberra will set aside $250 million for bushfire recovery, the minister said.",
            "bushfire recovery",
            250.0,
        ),
        ("Italy will allocate 3 billion euros to the rail network.", "rail network", 3.0),
        (
            "Madrid will introduce a cap of 12,000 on new tourist licences.",
            "cap on new tourist licences",
            12000.0,
        ),
    ],
)
def test_new_pledges_with_everyday_verbs_are_new_commitments(
    shifts_of, text: str, topic: str, to: float
) -> None:
    [shift] = shifts_of(text)
    assert (shift.shift_type, shift.topic) == ("new_commitment", topic)
    assert shift.quantity is not None and shift.quantity.to == to


def test_reserving_a_resource_for_a_use_is_a_new_commitment(extractor) -> None:
    sent = _sent(extractor, "Lyon will reserve two lanes for cyclists from June.")
    assert [(p.token.text, p.shift_type) for p in find_predicates(sent)] == [("reserve", "new_commitment")]


@pytest.mark.parametrize(
    "text",
    [
        "The development fund provides $3 billion a year in loans to farmers.",  # a standing practice
        "Activists urged Ottawa to provide $1 billion for shelters.",  # a demand by others
        "Acme expects to provide $2 billion in buybacks next year.",  # company guidance
        "Three years on, Washington has committed billions of dollars in aid.",  # a vague total
        "The hotel reserves the right to refuse entry.",
    ],
)
def test_practices_demands_guidance_and_totals_are_not_new_commitments(shifts_of, text: str) -> None:
    assert [s for s in shifts_of(text) if s.shift_type == "new_commitment"] == []


def test_a_city_is_not_the_state_it_lies_in(shifts_of) -> None:
    text = "France hosted the games. The city also plans to reserve one lane for buses on the ring road."
    assert [(s.actor, s.shift_type) for s in shifts_of(text)] == [("city", "new_commitment")]
