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
