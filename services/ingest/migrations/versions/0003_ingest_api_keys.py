"""ingest: API keys

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 12:00:00.000000

`ingest_api_key` holds the hash of every key allowed to push articles and manage feed sources
(`policywatch ingest create-key NAME`); a revoked key keeps its row with `revoked_at`.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

String = sqlmodel.sql.sqltypes.AutoString
Moment = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "ingest_api_key",
        sa.Column("id", String(length=32), nullable=False),
        sa.Column("name", String(length=200), nullable=False),
        sa.Column("key_hash", String(length=128), nullable=False),
        sa.Column("created_at", Moment(), nullable=False),
        sa.Column("revoked_at", Moment(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        if_not_exists=True,
    )


def downgrade() -> None:
    op.drop_table("ingest_api_key")
