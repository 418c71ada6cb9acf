"""The learned topic tagger: its training examples, the shipped model, and where it replaces a
rule topic. Sentences written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from services.extract.extractor import Extractor
from services.extract.learned.examples import data_hash
from services.extract.learned.topic import (
    SHIPPED_TOPIC,
    choose,
    clean_span,
    load_topic_tagger,
    refine_topics,
    weakness,
)
from services.extract.learned.topic_examples import (
    align,
    by_sentence,
    content_keys,
    event_sentences,
    topic_span,
)
from shared.contract import Evidence, PolicyShift, Quantity
from shared.settings import ExtractSettings

ROOT = Path(__file__).resolve().parents[2]
TRAINING_FILES = [ROOT / "corpus" / "train.jsonl", ROOT / "corpus" / "sentences.jsonl"]


def test_topic_words_are_compared_on_their_first_letters() -> None:
    assert content_keys("Import duties on the finished steel") == {"impor", "dutie", "finis", "steel"}


def test_the_topic_is_found_as_the_span_that_best_matches_its_words() -> None:
    doc = spacy.blank("en").make_doc("Lima raised the import levy on finished steel to 30% on Friday.")
    start, end = topic_span(doc, "import levy on steel") or (0, 0)
    assert doc[start:end].text == "import levy on finished steel"


def test_a_topic_the_sentence_does_not_name_gives_no_example() -> None:
    doc = spacy.blank("en").make_doc("The minister said the decision was final.")
    assert align(doc, ["sugar tax"]) is None


def test_a_sentence_with_two_topics_marks_both_spans() -> None:
    doc = spacy.blank("en").make_doc("Oslo cut the fuel duty and scrapped the road toll for lorries.")
    example = align(doc, ["fuel duty", "road toll"])
    assert example is not None
    assert example.topics == ["fuel duty", "road toll"]


@pytest.mark.slow  # loads the spaCy model
def test_a_span_cut_through_a_noun_chunk_is_widened_to_it_without_its_determiner() -> None:
    nlp = spacy.load(ExtractSettings().spacy_model)
    example = align(nlp("Peru lifted its ban on afternoon beer sales this week."), ["beer sales"])
    assert example is not None
    assert example.topics == ["afternoon beer sales"]


def test_examples_come_from_event_evidence_each_sentence_once() -> None:
    records = [
        {
            "events": [
                {"topic": "fuel duty", "evidence": "Oslo cut the fuel duty."},
                {"topic": "road toll", "evidence": ["Oslo cut the fuel duty."]},
                {"topic": "", "evidence": "Nothing to learn here."},
            ]
        }
    ]
    assert by_sentence(event_sentences(records)) == [("Oslo cut the fuel duty.", ["fuel duty", "road toll"])]


@pytest.mark.parametrize(
    ("topic", "sentence", "actor", "reason"),
    [
        ("s annual refugee quota", "Norway's annual refugee quota was halved.", "Norway", "fragment"),
        ("-year bond yields", "The bank capped 10-year bond yields at 1%.", "Bank of Japan", "fragment"),
        ("bottle e", "Lima banned single-use bottle e-caps.", "Peru", "fragment"),
        ("Friday unveiled plans", "The city on Friday unveiled plans to toll cars.", "Lima", "stray word"),
        ("most of fishing quotas", "Chile cut most of fishing quotas.", "Chile", "stray word"),
        ("tariffs tariffs on cars", "It raised tariffs on cars.", "Canada", "repeated word"),
        ("duties of on steel", "It set duties of 25% on steel.", "Canada", "value left out"),
        ("scheme", "Oslo scrapped the scheme.", "Norway", "generic"),
        ("Brazil", "The bloc suspended Brazil from its trade pact.", "Mercosur", "name"),
        ("Bank of Ghana", "The Bank of Ghana raised its rate.", "Bank of Ghana", "actor"),
        ("subsidy", "Peru ended the subsidy.", "Peru", "bare"),
        ("fuel duty on diesel", "Oslo cut the fuel duty on diesel.", "Norway", None),
    ],
)
def test_weak_rule_topics_are_told_apart_from_sound_ones(
    topic: str, sentence: str, actor: str, reason: str | None
) -> None:
    assert weakness(topic, sentence, actor) == reason


def test_a_topic_the_gazetteer_knows_as_a_state_is_weak() -> None:
    def is_state(phrase: str) -> bool:
        return phrase == "the United States"

    sentence = "Lima said it would pull the United States out of the fishing pact."
    assert weakness("the United States", sentence, "Peru", is_state) == "name"
    assert weakness("fishing pact", sentence, "Peru", is_state) is None


def test_a_tagged_span_is_cut_at_its_clause_break() -> None:
    assert clean_span("the toll trial - which bars lorries") == "toll trial"
    assert clean_span("its levy on hotel stays of 5") == "levy on hotel stays"


def test_a_tagged_span_leaves_out_a_value_and_a_trailing_participle() -> None:
    assert clean_span("catch by 20,000 tonnes") == "catch"
    assert clean_span("payments linked") == "payments"


def test_a_plainly_broken_rule_topic_is_mended_rather_than_swapped() -> None:
    assert choose(["new loan"], "most of fishing quotas", "stray word", "Chile") == "fishing quotas"
    assert choose([], "tariffs tariffs on cars", "repeated word", "Canada") == "tariffs on cars"
    assert choose(["steel imports"], "duties of on steel", "value left out", "Canada") == "duties on steel"


@pytest.mark.parametrize(
    ("fragment", "sentence", "whole"),
    [
        ("-year bond yields", "The bank stopped capping 10-year bond yields.", "10-year bond yields"),
        ("s annual refugee quota", "Oslo halved Norway's annual refugee quota.", "annual refugee quota"),
        ("menthol e", "Lima will ban menthol e-cigarettes from May.", "menthol e-cigarettes"),
    ],
)
def test_a_fragment_is_made_whole_words_of_its_sentence(fragment: str, sentence: str, whole: str) -> None:
    assert choose(["ban"], fragment, "fragment", "Peru", sentence) == whole


def test_a_bare_topic_is_only_widened_never_swapped() -> None:
    assert choose(["cooking gas", "gas subsidy"], "subsidy", "bare", "India") == "gas subsidy"
    assert choose(["cooking gas"], "subsidy", "bare", "India") is None


def test_a_generic_or_place_topic_takes_only_a_title_or_a_policy_phrase() -> None:
    assert choose(["Andean nation", "Clean Air Act"], "Peru", "name", "Mercosur") == "Clean Air Act"
    assert choose(["Andean nation"], "Peru", "name", "Mercosur") is None
    spans = ["coastal towns", "levy on hotel stays"]
    assert choose(spans, "scheme", "generic", "Lima") == "levy on hotel stays"


def test_a_weak_topic_takes_the_tagged_span_that_is_not_the_actor() -> None:
    spans = ["Brazil", "joint customs tariff"]
    assert choose(spans, "Brazil", "name", "Brazil") == "joint customs tariff"


def test_the_shipped_topic_model_was_trained_on_the_corpus_in_the_repo() -> None:
    meta = json.loads((SHIPPED_TOPIC / "meta.json").read_text())
    assert meta["policywatch"]["data_sha256"] == data_hash(TRAINING_FILES), "retrain: scripts/train_extract"
    assert meta["policywatch"]["holdout_fold"] is None


def test_the_shipped_tagger_marks_the_changed_policy_in_a_new_sentence() -> None:
    tagger = load_topic_tagger(None)
    assert tagger is not None
    [spans] = tagger.spans(["Ghana raised its fuel levy to 2 cedis a litre from 1 on Monday."])
    assert any("levy" in span for span in spans)


def test_an_empty_topic_model_path_turns_the_tagger_off() -> None:
    assert load_topic_tagger("") is None


@pytest.mark.slow  # loads the spaCy model
def test_the_extractor_runs_without_a_tagger_when_its_setting_is_empty() -> None:
    settings = ExtractSettings(topic_model="", judge_model="")
    assert Extractor.from_settings(settings).topics is None


def _shift(topic: str, sentence: str, actor: str = "Norway") -> PolicyShift:
    return PolicyShift(
        id=PolicyShift.make_id("a1", actor, topic),
        article_id="a1",
        actor=actor,
        topic=topic,
        shift_type="reversal",
        evidence=Evidence(text=sentence, start=0, end=len(sentence)),
        confidence=0.5,
    )


class _Tagger:
    """Marks fixed spans: what `refine_topics` does with them, without a model."""

    def __init__(self, spans: list[str]) -> None:
        self.found = spans

    def spans(self, sentences: list[str]) -> list[list[str]]:
        return [self.found for _ in sentences]


def test_only_a_weak_topic_is_replaced_and_its_id_made_again() -> None:
    weak = _shift("Brazil", "Norway pulled Brazil out of its salmon quota deal.")
    sound = _shift("cod quota", "Norway ended the cod quota.")
    out = refine_topics([weak, sound], _Tagger(["salmon quota deal"]))  # type: ignore[arg-type]
    assert out[1] is sound
    assert out[0].topic == "salmon quota deal" and out[0].id != weak.id


def test_a_replacement_that_would_repeat_an_events_id_is_not_made() -> None:
    weak = _shift("Brazil", "Norway pulled Brazil out of its salmon quota deal.")
    same = _shift("salmon quota deal", "Norway ended the salmon quota deal.")
    same = same.model_copy(update={"evidence": weak.evidence})
    out = refine_topics([same, weak], _Tagger(["salmon quota deal"]))  # type: ignore[arg-type]
    assert out[1].topic == "Brazil"


def test_a_renamed_event_takes_the_change_its_new_topic_names_in_its_sentence() -> None:
    sentence = (
        "Oslo will raise the fishing allowance to 4,000 crowns from 2,500 crowns "
        "and drop the rule that limited it to coastal towns."
    )
    weak = _shift("rule", sentence)
    out = refine_topics([weak], _Tagger(["fishing allowance"]))  # type: ignore[arg-type]
    assert out[0].topic == "fishing allowance"
    assert out[0].quantity is not None and (out[0].quantity.from_, out[0].quantity.to) == (2500, 4000)
    assert out[0].shift_type == "numeric_change"


def test_a_renamed_event_takes_no_change_another_event_already_has() -> None:
    sentence = (
        "Oslo will raise the fishing allowance to 4,000 crowns from 2,500 crowns "
        "and drop the rule that limited it to coastal towns."
    )
    told = _shift("fishing allowance", sentence).model_copy(
        update={"quantity": Quantity(from_=2500, to=4000, unit="crowns")}
    )
    weak = _shift("rule", sentence)
    out = refine_topics([told, weak], _Tagger(["allowance"]))  # type: ignore[arg-type]
    assert out[1].quantity is None and out[1].shift_type == "reversal"
