"""pipeline: published needs offered to the providers they fit, and the providers' "can help" (issue 28, item 6)

Revision ID: 0035_pipeline_need_offer
Revises: 0034_pipeline_complaint_closing
Create Date: 2026-11-26 03:00:00

One row per (need, provider) the matcher found fitting the need's public view when it was published: the proposal,
when the provider was told (None: already proposed, or over the day's cap), and its "can help" with a short note.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0035_pipeline_need_offer"
down_revision: str | None = "0034_pipeline_complaint_closing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pipeline_need_offer",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("need_id", sa.String(length=64), nullable=False),
        sa.Column("center_id", sa.String(length=64), nullable=False),
        sa.Column("center_name", sa.String(length=300), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("proposal", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                  nullable=False),
        sa.Column("offered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("help_note", sa.Text(), nullable=True),
        sa.Column("help_by", sa.String(length=200), nullable=True),
        sa.Column("help_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("need_id", "center_id"),
    )
    op.create_index("ix_pipeline_need_offer_need_id", "pipeline_need_offer", ["need_id"])
    op.create_index("ix_pipeline_need_offer_center_id", "pipeline_need_offer", ["center_id"])
    op.create_index("ix_pipeline_need_offer_notified_at", "pipeline_need_offer", ["notified_at"])


def downgrade() -> None:
    op.drop_index("ix_pipeline_need_offer_notified_at", table_name="pipeline_need_offer")
    op.drop_index("ix_pipeline_need_offer_center_id", table_name="pipeline_need_offer")
    op.drop_index("ix_pipeline_need_offer_need_id", table_name="pipeline_need_offer")
    op.drop_table("pipeline_need_offer")
