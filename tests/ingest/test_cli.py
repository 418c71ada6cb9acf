"""`policywatch ingest FILE.jsonl` through the real CLI on a real nats-server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.cli import build_parser, main
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


def test_sources_commands_add_list_and_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    assert run_cli(
        settings, ["sources", "add", "https://news.example.org/feed.xml", "--name", "ex", "--every", "60"]
    )
    [line] = capsys.readouterr().out.splitlines()
    source_id = line.split()[0]
    assert run_cli(settings, ["sources", "list"])
    assert "ex  every 60s  new 0  failed 0  ok  https://news.example.org/feed.xml" in capsys.readouterr().out
    assert run_cli(settings, ["sources", "remove", source_id])
    assert run_cli(settings, ["sources", "list"]) and capsys.readouterr().out == ""
    assert not run_cli(settings, ["sources", "add", "ftp://x"])


def run_cli(settings: Settings, argv: list[str]) -> bool:
    args = build_parser().parse_args(argv)
    return args.run(settings, args) == 0
