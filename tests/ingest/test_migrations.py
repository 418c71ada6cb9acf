"""The Alembic migrations build exactly the tables the ingest models describe, on SQLite and (when
POLICYWATCH_TEST_POSTGRES_URL is set) on PostgreSQL, and adopt databases built by `create_all`."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from services.alert.storage import db as alert_db
from services.ingest import db
from services.ingest.feeds.sources import FeedItemRow, FeedSourceRow, SourceStore
from services.ingest.store import ArticleRow, ArticleVersionRow, FingerprintBandRow, make_engine
from tests.databases import postgres_schema

SEEN_SET = [ArticleRow, ArticleVersionRow, FingerprintBandRow]
FEEDS = [FeedSourceRow, FeedItemRow]
NOW = datetime(2026, 3, 1, tzinfo=UTC)
HEAD = "0003"


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A fresh, empty database: a SQLite file, or a private schema in the test PostgreSQL."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / 'ingest.db'}"
        else:
            url = stack.enter_context(postgres_schema(request.getfixturevalue("postgres_url"), "ingest_test"))
        engine = make_engine(url)
        stack.callback(engine.dispose)
        yield engine


def _ours(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    return type_ != "table" or bool(name and name.startswith("ingest_"))


def schema_diff(engine: Engine) -> list[Any]:
    """What autogenerate would still change for the ingest tables (empty: models == database)."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_object": _ours, "version_table": db.VERSION_TABLE},
        )
        return list(compare_metadata(context, SQLModel.metadata))


def recorded_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(
            connection, opts={"version_table": db.VERSION_TABLE}
        ).get_current_revision()


def create_all(engine: Engine, models: list[Any]) -> None:
    """What ingest did before it had migrations."""
    SQLModel.metadata.create_all(engine, tables=[model.__table__ for model in models])


def add_source(engine: Engine) -> None:
    SourceStore(engine).add(url="https://example.org/feed", name="example", poll_seconds=60,
                            max_silence_seconds=3600, now=NOW)  # fmt: skip


def test_migrations_build_exactly_the_models_schema(engine: Engine) -> None:
    db.migrate(engine)

    assert schema_diff(engine) == []
    assert recorded_revision(engine) == HEAD


def test_migrating_again_changes_nothing_and_keeps_the_rows(engine: Engine) -> None:
    db.migrate(engine)
    add_source(engine)

    db.migrate(engine)  # runs on every start

    assert [row.url for row in SourceStore(engine).all()] == ["https://example.org/feed"]
    assert recorded_revision(engine) == HEAD


def test_database_built_by_create_all_is_stamped_and_keeps_its_rows(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    create_all(engine, SEEN_SET + FEEDS)
    add_source(engine)

    with caplog.at_level(logging.WARNING, logger="shared.migrations"):
        db.migrate(engine)

    assert "stamping ingest_alembic_version at 0001" in caplog.text
    assert recorded_revision(engine) == HEAD
    assert [row.url for row in SourceStore(engine).all()] == ["https://example.org/feed"]
    assert schema_diff(engine) == []


def test_database_with_only_the_feed_tables_gets_the_seen_set_added(engine: Engine) -> None:
    # `policywatch sources add` before ingest ever ran created just the feed tables.
    create_all(engine, FEEDS)
    add_source(engine)

    db.migrate(engine)

    assert recorded_revision(engine) == HEAD
    assert len(SourceStore(engine).all()) == 1
    assert schema_diff(engine) == []


def test_ingest_and_alert_share_one_database_with_separate_version_tables(engine: Engine) -> None:
    alert_db.migrate(engine)
    db.migrate(engine)
    alert_db.migrate(engine)

    tables = set(sa.inspect(engine).get_table_names())
    assert {"ingest_alembic_version", "alert_alembic_version"} <= tables
    assert recorded_revision(engine) == HEAD
    assert schema_diff(engine) == []


def upgrade_to(engine: Engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    config.set_main_option(
        "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
    )
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_versions_recorded_before_reservations_are_acknowledged_after_the_upgrade(engine: Engine) -> None:
    upgrade_to(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO ingest_article_version (article_id, version, content_hash, published_at) "
                "VALUES ('a1', 1, 'h1', :at)"
            ),
            {"at": NOW},
        )

    db.migrate(engine)

    with Session(engine) as session:
        (version,) = session.exec(select(ArticleVersionRow)).all()
    assert version.acknowledged is True
    assert recorded_revision(engine) == HEAD
    assert schema_diff(engine) == []
