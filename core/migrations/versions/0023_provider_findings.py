"""providers: the improvement loop's findings and their steps (issue 14 step 6; seed 000 §8.2–8.3)

Revision ID: 0023_provider_findings
Revises: 0018_provider_filings
Create Date: 2026-11-25 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023_provider_findings"
down_revision: str | None = "0018_provider_filings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "provider_finding",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("center_id", sa.String(64), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(40), nullable=False),
        sa.Column("indicator_id", sa.String(80), nullable=False),
        sa.Column("indicator_zh", sa.String(200), nullable=False),
        sa.Column("indicator_en", sa.String(200), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("action", sa.Text(), nullable=True),
        sa.Column("owner", sa.String(200), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("run_id", "indicator_id", name="uq_provider_finding_run_id"),
    )
    op.create_index("ix_provider_finding_center_id", "provider_finding", ["center_id"])
    op.create_index("ix_provider_finding_run_id", "provider_finding", ["run_id"])
    op.create_index("ix_provider_finding_state", "provider_finding", ["state"])
    op.create_table(
        "provider_finding_event",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("finding_id", sa.Integer(), sa.ForeignKey("provider_finding.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(40), nullable=False),
        sa.Column("from_state", sa.String(20), nullable=True),
        sa.Column("to_state", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.UniqueConstraint("finding_id", "seq", name="uq_provider_finding_event_finding_id"),
    )
    op.create_index("ix_provider_finding_event_finding_id", "provider_finding_event", ["finding_id"])


def downgrade() -> None:
    op.drop_index("ix_provider_finding_event_finding_id", table_name="provider_finding_event")
    op.drop_table("provider_finding_event")
    op.drop_index("ix_provider_finding_state", table_name="provider_finding")
    op.drop_index("ix_provider_finding_run_id", table_name="provider_finding")
    op.drop_index("ix_provider_finding_center_id", table_name="provider_finding")
    op.drop_table("provider_finding")
