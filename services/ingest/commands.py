"""`policywatch ingest FILE.jsonl` (push a JSON Lines file through ingest's clean/dedupe/publish),
`policywatch ingest create-key NAME | list-keys | revoke-key KEY_ID` (the API keys ingest's HTTP
API asks for) and `policywatch sources add|list|remove` (feed sources, written to the ingest
database: a running ingest picks a new source up at its next poll round)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

from shared.settings import Settings

KEY_ACTIONS = ("create-key", "list-keys", "revoke-key")


def add_commands(subparsers: Any) -> None:
    ingest = subparsers.add_parser(
        "ingest",
        help="publish a JSONL file's articles, or manage ingest's API keys",
        usage="policywatch ingest FILE.jsonl | create-key NAME | list-keys | revoke-key KEY_ID",
        description="FILE.jsonl: each line {id, url, title, text, published, source}; prints published / "
        "duplicates / invalid (with line numbers), exit code 1 if a line was invalid. create-key NAME "
        "prints a new API key for ingest's HTTP API (shown once; only its hash is stored); list-keys "
        "shows key ids and names; revoke-key KEY_ID ends a key.",
    )
    ingest.add_argument(
        "target", help="a JSON Lines file, one article a line; or create-key, list-keys, revoke-key"
    )
    ingest.add_argument("argument", nargs="?", help="create-key: who holds the key; revoke-key: the key id")
    ingest.set_defaults(run=run_ingest)
    _add_sources_commands(subparsers)


def run_ingest(settings: Settings, args: Any) -> int:
    if args.target not in KEY_ACTIONS:
        if args.argument is not None:
            print(f"unexpected argument: {args.argument}")
            return 2
        return run_ingest_file(settings, Path(args.target))
    if args.target == "list-keys":
        return run_list_keys(settings)
    if not args.argument:
        print(f"{args.target} needs {'a name' if args.target == 'create-key' else 'a key id'}")
        return 2
    if args.target == "create-key":
        return run_create_key(settings, args.argument)
    return run_revoke_key(settings, args.argument)


def _key_store(settings: Settings) -> Any:
    from services.ingest.db import migrate
    from services.ingest.keys import KeyStore
    from services.ingest.store import make_engine

    engine = make_engine(settings.ingest_database_url())
    migrate(engine)
    return KeyStore(engine)


def run_create_key(settings: Settings, name: str) -> int:
    row, plaintext = _key_store(settings).create(name=name[:200])
    print(f"ingest key id: {row.id} ({row.name})", file=sys.stderr)
    print("API key (shown once; send it as the X-API-Key header):", file=sys.stderr)
    print(plaintext)
    return 0


def run_list_keys(settings: Settings) -> int:
    for row in _key_store(settings).all():
        state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "live"
        print(f"{row.id}  {row.name}  created {row.created_at:%Y-%m-%d %H:%M}  {state}")
    return 0


def run_revoke_key(settings: Settings, key_id: str) -> int:
    if not _key_store(settings).revoke(key_id):
        print(f"no live key with id {key_id}")
        return 1
    return 0


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

    from pydantic import ValidationError

    from services.ingest.feeds.api import SourceIn
    from services.ingest.feeds.sources import utcnow
    from shared.consumer import describe_validation_error
    from shared.egress import url_problem

    try:  # the same checks as POST /sources
        source = SourceIn(
            url=args.url, name=args.name, poll_seconds=args.every, max_silence_seconds=args.max_silence
        )
    except ValidationError as exc:
        print(describe_validation_error(SourceIn, exc).removeprefix("invalid SourceIn: "))
        return 2
    problem = url_problem(source.url, allow_private=settings.ingest.fetch_allow_private_hosts)
    if problem:
        print(f"url: {problem}")
        return 2
    row = _source_store(settings).add(
        url=source.url,
        name=source.name or urlsplit(source.url).hostname or source.url,
        poll_seconds=source.poll_seconds or settings.ingest.default_poll_seconds,
        max_silence_seconds=source.max_silence_seconds or settings.ingest.default_max_silence_seconds,
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
        await ensure_streams(parts.runtime.broker, parts.runtime.name, parts.runtime.settings.streams)
        with path.open(encoding="utf-8") as lines:
            summary = await ingest_lines(parts.ingestor, lines)
    finally:
        await parts.runtime.broker.stop()
        parts.store.engine.dispose()
    print(summary.render())
    return 1 if summary.invalid else 0
