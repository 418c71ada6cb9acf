"""The unit written around a number: currencies before or after it, scales, percents, points, periods.

Values follow the convention of the annotated articles (`../shared/corpus`, `corpus/*.jsonl`):
thousands are written out ('10k' -> 10000), millions and larger scales stay in the unit ('$40
million' -> 40 million dollars, '$1.2 trillion' -> 1.2 trillion dollars, '£2bn' -> 2 billion
pounds). (`corpus/sentences.jsonl`, training data only, mostly writes millions out.) Pure
functions, no spaCy.
"""

from __future__ import annotations

import re

__all__ = ["CURRENCY_PREFIX", "SCALE", "is_money", "scaled", "unit_after"]

# Symbols and codes written before the amount: '$', 'A$', 'NZ$', '€', '£', '¥', 'Rs 500', 'N617'
# (naira, as Nigerian papers write it), 'RM1.99', 'Rp 10,000'.
CURRENCY_PREFIX = (
    r"(?:US|A|AU|C|CA|NZ|HK|S|R|NT|Mex)\$|\$|€|£|¥|₹|₦|₱|₩|R\$|Rs\.?\s?|RM\s?|Rp\.?\s?|KSh\s?|Sh\s?|"
    r"N(?=\d)|R(?=\d)|GH¢\s?|GH₵\s?|₺|₵|Tk\.?\s?|Dh\s?(?=\d)|TSh\s?|USh\s?|E£|₨\s?|₴|zł\s?|"
    r"MK\s?(?=\d)|Br\s?(?=\d)|K(?=\d)|"
    r"(?:USD|EUR|GBP|JPY|CNY|INR|CAD|AUD|NZD|CHF|ZAR|NGN|KES|EGP|GHS|AED|SAR|PKR|BDT|TRY|PHP|IDR|MYR|"
    r"KRW|BRL|MXN|UAH|PLN)\s"
)
_SYMBOL_NAMES = {
    "€": "euros", "£": "pounds", "¥": "yen", "₹": "rupees", "rs": "rupees", "₦": "naira", "n": "naira",
    "r": "rand", "₱": "pesos", "₩": "won", "r$": "reais", "rm": "ringgit", "rp": "rupiah", "ksh": "shillings",
    "sh": "shillings", "eur": "euros", "gbp": "pounds", "jpy": "yen", "cny": "yuan", "inr": "rupees",
    "chf": "francs", "zar": "rand", "ngn": "naira", "kes": "shillings", "gh¢": "cedis", "gh₵": "cedis",
    "₵": "cedis", "₺": "lira", "tk": "taka", "dh": "dirhams", "egp": "pounds", "ghs": "cedis",
    "aed": "dirhams", "sar": "riyals", "pkr": "rupees", "bdt": "taka", "try": "lira", "php": "pesos",
    "idr": "rupiah", "myr": "ringgit", "krw": "won", "brl": "reais", "mxn": "pesos", "uah": "hryvnias",
    "pln": "zlotys", "tsh": "shillings", "ush": "shillings", "e£": "pounds", "₨": "rupees", "₴": "hryvnias",
    "zł": "zlotys", "mk": "kwacha", "br": "birr", "k": "kwacha",
}  # fmt: skip
_CURRENCY_NAMES = (
    r"dollars?|euros?|pounds?|yen|yuan|renminbi|rupees?|(?:(?i:cfa)\s+)?francs?|rupiah|naira|pesos?|reais|"
    r"real|won|kronor|krona|"
    r"kroner|crowns|francs?|zlotys?|zloty|dong|ringgit|rand|shillings?|cedis?|lira|liras|roubles?|rubles?|"
    r"baht|taka|lari|manats?|dinars?|piastres?|kopecks?|dirhams?|riyals?|rials?|hryvnias?|forints?|tenge|soles|leu|lei|kwacha|birr|pence|p(?=\W|$)|cents?|"
    r"USD|EUR|GBP|JPY|CNY|INR|CAD|AUD"
)
_CODE_NAMES = {"usd": "dollars", "cad": "dollars", "aud": "dollars", "eur": "euros", "gbp": "pounds",
               "jpy": "yen", "cny": "yuan", "inr": "rupees"}  # fmt: skip
SCALE = {
    "k": "thousand", "m": "million", "mn": "million", "mln": "million", "b": "billion", "bn": "billion",
    "bln": "billion",
    "tn": "trillion", "trn": "trillion", "thousand": "thousand", "million": "million", "billion": "billion",
    "trillion": "trillion", "crore": "crore", "crores": "crore", "lakh": "lakh", "lakhs": "lakh",
}  # fmt: skip
_WRITTEN_OUT = {"thousand": 1e3}
_SHARE_OF = (
    r"\s+of\s+(?:the\s+)?(?:its\s+)?(GDP|gross domestic product|national income|gross national income|"
    r"economic output|GNI)\b"
)
_PER = (
    r"\s*(?:a|an|per|each|every|/)\s*(month|year|week|day|hour|litre|liter|barrel|tonne|ton|"
    r"kilowatt-hour|kWh|unit|cylinder|person|head|night|kilo|kilogram|kg|loaf|pack|bag|share|gallon)\b"
)


