"""Wire-copy phrasings of numeric changes, written for these tests (no corpus text): each reads to
the old and new values a reader would give (None where the sentence does not state the old one)."""

from __future__ import annotations

import pytest

from services.extract.quantities import find_quantity_change, quantity_in_sentence

CASES = [
    (
        "The Reserve Bank raised its cash rate by 25 basis points to 4.35%, its highest in 12 years.",
        (4.1, 4.35),
    ),
    (
        "The government will raise the minimum wage to 1,500 pesos a day from 1,200 pesos from January.",
        (1200, 1500),
    ),
    ("It lowered the reserve requirement ratio by 50 basis points, to 9.5%.", (10, 9.5)),
    (
        "Officials voted 7-2 to cut rates by half a percentage point to a range of 4.75% to 5%.",
        ("5.25-5.5", "4.75-5"),
    ),
    ("The country will raise its retirement age to 67 from 65 by 2030.", (65, 67)),
    ("VAT will rise from 20% to 22.5% on January 1.", (20, 22.5)),
    ("Lawmakers approved a 10-percentage-point increase in the top tax rate, to 45%.", (35, 45)),
    ("The Fed cut rates by 50 basis points, bringing the target range to 4.75%-5%.", ("5.25-5.5", "4.75-5")),
    ("The quota was cut by 10,000 to 35,000.", (45000, 35000)),
    ("Ireland will increase its carbon tax to €56 a tonne from €48.50.", (48.5, 56)),
    ("The city will charge £15 a day, up from £12.50.", (12.5, 15)),
    (
        "Thailand cut its policy rate by a quarter point to 2.25%, the first reduction since 2020.",
        (2.5, 2.25),
    ),
    ("Turkey's central bank raised its one-week repo rate by 500 basis points to 50%.", (45, 50)),
    ("The bank raised its benchmark 10-year lending rate to 4.5% from 4.2%.", (4.2, 4.5)),
    ("The levy on sugary drinks will go up 5 pence to 29p a litre.", (24, 29)),
    ("Singapore will raise GST by one percentage point to 9% in 2024.", (8, 9)),
    (
        "The government cut fuel subsidies, raising the price of diesel by 40% to 9,000 rupiah a litre.",
        (None, 9000),
    ),
    (
        "Canada will cap international student permits at 437,000 in 2025, 10% lower than this year.",
        (None, 437000),
    ),
    ("Washington doubled tariffs on Chinese electric vehicles to 100%.", (50, 100)),
    ("The new rules cut the maximum working week from 44 hours to 40 hours.", (44, 40)),
    ("The ban, which had been due to start in 2030, will now come into force in 2035.", (2030, 2035)),
    ("The deadline was pushed back by two years to 2028.", (2026, 2028)),
    ("Brussels delayed the launch of the scheme by a year, to January 2027.", ("2026-01", "2027-01")),
    ("The policy rate now stands at 6.5% after a cut of 25 basis points.", (6.75, 6.5)),
    ("It cut the interest rate to minus 0.5% from minus 0.25%.", (-0.25, -0.5)),
    ("The bank cut its main rate for a third time this year, to 3 per cent from 3.25 per cent.", (3.25, 3)),
    ("Defence spending will rise to 3.5% of GDP by 2035, up from a target of 2%.", (2, 3.5)),
    ("The fee rises to ¥3,000 from ¥1,000 per visitor.", (1000, 3000)),
    ("South Africa will lift VAT by half a percentage point to 15.5% in May.", (15, 15.5)),
    ("The government increased the daily minimum wage to 400 baht, a rise of about 17%.", (None, 400)),
    ("Caps on rent increases will be lowered to 3% a year from 5%.", (5, 3)),
    ("Norway's central bank unexpectedly lowered its policy rate by a quarter point to 4.25%.", (4.5, 4.25)),
    (
        "The Bank of Korea cut its base rate by 25 bps to 3.25%, the first cut in more than three years.",
        (3.5, 3.25),
    ),
    ("The cabinet approved raising the pension age gradually to 67 from 65.", (65, 67)),
    ("Workers will now be entitled to 20 days of paid leave, up from 15.", (15, 20)),
    ("The tax on bank profits will rise from 25 per cent to 30 per cent next year.", (25, 30)),
    (
        "Chile will raise its minimum wage to 500,000 pesos a month by July 2024, up from 440,000 pesos.",
        (440000, 500000),
    ),
    (
        "The ministry said the export quota would be reduced to 1.5 million tonnes from 2 million tonnes.",
        (2, 1.5),
    ),
    ("The government will spend an extra 2 billion euros on defence next year.", (None, 2)),
    ("Mexico's central bank cut its key rate by half a percentage point to 9.5%.", (10, 9.5)),
    ("The levy will be increased by 2 percentage points to 12%, the finance ministry said.", (10, 12)),
    ("Copenhagen will raise the retirement age to 70 in 2040 from 69 in 2035.", (69, 70)),
    ("The company cut its quarterly dividend by 30% to 21 cents a share.", (30, 21)),
    ("It lowered the cap on annual rent rises from 7% to 5%.", (7, 5)),
    ("The pass will cost 63 euros a month from January, up from 58 euros.", (58, 63)),
    (
        "Nigeria's regulator raised the Band A tariff to 209.5 naira per kilowatt-hour from 225 naira.",
        (225, 209.5),
    ),
    ("The central bank raised its benchmark rate by 1,000 basis points to 30%.", (20, 30)),
    ("The new cap is 1,300 permits a year, half the previous level.", (2600, 1300)),
    ("Officials now project three quarter-point cuts in 2025, down from four.", (4, 3)),
    ("The duty-free allowance will be cut from $800 to $200.", (800, 200)),
    ("Visa fees for students will rise to A$2,000 from A$1,600 on July 1.", (1600, 2000)),
    ("The bank lifted its inflation target range to 2%-4% from 1%-3%.", ("1-3", "2-4")),
    ("Brazil's central bank raised the Selic by 100 basis points to 13.25%.", (12.25, 13.25)),
    ("The government trimmed its growth target to around 5% from 5.5%.", (5.5, 5)),
    (
        "The EU will phase out Russian gas imports by the end of 2027, a year earlier than planned.",
        ("2028-12", "2027-12"),
    ),
    ("The ban on new petrol cars was moved back to 2035 from 2030.", (2030, 2035)),
    ("The central bank raised rates by two percentage points to 17.5%.", (15.5, 17.5)),
    ("Kenya's Treasury raised excise duty on fuel to Sh21 a litre from Sh19.", (19, 21)),
    ("The cabinet approved a USD 5 billion stimulus package.", (None, 5)),
    ("Seoul will spend 2.5 trillion won on chip subsidies.", (None, 2.5)),
    ("The council doubled the tourist levy from €2 to €4 a night.", (2, 4)),
    ("The government lowered the voting age from 18 to 16.", (18, 16)),
    ("The EU agreed to cut emissions by at least 55% by 2030, compared with 1990 levels.", (None, 55)),
    (
        "Ottawa will cut its immigration target to 395,000 permanent residents in 2025, from 485,000.",
        (485000, 395000),
    ),
    ("The tax rate on the richest will rise to 45 per cent.", (None, 45)),
    ("Russia raised its key rate to 16% from 15% on Friday.", (15, 16)),
    ("The bank trimmed its one-year loan prime rate by 10 basis points to 3.35%.", (3.45, 3.35)),
    ("Fees will go up from $35 to $50 for a standard passport renewal.", (35, 50)),
    ("The state lowered the speed limit on motorways to 110 km/h from 130 km/h.", (130, 110)),
    ("Tariffs will rise from 10% to 25% on June 1 unless a deal is reached.", (10, 25)),
    ("The regulator capped interest rates on payday loans at 0.8% a day.", (None, 0.8)),
    (
        "The government will raise the income threshold for the top rate to £125,140 from £100,000.",
        (100000, 125140),
    ),
    ("The minimum wage rises 6.7% to £11.44 an hour.", (None, 11.44)),
    ("Pakistan raised petrol prices by Rs14.91 to Rs305.36 per litre.", (290.45, 305.36)),
    (
        "Thailand's cabinet approved a minimum daily wage of 400 baht nationwide, up from 330-370 baht.",
        ("330-370", 400),
    ),
    ("The tariff on Chinese EVs was quadrupled to 100%.", (25, 100)),
    ("Contributions rose to 6% of pensionable earnings up to 36,000 shillings.", (None, 6)),
]


def same(expected: object, got: object) -> bool:
    if expected is None:
        return True
    if got is None:
        return False
    try:
        return abs(float(expected) - float(got)) < 1e-6  # type: ignore[arg-type]
    except ValueError:
        return str(expected) == str(got)


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_reads_the_change_of_a_wire_sentence(text: str, expected: tuple[object, object]) -> None:
    found = quantity_in_sentence(text)
    assert found is not None, text
    assert same(expected[0], found.from_) and same(expected[1], found.to), (found.from_, found.to)


def test_a_rate_held_is_no_change() -> None:
    assert (
        find_quantity_change("The central bank kept its key rate at -0.1% but ended yield curve control.")
        is None
    )


def test_working_from_home_is_not_an_old_value() -> None:
    text = "Staff must be in the office at least three days a week and may work from home two days a week."
    found = find_quantity_change(text)
    assert found is None or found.from_ is None


def test_a_range_of_guidance_is_not_a_step() -> None:
    found = find_quantity_change("The group now sees sales rising 3.5% to 5.0% this year.")
    assert found is None or found.from_ is None
