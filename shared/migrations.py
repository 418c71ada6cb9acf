"""Alembic run from code: every service migrates its own tables at start, each with its own
version table, so several services can share one database."""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Baseline:
    """The revision whose schema a database built before migrations (by `create_all`) has."""

    revision: str
    tables: Collection[str]


def upgrade(
    engine: Engine, *, script_location: Path, version_table: str, baseline: Baseline | None = None
) -> None:
    """Bring the schema under `script_location` to head (idempotent; safe on every start).

    `version_table` must be the one the scripts' env.py records revisions in. With a `baseline`,
    a database that holds all its tables but no version table is stamped at that revision
    rather than created again.
    """
    alembic_log = logging.getLogger("alembic")
    if alembic_log.level == logging.NOTSET:
        alembic_log.setLevel(logging.WARNING)  # one line per start is plenty
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option(
        "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
    )
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        if baseline is not None and _predates_migrations(connection, version_table, baseline.tables):
            log.warning("tables built before migrations: stamping %s at %s", version_table, baseline.revision)
            command.stamp(config, baseline.revision)
        command.upgrade(config, "head")


def _predates_migrations(connection: Connection, version_table: str, tables: Collection[str]) -> bool:
    inspector = sa.inspect(connection)
    if inspector.has_table(version_table):
        return False
    return all(inspector.has_table(name) for name in tables)


def run_env(*, metadata: sa.MetaData, version_table: str, table_prefix: str) -> None:
    """The body of a service's Alembic `env.py`: migrate only the tables named `table_prefix*`.

    Online, it uses the connection `upgrade` hands over (or the URL from alembic.ini, for the
    `alembic` command line); offline (`alembic upgrade --sql`) it renders SQL.
    """
    from alembic import context

    def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
        # The database may be shared with other services: only look at our own tables.
        return type_ != "table" or bool(name and name.startswith(table_prefix))

    options: dict[str, Any] = {
        "target_metadata": metadata,
        "version_table": version_table,
        "include_object": include_object,
    }
    config = context.config
    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True, **options)
        with context.begin_transaction():
            context.run_migrations()
        return

    def migrate(connection: Connection) -> None:
        batch = connection.dialect.name == "sqlite"  # SQLite alters tables by copying them
        context.configure(connection=connection, render_as_batch=batch, compare_type=True, **options)
        with context.begin_transaction():
            context.run_migrations()

    connection = config.attributes.get("connection")
    if connection is not None:
        migrate(connection)
        return
    engine = sa.engine_from_config(
        config.get_section(config.config_ini_section, {}), poolclass=sa.pool.NullPool
    )
    with engine.connect() as connection:
        migrate(connection)
