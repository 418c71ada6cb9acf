"""Alembic environment for the ingest service (run by `services.ingest.db.migrate` at startup)."""

from __future__ import annotations

from sqlmodel import SQLModel

import services.ingest.feeds.sources
import services.ingest.keys
import services.ingest.store  # noqa: F401  (these register the tables on SQLModel.metadata)
from services.ingest.db import VERSION_TABLE
from shared.migrations import run_env

run_env(metadata=SQLModel.metadata, version_table=VERSION_TABLE, table_prefix="ingest_")
