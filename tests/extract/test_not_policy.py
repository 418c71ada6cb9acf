"""Not a shift of its own: a company's financial goals (issue 8, kind 7), what a change is for."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # loads the spaCy model


@pytest.mark.parametrize(
    "text",
    [
        "The shipping group lifted its target for annual cost savings to $1 billion from $500 million.",
        "Acme Foods raised its medium-term operating margin target to 20% from 18%.",
        "The carmaker raised its shareholder return target to 1 trillion yen from 600 billion yen.",
    ],
)
def test_a_company_goal_for_a_financial_measure_is_no_shift(shifts_of, text: str) -> None:
    assert shifts_of(text) == []


def test_a_company_policy_with_a_number_is_still_a_shift(shifts_of) -> None:
    [shift] = shifts_of("Acme Foods raised its minimum wage for store staff to $15 an hour from $12.")
    assert shift.quantity is not None and (shift.quantity.from_, shift.quantity.to) == (12.0, 15.0)


def test_what_a_change_is_for_is_not_a_second_shift(shifts_of) -> None:
    shifts = shifts_of(
        "Norway will raise its fuel levy to 6 crowns a litre from 5 crowns to expand rail subsidies."
    )
    assert [s.topic for s in shifts] == ["fuel levy"]


@pytest.mark.parametrize(
    "text",
    [
        # a demand on the actor, the infinitive parsed under the verb that carries 'calls'
        "The floods have fuelled calls for Spain, long reluctant to act, to quickly raise its levy on "
        "coastal building permits.",
        # a promise talked about, as the subject of another clause or in a phrase
        "The senator's vows to scrap the fuel duty could be weighing on bond prices, analysts said.",
        "The opposition leader, who ran his campaign on a pledge to abolish the sugar tax, lost his seat.",
        # trade figures move by themselves
        "Imports of frozen beef rose by about 20% in the first quarter as prices fell.",
    ],
)
def test_demands_promises_talked_about_and_trade_figures_are_no_shift(shifts_of, text: str) -> None:
    assert shifts_of(text) == []


def test_a_promise_kept_by_its_actor_is_still_a_shift(shifts_of) -> None:
    [shift] = shifts_of("Canada scrapped its fuel levy on Monday, keeping a promise made in the spring.")
    assert shift.shift_type == "reversal"


@pytest.mark.parametrize(
    "text",
    [
        "The teachers' union gave the education ministry until June 30 to reverse the cut in school "
        "funding, or face a strike.",
        "Dairy farmers raised concerns about the new export licence rules at the meeting.",
        "Fishing crews also raised allegations of harassment by the coast guard over catch checks.",
    ],
)
def test_an_ultimatum_and_raised_concerns_are_no_shift(shifts_of, text: str) -> None:
    assert shifts_of(text) == []


def test_raising_a_levy_is_still_a_shift(shifts_of) -> None:
    [shift] = shifts_of("Norway raised its levy on farm diesel to 6 crowns a litre from 5 crowns on Monday.")
    assert shift.shift_type == "numeric_change"


def test_a_draft_still_to_go_before_the_decider_is_a_preview(shifts_of) -> None:
    text = (
        "Proposals to cut duties on imported fertiliser will be put to Prime Minister Narendra Modi on "
        "Friday, India's trade secretary told lawmakers."
    )
    assert shifts_of(text) == []


def test_a_proposal_approved_is_still_a_shift(shifts_of) -> None:
    shifts = shifts_of("The Dutch parliament on Monday approved a proposal to raise the pension age to 68.")
    assert len(shifts) == 1


def test_what_a_scheme_cost_to_introduce_is_no_shift(shifts_of) -> None:
    assert shifts_of("Ireland's congestion charge has cost about €40m to introduce and is unpopular.") == []


def test_a_fee_that_now_costs_more_after_a_rise_is_still_a_shift(shifts_of) -> None:
    text = (
        "A student visa to Canada now costs C$900, after the federal government raised the fee "
        "from C$150 on Monday."
    )
    assert len(shifts_of(text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        # a verb that says the change is not made
        "The finance minister ruled out lowering the fuel duty, saying the budget could not afford it.",
        "Oslo stopped short of imposing tariffs on imported salmon feed, choosing to extend its review.",
        "Lisbon has refrained from raising the tourist levy on cruise passengers.",
        # odds that someone else will change it
        "Traders now see a 70% chance that the central bank of Chile will cut its policy rate in March.",
        # a change that waits for a condition
        "The Bank of Ghana will lower its policy rate only once the cedi has stabilised, its governor said.",
        "Peru will lift the export curbs on copper concentrate only after the strike ends, officials said.",
        # the same level set again
        "Hanoi set its annual growth target at 6.5% for a fourth consecutive year.",
        # a predecessor's change
        "The previous government cut the residency requirement for citizenship to six years from ten.",
    ],
)
def test_refused_odds_conditions_repeats_and_predecessors_are_no_shift(shifts_of, text: str) -> None:
    assert shifts_of(text) == []


def test_a_cut_made_once_a_condition_was_met_is_still_a_shift(shifts_of) -> None:
    [shift] = shifts_of("Ghana cut its fuel levy to 1 cedi a litre from 2 cedis on Monday, once prices fell.")
    assert shift.actor == "Ghana"


def test_a_rate_raised_for_a_third_straight_meeting_is_still_a_shift(shifts_of) -> None:
    [shift] = shifts_of("The Bank of Canada raised its policy rate for a third straight meeting on Monday.")
    assert shift.shift_type in {"numeric_change", "hardening"}


def test_a_plan_named_in_a_clause_under_could_is_no_shift(shifts_of) -> None:
    text = "Analysts said the new fare rise could be the first step in a plan to scrap bus subsidies in Oslo."
    assert shifts_of(text) == []


def test_a_plan_approved_to_phase_out_subsidies_is_still_a_shift(shifts_of) -> None:
    [shift] = shifts_of("Norway's cabinet approved a plan on Monday to phase out coal subsidies by 2030.")
    assert "subsidies" in shift.topic


@pytest.mark.parametrize(
    "text",
    [
        # a measure carried on as it was
        "Canberra extended its sanctions on Minsk by a year on Friday, renewing them unchanged.",
        # a change told as done over and over
        "Quito has raised diesel prices four times since 2023, and more rises are likely.",
        # what a coming vote is on
        "The Swiss parliament will vote next month on a bill to lift the tax on sugary drinks.",
        # a span of years before the story
        "A dozen US states have introduced caps on insulin prices over the past decade.",
    ],
)
def test_rollovers_repeats_pending_votes_and_years_of_history_are_no_shift(shifts_of, text: str) -> None:
    assert shifts_of(text) == []


def test_a_vote_that_passed_a_change_is_still_a_shift(shifts_of) -> None:
    [shift] = shifts_of("The Swiss parliament voted on Tuesday to lift the tax on sugary drinks.")
    assert "sugary drinks" in shift.topic


def test_a_second_rise_this_year_is_still_a_shift(shifts_of) -> None:
    [shift] = shifts_of(
        "Ecuador raised diesel prices for the second time this year on Friday, to $2.80 a gallon."
    )
    assert shift.actor == "Ecuador"


def test_a_change_under_way_for_years_is_no_shift(shifts_of) -> None:
    assert shifts_of("Quito has been cutting fuel subsidies since 2019 under its IMF programme.") == []


def test_a_change_made_in_the_present_perfect_is_still_a_shift(shifts_of) -> None:
    [shift] = shifts_of("Ecuador has cut its fuel subsidies for diesel on Monday.")
    assert shift.actor == "Ecuador"


@pytest.mark.parametrize(
    "text",
    [
        "France's proposal to ban Shein has stalled in the Senate.",
        "Britain's plan to cut the fuel duty has faltered.",
        "Spending on defence has risen sharply since Japan's election.",
    ],
)
def test_a_stalled_proposal_and_a_trend_since_an_event_are_no_shift(shifts_of, text: str) -> None:
    assert shifts_of(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # a measure in force since a month or a year
        "Lima has capped rents since March.",
        "Canberra has imposed duties on Chinese steel wire since 2019.",
        # what a named law does
        "The Digital Markets Act bans self-preferencing by the largest platforms.",
        # an insistence restates a stance
        "Officials insisted that genetically modified salmon would not be allowed into Norway under any "
        "trade deal.",
    ],
)
def test_measures_in_force_named_laws_and_insistence_are_no_shift(shifts_of, text: str) -> None:
    assert shifts_of(text) == []
