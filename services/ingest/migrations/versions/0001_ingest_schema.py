"""ingest schema: the seen-set (articles, versions, fingerprint bands) and the feed sources

Revision ID: 0001
Revises:
Create Date: 2026-11-22 00:36:49.762264

Tables and indexes are created only where missing: a database built by `create_all` before
ingest had migrations may hold only some of them (`policywatch sources add` created just the feed
tables, `policywatch ingest FILE` just the seen-set). One holding all of them is stamped at this
revision instead (`services.ingest.db.CREATE_ALL_BASELINE`).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

String = sqlmodel.sql.sqltypes.AutoString
Moment = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    _seen_set()
    _feed_sources()


def _seen_set() -> None:
    op.create_table(
        "ingest_article",
        sa.Column("id", String(length=64), nullable=False),
        sa.Column("canonical_url", String(), nullable=True),
        sa.Column("title", String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", String(length=64), nullable=False),
        sa.Column("fingerprint", String(length=1024), nullable=True),
        sa.Column("source", String(), nullable=False),
        sa.Column("sources_json", String(), nullable=False),
        sa.Column("language", String(), nullable=True),
        sa.Column("first_seen_at", Moment(), nullable=False),
        sa.Column("updated_at", Moment(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        if_not_exists=True,
    )
    _index("ingest_article", "canonical_url")
    _index("ingest_article", "content_hash")
    op.create_table(
        "ingest_article_version",
        sa.Column("article_id", String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", String(length=64), nullable=False),
        sa.Column("published_at", Moment(), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "version"),
        if_not_exists=True,
    )
    _index("ingest_article_version", "content_hash")
    op.create_table(
        "ingest_fingerprint_band",
        sa.Column("article_id", String(length=64), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("key", String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "band"),
        if_not_exists=True,
    )
    op.create_index(
        "ix_ingest_fingerprint_band_key", "ingest_fingerprint_band", ["band", "key"], if_not_exists=True
    )


def _feed_sources() -> None:
    op.create_table(
        "ingest_feed_source",
        sa.Column("id", String(length=32), nullable=False),
        sa.Column("url", String(length=4096), nullable=False),
        sa.Column("name", String(length=200), nullable=False),
        sa.Column("poll_seconds", sa.Float(), nullable=False),
        sa.Column("max_silence_seconds", sa.Float(), nullable=False),
        sa.Column("etag", String(), nullable=True),
        sa.Column("last_modified", String(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("next_poll_at", Moment(), nullable=False),
        sa.Column("last_polled_at", Moment(), nullable=True),
        sa.Column("last_success_at", Moment(), nullable=True),
        sa.Column("last_new_item_at", Moment(), nullable=True),
        sa.Column("last_error", String(), nullable=True),
        sa.Column("items_seen", sa.Integer(), nullable=False),
        sa.Column("items_new", sa.Integer(), nullable=False),
        sa.Column("items_failed", sa.Integer(), nullable=False),
        sa.Column("created_at", Moment(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("url"),
        if_not_exists=True,
    )
    op.create_table(
        "ingest_feed_item",
        sa.Column("source_id", String(length=32), nullable=False),
        sa.Column("item_key", String(length=2048), nullable=False),
        sa.Column("digest", String(length=64), nullable=False),
        sa.Column("article_id", String(length=64), nullable=True),
        sa.Column("seen_at", Moment(), nullable=False),
        sa.PrimaryKeyConstraint("source_id", "item_key"),
        if_not_exists=True,
    )


def _index(table: str, column: str) -> None:
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column], if_not_exists=True)


def downgrade() -> None:
    for table in (
        "ingest_feed_item",
        "ingest_feed_source",
        "ingest_fingerprint_band",
        "ingest_article_version",
        "ingest_article",
    ):
        op.drop_table(table)  # drops its indexes too
