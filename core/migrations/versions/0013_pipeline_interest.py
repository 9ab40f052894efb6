"""pipeline: a proposed center's interest in a need, per review round

Revision ID: 0013_pipeline_interest
Revises: 0004_pipeline
Create Date: 2026-11-23 12:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0013_pipeline_interest"
down_revision: str | None = "0004_pipeline"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    json_type = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
    with op.batch_alter_table("pipeline_review_round", schema=None) as batch_op:
        batch_op.add_column(sa.Column("interested", json_type, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pipeline_review_round", schema=None) as batch_op:
        batch_op.drop_column("interested")
