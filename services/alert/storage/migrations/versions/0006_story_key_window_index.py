"""story lookup index: (key, last_seen) replaces (key)

The consumer looks for a shift's story by key within a window of last_seen, newest first; one
index answers the key, the range and the order, however many stories a key has gathered.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 19:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_alert_story_key_last_seen", "alert_story", ["key", "last_seen"], unique=False)
    op.drop_index("ix_alert_story_key", table_name="alert_story")


def downgrade() -> None:
    op.create_index("ix_alert_story_key", "alert_story", ["key"], unique=False)
    op.drop_index("ix_alert_story_key_last_seen", table_name="alert_story")
