"""Which quantity belongs to which event (issue 8, point 2): its own sentence, else an adjacent one
about its topic, never another event's sentence. Articles written for these tests."""

from __future__ import annotations

from services.extract.quantities import renamed_change
from services.extract.quantity_context import event_quantity, quantity_about, quantity_nearby

ARTICLE = (
    "Chile raised its export duty on copper concentrate to 6% from 4% on Monday. "
    "Peru, meanwhile, cut its levy on zinc ore to 2% from 3%.\n"
    "The copper duty had been unchanged since 2015. "
    "Ministers said the change would raise about $300 million a year."
)


def span(text: str, sentence: str) -> tuple[int, int]:
    start = text.index(sentence)
    return start, start + len(sentence)


def test_each_event_keeps_the_numbers_of_its_own_sentence() -> None:
    chile = span(ARTICLE, "Chile raised its export duty on copper concentrate to 6% from 4% on Monday.")
    peru = span(ARTICLE, "Peru, meanwhile, cut its levy on zinc ore to 2% from 3%.")
    found_chile = event_quantity(ARTICLE, *chile, topic="export duty on copper", others=[peru])
    found_peru = event_quantity(ARTICLE, *peru, topic="levy on zinc ore", others=[chile])
    assert found_chile is not None and (found_chile.from_, found_chile.to) == (4.0, 6.0)
    assert found_peru is not None and (found_peru.from_, found_peru.to) == (3.0, 2.0)


def test_a_quantity_told_in_the_next_sentence_about_the_same_topic_is_used() -> None:
    text = "Norway will tighten the rules on fish farm licences. Each licence will now cost 90,000 crowns."
    own = span(text, "Norway will tighten the rules on fish farm licences.")
    found = event_quantity(text, *own, topic="fish farm licences")
    assert found is not None and found.to == 90000.0


def test_the_next_sentence_is_not_read_when_it_is_another_events_evidence() -> None:
    text = "Norway will tighten the rules on fish farm licences. Each licence will now cost 90,000 crowns."
    own = span(text, "Norway will tighten the rules on fish farm licences.")
    other = span(text, "Each licence will now cost 90,000 crowns.")
    assert event_quantity(text, *own, topic="fish farm licences", others=[other]) is None


def test_an_adjacent_sentence_about_another_topic_is_not_read() -> None:
    text = "Norway will tighten the rules on fish farm licences. Diesel tax will rise to 4 crowns a litre."
    own = span(text, "Norway will tighten the rules on fish farm licences.")
    assert event_quantity(text, *own, topic="fish farm licences") is None


def test_the_old_value_is_not_taken_from_another_events_sentence() -> None:
    text = (
        "The council set the parking fee at the current 3 euros an hour for residents. "
        "It will raise the visitor fee to 5 euros an hour."
    )
    visitors = span(text, "It will raise the visitor fee to 5 euros an hour.")
    residents = span(text, "The council set the parking fee at the current 3 euros an hour for residents.")
    alone = event_quantity(text, *visitors, topic="visitor parking fee")
    apart = event_quantity(text, *visitors, topic="visitor parking fee", others=[residents])
    assert alone is not None and alone.from_ == 3.0  # one event: the current fee is its old value
    assert apart is not None and (apart.from_, apart.to) == (None, 5.0)


def test_quantity_about_and_nearby_skip_other_events_sentences() -> None:
    text = "The ban was originally due in 2030 but will now start in 2035. Officials announced a new ban."
    other = span(text, "The ban was originally due in 2030 but will now start in 2035.")
    assert quantity_about("ban", text) is not None
    assert quantity_about("ban", text, others=[other]) is None
    own = span(text, "Officials announced a new ban.")
    assert quantity_nearby(text, *own, {"ban"}, others=[other]) is None


def test_a_full_change_in_the_next_paragraph_beats_a_step_in_the_own_sentence() -> None:
    text = (
        "OSLO — The wage board on Monday lifted the national minimum wage by 4%.\n\n"
        "From July the national minimum wage rises to 210 crowns an hour from 202 crowns."
    )
    own = span(text, "OSLO — The wage board on Monday lifted the national minimum wage by 4%.")
    found = event_quantity(text, *own, topic="national minimum wage")
    assert found is not None and (found.from_, found.to) == (202.0, 210.0)


LEVELS_APART = (
    "Ministers on Monday cut gas prices by 3.20 crowns a cubic metre for homes and 4.10 crowns for "
    "factories. The package was announced in the capital. "
    "Factories will now pay 21.90 crowns a cubic metre, down from 26.00 crowns, the ministry said. "
    "Critics said the cut came too late."
)


def test_a_cut_told_as_an_amount_takes_the_levels_told_two_sentences_on() -> None:
    own = span(LEVELS_APART, LEVELS_APART.split(" The package")[0])
    found = event_quantity(LEVELS_APART, *own, topic="gas prices")
    assert found is not None and (found.from_, found.to) == (26.0, 21.9)
    assert found.pattern == "levels_of_step"


