"""owners' NATS credentials: issued users (public keys), their durables, revocations

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 17:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import services.alert.storage.dbtypes

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "alert_nats_credential",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("owner_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("consumers", sa.JSON(), nullable=False),
        sa.Column("consumers_ready", sa.Boolean(), nullable=False),
        sa.Column("issued_at", services.alert.storage.dbtypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", services.alert.storage.dbtypes.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["owner_id"], ["alert_owner.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("alert_nats_credential", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_nats_credential_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alert_nats_credential_revoked_at"), ["revoked_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("alert_nats_credential", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_nats_credential_revoked_at"))
        batch_op.drop_index(batch_op.f("ix_alert_nats_credential_owner_id"))
    op.drop_table("alert_nats_credential")
