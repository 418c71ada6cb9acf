"""ingest: write-ahead publish reservations, unacknowledged versions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:00:00.000000

`ingest_article_reservation` holds the version an article is being published as, written before
the publish and cleared when the acknowledged version is recorded. `ingest_article_version
.acknowledged` is false for a reserved version a crash left unrecorded and a different content
then skipped. Both are added only where missing: a database built by `create_all` from newer
models and stamped at 0001 may already hold them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

String = sqlmodel.sql.sqltypes.AutoString
Moment = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "ingest_article_reservation",
        sa.Column("article_id", String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", String(length=64), nullable=False),
        sa.Column("previous_version_hash", String(length=64), nullable=True),
        sa.Column("reserved_at", Moment(), nullable=False),
        sa.PrimaryKeyConstraint("article_id"),
        if_not_exists=True,
    )
    if "acknowledged" not in _columns("ingest_article_version"):
        # Every version recorded before this revision was recorded after its ack.
        op.add_column(
            "ingest_article_version",
            sa.Column("acknowledged", sa.Boolean(), server_default=sa.true(), nullable=False),
        )


def _columns(table: str) -> set[str]:
    return {column["name"] for column in sa.inspect(op.get_bind()).get_columns(table)}


def downgrade() -> None:
    with op.batch_alter_table("ingest_article_version") as batch:
        batch.drop_column("acknowledged")
    op.drop_table("ingest_article_reservation")
