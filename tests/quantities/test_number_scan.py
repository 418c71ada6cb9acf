"""`_after_than` looks only at the words just before a number, and answers as a search of the whole
text before it did (services/extract/quantity_numbers.py)."""

from __future__ import annotations

from services.extract.quantity_numbers import _ATOMS_RX, _after_than, find_numbers

# Written for this test: every position of each text is checked.
TEXTS = [
    "Fees rose to one euro rather than  one dollar, from\tone pound.",
    "The cap fell from\n\none to none; Otto one, proto one, than one.",
    "Rather than one, instead of one, more than one of them, to one.",
]


def test_answers_as_a_search_of_the_whole_prefix_at_every_position() -> None:
    for text in TEXTS:
        for start in range(len(text) + 1):
            assert _after_than(text, start) == (_ATOMS_RX.search(text[:start]) is not None), (text, start)


def test_one_after_than_is_a_value_and_one_of_is_not() -> None:
    assert [n.value for n in find_numbers("Households may own no more than one.")] == [1.0]
    assert [n.value for n in find_numbers("The quota went from one to three.")] == [1.0, 3.0]
    assert find_numbers("It was one of the last levies.") == []


def test_a_one_counts_only_when_it_counts_moves() -> None:
    assert [n.value for n in find_numbers("The board expects just one more hike this year.")] == [1.0]
    assert [n.value for n in find_numbers("It is one of the toughest rules in the region.")] == []
    long_text = "The council met, " * 3000 + "and it lowered its two key rates by 25 basis points."
    assert [n.value for n in find_numbers(long_text)] == [25.0]
