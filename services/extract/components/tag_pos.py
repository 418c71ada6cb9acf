"""`policywatch_tag_pos`: coarse POS from the tagger's fine tags, by table lookup.

The model's attribute ruler does this with a Matcher over 179 patterns, which costs more than the
parser on short sentences. The fast path needs only the tag -> POS table (taken from the
ruler's own single-tag patterns), so it swaps the ruler for this lookup.
"""

from __future__ import annotations

from typing import Any

from spacy.attrs import POS
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
    if "attribute_ruler" in nlp.component_names:
        ruler: Any = nlp.get_pipe("attribute_ruler")
        table.update(tag_pos_table(ruler.patterns))
    return TagToPos(nlp, table)


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


class TagToPos:
    """'rescinded'/VBN -> VERB, 'tax'/NN -> NOUN."""

    def __init__(self, nlp: Language, table: dict[str, str]) -> None:
        self.ids = {nlp.vocab.strings.add(tag): nlp.vocab.strings.add(pos) for tag, pos in table.items()}
        self.unknown = nlp.vocab.strings.add("X")

    def __call__(self, doc: Doc) -> Doc:
        import numpy

        tags = [t.tag for t in doc]
        pos = numpy.asarray([self.ids.get(tag, self.unknown) for tag in tags], dtype="uint64").reshape(-1, 1)
        doc.from_array([POS], pos)  # type: ignore[arg-type]
        return doc
