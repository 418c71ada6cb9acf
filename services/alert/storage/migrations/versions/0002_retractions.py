"""retractions: the latest extraction per article, retracted shifts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import services.alert.storage.dbtypes

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "alert_article_extraction",
        sa.Column("article_id", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("shift_ids", sa.JSON(), nullable=False),
        sa.Column("extractor", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("detected_at", services.alert.storage.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("received_at", services.alert.storage.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("article_id"),
    )
    with op.batch_alter_table("alert_shift", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "retracted_at", services.alert.storage.dbtypes.UTCDateTime(timezone=True), nullable=True
            )
        )
        batch_op.add_column(sa.Column("retracted_in_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alert_shift", schema=None) as batch_op:
        batch_op.drop_column("retracted_in_version")
        batch_op.drop_column("retracted_at")
    op.drop_table("alert_article_extraction")