def scaled(value: float, scale: str | None) -> tuple[float, str | None]:
    """Thousands written out, millions and larger scales kept for the unit.

    >>> scaled(15.0, "k"), scaled(2.0, "bn")
    ((15000.0, None), (2.0, 'billion'))
    """
    if not scale:
        return value, None
    name = SCALE[scale.lower()]
    if name in _WRITTEN_OUT:
        return round(value * _WRITTEN_OUT[name], 6), None
    return value, name


_IS_MONEY_RX = re.compile(
    rf"(?:(?:thousand|million|billion|trillion|crore|lakh)\s)?(?:{_CURRENCY_NAMES})\b",
)


def is_money(unit: str) -> bool:
    """'billion dollars', 'pounds per week', 'naira per litre' are money; '% tariff' is not."""
    return bool(_IS_MONEY_RX.match(unit))


_UNIT_AFTER_RX5 = re.compile(
    r"GNI|gross national",
)


_UNIT_AFTER_RX4 = re.compile(
    r"\s?(?:%|per\s?cent\b|percent\b|pct\b|pc\b)",
)


_UNIT_AFTER_RX3 = re.compile(
    r"\s?(?:metric\s+)?(?:tonnes|tons)\b",
)


_UNIT_AFTER_RX2 = re.compile(
    r"\s?(?:barrels\s+(?:a|per)\s+day|bpd|b/d)\b",
)


_UNIT_AFTER_RX = re.compile(
    rf"[\s-]?({_CURRENCY_NAMES})\b",
)


def unit_after(text: str, end: int, currency: str | None, scale: str | None) -> tuple[str, int]:
    """The unit written after a number ending at `end`, and where it ends.

    >>> unit_after("$3bn in aid", 3, "$", "billion")
    ('billion dollars', 3)
    >>> unit_after("5 percent of GDP", 1, None, None)
    ('% of GDP', 16)
    """
    rest = text[end:]
    name_after = _UNIT_AFTER_RX.match(rest)
    if currency or name_after:
        return _money(text, end, currency, scale, name_after)
    barrels = _UNIT_AFTER_RX2.match(rest)
    if barrels:
        return " ".join(filter(None, (scale, "barrels per day"))), end + barrels.end()
    tonnes = _UNIT_AFTER_RX3.match(rest)
    if tonnes:
        return " ".join(filter(None, (scale, "tonnes"))), end + tonnes.end()
    if scale:
        return scale, end
    pct = _UNIT_AFTER_RX4.match(rest)
    if pct:
        of = re.match(_SHARE_OF, rest[pct.end() :], re.IGNORECASE)
        if of:
            name = "% of GNI" if _UNIT_AFTER_RX5.match(of.group(1)) else "% of GDP"
            return name, end + pct.end() + of.end()
        return "%", end + pct.end()
    for pattern, unit in (
        (r"\s?-?(?:basis[\s-]points?|bps|bp)\b", "bp"),
        (r"\s?-?(?:percentage[\s-]points?|pp|ppts?|points?(?![\s-]+plan))\b", "pp"),
    ):
        m = re.match(pattern, rest)
        if m:
            return unit, end + m.end()
    return _period_or_measure(text, end)


def _money(
    text: str, end: int, currency: str | None, scale: str | None, name_after: re.Match[str] | None
) -> tuple[str, int]:
    if name_after:
        raw = name_after.group(1)
        name = _CODE_NAMES.get(raw.lower(), raw.lower())
        name = "pence" if name == "p" else name
        end += name_after.end()
    else:
        key = (currency or "").strip().lower().rstrip(".")
        name = _SYMBOL_NAMES.get(key, "dollars")
    unit = f"{scale} {name}" if scale else name
    per = re.match(_PER, text[end:])
    if per:
        noun = {"liter": "litre", "ton": "tonne", "kwh": "kWh"}.get(per.group(1).lower(), per.group(1))
        return f"{unit} per {noun}", end + per.end()
    return unit, end


_PERIOD_OR_MEASURE_RX2 = re.compile(
    r"\s?(km/h|kph|mph|kilometres|kilometers|km|GW|MW|gigawatts|megawatts|litres|liters)\b",
)


_PERIOD_OR_MEASURE_RX = re.compile(
    r"\s?-?(?:(?:academic|calendar|fiscal|financial|school|working|business|office)\s+)?"
    r"(days?|weeks?|months?|years?|hours?)(?:[\s-]+old)?(?:\s+(?:a|per|each)\s+(week|month|year|day))?\b",
)


def _period_or_measure(text: str, end: int) -> tuple[str, int]:
    m = _PERIOD_OR_MEASURE_RX.match(text[end:])
    if m:
        noun = m.group(1) if m.group(1).endswith("s") else m.group(1) + "s"
        return (f"{noun} per {m.group(2)}" if m.group(2) else noun), end + m.end()
    m = _PERIOD_OR_MEASURE_RX2.match(text[end:])
    if m:
        return m.group(1), end + m.end()
    return "", end
