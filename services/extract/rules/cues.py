"""Cue patterns for the cheap pre-filter: surface forms of change words, on tokenizer output.

The pre-filter runs before tagging, so it cannot use lemmas: it matches inflected forms.
"""

from __future__ import annotations

from services.extract.rules.frames import (
    CHARGEABLE,
    CLOSABLE,
    DECLARABLE,
    EASING_WHEN_EXTENDED,
    LAWFUL_WORDS,
    OFFENCE_WORDS,
    OPENABLE,
    SETTABLE,
    TIGHTENING_WHEN_EXTENDED,
)
from services.extract.rules.lexicon import (
    ADMINISTERED,
    GIVING,
    LEAVABLE,
    PHRASAL,
    POLICY_NOUNS,
    RESETTING_CUES,
    SHIFT_HINTS,
)

_IRREGULAR = {
    "cut": ["cut", "cuts", "cutting"],
    "set": ["set", "sets", "setting"],
    "quit": ["quit", "quits", "quitting"],
    "leave": ["leave", "leaves", "leaving", "left"],
    "rise": ["rise", "rises", "rising", "rose", "risen"],
    "withdraw": ["withdraw", "withdraws", "withdrawing", "withdrew", "withdrawn"],
    "undo": ["undo", "undoes", "undoing", "undid", "undone"],
    "give": ["give", "gives", "giving", "gave", "given"],
    "go": ["go", "goes", "going", "went", "gone"],
    "tear": ["tear", "tears", "tearing", "tore", "torn"],
    "put": ["put", "puts", "putting"],
    "do": ["do", "does", "doing", "did", "done"],
    "shut": ["shut", "shuts", "shutting"],
    "bring": ["bring", "brings", "bringing", "brought"],
    "forbid": ["forbid", "forbids", "forbidding", "forbade", "forbidden"],
    "make": ["make", "makes", "making", "made"],
    "pay": ["pay", "pays", "paying", "paid"],
    "freeze": ["freeze", "freezes", "freezing", "froze", "frozen"],
}
# Verbs that change a policy only in a frame (`rules/frames.py`): 'will not proceed with'; and
# 'set a target', 'declare an emergency', cues only with their object a few words on.
FRAME_VERBS = ("proceed",)
_PAID = frozenset({"$", "£", "€", "¥", "fee", "levy", "toll", "charge", "surcharge"})
_FRAMED_OBJECTS = {
    "set": SETTABLE,
    "declare": DECLARABLE,
    "charge": CHARGEABLE,
    "levy": CHARGEABLE,
    "apply": CHARGEABLE,
    "extend": TIGHTENING_WHEN_EXTENDED | EASING_WHEN_EXTENDED,
    "allow": frozenset({"not", "longer", "to"}),
    "permit": frozenset({"not", "longer", "to"}),
    "pay": _PAID,
    "suspend": frozenset({"from"}),  # 'suspended Madagascar from all its organs'
    "make": frozenset({"mandatory", "compulsory", "obligatory", "free"}),  # 'made masks mandatory'
    "close": CLOSABLE,
    "shut": CLOSABLE,
    "reopen": CLOSABLE,
    "open": OPENABLE,
}
FRAME_WINDOW = 5


def framed_cues() -> dict[str, set[str]]:
    """Verb form -> the object forms that make it a cue within FRAME_WINDOW words: 'set' -> 'target'."""
    out: dict[str, set[str]] = {}
    for verb, objects in _FRAMED_OBJECTS.items():
        forms = {form for noun in objects for form in (noun, noun + "s")}
        for verb_form in inflections(verb):
            out[verb_form] = forms
    return out


def inflections(lemma: str) -> list[str]:
    """Surface forms of a verb or noun lemma: 'scrap' -> ['scrap', 'scraps', 'scrapped', ...]."""
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    if " " in lemma or "-" in lemma:
        return [lemma]
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma, lemma + "s", stem + "ed", stem + "ing", lemma + "d"}
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    if lemma.endswith(("sh", "ch", "x", "s")):
        forms.add(lemma + "es")
    return sorted(forms)


