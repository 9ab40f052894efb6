"""evaluation: the rating form saved part-way, one draft per center and period (a new user's trial, 2026-11-30)

Revision ID: 0055_evaluation_draft
Revises: 0021_evaluation_observations
Create Date: 2026-11-30 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0055_evaluation_draft"
down_revision: str | None = "0021_evaluation_observations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "evaluation_draft",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("center_id", sa.String(64), nullable=False),
        sa.Column("period", sa.String(20), nullable=False),
        sa.Column("values", JSON, nullable=False),
        sa.Column("saved_by_role", sa.String(40), nullable=True),
        sa.Column("saved_by_id", sa.String(64), nullable=True),
        sa.Column("saved_by_org", sa.String(64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("center_id", "period", name="uq_evaluation_draft_center_period"),
    )
    op.create_index("ix_evaluation_draft_center_id", "evaluation_draft", ["center_id"])


def downgrade() -> None:
    op.drop_index("ix_evaluation_draft_center_id", table_name="evaluation_draft")
    op.drop_table("evaluation_draft")
