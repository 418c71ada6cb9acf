"""`policywatch ingest FILE.jsonl` through the real CLI on a real nats-server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.cli import main
from services.ingest.commands import run_ingest_file
from shared.settings import Settings

pytestmark = pytest.mark.nats

GOOD = {
    "id": "a",
    "url": "https://example.org/a",
    "title": "A",
    "text": "The council scrapped the parking levy.",
}


def test_jsonl_file_is_ingested_with_a_summary_naming_invalid_lines(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.jsonl"
    lines = [json.dumps(GOOD), json.dumps(GOOD), "{not json", "", json.dumps({"id": "b", "title": "no text"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    code = run_ingest_file(settings, path)

    out = capsys.readouterr().out
    assert code == 1
    assert "published: 1" in out
    assert "duplicates: 1 (already_published 1)" in out
    assert "invalid: 2" in out
    assert "line 3: not JSON" in out
    assert "line 5: text: Field required" in out


def test_second_run_of_the_same_file_publishes_nothing(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    assert run_ingest_file(settings, path) == 0
    assert run_ingest_file(settings, path) == 0
    assert "published: 0" in capsys.readouterr().out.split("published: 1")[1]


def test_cli_parser_offers_the_ingest_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    assert "JSON Lines file" in capsys.readouterr().out
