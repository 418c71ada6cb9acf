"""Article-level assembly without spaCy: actor context, merging, quantities, confidence."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from services.extract.actors import ActorRef
from services.extract.candidates import ShiftCandidate
from services.extract.confidence import CALIBRATION, calibrate
from services.extract.context import ArticleContext, Mention
from services.extract.events import ArticleRef, assemble, merge
from services.extract.quantity_context import (
    quantity_about,
    quantity_nearby,
    split_sentences,
    with_prior_value,
)
from services.extract.rules.numbers import QuantityFound

CANADA = ActorRef("Canada", "state")
PM = ActorRef("Canada", "state", official="Mark Carney")
ACME = ActorRef("Acme", "company")


def _candidate(topic: str, head: str, start: int, actor: ActorRef | None = CANADA, **kw) -> ShiftCandidate:
    defaults = dict(
        actor=actor,
        actor_text="",
        announced_by=None,
        topic=topic,
        topic_head=head,
        shift_type="reversal",
        status="enacted",
        sentence=f"Sentence about {topic}.",
        start=start,
        end=start + 20,
        predicate="scrap",
    )
    defaults.update(kw)
    return ShiftCandidate(**defaults)  # type: ignore[arg-type]


def test_same_instrument_in_two_sentences_is_one_event_with_extra_evidence() -> None:
    first = _candidate("duties on Chinese imports", "duty", 0)
    second = _candidate("levy on Chinese imports", "levy", 100)
    [shift] = assemble([first, second], ArticleContext(), ArticleRef(id="a"))
    assert shift.evidence.start == 0
    assert [e.start for e in shift.extra_evidence] == [100]


def test_separate_instruments_stay_separate_events() -> None:
    ban = _candidate("ban on rice exports", "ban", 0)
    duty = _candidate("export duty on rice", "duty", 0, shift_type="numeric_change")
    assert len(merge([ban, duty])) == 2


def test_same_kind_of_instrument_on_different_things_stays_separate() -> None:
    reciprocal = _candidate("reciprocal tariffs on many countries", "tariff", 0)
    chinese = _candidate("tariffs on Chinese imports", "tariff", 50)
    assert len(merge([reciprocal, chinese])) == 2


def test_one_sentence_read_as_two_types_of_one_instrument_is_one_event() -> None:
    # 'The bank will scrap its sub-zero rate policy and lift its borrowing rates.'
    end = _candidate("sub-zero rate policy", "policy", 0, shift_type="reversal")
    hike = _candidate("borrowing rates", "rate", 0, shift_type="hardening")
    assert len(merge([end, hike])) == 1


def test_one_sentence_changing_two_instruments_of_one_good_is_two_events() -> None:
    # 'lifted its ban on rice exports and cut the export duty on parboiled rice'
    ban = _candidate("ban on rice exports", "ban", 0, shift_type="reversal")
    duty = _candidate("export duty on parboiled rice", "duty", 0, shift_type="numeric_change")
    assert len(merge([ban, duty])) == 2


def test_a_plan_unveiled_is_told_through_the_first_measure_that_names_it() -> None:
    plan = _candidate(
        "Clean Ports Strategy, a plan to cut shipping emissions",
        "plan",
        0,
        shift_type="new_commitment",
        sentence='Canada on Monday unveiled its "Clean Ports Strategy", a plan to cut shipping emissions.',
    )
    fee = _candidate(
        "berth fees for diesel ships",
        "fee",
        90,
        shift_type="hardening",
        sentence="The strategy doubles berth fees for diesel ships from 2027.",
    )
    levy = _candidate(
        "levy on bunker fuel",
        "levy",
        160,
        shift_type="hardening",
        sentence="The strategy also adds a levy on bunker fuel.",
    )
    groups = merge([plan, fee, levy])
    assert [[c.topic_head for c in g] for g in groups] == [["fee", "plan"], ["levy"]]
    [fee_event, _] = assemble([plan, fee, levy], ArticleContext(), ArticleRef(id="a"))
    assert fee_event.evidence.start == 90  # the measure, not the plan, is the event


def test_a_plan_no_later_sentence_names_stays_an_event() -> None:
    plan = _candidate("Clean Ports Strategy", "strategy", 0, shift_type="new_commitment")
    fee = _candidate("berth fees", "fee", 90, shift_type="hardening", sentence="Berth fees double in 2027.")
    assert len(merge([plan, fee])) == 2


def test_one_move_told_twice_in_other_words_is_one_event() -> None:
    # 'raised the energy levy to 2 cedis a litre from 1' ... 'the pump charge, to 2 cedis from 1'
    move = QuantityFound(1.0, 2.0, "cedis per litre")
    levy = _candidate("energy levy on petrol", "levy", 0, shift_type="numeric_change", quantity=move)
    charge = _candidate("pump charge", "charge", 90, shift_type="numeric_change", quantity=move)
    assert len(merge([levy, charge])) == 1
    other = QuantityFound(1.0, 3.0, "cedis per litre")
    diesel = _candidate("pump charge", "charge", 90, shift_type="numeric_change", quantity=other)
    assert len(merge([levy, diesel])) == 2


def test_a_change_told_again_through_a_pointing_noun_is_one_event() -> None:
    # 'Norway is scrapping its road toll law' ... 'the measures will be axed before March'
    law = _candidate("road toll law", "law", 0)
    again = _candidate("measures", "measure", 90)
    other = _candidate("measures", "measure", 90, shift_type="hardening")
    assert len(merge([law, again])) == 1
    assert len(merge([law, other])) == 2  # told as another kind of change: another event
    plan = _candidate("plan", "plan", 0)
    toll = _candidate("road toll law", "law", 90)
    assert len(merge([plan, toll])) == 2  # a pointing noun told first points at nothing yet


def test_a_headline_copied_into_the_text_joins_the_change_the_story_tells() -> None:
    title = "Norway halts arms exports to Israel"
    headline = _candidate("arms exports to Israel", "export", 0, sentence=f"WORLD | {title}")
    story = _candidate(
        "exports of military equipment",
        "export",
        60,
        sentence="Norway will stop approving exports of military equipment to Israel, the premier said.",
    )
    [event] = assemble([headline, story], ArticleContext(), ArticleRef(id="a", title=title))
    assert event.evidence.start == 60 and [e.start for e in event.extra_evidence] == [0]
    [alone] = assemble([headline], ArticleContext(), ArticleRef(id="a", title=title))
    assert alone.evidence.start == 0  # nothing tells it again: the headline is the event


def test_pronoun_resolves_to_nearest_official_named_before_it() -> None:
    context = ArticleContext(mentions=[Mention(10, ACME), Mention(40, PM), Mention(300, ACME)])
    assert context.resolve("he", 200) == PM
    assert context.resolve("company", 200) == ACME


def test_it_without_a_company_named_before_is_the_articles_main_actor() -> None:
    # 'It withdraws the United States from...' (an order just signed): the article says who acts;
    # a past-tense 'it' (an old policy telling what it did) is dropped by the shift finder
    context = ArticleContext(mentions=[Mention(40, PM)])
    assert context.resolve("it", 200) == PM
    assert context.resolve("", 200) == PM
    assert ArticleContext(mentions=[]).resolve("it", 200) is None


def test_unresolved_generic_actor_falls_back_to_its_own_words() -> None:
    candidate = _candidate(
        "trial", "trial", 0, actor=None, actor_text="councillors", actor_fallback="councillors"
    )
    [shift] = assemble([candidate], ArticleContext(), ArticleRef(id="a"))
    assert shift.actor == "councillors"


def test_change_dated_before_the_latest_year_in_the_story_is_background() -> None:
    candidate = _candidate("exploration ban", "ban", 0, year=2018)
    assert assemble([candidate], ArticleContext(latest_year=2024), ArticleRef(id="a")) == []


def test_change_told_in_past_weeks_before_publication_is_background() -> None:
    published = datetime(2025, 6, 20, tzinfo=UTC)
    may = _candidate("bank rate", "rate", 0, month=(5, None))  # 'The bank cut its rate in May'
    april_3 = _candidate("power tariff", "tariff", 40, month=(4, 3))  # 'raised the tariff on April 3'
    december = _candidate("fuel levy", "levy", 80, month=(12, None))  # last December, no year
    article = ArticleRef(id="a", published_at=published)
    assert assemble([may, april_3, december], ArticleContext(), article) == []


def test_change_dated_days_before_publication_or_undated_is_the_news() -> None:
    published = datetime(2025, 6, 20, tzinfo=UTC)
    june = _candidate("bank rate", "rate", 0, month=(6, None))  # 'cut its rate in June'
    june_12 = _candidate("power tariff", "tariff", 40, month=(6, 12))
    undated = _candidate("fuel levy", "levy", 80)
    article = ArticleRef(id="a", published_at=published)
    events = assemble([june, june_12, undated], ArticleContext(), article)
    assert [e.topic for e in events] == ["bank rate", "power tariff", "fuel levy"]
    may = _candidate("bank rate", "rate", 0, month=(5, None))
    [kept] = assemble([may], ArticleContext(), ArticleRef(id="a"))
    assert kept.topic == "bank rate"  # no publication date: nothing to date against


def test_change_whose_sentence_names_only_old_dates_is_background() -> None:
    published = datetime(2024, 5, 20, tzinfo=UTC)
    recalled = _candidate(
        "fuel levy", "levy", 0, sentence="The law signed on February 26 doubled the fuel levy to 16%."
    )
    news = _candidate("power tariff", "tariff", 80, sentence="The regulator cut the power tariff on Friday.")
    article = ArticleRef(id="a", published_at=published)
    assert [e.topic for e in assemble([recalled, news], ArticleContext(), article)] == ["power tariff"]


def test_current_value_stated_elsewhere_fills_the_from_value() -> None:
    found = with_prior_value(QuantityFound(None, 2.5, "% of GDP"), "Spending is currently 2.3% of GDP.")
    assert found.from_ == 2.3


def test_from_to_sentence_about_the_instrument_supplies_the_quantity() -> None:
    text = "The levy was delayed. The levy was originally due in 2026 but will now start in 2028."
    found = quantity_about("levy", text)
    assert found is not None and (found.from_, found.to) == (2026.0, 2028.0)


def test_calibration_is_monotonic_and_maps_strong_scores_above_point_eight() -> None:
    values = [confidence for _, confidence in CALIBRATION]
    assert values == sorted(values, reverse=True)
    assert calibrate(0.75) >= 0.8 > calibrate(0.65)


LEDE = "Subscribers in the U.S. will no longer share their logins freely."
FEE = "Anyone sharing a login outside the home will pay an extra $5 a month for each viewer."


def test_amount_told_two_sentences_away_about_the_same_activity_is_the_quantity() -> None:
    text = f"{LEDE}\n\nThe service began its crackdown on Tuesday.\n\n{FEE}"
    found = quantity_nearby(text, 0, len(LEDE), {"share", "login"})
    assert found is not None and (found.from_, found.to, found.unit) == (None, 5.0, "dollars per month")


def test_amount_in_a_neighbouring_sentence_about_something_else_is_not_borrowed() -> None:
    text = f"{LEDE} The firm also spent $40 million on new studios this year."
    assert quantity_nearby(text, 0, len(LEDE), {"share", "login"}) is None


def test_vague_change_takes_the_from_to_of_its_own_paragraph() -> None:
    quote = (
        '"One percent is not enough. The president has called for three percent of GDP, and I agree. '
        'We will no longer accept a lopsided partnership," the minister said.'
    )
    start = quote.index("We will")
    candidate = _candidate(
        "lopsided partnership", "partnership", start, sentence=quote[start:], predicate="accept"
    )
    candidate.end = len(quote)
    context = ArticleContext(text=quote)
    [shift] = assemble([candidate], context, ArticleRef(id="a"))
    assert shift.shift_type == "numeric_change"
    assert shift.quantity is not None and (shift.quantity.from_, shift.quantity.to) == (1.0, 3.0)


def test_scrapped_instrument_does_not_borrow_a_neighbouring_amount() -> None:
    text = "Oslo scrapped its plastic levy. It will spend $30 million on recycling instead."
    candidate = _candidate(
        "plastic levy", "levy", 0, features={"policy_noun": 1.0}, scope=frozenset({"levy"})
    )
    candidate.end = text.index(".") + 1
    [shift] = assemble([candidate], ArticleContext(text=text), ArticleRef(id="a"))
    assert (shift.shift_type, shift.quantity) == ("reversal", None)


def test_sentences_do_not_end_after_initials_and_paragraphs_are_counted() -> None:
    text = "U.S. officials met Mr. Smith. They agreed.\nA new line starts here."
    spans = [(text[s.start : s.end], s.paragraph) for s in split_sentences(text)]
    assert spans == [
        ("U.S. officials met Mr. Smith.", 0),
        ("They agreed.", 0),
        ("A new line starts here.", 1),
    ]


def test_one_change_told_in_other_words_with_the_same_value_is_one_event() -> None:
    two_pct = QuantityFound(from_=None, to=2.0, unit="% of GDP")
    lede = _candidate("security spending", "spending", 0, shift_type="numeric_change", quantity=two_pct)
    later = _candidate("defence spending", "spending", 300, shift_type="numeric_change", quantity=two_pct)
    assert len(merge([lede, later])) == 1


def test_one_word_spelt_two_ways_in_two_topics_is_one_event() -> None:
    lede = _candidate("Palestinian state", "state", 0, shift_type="new_commitment")
    later = _candidate("Palestine state", "state", 300, shift_type="new_commitment")
    assert len(merge([lede, later])) == 1


def test_same_kind_of_instrument_with_different_values_stays_separate() -> None:
    petrol = _candidate(
        "price of petrol", "price", 0, quantity=QuantityFound(from_=17.25, to=19.25, unit="pounds")
    )
    diesel = _candidate(
        "price of diesel", "price", 300, quantity=QuantityFound(from_=15.5, to=17.5, unit="pounds")
    )
    assert len(merge([petrol, diesel])) == 2


def test_a_participle_telling_what_the_change_undoes_is_the_same_event() -> None:
    # 'The airline will charge for seat choice, scrapping its free-seating rule.'
    charge = _candidate("seat choice", "choice", 0, actor=ACME, shift_type="hardening", predicate="charge")
    scrap = _candidate("free-seating rule", "rule", 0, actor=ACME, participle=True)
    [shift] = assemble([charge, scrap], ArticleContext(), ArticleRef(id="a"))
    assert shift.topic == "free-seating rule"
    assert shift.shift_type == "reversal"


def test_two_changes_of_one_sentence_without_a_participle_stay_two_events() -> None:
    # 'Acme will charge for seat choice and scrap its free-seating rule.'
    charge = _candidate("seat choice", "choice", 0, actor=ACME, shift_type="hardening", predicate="charge")
    scrap = _candidate("free-seating rule", "rule", 0, actor=ACME)
    assert len(merge([charge, scrap])) == 2


def test_a_lead_naming_an_instrument_only_by_its_size_joins_its_detailed_retelling() -> None:
    # 'Canada agreed to cut the steep tariffs...' then 'Ottawa will lower its duties on steel
    # imports from 25% to 10%.'
    lead = _candidate("steep tariffs", "tariff", 0, shift_type="softening", predicate="cut")
    detail = _candidate(
        "duties on steel imports",
        "duty",
        100,
        shift_type="numeric_change",
        predicate="lower",
        quantity=QuantityFound(from_=25.0, to=10.0, unit="%", pattern="from_to"),
    )
    [shift] = assemble([lead, detail], ArticleContext(), ArticleRef(id="a"))
    assert shift.topic == "duties on steel imports"
    assert [e.start for e in shift.extra_evidence] == [0]


def test_a_size_word_does_not_join_instruments_on_different_goods() -> None:
    steel = _candidate("steep tariffs on steel", "tariff", 0)
    cars = _candidate("steep tariffs on cars", "tariff", 100)
    assert len(merge([steel, cars])) == 2


def test_a_framework_undone_and_the_setting_it_holds_undone_are_one_event() -> None:
    # 'The bank will abandon its price-cap framework.' ... 'It will no longer set a cap on bread prices.'
    frame = _candidate("price-cap framework", "framework", 0, shift_type="withdrawal", predicate="abandon")
    cap = _candidate("cap on bread prices", "cap", 100, predicate="set")
    [shift] = assemble([frame, cap], ArticleContext(), ArticleRef(id="a"))
    assert [e.start for e in shift.extra_evidence] == [100]


def test_a_framework_and_an_unrelated_setting_stay_two_events() -> None:
    frame = _candidate("price-cap framework", "framework", 0, shift_type="withdrawal", predicate="abandon")
    quota = _candidate("quota on wheat exports", "quota", 100, predicate="scrap")
    assert len(merge([frame, quota])) == 2


def test_instruments_sharing_only_a_country_name_stay_separate() -> None:
    oil = _candidate("tariffs on Canadian canola oil", "tariff", 0)
    pork = _candidate("tariffs on Canadian pork", "tariff", 100)
    assert len(merge([oil, pork])) == 2


def test_a_country_wide_instrument_joins_its_detailed_good() -> None:
    goods = _candidate("tariffs on Canadian goods", "tariff", 0)
    pork = _candidate("tariffs on Canadian pork", "tariff", 100)
    assert len(merge([goods, pork])) == 1


def test_licences_told_again_as_permits_are_one_event() -> None:
    first = _candidate("licences for short-term rental flats", "licence", 0)
    second = _candidate("permits", "permit", 100)
    [shift] = assemble([first, second], ArticleContext(), ArticleRef(id="a"))
    assert shift.topic == "licences for short-term rental flats"


def test_a_lenders_loan_told_again_as_a_facility_is_one_event() -> None:
    lender = ActorRef("International Monetary Fund", "international_org")
    first = _candidate("three-year loan", "loan", 0, lender, shift_type="new_commitment")
    second = _candidate("Extended Fund Facility", "facility", 100, lender, shift_type="new_commitment")
    assert len(assemble([first, second], ArticleContext(), ArticleRef(id="a"))) == 1


def test_a_price_rise_told_first_without_a_value_joins_the_plan_price_that_follows() -> None:
    # 'Spotify will raise its subscription prices next month.' then 'The Duo plan goes to
    # $16.99 a month from $14.99.'
    vague = _candidate(
        "subscription prices", "price", 0, actor=ACME, shift_type="hardening", predicate="raise"
    )
    detail = _candidate(
        "Duo plan",
        "plan",
        60,
        actor=ACME,
        shift_type="numeric_change",
        predicate="go",
        quantity=QuantityFound(from_=14.99, to=16.99, unit="dollars per month", pattern="to_from"),
    )
    [shift] = assemble([vague, detail], ArticleContext(), ArticleRef(id="a"))
    assert shift.topic == "Duo plan"
    assert [e.start for e in shift.extra_evidence] == [0]


def test_a_price_rise_and_a_fee_cut_of_one_company_stay_two_events() -> None:
    # 'Acme raised its ticket prices.' then 'Its booking fee falls to $2 from $5.': the other way
    rise = _candidate("ticket prices", "price", 0, actor=ACME, shift_type="hardening", predicate="raise")
    cut = _candidate(
        "booking fee",
        "fee",
        40,
        actor=ACME,
        shift_type="numeric_change",
        predicate="fall",
        quantity=QuantityFound(from_=5.0, to=2.0, unit="dollars", pattern="to_from"),
    )
    assert len(merge([rise, cut])) == 2


def test_a_price_rise_far_from_a_priced_change_stays_its_own_event() -> None:
    vague = _candidate("fuel prices", "price", 0, shift_type="hardening", predicate="raise")
    bread = _candidate(
        "subsidised bread",
        "bread",
        900,
        shift_type="numeric_change",
        predicate="raise",
        quantity=QuantityFound(from_=0.05, to=0.2, unit="dollars", pattern="to_from"),
    )
    assert len(merge([vague, bread])) == 2


def test_a_change_sized_by_the_same_proportion_joins_the_change_it_follows() -> None:
    salary = _candidate(
        "minimum salary of teachers",
        "salary",
        0,
        shift_type="numeric_change",
        predicate="raise",
        quantity=QuantityFound(from_=400.0, to=480.0, unit="euros", pattern="to_from"),
    )
    grants = _candidate(
        "grants",
        "grant",
        200,
        shift_type="softening",
        predicate="rise",
        sentence="Student grants, which are indexed to the teachers' salary, go up by the same percentage.",
    )
    [shift] = assemble([salary, grants], ArticleContext(), ArticleRef(id="a"))
    assert shift.topic == "minimum salary of teachers"
    assert [e.start for e in shift.extra_evidence] == [200]


def test_a_same_size_change_joins_the_change_it_is_tied_to_not_the_nearest() -> None:
    salary = _candidate(
        "teachers' salary",
        "salary",
        0,
        shift_type="numeric_change",
        quantity=QuantityFound(from_=400.0, to=480.0, unit="euros", pattern="to_from"),
    )
    fuel = _candidate(
        "diesel duty",
        "duty",
        100,
        shift_type="numeric_change",
        quantity=QuantityFound(from_=0.3, to=0.35, unit="euros per litre", pattern="to_from"),
    )
    grants = _candidate(
        "grants",
        "grant",
        200,
        shift_type="softening",
        sentence="Grants pegged to the teachers' salary rise at the same rate.",
    )
    groups = merge([salary, fuel, grants])
    assert [[c.start for c in g] for g in groups] == [[0, 200], [100]]


def test_a_second_change_without_same_size_words_stays_its_own_event() -> None:
    salary = _candidate(
        "teachers' salary",
        "salary",
        0,
        shift_type="numeric_change",
        quantity=QuantityFound(from_=400.0, to=480.0, unit="euros", pattern="to_from"),
    )
    grants = _candidate(
        "grants",
        "grant",
        200,
        shift_type="softening",
        sentence="Grants pegged to the teachers' salary will be paid monthly instead of yearly.",
    )
    assert len(merge([salary, grants])) == 2


def test_a_halt_told_again_as_a_pause_of_the_programme_is_one_event() -> None:
    # 'The mayor ordered a halt to the planned road charge for lorries.' ... later 'She told the
    # agency to pause the programme until the spring.'
    halt = _candidate("planned road charge for lorries", "charge", 0, predicate="halt")
    pause = _candidate("programme", "programme", 400, shift_type="softening", predicate="pause")
    [shift] = assemble([halt, pause], ArticleContext(), ArticleRef(id="a"))
    assert shift.topic == "planned road charge for lorries"
    assert [e.start for e in shift.extra_evidence] == [400]


def test_a_halt_and_an_easing_of_the_programme_stay_two_events() -> None:
    # 'The city halted the road charge.' ... 'It will also relax the programme's rules for taxis.'
    halt = _candidate("road charge", "charge", 0, predicate="halt")
    ease = _candidate("programme", "programme", 400, shift_type="softening", predicate="relax")
    assert len(merge([halt, ease])) == 2


def test_a_pause_of_a_named_programme_after_a_halt_stays_its_own_event() -> None:
    halt = _candidate("road charge", "charge", 0, predicate="halt")
    pause = _candidate("school meals programme", "programme", 400, shift_type="softening", predicate="pause")
    assert len(merge([halt, pause])) == 2


def test_each_change_listed_in_one_sentence_keeps_its_own_values() -> None:
    text = "The price of 91-octane gasoline rises to 14.5 pesos from 13, 97-octane to 16 pesos from 15."
    cheap = _candidate(
        "price of 91-octane gasoline",
        "price",
        0,
        shift_type="numeric_change",
        predicate="rise",
        sentence=text,
        end=len(text),
        quantity=QuantityFound(from_=13.0, to=14.5, unit="pesos", pattern="to_from"),
    )
    dear = replace(
        cheap, topic="97-octane", quantity=QuantityFound(from_=15.0, to=16.0, unit="pesos", pattern="to_from")
    )
    events = assemble([cheap, dear], ArticleContext(text=text), ArticleRef(id="a"))
    assert [(e.topic, e.quantity.from_, e.quantity.to) for e in events if e.quantity] == [
        ("price of 91-octane gasoline", 13.0, 14.5),
        ("97-octane", 15.0, 16.0),
    ]
