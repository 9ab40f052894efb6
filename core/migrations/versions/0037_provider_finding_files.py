"""providers: files attached to a corrective action's report (issue 30, item 7)

Revision ID: 0037_provider_finding_files
Revises: 0036_provider_profile
Create Date: 2026-11-26 03:20:00

The bytes in the database, as an engagement's files are (``pipeline_file``), so a backup carries them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0037_provider_finding_files"
down_revision: str | None = "0036_provider_profile"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "provider_finding_file",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=120), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=200), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["finding_id"], ["provider_finding.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_provider_finding_file_finding_id", "provider_finding_file", ["finding_id"])


def downgrade() -> None:
    op.drop_index("ix_provider_finding_file_finding_id", table_name="provider_finding_file")
    op.drop_table("provider_finding_file")
