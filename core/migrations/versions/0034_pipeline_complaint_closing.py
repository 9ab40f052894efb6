"""pipeline: a complaint is closed by the client, or by the association after a period (issue 30, item 2)

Revision ID: 0034_pipeline_complaint_closing
Revises: 0031_pipeline_complaint_handling
Create Date: 2026-11-25 23:30:00

A complaint gets a state (open, handled awaiting the client's confirmation, closed) and who closed it, when and how;
its history rows say which step each was. A complaint the provider had marked resolved before this revision awaits
the client's confirmation like a new one (the provider alone no longer closes it); any other complaint is open. Every
history row recorded before was the provider's handling.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0034_pipeline_complaint_closing"
down_revision: str | None = "0031_pipeline_complaint_handling"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pipeline_feedback") as batch:
        batch.add_column(sa.Column("complaint_state", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("closed_by", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("closed_how", sa.String(length=20), nullable=True))
    with op.batch_alter_table("pipeline_complaint_handling") as batch:
        batch.add_column(sa.Column("step", sa.String(length=20), nullable=False, server_default="handle"))
    op.execute("UPDATE pipeline_complaint_handling SET step = 'report_progress' WHERE resolved = false")
    op.execute("UPDATE pipeline_feedback SET complaint_state = CASE WHEN handled_at IS NOT NULL AND resolved = true "
               "THEN 'handled' ELSE 'open' END WHERE complaint IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("pipeline_complaint_handling") as batch:
        batch.drop_column("step")
    with op.batch_alter_table("pipeline_feedback") as batch:
        batch.drop_column("closed_how")
        batch.drop_column("closed_at")
        batch.drop_column("closed_by")
        batch.drop_column("complaint_state")
