"""inbox: notifications addressed to an organisation's roles, and each person's reads

Revision ID: 0012_inbox
Revises: 0001_kb
Create Date: 2026-11-23 12:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012_inbox"
down_revision: str | None = "0001_kb"
branch_labels: str | Sequence[str] | None = ("inbox",)
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "inbox_notification",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("roles", JSON, nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title_zh", sa.String(length=300), nullable=False),
        sa.Column("title_en", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("link", sa.String(length=300), nullable=True),
        sa.Column("refs", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_inbox_notification"),
    )
    op.create_index("ix_inbox_notification_org_id", "inbox_notification", ["org_id"])
    op.create_index("ix_inbox_notification_created_at", "inbox_notification", ["created_at"])
    op.create_table(
        "inbox_read",
        sa.Column("notification_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["notification_id"], ["inbox_notification.id"],
                                name="fk_inbox_read_notification_id_inbox_notification", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("notification_id", "user_id", name="pk_inbox_read"),
    )


def downgrade() -> None:
    op.drop_table("inbox_read")
    op.drop_index("ix_inbox_notification_created_at", table_name="inbox_notification")
    op.drop_index("ix_inbox_notification_org_id", table_name="inbox_notification")
    op.drop_table("inbox_notification")
