"""The learned judges: shipped with the corpus hash they were trained on, and wired by settings."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from services.extract.events import ArticleRef, ArticleText
from services.extract.extractor import Extractor
from services.extract.learned.examples import article_examples, data_hash, same_sentence
from services.extract.learned.gate import PROPOSE
from services.extract.learned.judge import SHIPPED_JUDGE, SHIPPED_SHIFT_TYPE, load_judge
from services.extract.learned.proposals import propose
from services.extract.learned.text import judge_text
from shared.settings import ExtractSettings

ROOT = Path(__file__).resolve().parents[2]
TRAINING_FILES = [ROOT / "corpus" / "train.jsonl", ROOT / "corpus" / "sentences.jsonl"]


def test_shipped_models_were_trained_on_the_corpus_in_the_repo() -> None:
    expected = data_hash(TRAINING_FILES)
    for model in (SHIPPED_JUDGE, SHIPPED_SHIFT_TYPE):
        meta = json.loads((model / "meta.json").read_text())
        assert meta["policywatch"]["data_sha256"] == expected, f"retrain {model.name}: scripts/train_extract"
        assert meta["policywatch"]["holdout_fold"] is None


def test_an_empty_model_path_disables_the_judge() -> None:
    assert load_judge("", "") is None


def test_judge_rates_a_new_cut_above_a_recalled_one() -> None:
    judge = load_judge(None, None)
    assert judge is not None
    sentences = [
        "The central bank cut its benchmark rate to 3.5% from 3.75% on Wednesday.",
        "The bank last changed its rate in 2019, when it raised it to 2% from 1.5%.",
    ]
    new, old = judge.verdicts([(sentences[0], True), (sentences[1], False)])
    assert new.new > old.new
    assert old.background > new.background
    assert new.shift_type is None  # typed only where an event is proposed
    [typed] = judge.typed(sentences[:1], [new])
    assert (typed.new, typed.shift_type) == (new.new, "numeric_change")


def test_judge_reads_a_shift_told_outside_the_lexicon_above_its_history_and_demands() -> None:
    """The sentences added in minimal-pair groups (corpus/DATASHEET.md): a shelved plan is a new
    shift worth a proposal; a U-turn outranks the same tax told as history, as a demand by others
    and as speculation; the history is the background one."""
    judge = load_judge(None, None)
    assert judge is not None
    sentences = [
        "Chile shelved its plan to require a licence for every new salmon farm on Tuesday.",
        "Oslo made a U-turn on Friday over its plan to tax salmon farms' profits at 40%, saying the levy "
        "would be dropped.",
        "Norway brought in the salmon resource rent tax in 2023, over loud protests from coastal towns.",
        "Fish farmers have urged the government to scrap the salmon tax altogether.",
        "The government could yet water down the salmon tax if investment keeps falling, analysts say.",
    ]
    shelved, u_turn, history, demand, speculation = judge.verdicts([(s, False) for s in sentences])
    assert shelved.new >= PROPOSE
    assert u_turn.new > max(history.new, demand.new, speculation.new)
    assert history.background > max(u_turn.background, demand.background, speculation.background)


def test_article_sentences_are_labelled_from_the_gold_evidence() -> None:
    record = {
        "text": "Norway raised its fuel tax to 5 crowns a litre on Monday. "
        "The tax was last raised in 2019 by the previous government. "
        "Drivers queued at petrol stations across the country overnight.",
        "events": [
            {
                "shift_type": "numeric_change",
                "evidence": "Norway raised its fuel tax to 5 crowns a litre on Monday.",
            },
            {
                "shift_type": "hardening",
                "salience": "background",
                "evidence": ["The tax was last raised in 2019 by the previous government."],
            },
        ],
    }
    ends = [0, 58, 118, len(record["text"])]
    examples = article_examples(record, lambda _: list(itertools.pairwise(ends)))
    assert [(e.label, e.shift_type) for e in examples] == [
        ("new_shift", "numeric_change"),
        ("background", "hardening"),
        ("not_shift", None),
    ]
    assert examples[0].text.startswith("norway raised its fuel tax to 0 crowns")


def test_sentences_match_their_evidence_by_shared_words_only() -> None:
    assert same_sentence("Norway raised its fuel tax on Monday.", "Norway raised its fuel tax on Monday")
    assert not same_sentence("Norway raised its fuel tax on Monday.", "Drivers queued at petrol stations.")
    assert judge_text("A  B\n9") == "a b 0"


@pytest.mark.slow  # loads the spaCy model
def test_a_proposed_event_reads_actor_and_topic_from_the_parse(extractor: Extractor) -> None:
    doc = extractor.heavy("Ireland said on Wednesday it would formally recognise a Palestinian state.")
    finder: Any = extractor.heavy.get_pipe("policywatch_shifts")
    found = propose(doc[:], finder.index, "new_commitment")
    assert found is not None
    assert found.actor is not None and found.actor.canonical == "Ireland"
    assert found.predicate == "recognise"
    assert "palestinian state" in found.topic.lower()
    assert found.shift_type == "new_commitment"


@pytest.mark.slow  # loads the spaCy model
def test_a_proposal_without_an_object_takes_what_moves_to_a_value_not_a_time(extractor: Extractor) -> None:
    doc = extractor.heavy(
        "Hungary said that over the next ten years the pension age will rise from 62 to 65."
    )
    finder: Any = extractor.heavy.get_pipe("policywatch_shifts")
    found = propose(doc[:], finder.index, "numeric_change")
    assert found is not None and found.topic == "pension age"
    idle = extractor.heavy("Hungary said the warning came two days after the vote.")
    other = propose(idle[:], finder.index, "numeric_change")
    assert other is None or "warning" not in other.topic  # the warning moves to no value


@pytest.mark.slow  # loads the spaCy model
def test_a_sentence_without_an_object_proposes_nothing(extractor: Extractor) -> None:
    doc = extractor.heavy("Officials in Dublin said on Wednesday that talks would continue.")
    finder: Any = extractor.heavy.get_pipe("policywatch_shifts")
    assert propose(doc[:], finder.index, "new_commitment") is None


@pytest.mark.slow  # loads the spaCy model
def test_the_judge_sends_sentences_outside_the_lexicon_to_be_read() -> None:
    extractor = Extractor.from_settings(ExtractSettings())
    [shifts] = extractor.extract(
        [
            ArticleText(
                ArticleRef(id="t", title="Ireland to recognise Palestinian state"),
                "Ireland said on Wednesday it would formally recognise a Palestinian state from May 28. "
                "Officials in Dublin said talks with other European capitals would continue.",
            )
        ]
    )
    assert [(s.actor, "palestinian state" in s.topic.lower()) for s in shifts] == [("Ireland", True)]


@pytest.mark.slow  # loads the spaCy model
@pytest.mark.parametrize(
    "sentence",
    [
        "Norway said on Friday it would stick with its plan to tax imported steel.",  # reiteration
        "Norway said on Friday it could impose a levy on imported steel.",  # speculation
        "Norway said on Friday it would impose a levy on imported steel if talks with Brussels failed.",
        "Norway said on Friday it would not impose a levy on imported steel.",  # negated
    ],
)
def test_a_proposal_passes_the_rules_blockers(extractor: Extractor, sentence: str) -> None:
    doc = extractor.heavy(sentence)
    finder: Any = extractor.heavy.get_pipe("policywatch_shifts")
    assert propose(doc[:], finder.index, "new_commitment") is None
    # the same frame without the blocker is proposed: the blocker, not the parse, refuses it
    plain = extractor.heavy("Norway said on Friday it would impose a levy on imported steel.")
    found = propose(plain[:], finder.index, "new_commitment")
    assert found is not None and found.predicate == "impose"


@pytest.mark.slow  # loads the spaCy model
@pytest.mark.parametrize(
    "sentence",
    [
        "Canada is Mexico's largest buyer of steel pipes after the United States.",  # what it is
        "Norway cited the end of purchase incentives in Sweden.",  # a cause, not its own act
    ],
)
def test_a_description_or_a_cause_is_not_proposed(extractor: Extractor, sentence: str) -> None:
    finder: Any = extractor.heavy.get_pipe("policywatch_shifts")
    assert propose(extractor.heavy(sentence)[:], finder.index, "new_commitment") is None
