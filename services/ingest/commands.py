"""`policywatch ingest FILE.jsonl` (push a JSON Lines file through ingest's clean/dedupe/publish)
and `policywatch sources add|list|remove` (feed sources, written to the ingest database: a
running ingest picks a new source up at its next poll round)."""

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
    _add_sources_commands(subparsers)


def _add_sources_commands(subparsers: Any) -> None:
    sources = subparsers.add_parser("sources", help="feed sources ingest polls (RSS, Atom, JSON Feed)")
    actions = sources.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="register a feed (idempotent on its URL)")
    add.add_argument("url", help="feed URL")
    add.add_argument("--name", help="source name (metrics label); default: the host")
    add.add_argument("--every", type=float, help="poll interval in seconds; default from settings")
    add.add_argument("--max-silence", type=float, help="seconds without a new item before 'silent'")
    add.set_defaults(run=lambda settings, args: run_sources_add(settings, args))
    listing = actions.add_parser("list", help="sources with their health")
    listing.set_defaults(run=lambda settings, args: run_sources_list(settings))
    remove = actions.add_parser("remove", help="stop following a source")
    remove.add_argument("source_id")
    remove.set_defaults(run=lambda settings, args: run_sources_remove(settings, args.source_id))


def _source_store(settings: Settings) -> Any:
    from services.ingest.db import migrate
    from services.ingest.feeds.sources import SourceStore
    from services.ingest.store import make_engine

    engine = make_engine(settings.ingest_database_url())
    migrate(engine)
    return SourceStore(engine)


def run_sources_add(settings: Settings, args: Any) -> int:
    from urllib.parse import urlsplit

    from services.ingest.feeds.sources import utcnow

    if urlsplit(args.url).scheme not in {"http", "https"}:
        print(f"not an http(s) URL: {args.url}")
        return 2
    row = _source_store(settings).add(
        url=args.url,
        name=args.name or urlsplit(args.url).hostname or args.url,
        poll_seconds=args.every or settings.ingest.default_poll_seconds,
        max_silence_seconds=args.max_silence or settings.ingest.default_max_silence_seconds,
        now=utcnow(),
    )
    print(f"{row.id}  {row.name}  every {row.poll_seconds:g}s  {row.url}")
    return 0


def run_sources_list(settings: Settings) -> int:
    from services.ingest.feeds.sources import utcnow

    now = utcnow()
    for row in _source_store(settings).all():
        health = "SILENT" if row.is_silent(now) else "ok"
        if row.failures:
            health = f"failing x{row.failures}: {row.last_error}"
        print(f"{row.id}  {row.name}  every {row.poll_seconds:g}s  new {row.items_new}  "
              f"failed {row.items_failed}  {health}  {row.url}")  # fmt: skip
    return 0


def run_sources_remove(settings: Settings, source_id: str) -> int:
    if not _source_store(settings).remove(source_id):
        print(f"no such source: {source_id}")
        return 1
    return 0


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
    parts.migrate()
    await parts.runtime.broker.connect()
    try:
        await ensure_streams(parts.runtime.broker, parts.runtime.name)
        with path.open(encoding="utf-8") as lines:
            summary = await ingest_lines(parts.ingestor, lines)
    finally:
        await parts.runtime.broker.stop()
        parts.store.engine.dispose()
    print(summary.render())
    return 1 if summary.invalid else 0
