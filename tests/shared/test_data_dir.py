"""The data directory is the checkout's `var/` wherever a command runs, unless one is given."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.settings import Settings

CHECKOUT = Path(__file__).resolve().parents[2]


def test_default_data_dir_is_the_checkouts_var_from_any_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("POLICYWATCH_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert Settings().data_dir == CHECKOUT / "var"
    assert not (tmp_path / "var").exists(), "no second var/ where the command ran"


def test_a_data_dir_given_in_the_environment_or_in_code_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICYWATCH_DATA_DIR", str(tmp_path / "elsewhere"))
    assert Settings().data_dir == tmp_path / "elsewhere"
    assert Settings(data_dir=tmp_path / "mine").data_dir == tmp_path / "mine"
