"""The Alembic migrations build exactly the tables the models describe."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import services.alert.storage.tables  # noqa: F401  (registers the tables)
from services.alert.storage import db


def _ours(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    return type_ != "table" or bool(name and name.startswith("alert_"))


def test_migrations_match_the_models(database_url: str) -> None:
    engine = db.make_engine(database_url)
    try:
        db.migrate(engine)
        db.migrate(engine)  # runs on every start: must be idempotent
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={"compare_type": True, "include_object": _ours, "version_table": db.VERSION_TABLE},
            )
            diff = [d for d in compare_metadata(context, SQLModel.metadata) if _is_alert(d)]
    finally:
        engine.dispose()
    assert diff == []


def _is_alert(diff: Any) -> bool:
    # Other services' tables share SQLModel.metadata when their modules are imported.
    text = repr(diff)
    return "alert_" in text and "alert_alembic_version" not in text
