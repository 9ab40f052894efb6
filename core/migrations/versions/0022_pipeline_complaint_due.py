"""pipeline: a complaint's handling deadline (issue 12 step 5: a complaint, and its handling with a deadline)

Revision ID: 0022_pipeline_complaint_due
Revises: 0020_pipeline_questionnaire
Create Date: 2026-11-25 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_pipeline_complaint_due"
down_revision: str | None = "0020_pipeline_questionnaire"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pipeline_feedback") as batch:
        batch.add_column(sa.Column("handling_due_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pipeline_feedback") as batch:
        batch.drop_column("handling_due_on")