def test_levels_apart_by_no_told_amount_are_not_taken_for_the_step() -> None:
    text = (
        "Ministers on Monday cut gas prices by 3.20 crowns a cubic metre. "
        "Factories will now pay 21.90 crowns a cubic metre, down from 26.00 crowns."
    )
    own = span(text, "Ministers on Monday cut gas prices by 3.20 crowns a cubic metre.")
    found = event_quantity(text, *own, topic="gas prices")
    assert found is not None and found.pattern != "levels_of_step"
    assert found.to != 21.9


def test_a_cut_in_percent_is_not_matched_to_levels_in_money() -> None:
    text = (
        "The regulator cut power tariffs by 2% on Friday. "
        "The smallest users will pay 4 rupees a unit, down from 6 rupees."
    )
    own = span(text, "The regulator cut power tariffs by 2% on Friday.")
    found = event_quantity(text, *own, topic="power tariffs")
    assert found is None or found.pattern != "levels_of_step"


def test_a_plan_called_off_goes_back_from_the_planned_value() -> None:
    lede = "The government said on Monday it would scrap the rise in the fuel duty announced in March."
    text = (
        f"{lede} The change would have lifted the duty on diesel to 60 cents a litre from 52 cents. "
        "Hauliers had lobbied against it for months."
    )
    found = event_quantity(text, 0, len(lede), topic="rise in the fuel duty")
    assert found is not None and (found.from_, found.to) == (60.0, 52.0)


def test_a_change_told_beside_a_plan_that_goes_ahead_keeps_its_direction() -> None:
    lede = "The government said on Monday it would go ahead with the rise in the fuel duty."
    text = f"{lede} The change will lift the duty on diesel to 60 cents a litre from 52 cents."
    found = event_quantity(text, 0, len(lede), topic="rise in the fuel duty")
    assert found is not None and (found.from_, found.to) == (52.0, 60.0)


def test_a_renamed_topic_takes_the_full_change_of_the_clause_that_names_it() -> None:
    sentence = "Quito will lift the fuel stipend to $90 from $60 and scrap the rule on diesel trucks."
    found = renamed_change(sentence, "fuel stipend")
    assert found is not None and (found.from_, found.to) == (60.0, 90.0)
    assert renamed_change(sentence, "school meals") is None
    assert renamed_change("Quito will lift the fuel stipend to $90.", "fuel stipend") is None


def test_a_cut_takes_no_rise_told_beside_it_about_another_thing() -> None:
    text = (
        "Member states agreed to lift their fees by 15% for 2027. "
        "It is the third 15% rise in the fees, after one written into the previous budget. "
        "The budget itself has been scaled back sharply. "
        "Officials blamed the loss of a major donor."
    )
    own = span(text, "The budget itself has been scaled back sharply.")
    assert event_quantity(text, *own, topic="budget") is None


def test_a_rise_takes_the_rise_told_beside_it() -> None:
    text = (
        "The budget will grow sharply next year. "
        "Lawmakers approved lifting the budget to $9 billion from $7 billion. "
        "Officials welcomed the vote."
    )
    own = span(text, "The budget will grow sharply next year.")
    found = event_quantity(text, *own, topic="budget")
    assert found is not None and (found.from_, found.to) == (7.0, 9.0)


def test_a_nearby_amount_of_a_rise_is_not_lent_to_a_cut() -> None:
    text = (
        "It is the third 15% rise in the fees, after one written into the previous budget. "
        "The budget itself has been scaled back sharply. "
        "Officials blamed the loss of a major donor."
    )
    own = span(text, "The budget itself has been scaled back sharply.")
    assert quantity_nearby(text, *own, {"budget"}) is None
    grown = text.replace("scaled back", "expanded")
    own = span(grown, "The budget itself has been expanded sharply.")
    found = quantity_nearby(grown, *own, {"budget"})
    assert found is not None and found.to == 15.0


def test_a_change_about_the_instrument_going_the_other_way_is_not_borrowed() -> None:
    text = (
        "Standard pay rates for hospital porters will also be raised next year. "
        "The plan also cuts the bonus on pay rates from 12% to zero for agency staff."
    )
    own = "Standard pay rates for hospital porters will also be raised next year."
    assert quantity_about("rate", text, topic="pay rates", own=own) is None
    found = quantity_about("rate", text, topic="pay rates")
    assert found is not None and (found.from_, found.to) == (12.0, 0.0)


def test_a_change_already_made_is_no_detail_of_the_news() -> None:
    text = (
        "Lima will freeze hiring across the civil service. "
        "It has already cut the number of agencies to 12 from 20. "
        "Unions called the move reckless."
    )
    own = span(text, "Lima will freeze hiring across the civil service.")
    assert event_quantity(text, *own, topic="hiring") is None
    assert quantity_nearby(text, *own, {"hire", "civil", "servic"}, vague=True) is None
    told = text.replace("It has already cut", "It will cut")
    found = event_quantity(told, *own, topic="hiring")
    assert found is not None and (found.from_, found.to) == (20.0, 12.0)
