"""The alert database: an engine per URL and the Alembic migrations that build its schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from shared.migrations import upgrade

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSION_TABLE = "alert_alembic_version"


def make_engine(database_url: str) -> Engine:
    """A pooled engine; SQLite gets WAL and a busy timeout so threads do not trip over locks."""
    if database_url.startswith("sqlite"):
        engine = sa.create_engine(database_url, connect_args={"check_same_thread": False, "timeout": 30})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(database_url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent; safe on every start)."""
    upgrade(engine, script_location=MIGRATIONS_DIR, version_table=VERSION_TABLE)


def ping(engine: Engine) -> bool:
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))
    return True
