"""The query language: what parses, what it means, and the errors it gives (with positions)."""

from __future__ import annotations

import random

import pytest
from pydantic import ValidationError

from services.alert.matching import QuerySyntaxError, RuleFilter, format_query, parse_query


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("tariff", "tariff"),
        ("Tariffs", "tariff"),
        ("tariff steel", "(tariff AND steel)"),
        ("tariff and steel", "(tariff AND steel)"),
        ("tariff OR quota", "(tariff OR quota)"),
        ("a OR b c", "(a OR (b AND c))"),
        ("NOT exemption", "NOT exemption"),
        ("tariff -exemption", "(tariff AND NOT exemption)"),
        ('"rare earths" OR lithium', '("rare earth" OR lithium)'),
        (
            "tariff AND (steel OR aluminium) NOT exemption",
            "(tariff AND (steel OR aluminium) AND NOT exemption)",
        ),
        ("anti-dumping", '"anti dumping"'),
        ('tariff -"rare earths"', '(tariff AND NOT "rare earth")'),
        ("x -(a OR b)", "(x AND NOT (a OR b))"),
        ("NOT NOT x", "NOT NOT x"),
    ],
)
def test_parses_to_the_expected_tree(query: str, canonical: str) -> None:
    assert format_query(parse_query(query)) == canonical


@pytest.mark.parametrize(
    ("query", "message", "position"),
    [
        ("tariff AND (steel", "unclosed parenthesis", 11),
        ("tariff) OR steel", "unmatched closing parenthesis", 6),
        ("((tariff) AND steel", "unclosed parenthesis", 0),
        ("a AND (b OR (c)", "unclosed parenthesis", 6),
        ("(a) OR b)", "unmatched closing parenthesis", 8),
        ("NOT", "NOT needs an operand", 3),
        ("tariff AND", "AND needs an operand", 10),
        ("AND tariff", "AND needs an operand", 0),
        ("a OR OR b", "OR needs an operand", 5),
        ("steel AND NOT )", "NOT needs an operand", 14),
        ('tariff "rare earths', "unterminated quote", 7),
        ('tariff ""', "empty phrase", 7),
        ("tariff ()", "empty parentheses", 7),
        ("tariff &&", "term has no letters or digits", 7),
        ("   ", "empty query", 0),
        ("(" * 40 + "x" + ")" * 40, "query nests deeper than 32 levels", 32),
    ],
)
def test_rejects_malformed_query_saying_what_and_where(query: str, message: str, position: int) -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        parse_query(query)
    assert (raised.value.message, raised.value.position) == (message, position)
    assert str(raised.value) == f"{message} at position {position}"


def test_rule_filter_reports_query_error_on_the_query_field() -> None:
    with pytest.raises(ValidationError) as raised:
        RuleFilter(query="tariff AND (steel OR aluminium")
    [error] = raised.value.errors()
    assert error["loc"] == ("query",)
    assert error["msg"] == "unclosed parenthesis at position 11"
    assert error["ctx"] == {"message": "unclosed parenthesis", "position": 11}


def test_rule_filter_treats_blank_query_as_no_query() -> None:
    assert RuleFilter(query="  ").query is None


@pytest.mark.parametrize(
    "fields",
    [
        {"min_confidence": 1.5},
        {"min_sources": 0},
        {"actors": [" "]},
        {"topics": ["--"]},
        {"shift_types": ["x"]},
    ],
)
def test_rule_filter_rejects_invalid_fields(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        RuleFilter.model_validate(fields)


def test_rule_filter_rejects_unknown_fields() -> None:
    with pytest.raises(ValidationError):
        RuleFilter.model_validate({"actor": ["France"]})


def test_any_input_parses_or_fails_with_a_positioned_syntax_error() -> None:
    pieces = ["tariff", "steel", "AND", "OR", "NOT", "-", "(", ")", '"', " ", "x", "&", "é", "-y", '"a b"']
    chooser = random.Random(5)
    for _ in range(3000):
        text = "".join(chooser.choice(pieces) for _ in range(chooser.randint(0, 12)))
        try:
            parse_query(text)
        except QuerySyntaxError as error:
            assert 0 <= error.position <= len(text), text


def test_formatted_query_parses_to_the_same_query() -> None:
    for text in ["tariff steel OR quota -exemption", '(a OR "b c") NOT (d e)', "NOT NOT x"]:
        canonical = format_query(parse_query(text))
        assert format_query(parse_query(canonical)) == canonical
