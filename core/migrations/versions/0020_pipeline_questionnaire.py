"""pipeline: the client's five-grade questionnaire on a feedback record (issue 14 step 5; seed 001 §5.2.7)

Revision ID: 0020_pipeline_questionnaire
Revises: 0014_pipeline_messages
Create Date: 2026-11-25 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0020_pipeline_questionnaire"
down_revision: str | None = "0014_pipeline_messages"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("pipeline_feedback") as batch:
        batch.add_column(sa.Column("answers", JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pipeline_feedback") as batch:
        batch.drop_column("answers")
