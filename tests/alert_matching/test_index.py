"""The rule index finds exactly what the linear scan finds, while checking far fewer rules."""

from __future__ import annotations

import gc
import random

import pytest

from bench.match.workload import Workload
from services.alert.matching import RuleFilter, RuleIndex, match_linear
from services.alert.matching.document import shift_facts

from .test_match import FakeGazetteer, make_shift

SMALL = Workload(
    actors=Workload().actors[:6],
    officials=("Jerome Powell", "Christine Lagarde"),
    topics=("steel tariffs", "interest rates", "carbon tax", "export controls", "rare earth exports"),
    extra_words=("exemption", "imports", "ban", "the", "raised", "government"),
)


@pytest.mark.parametrize("seed", range(8))
def test_index_and_linear_scan_agree_on_generated_rules_and_shifts(seed: int) -> None:
    workload = Workload(
        seed=seed,
        actors=SMALL.actors,
        officials=SMALL.officials,
        topics=SMALL.topics,
        extra_words=SMALL.extra_words,
        aliases={"United States": ["Washington", "US"]},
    )
    rules = workload.rules(400)
    gazetteer = FakeGazetteer()
    index = RuleIndex(gazetteer)
    for rule_id, rule in rules:
        index.add(rule_id, rule)
    matched = 0
    for shift in workload.shifts(60):
        sources = workload.rng.choice((1, 2, 3))
        expected = match_linear(rules, shift, sources=sources, gazetteer=gazetteer)
        assert index.match(shift, sources=sources) == expected, shift.evidence.text
        matched += len(expected)
    assert matched > 200  # the small vocabulary makes the comparison meaningful


def test_index_agrees_after_rules_are_replaced_and_removed() -> None:
    workload = Workload(seed=99, actors=SMALL.actors, topics=SMALL.topics, extra_words=SMALL.extra_words)
    rules = dict(workload.rules(300))
    index = RuleIndex()
    for rule_id, rule in rules.items():
        index.add(rule_id, rule)
    chooser = random.Random(1)
    for rule_id in chooser.sample(sorted(rules), 100):
        del rules[rule_id]
        index.remove(rule_id)
    for rule_id in chooser.sample(sorted(rules), 100):
        rules[rule_id] = workload.rule()
        index.add(rule_id, rules[rule_id])
    assert len(index) == len(rules) == 200
    for shift in workload.shifts(40):
        assert index.match(shift) == match_linear(rules.items(), shift)


def test_removing_every_rule_leaves_an_empty_index() -> None:
    workload = Workload(seed=3)
    index = RuleIndex()
    rules = workload.rules(200)
    for rule_id, rule in rules:
        index.add(rule_id, rule)
    for rule_id, _ in rules:
        index.remove(rule_id)
    index.remove("never-added")
    assert len(index) == 0
    assert not index._tables and not index._shapes


def test_replacing_a_rule_forgets_its_old_keys() -> None:
    index = RuleIndex()
    index.add("r", RuleFilter(topics=["tariffs"]))
    index.add("r", RuleFilter(topics=["interest rates"]))
    assert len(index) == 1
    assert index.match(make_shift(topic="steel tariffs")) == []


def test_shift_is_checked_only_against_candidate_rules() -> None:
    index = RuleIndex(FakeGazetteer())
    index.add("actor", RuleFilter(actors=["Washington"]))
    index.add("other-actor", RuleFilter(actors=["France"]))
    index.add("topic", RuleFilter(topics=["interest rates"]))
    index.add("query", RuleFilter(query="(lithium OR cobalt) AND exports"))
    index.add("both-words", RuleFilter(query="steel AND lithium"))
    index.add("both-present", RuleFilter(query="steel AND levy"))
    index.add("typed", RuleFilter(shift_types=["reversal"]))
    index.add("negative", RuleFilter(query="NOT lithium"))
    facts = shift_facts(make_shift(shift_type="hardening"), index._keys)
    assert index.candidates(facts) == {"actor", "negative", "both-present"}


def test_rule_needing_two_sources_is_no_candidate_for_a_single_source() -> None:
    index = RuleIndex()
    index.add("corroborated", RuleFilter(topics=["steel tariffs"], min_sources=2))
    facts = shift_facts(make_shift(), index._keys)
    assert index.candidates(facts) == index.candidates(facts, sources=1) == set(), "one source by default"
    assert index.candidates(facts, sources=2) == {"corroborated"}


def test_rule_above_the_shift_confidence_is_no_candidate() -> None:
    index = RuleIndex()
    index.add("strict", RuleFilter(topics=["steel tariffs"], min_confidence=0.9))
    index.add("lenient", RuleFilter(topics=["steel tariffs"], min_confidence=0.5))
    facts = shift_facts(make_shift(confidence=0.86), index._keys)
    assert index.candidates(facts) == {"lenient"}


@pytest.mark.parametrize("collector_on", [True, False], ids=["gc-on", "gc-off"])
def test_bulk_load_indexes_like_one_by_one_and_gives_the_collector_back_as_it_was(collector_on: bool) -> None:
    workload = Workload(seed=5, actors=SMALL.actors, topics=SMALL.topics, extra_words=SMALL.extra_words)
    rules = workload.rules(150)
    one_by_one = RuleIndex()
    for rule_id, rule in rules:
        one_by_one.add(rule_id, rule)
    bulk = RuleIndex()
    was_on = gc.isenabled()
    (gc.enable if collector_on else gc.disable)()
    try:
        bulk.add_all(rules)
        assert gc.isenabled() is collector_on
    finally:
        (gc.enable if was_on else gc.disable)()
    assert len(bulk) == len(one_by_one) == 150
    assert all(rule_id in bulk for rule_id, _ in rules) and "never-added" not in bulk
    for shift in workload.shifts(30):
        assert bulk.match(shift) == one_by_one.match(shift) == match_linear(rules, shift)
