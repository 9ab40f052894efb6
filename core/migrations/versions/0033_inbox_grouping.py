"""inbox: one notice per need or engagement — a grouping key and how many events the notice stands for

Revision ID: 0033_inbox_grouping
Revises: 0012_inbox
Create Date: 2026-11-25 20:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0033_inbox_grouping"
down_revision: str | None = "0012_inbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing notices keep no key: each stays the one notice it was, counting one.
    with op.batch_alter_table("inbox_notification") as batch:
        batch.add_column(sa.Column("group_key", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("count", sa.Integer(), server_default="1", nullable=False))
    op.create_index("ix_inbox_notification_group_key", "inbox_notification", ["group_key"])


def downgrade() -> None:
    op.drop_index("ix_inbox_notification_group_key", table_name="inbox_notification")
    with op.batch_alter_table("inbox_notification") as batch:
        batch.drop_column("count")
        batch.drop_column("group_key")
