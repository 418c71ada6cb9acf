"""Alembic environment for the alert service (run by `services.alert.storage.db.migrate` at startup)."""

from __future__ import annotations

from sqlmodel import SQLModel

import services.alert.storage.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from services.alert.storage.db import VERSION_TABLE
from shared.migrations import run_env

run_env(metadata=SQLModel.metadata, version_table=VERSION_TABLE, table_prefix="alert_")
