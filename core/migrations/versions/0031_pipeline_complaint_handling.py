"""pipeline: every version of a complaint's handling (issue 31: a later handling erased the earlier one)

Revision ID: 0031_pipeline_complaint_handling
Revises: 0024_pipeline_case_consent
Create Date: 2026-11-25 20:00:00

Each handling recorded from now on is kept as a row; a complaint handled before this revision gets its one handling
on record as its first row.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0031_pipeline_complaint_handling"
down_revision: str | None = "0024_pipeline_case_consent"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pipeline_complaint_handling",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("handling", sa.Text(), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.Column("handled_by", sa.String(length=200), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["feedback_id"], ["pipeline_feedback.id"],
                                name=op.f("fk_pipeline_complaint_handling_feedback_id_pipeline_feedback"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pipeline_complaint_handling")),
    )
    op.create_index(op.f("ix_pipeline_complaint_handling_feedback_id"), "pipeline_complaint_handling",
                    ["feedback_id"])
    op.execute("INSERT INTO pipeline_complaint_handling (feedback_id, handling, resolved, handled_by, handled_at) "
               "SELECT id, handling, resolved, COALESCE(handled_by, '-'), COALESCE(handled_at, recorded_at) "
               "FROM pipeline_feedback WHERE handling IS NOT NULL")


def downgrade() -> None:
    op.drop_index(op.f("ix_pipeline_complaint_handling_feedback_id"), table_name="pipeline_complaint_handling")
    op.drop_table("pipeline_complaint_handling")
