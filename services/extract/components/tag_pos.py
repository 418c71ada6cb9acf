"""`policywatch_tag_pos`: coarse POS from the tagger's fine tags, by table lookup.

The model's attribute ruler does this with a Matcher over 179 patterns, which costs more than the
parser on short sentences. The fast path needs only the tag -> POS table (taken from the
ruler's own single-tag patterns), so it swaps the ruler for this lookup.

The same patterns give each tag its morphology (NN -> Number=Sing, VB -> VerbForm=Inf), which is
set too: the rule lemmatizer reads it to tell a base form from an inflected one, and without it
strips the final s of every singular noun and base-form verb ending in s ('bus' -> 'bu', 'status'
-> 'statu', 'discuss' -> 'discus', 'pass' -> 'pas'), so word lists keyed on lemmas missed them.
"""

from __future__ import annotations

from typing import Any

from spacy.attrs import MORPH, POS
from spacy.language import Language
from spacy.tokens import Doc

# Tags whose POS the ruler leaves to word-specific patterns.
_FALLBACK = {
    "VB": "VERB",
    "VBD": "VERB",
    "VBG": "VERB",
    "VBN": "VERB",
    "VBP": "VERB",
    "VBZ": "VERB",
    "MD": "AUX",
}


@Language.factory("policywatch_tag_pos")
def make_tag_pos(nlp: Language, name: str) -> TagToPos:
    table = dict(_FALLBACK)
    morphs: dict[str, str] = {}
    if "attribute_ruler" in nlp.component_names:
        ruler: Any = nlp.get_pipe("attribute_ruler")
        table.update(tag_pos_table(ruler.patterns))
        morphs = tag_morph_table(ruler.patterns)
    return TagToPos(nlp, table, morphs)


def tag_pos_table(patterns: list[dict[str, Any]]) -> dict[str, str]:
    """{'NNS': 'NOUN', ...} from the ruler's patterns that match on a single TAG."""
    table = {}
    for entry in patterns:
        pattern = entry["patterns"][0]
        if len(pattern) == 1 and set(pattern[0]) == {"TAG"} and "POS" in entry["attrs"]:
            tag = pattern[0]["TAG"]
            if isinstance(tag, str):
                table[tag] = entry["attrs"]["POS"]
    return table


def tag_morph_table(patterns: list[dict[str, Any]]) -> dict[str, str]:
    """{'NN': 'Number=Sing', 'VB': 'VerbForm=Inf', ...} from the same single-TAG patterns."""
    table = {}
    for entry in patterns:
        pattern = entry["patterns"][0]
        if len(pattern) == 1 and set(pattern[0]) == {"TAG"} and "MORPH" in entry["attrs"]:
            tag = pattern[0]["TAG"]
            if isinstance(tag, str):
                table[tag] = entry["attrs"]["MORPH"]
    return table


class TagToPos:
    """'rescinded'/VBN -> VERB (Aspect=Perf|Tense=Past|VerbForm=Part), 'tax'/NN -> NOUN (Number=Sing)."""

    def __init__(self, nlp: Language, table: dict[str, str], morphs: dict[str, str] | None = None) -> None:
        self.ids = {nlp.vocab.strings.add(tag): nlp.vocab.strings.add(pos) for tag, pos in table.items()}
        self.unknown = nlp.vocab.strings.add("X")
        morphology = nlp.vocab.morphology
        self.morphs = {nlp.vocab.strings.add(tag): morphology.add(m) for tag, m in (morphs or {}).items()}
        self.no_morph = morphology.add("")

    def __call__(self, doc: Doc) -> Doc:
        import numpy

        tags = [t.tag for t in doc]
        values = [(self.ids.get(tag, self.unknown), self.morphs.get(tag, self.no_morph)) for tag in tags]
        array = numpy.asarray(values, dtype="uint64").reshape(-1, 2)
        doc.from_array([POS, MORPH], array)  # type: ignore[arg-type]
        return doc
