"""The ingest database schema: built and upgraded by the Alembic migrations in `migrations/`."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from shared.migrations import Baseline, upgrade

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSION_TABLE = "ingest_alembic_version"

# What `create_all` built before ingest had migrations: such a database is stamped at 0001.
CREATE_ALL_BASELINE = Baseline(
    revision="0001",
    tables=(
        "ingest_article",
        "ingest_article_version",
        "ingest_fingerprint_band",
        "ingest_feed_source",
        "ingest_feed_item",
    ),
)


def migrate(engine: Engine) -> None:
    """Bring the ingest tables to the newest migration (idempotent; safe on every start)."""
    upgrade(engine, script_location=MIGRATIONS_DIR, version_table=VERSION_TABLE, baseline=CREATE_ALL_BASELINE)
