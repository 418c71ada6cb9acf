"""`policywatch ingest FILE.jsonl`: push a JSON Lines file through ingest's clean/dedupe/publish."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from shared.settings import Settings


def add_commands(subparsers: Any) -> None:
    ingest = subparsers.add_parser(
        "ingest",
        help="clean, deduplicate and publish the articles of a JSONL file",
        description="Each line: {id, url, title, text, published, source}. Prints published / "
        "duplicates / invalid (with line numbers). Exit code 1 if a line was invalid.",
    )
    ingest.add_argument("file", type=Path, help="JSON Lines file, one article a line")
    ingest.set_defaults(run=lambda settings, args: run_ingest_file(settings, args.file))


def run_ingest_file(settings: Settings, path: Path) -> int:
    if not path.is_file():
        print(f"no such file: {path}")
        return 2
    return asyncio.run(_ingest_file(settings, path))


async def _ingest_file(settings: Settings, path: Path) -> int:
    from services.ingest.app import create_parts
    from services.ingest.jsonl import ingest_lines
    from shared.service import ensure_streams

    parts = create_parts(settings)
    parts.store.create_tables()
    await parts.runtime.broker.connect()
    try:
        await ensure_streams(parts.runtime.broker)
        with path.open(encoding="utf-8") as lines:
            summary = await ingest_lines(parts.ingestor, lines)
    finally:
        await parts.runtime.broker.stop()
        parts.store.engine.dispose()
    print(summary.render())
    return 1 if summary.invalid else 0