def cue_words() -> set[str]:
    """Every surface form that may start a shift: 'rescinded', 'suspension', 'rolling'..."""
    words: set[str] = set()
    for lemma in (*SHIFT_HINTS, *RESETTING_CUES, *FRAME_VERBS):
        words.update(inflections(lemma))
    return words


def lowercase_cue_words() -> set[str]:
    """Change words that count only as written in lower case: 'will reserve a lane' is a cue, the
    'Federal Reserve' is a name (and every sentence about it would go to the parser)."""
    return {form for lemma in GIVING for form in inflections(lemma)}


AMOUNT_MARKS = {"%", "percent", "per", "pc", "bps", "basis", "dollars", "euros", "pounds", "yen", "yuan"}
# Currencies of the stories from five continents: '6,800 rupiah', '617 naira', '1.99 ringgit'.
AMOUNT_MARKS |= {
    *("rupiah", "rupee", "rupees", "naira", "peso", "pesos", "rand", "lira", "ringgit", "won", "baht"),
    *("shilling", "shillings", "franc", "francs", "kronor", "krona", "kroner", "krone", "riyal", "riyals"),
    *(
        "dirham",
        "dirhams",
        "cedi",
        "cedis",
        "kwacha",
        "birr",
        "taka",
        "dong",
        "real",
        "reais",
        "rubles",
        "roubles",
    ),
}


def cue_pairs() -> list[tuple[set[str], str]]:
    """Two-word cues: 'no longer', 'rolled back', 'pulling out', 'go ahead', 'make it (illegal)'."""
    pairs: list[tuple[set[str], str]] = [
        ({"no"}, "longer"),
        (set(inflections("go")), "ahead"),
        (set(inflections("make")), "it"),
    ]
    for verb, particle in PHRASAL:
        pairs.append((set(inflections(verb)), particle))
    stopping = set(inflections("stop")) | set(inflections("cease"))
    pairs.extend((stopping, form) for form in ADMINISTERING_FORMS)
    return pairs


# 'will stop approving new mines', 'stopped accepting applications': an authority's practice ended.
ADMINISTERING_FORMS = (
    *("approving", "issuing", "accepting", "granting", "processing", "renewing", "licensing", "admitting"),
)


def carrying_pairs() -> list[tuple[set[str], str]]:
    """Two-word cues that name their own instrument: 'no longer', 'phase out', 'phase in', 'roll out',
    'stop approving'."""
    stopping = set(inflections("stop")) | set(inflections("cease"))
    return [
        ({"no"}, "longer"),
        (set(inflections("phase")), "out"),
        (set(inflections("phase")), "in"),
        (set(inflections("roll")), "out"),
        *((stopping, form) for form in ADMINISTERING_FORMS),
    ]


INSTRUMENT_VERBS = ("ban", "outlaw", "prohibit", "mandate", "cap", "recognise", "recognize")
# Verbs whose base form is no noun: 'will recognise' carries its instrument as written.
_VERB_ONLY = ("outlaw", "prohibit", "recognise", "recognize")


def instrument_verb_forms() -> set[str]:
    """Verb forms that carry their instrument: 'banned', 'outlawing' (a ban is the policy)."""
    return {
        form for verb in INSTRUMENT_VERBS for form in inflections(verb) if form != verb or verb in _VERB_ONLY
    }


def price_words() -> set[str]:
    """'price', 'prices', 'fares': instruments only as the object of a change ('cut fuel prices')."""
    return {form for noun in ADMINISTERED for form in (noun, noun + "s")}


def policy_words() -> set[str]:
    """Surface forms of policy instruments: 'tariff', 'tariffs', 'subsidies'..., and the words that
    make an act (un)lawful ('an offence', 'illegal') and the bodies an actor leaves ('the bloc')."""
    words: set[str] = set(OFFENCE_WORDS | LAWFUL_WORDS)
    for noun in POLICY_NOUNS | LEAVABLE:
        words.update({noun, noun + "s", noun + "es"})
        if noun.endswith("y"):
            words.add(noun[:-1] + "ies")
    return words
