"""What a rule matches, and how the match is explained. Both matchers must give the same answer."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest

from services.alert.matching import RuleFilter, RuleIndex, RuleMatch, match_linear
from shared.contract import Evidence, PolicyShift


@dataclass(frozen=True)
class FakeActor:
    canonical: str


class FakeGazetteer:
    """Aliases as the shared gazetteer resolves them, for a handful of actors."""

    aliases: ClassVar[dict[str, str]] = {
        "washington": "United States",
        "us": "United States",
        "united states": "United States",
        "powell": "Jerome Powell",
        "jerome powell": "Jerome Powell",
        "fed": "Federal Reserve",
    }

    def resolve(self, name: str) -> FakeActor | None:
        canonical = self.aliases.get(name.casefold().strip())
        return FakeActor(canonical) if canonical else None


EVIDENCE = "On Monday the government raised tariffs on imported steel to 25%."


def make_shift(**fields: Any) -> PolicyShift:
    defaults: dict[str, Any] = {
        "id": "s1",
        "article_id": "a1",
        "actor": "United States",
        "actor_type": "state",
        "announced_by": "Jerome Powell",
        "topic": "steel tariffs",
        "shift_type": "hardening",
        "status": "announced",
        "before": "a 10% levy",
        "after": "a 25% levy",
        "evidence": Evidence(text=EVIDENCE, start=0, end=len(EVIDENCE)),
        "confidence": 0.86,
    }
    defaults.update(fields)
    return PolicyShift(**defaults)


def both(rule: RuleFilter, shift: PolicyShift, sources: int = 1) -> Iterator[list[RuleMatch]]:
    gazetteer = FakeGazetteer()
    index = RuleIndex(gazetteer)
    index.add("r", rule)
    yield index.match(shift, sources=sources)
    yield match_linear([("r", rule)], shift, sources=sources, gazetteer=gazetteer)


def reasons(rule: RuleFilter, shift: PolicyShift | None = None, sources: int = 1) -> list[str] | None:
    """The reasons the rule matched (None when it did not), checked equal for index and scan."""
    indexed, scanned = both(rule, shift or make_shift(), sources)
    assert indexed == scanned
    return indexed[0].reasons if indexed else None


def test_actor_alias_matches_canonical_actor_and_says_so() -> None:
    assert reasons(RuleFilter(actors=["Washington"])) == ['actor: "Washington" = United States']


def test_actor_matches_the_official_who_announced() -> None:
    assert reasons(RuleFilter(actors=["Powell"])) == ['actor: "Powell" = announced_by Jerome Powell']


def test_other_actor_does_not_match() -> None:
    assert reasons(RuleFilter(actors=["France", "Fed"])) is None


def test_actor_without_gazetteer_entry_compares_case_insensitively() -> None:
    shift = make_shift(actor="Bank of Japan", announced_by=None)
    assert reasons(RuleFilter(actors=["bank of  JAPAN"]), shift) == ['actor: "bank of JAPAN" = Bank of Japan']


def test_query_explains_which_word_matched_which_text() -> None:
    got = reasons(RuleFilter(query="imported AND (steel OR aluminium) NOT exemption"))
    assert got == [
        'query: "imported" in evidence "...government raised tariffs on imported steel to 25%."',
        'query: "steel" in topic "steel tariffs"',
        'query: NOT "exemption" (absent)',
    ]


def test_query_words_match_whole_words_only() -> None:
    assert reasons(RuleFilter(query="tar")) is None
    assert reasons(RuleFilter(query="STEEL")) is not None


def test_query_folds_plurals() -> None:
    assert reasons(RuleFilter(query="tariff")) is not None
    assert reasons(RuleFilter(query="levies")) is not None


def test_phrase_needs_consecutive_words() -> None:
    assert reasons(RuleFilter(query='"imported steel"')) is not None
    assert reasons(RuleFilter(query='"steel imported"')) is None


def test_not_excludes_shifts_mentioning_the_word() -> None:
    assert reasons(RuleFilter(query="steel NOT tariffs")) is None
    assert reasons(RuleFilter(query="NOT china")) == ['query: NOT "china" (absent)']


def test_topic_phrase_matches_the_shift_topic_only() -> None:
    assert reasons(RuleFilter(topics=["Tariff"])) == ['topic: "Tariff" in topic "steel tariffs"']
    assert reasons(RuleFilter(topics=["imported steel"])) is None


@pytest.mark.parametrize(
    ("rule", "line"),
    [
        (RuleFilter(shift_types=["hardening", "reversal"]), "shift type: hardening"),
        (RuleFilter(statuses=["announced", "enacted"]), "status: announced"),
        (RuleFilter(actor_types=["state"]), "actor type: state"),
        (RuleFilter(min_confidence=0.7), "confidence 0.86 >= 0.7"),
    ],
)
def test_each_condition_explains_itself(rule: RuleFilter, line: str) -> None:
    assert reasons(rule) == [line]


@pytest.mark.parametrize(
    "rule",
    [
        RuleFilter(shift_types=["reversal"]),
        RuleFilter(statuses=["enacted"]),
        RuleFilter(actor_types=["company"]),
        RuleFilter(min_confidence=0.9),
        RuleFilter(min_sources=2),
    ],
)
def test_each_condition_can_reject(rule: RuleFilter) -> None:
    assert reasons(rule) is None


def test_min_sources_counts_the_sources_given() -> None:
    assert reasons(RuleFilter(min_sources=3), sources=3) == ["sources 3 >= 3"]


def test_empty_rule_matches_everything_without_reasons() -> None:
    assert reasons(RuleFilter()) == []


def test_all_conditions_must_hold_and_all_are_explained() -> None:
    rule = RuleFilter(actors=["US"], topics=["tariffs"], query='"imported steel"', shift_types=["hardening"])
    assert reasons(rule) == [
        'actor: "US" = United States',
        'topic: "tariffs" in topic "steel tariffs"',
        'query: "imported steel" in evidence "...government raised tariffs on imported steel to 25%."',
        "shift type: hardening",
    ]
    assert reasons(rule, make_shift(topic="aluminium quotas")) is None


def test_words_match_across_case_accents_and_possessives() -> None:
    shift = make_shift(
        actor="France",
        announced_by=None,
        evidence=Evidence(text="The Élysée said France's levy on U.S. imports would rise.", start=0, end=10),
    )
    assert reasons(RuleFilter(query="elysee AND france AND levies"), shift) is not None
    assert reasons(RuleFilter(query='"u.s. imports"'), shift) is not None
    assert reasons(RuleFilter(query="franc"), shift) is None
