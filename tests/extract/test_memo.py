"""`per_text` caches a pure text reader without letting callers share results
(services/extract/memo.py), and the quantity readers it wraps answer as before."""

from __future__ import annotations

from services.extract.memo import forget_texts, per_text
from services.extract.quantities import candidate_changes
from services.extract.quantity_context import split_sentences
from services.extract.quantity_numbers import find_numbers

# Written for these tests.
TEXT = "Norway raised its fuel duty from 4 to 5 crowns a litre.\nThe finance ministry said so on Monday."


def test_a_text_read_twice_is_read_once() -> None:
    reads: list[str] = []

    @per_text
    def words(text: str) -> list[str]:
        reads.append(text)
        return text.split()

    assert words("the duty rose") == ["the", "duty", "rose"]
    assert words("the duty rose") == ["the", "duty", "rose"]
    assert reads == ["the duty rose"]


def test_each_caller_gets_a_list_of_its_own() -> None:
    @per_text
    def words(text: str) -> list[str]:
        return text.split()

    first = words("a levy was cut")
    first.append("changed by the caller")
    first.sort()
    assert words("a levy was cut") == ["a", "levy", "was", "cut"]


def test_forgetting_makes_the_next_call_read_the_text_again() -> None:
    reads: list[str] = []

    @per_text
    def words(text: str) -> list[str]:
        reads.append(text)
        return text.split()

    words("a fee was scrapped")
    forget_texts()
    words("a fee was scrapped")
    assert reads == ["a fee was scrapped", "a fee was scrapped"]


def test_the_cached_quantity_readers_answer_the_same_every_time() -> None:
    forget_texts()
    first = ([(n.value, n.unit) for n in find_numbers(TEXT)], candidate_changes(TEXT), split_sentences(TEXT))
    again = ([(n.value, n.unit) for n in find_numbers(TEXT)], candidate_changes(TEXT), split_sentences(TEXT))
    assert first == again
    assert first[0] == [(4.0, ""), (5.0, "crowns per litre")]
    assert [(c.from_, c.to) for c in first[1]][:1] == [(4.0, 5.0)]
    assert [s.paragraph for s in first[2]] == [0, 1]
