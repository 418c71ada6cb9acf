"""discarded digest items: alerts of a deleted rule that must never be delivered

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import services.alert.storage.dbtypes

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("alert_alert", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "discarded_at", services.alert.storage.dbtypes.UTCDateTime(timezone=True), nullable=True
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("alert_alert", schema=None) as batch_op:
        batch_op.drop_column("discarded_at")
