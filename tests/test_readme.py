"""The README stays true where it can be checked mechanically."""

from __future__ import annotations

from scripts.settings_table import README, with_table


def test_readme_settings_table_matches_the_settings_model() -> None:
    readme = README.read_text()
    assert readme == with_table(readme), "run: python scripts/settings_table.py --write"


def test_readme_names_the_two_commands() -> None:
    readme = README.read_text()
    assert "scripts/up --demo" in readme and "scripts/test" in readme
