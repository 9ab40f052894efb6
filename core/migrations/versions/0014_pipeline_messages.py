"""pipeline: an engagement's message thread and the files its parties upload (stored in the database)

Revision ID: 0014_pipeline_messages
Revises: 0013_pipeline_interest
Create Date: 2026-11-23 16:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_pipeline_messages"
down_revision: str | None = "0013_pipeline_interest"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pipeline_message",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("engagement_id", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author_role", sa.String(length=40), nullable=False),
        sa.Column("author_id", sa.String(length=200), nullable=False),
        sa.Column("author_name", sa.String(length=300), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["engagement_id"], ["pipeline_engagement.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pipeline_message_engagement_id", "pipeline_message", ["engagement_id"])
    op.create_table(
        "pipeline_file",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("engagement_id", sa.String(length=64), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=120), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by_role", sa.String(length=40), nullable=False),
        sa.Column("uploaded_by_id", sa.String(length=200), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["engagement_id"], ["pipeline_engagement.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["message_id"], ["pipeline_message.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pipeline_file_engagement_id", "pipeline_file", ["engagement_id"])
    op.create_index("ix_pipeline_file_message_id", "pipeline_file", ["message_id"])


def downgrade() -> None:
    op.drop_index("ix_pipeline_file_message_id", table_name="pipeline_file")
    op.drop_index("ix_pipeline_file_engagement_id", table_name="pipeline_file")
    op.drop_table("pipeline_file")
    op.drop_index("ix_pipeline_message_engagement_id", table_name="pipeline_message")
    op.drop_table("pipeline_message")
