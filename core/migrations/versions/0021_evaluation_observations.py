"""evaluation: interview and mystery-shopper records an evaluator files for a center and period (seed 001 §5.2.7)

Revision ID: 0021_evaluation_observations
Revises: 0019_evaluation_party
Create Date: 2026-11-25 03:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0021_evaluation_observations"
down_revision: str | None = "0019_evaluation_party"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "evaluation_observation",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("center_id", sa.String(64), nullable=False),
        sa.Column("period", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("scores", JSON, nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("evaluator_role", sa.String(40), nullable=True),
        sa.Column("evaluator_id", sa.String(64), nullable=True),
        sa.Column("evaluator_org", sa.String(64), nullable=True),
        sa.Column("evaluator_name", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_evaluation_observation_center_id", "evaluation_observation", ["center_id"])
    op.create_index("ix_evaluation_observation_period", "evaluation_observation", ["period"])


def downgrade() -> None:
    op.drop_index("ix_evaluation_observation_period", table_name="evaluation_observation")
    op.drop_index("ix_evaluation_observation_center_id", table_name="evaluation_observation")
    op.drop_table("evaluation_observation")
