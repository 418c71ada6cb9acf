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


async def test_a_file_ingested_in_chunks_gets_the_verdicts_of_one_line_at_a_time(settings: Settings) -> None:
    from services.ingest.app import create_parts
    from services.ingest.jsonl import ingest_lines
    from shared.service import ensure_streams

    edit = {**GOOD, "text": "The council scrapped the parking levy and the bus fare rise."}
    other = {"id": "c", "url": "https://example.org/c", "title": "C", "text": "The port raised its fees."}
    lines = [json.dumps(GOOD), json.dumps(edit), "", "{not json", json.dumps(other), json.dumps(GOOD)]
    parts = create_parts(settings)
    parts.migrate()
    await parts.runtime.broker.connect()
    try:
        await ensure_streams(parts.runtime.broker, parts.runtime.name, parts.runtime.settings.streams)
        # Chunks of two: the edit is decided with its original, the stale copy in the last chunk.
        summary = await ingest_lines(parts.ingestor, lines, chunk=2)
    finally:
        await parts.runtime.broker.stop()
        parts.store.engine.dispose()

    assert summary.published == 3  # the article, its edit, the other one
    assert summary.duplicates == {"stale_version": 1}
    assert [line for line, _ in summary.invalid] == [4]


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
