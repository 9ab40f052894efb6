"""pipeline: the client's consent to show an engagement as a typical case (issue 14 step 7)

Revision ID: 0024_pipeline_case_consent
Revises: 0022_pipeline_complaint_due
Create Date: 2026-11-25 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024_pipeline_case_consent"
down_revision: str | None = "0022_pipeline_complaint_due"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, never batch mode: on SQLite a batch recreates the table, and dropping the old
    # pipeline_engagement would cascade to every event, record and message of every engagement.
    op.add_column("pipeline_engagement", sa.Column("case_public", sa.Boolean(create_constraint=False), nullable=False,
                                                   server_default=sa.false()))
    op.add_column("pipeline_engagement", sa.Column("case_decided_by", sa.String(200), nullable=True))
    op.add_column("pipeline_engagement", sa.Column("case_decided_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # SQLite (3.35+) drops a plain column in place; the same caution as above.
    op.drop_column("pipeline_engagement", "case_decided_at")
    op.drop_column("pipeline_engagement", "case_decided_by")
    op.drop_column("pipeline_engagement", "case_public")
