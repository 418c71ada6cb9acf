"""Each rule on sentences written for it, parsed by the real model (loaded once per session)."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from services.extract.actors import load_actor_index
from services.extract.extractor import Extractor
from services.extract.rules.agents import find_agent
from services.extract.rules.blockers import blocking_reason, month_of, year_of
from services.extract.rules.predicates import Predicate, find_predicates
from services.extract.rules.status import find_status
from services.extract.rules.topics import find_topic_head, topic_phrase

pytestmark = pytest.mark.slow


def _sent(extractor: Extractor, text: str) -> Span:
    return next(iter(extractor.heavy(text).sents))


def _predicate(extractor: Extractor, text: str) -> Predicate:
    [predicate] = find_predicates(_sent(extractor, text))
    return predicate


@pytest.mark.parametrize(
    ("text", "word", "shift_type"),
    [
        ("The retailer is rolling back its hiring quotas.", "rolling", "reversal"),
        ("The agency will no longer recommend the booster shot.", "recommend", "reversal"),
        ("Jakarta lifted the ban on nickel exports.", "lifted", "reversal"),
        ("Sweden is pausing development aid to the region.", "pausing", "withdrawal"),
        ("The mayor announced a suspension of the parking fees.", "suspension", "softening"),
        ("Her speech marked a sharp shift in French policy on nuclear power.", "shift", "reversal"),
        ("The minister redefined heavy trucks from 12 tonnes to 7 tonnes.", "redefined", "hardening"),
        ("The bank cut its deposit rate to 2%.", "cut", "numeric_change"),
    ],
)
def test_change_predicates_and_their_hinted_type(extractor, text: str, word: str, shift_type: str) -> None:
    predicate = _predicate(extractor, text)
    assert (predicate.token.text, predicate.shift_type) == (word, shift_type)


def test_a_verb_used_as_a_modifier_is_not_a_predicate(extractor) -> None:
    assert find_predicates(_sent(extractor, "Police seized the banned substance at the border.")) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("The bank did not cut its main rate.", "negated"),
        ("The city has no intention of loosening its parking rules, the mayor said.", "negated"),
        ("There are no plans to raise the fuel levy this year.", "negated"),
        ("Lawmakers are weighing whether to repeal the sugar levy.", "speculation"),
        ("Unions urged the council to scrap the parking fees.", "speculation"),
        ("The government remains committed to cutting the deficit target.", "reiteration"),
        ("Seoul will raise tariffs on steel if talks collapse.", "conditional"),
        ("Inflation has eased to 3% this year.", "indicator"),
        ("The cartel is currently cutting output by two million barrels.", "ongoing"),
        ("The previous cabinet had scrapped the subsidy in 2019.", "background"),
        ("The central bank last raised its key rate in October, by two points.", "background"),
        ("The ministry raised the levy on sugar last year.", "background"),
        ("The regulator cut the fare cap two years ago.", "background"),
        ("The council previously scrapped the parking fees.", "background"),
        ("The central bank last moved in October, when it raised the key rate by two points.", "background"),
        ("The council acted in 2019, when it doubled the parking charge.", "background"),
        ("An appeals court on Monday ordered the government to stop arms exports to the region.", "ruling"),
        ("The judge did impose limits on the merger.", "ruling"),
        ("The decree established quotas for coal imports.", "description"),
        ("Will the central bank raise interest rates?", "question"),
        ("The ministry will offer refiners incentives in order to cut the import bill.", "purpose"),
    ],
)
def test_statements_that_are_not_shifts_are_blocked_with_a_reason(extractor, text: str, reason: str) -> None:
    reasons = [blocking_reason(p) for p in find_predicates(_sent(extractor, text))]
    assert reason in reasons


@pytest.mark.parametrize(
    "text",
    [
        "The government scrapped the fuel subsidy on Tuesday.",
        "The regulator cut the fare cap two days ago.",
    ],
)
def test_a_change_made_now_is_not_recalled_background(extractor, text: str) -> None:
    assert [blocking_reason(p) for p in find_predicates(_sent(extractor, text))] == [None]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("The central bank froze interest rates at 5% on Thursday.", "reiteration"),
        ("The government announced a freeze on rail fares.", "reiteration"),
        ("The EU froze the assets of three banks.", None),
        ("The city froze hiring for six months.", None),
    ],
)
def test_freezing_a_level_holds_it_freezing_assets_does_not(extractor, text: str, reason: str | None) -> None:
    assert [blocking_reason(p) for p in find_predicates(_sent(extractor, text))] == [reason]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("The finance minister insisted the government will raise tariffs on steel from Monday.", None),
        ("The minister insists the ministry still plans to scrap the levy.", "reiteration"),
    ],
)
def test_insisting_restates_only_with_a_word_of_continuing(extractor, text: str, reason: str | None) -> None:
    assert [blocking_reason(p) for p in find_predicates(_sent(extractor, text))] == [reason]


def test_a_no_on_another_noun_does_not_negate_the_change(extractor) -> None:
    sent = _sent(extractor, "The ministry imposed no new tariffs but lifted the ban on steel scrap exports.")
    reasons = {p.token.text: blocking_reason(p) for p in find_predicates(sent)}
    assert reasons["lifted"] is None


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("The province banned exports of raw timber in March 2019.", 2019),
        ("The levy was introduced in 2018.", 2018),
        ("The province banned exports of raw timber on Monday.", None),
    ],
)
def test_the_year_that_dates_a_change(extractor, text: str, year: int | None) -> None:
    assert year_of(_predicate(extractor, text).token) == year


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("The Bank cut rates in May, from 4.5%.", (5, None)),
        ("The regulator raised the tariff for large users to N225 on April 3.", (4, 3)),
        ("The regulator raised the tariff to N225 per kilowatt-hour from N68 on April 3.", (4, 3)),
        ("The Bank will cut rates in May.", None),  # not told in the past
        ("The Bank cut rates on Thursday, a month after inflation peaked in May.", None),  # another clause
        ("The Bank cut rates on Thursday.", None),
    ],
)
def test_the_month_that_dates_a_past_change(extractor, text: str, month: tuple[int, int] | None) -> None:
    assert month_of(_predicate(extractor, text).token) == month


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Oslo has rescinded its tax on plastic bags.", "tax on plastic bags"),
        ("The levy on imported cars would rise from 10% to 15%.", "levy on imported cars"),
        ("Chile has scrapped its quota on anchovy catches.", "quota on anchovy catches"),
    ],
)
def test_topic_is_the_changed_instrument_without_articles(extractor, text: str, topic: str) -> None:
    head = find_topic_head(_predicate(extractor, text))
    assert head is not None and topic_phrase(head) == topic


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("The fuel subsidy was scrapped by Ottawa last week.", "Canada"),
        ("Keir Starmer said the budget for aid would be cut.", "United Kingdom"),
        ("Under a plan by NATO, members would raise spending to 3.5%.", "NATO"),
    ],
)
def test_actor_is_the_agent_the_reporter_or_the_plan_owner(extractor, text: str, actor: str) -> None:
    hit = find_agent(_predicate(extractor, text).token, load_actor_index())
    assert hit is not None and hit.ref is not None and hit.ref.canonical == actor


def test_quoted_first_person_without_a_named_speaker_has_no_actor(extractor) -> None:
    predicate = _predicate(extractor, "\u201cI will raise tariffs on steel.")
    assert find_agent(predicate.token, load_actor_index()) is None


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Norway has scrapped the toll on ferries.", "enacted"),
        ("Norway will scrap the toll on ferries.", "announced"),
        ("Under the proposed reform, the toll on ferries would be capped at 50 kroner.", "proposed"),
        ("The toll on ferries will be scrapped, subject to a vote in parliament.", "conditional"),
    ],
)
def test_status_of_a_shift(extractor, text: str, status: str) -> None:
    assert find_status(_predicate(extractor, text).token) == status


def test_the_named_thing_that_goes_up_is_not_who_raised_it(extractor) -> None:
    sent = _sent(extractor, "The National Living Wage for adults will go up by 6.7% next April.")
    finder = extractor.heavy.get_pipe("policywatch_shifts")
    [predicate] = find_predicates(sent)
    agent = find_agent(predicate.token, finder.index)
    assert agent is not None and agent.ref is None and agent.via == "context"


def test_participle_clause_after_a_comma_is_one_event_with_its_main_change(shifts_of) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The city of Leeds will charge drivers a fee to enter its centre from June, "
        "scrapping the free-entry rule it adopted in 1998."
    )
    shifts = shifts_of(text)
    assert len(shifts) == 1, [s.topic for s in shifts]
    assert shifts[0].shift_type == "reversal"


def test_every_change_listed_in_a_promise_talked_about_is_speculation(extractor) -> None:
    text = (
        "The senator's vows to slap tariffs on steel, restrict immigration and cut income taxes could "
        "be weighing on the peso, analysts said."
    )
    reasons = {p.token.text: blocking_reason(p) for p in find_predicates(_sent(extractor, text))}
    assert reasons == {"slap": "speculation", "restrict": "speculation", "cut": "speculation"}


def test_the_fast_path_keeps_the_final_s_of_base_forms(extractor) -> None:
    """Without the tags' morphology the lemmatizer read 'discuss' as a plural ('discus')."""
    [doc] = extractor._read_sentences(["Ministers will discuss the status of the bus levy."])
    lemmas = [t.lemma_ for t in doc if t.pos_ in {"VERB", "NOUN"}]
    assert lemmas == ["minister", "discuss", "status", "bus", "levy"]


def test_a_change_only_to_be_discussed_later_is_no_shift(shifts_of) -> None:
    assert shifts_of("The bank's governor said it was too early to discuss lowering interest rates.") == []


def test_a_figure_drifting_since_an_event_is_ongoing_but_one_set_to_a_value_is_not(extractor) -> None:
    drift = _predicate(extractor, "Spending on defence has risen sharply since Japan's election.")
    assert blocking_reason(drift) == "ongoing"
    moved = _predicate(extractor, "Kenya's fuel levy has risen to 20 shillings a litre since Monday.")
    assert blocking_reason(moved) != "ongoing"  # set to a value: not a drift


def test_one_lender_approving_loans_to_two_borrowers_gives_two_events(shifts_of) -> None:  # type: ignore[no-untyped-def]
    shifts = shifts_of(
        "The International Monetary Fund said on Friday it had approved a new $3 billion loan for Egypt. "
        "The International Monetary Fund also approved a $1 billion loan for Kenya on Friday."
    )
    assert sorted(s.quantity.to for s in shifts if s.quantity) == [1.0, 3.0]
