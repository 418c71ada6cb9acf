"""The README stays true where it can be checked mechanically."""

from __future__ import annotations

import re

import pytest

from scripts.settings_table import README, with_table
from services.alert.matching.query import QuerySyntaxError, parse_query


def test_readme_settings_table_matches_the_settings_model() -> None:
    readme = README.read_text()
    assert readme == with_table(readme), "run: python scripts/settings_table.py --write"


def test_readme_names_the_two_commands() -> None:
    readme = README.read_text()
    assert "scripts/up --demo" in readme and "scripts/test" in readme


def documented_query_errors() -> list[tuple[str, str, str]]:
    """(document, query, message) for every query error the README and docs quote."""
    root = README.parent
    found = []
    for name in ("README.md", "docs/alert.md", "docs/matching.md"):
        text = (root / name).read_text()
        arrows = re.findall(r"`([^`]+)` →\s+`[^`]*?\"?([a-zA-Z' ]+ at position \d+)", text)
        rows = re.findall(r"^\| `(.+?)` \| `(.+? at position \d+)`", text, flags=re.MULTILINE)
        found += [(name, query, message) for query, message in arrows + rows]
    return found


def test_the_docs_quote_query_errors() -> None:
    documents = {name for name, _, _ in documented_query_errors()}
    assert documents == {"README.md", "docs/alert.md", "docs/matching.md"}


@pytest.mark.parametrize(("document", "query", "message"), documented_query_errors())
def test_query_errors_quoted_in_the_docs_are_the_ones_the_parser_gives(
    document: str, query: str, message: str
) -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        parse_query(query)
    assert str(raised.value) == message, document


def test_readme_says_where_the_policywatch_command_lives() -> None:
    readme = README.read_text()
    assert "source .venv/bin/activate" in readme and ".venv/bin/policywatch" in readme


def test_readme_follows_alerts_with_policywatch_and_keeps_the_nats_cli_as_an_alternative() -> None:
    readme = README.read_text()
    assert "policywatch alerts tail --owner acme" in readme and "nats sub --creds" in readme
