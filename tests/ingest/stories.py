"""Article texts written for the tests (never corpus text)."""

from __future__ import annotations

PETROL_BAN = (
    "The transport ministry said on Tuesday that it would delay the ban on new petrol cars by five years, "
    "moving the deadline from 2030 to 2035 after pressure from manufacturers and rural drivers. The minister "
    "told parliament that the original timetable had been too ambitious and that charging networks outside "
    "the big cities were not ready. Opposition parties called the decision a betrayal of the climate "
    "targets the government set only two years ago, while industry groups welcomed the extra time."
)

RATE_HOLD = (
    "The central bank kept its policy rate unchanged at four percent on Thursday and said it expected "
    "inflation to return to target next year. Officials noted that wage growth had slowed and that "
    "energy prices had fallen since the spring, but warned that services inflation remained sticky. "
    "Markets had priced in a small chance of a cut, and the currency rose slightly after the statement."
)

FUEL_DUTY = (
    "The transport ministry said on Tuesday that it would raise fuel duty by two pence a litre from April, "
    "the first increase in a decade, after pressure from the treasury to close a gap in the budget. The "
    "minister told parliament that the freeze had cost too much and that motorists outside the big cities "
    "would get a rebate. Opposition parties called the decision a tax on rural drivers, while green groups "
    "welcomed the change."
)
