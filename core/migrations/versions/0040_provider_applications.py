"""providers: an application as filed, and the documents for its materials (issue 29, item 6)

Revision ID: 0040_provider_applications
Revises: 0037_provider_finding_files
Create Date: 2026-11-26 06:20:00

The figures, the plaque's name and each rule's result at application (``providers.applications``); the documents'
bytes in the database, as an engagement's files are (``pipeline_file``), so a backup carries them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0040_provider_applications"
down_revision: str | None = "0037_provider_finding_files"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "provider_application",
        sa.Column("center_id", sa.String(length=64), nullable=False),
        sa.Column("profile", sa.String(length=40), nullable=False),
        sa.Column("figures", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False),
        sa.Column("plaque_name", sa.String(length=200), nullable=True),
        sa.Column("checks", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False),
        sa.Column("filed_by", sa.String(length=200), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["center_id"], ["provider_lifecycle.center_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("center_id"),
    )
    op.create_table(
        "provider_application_file",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("center_id", sa.String(length=64), nullable=False),
        sa.Column("material", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=120), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=200), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["center_id"], ["provider_lifecycle.center_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_provider_application_file_center_id", "provider_application_file", ["center_id"])


def downgrade() -> None:
    op.drop_index("ix_provider_application_file_center_id", table_name="provider_application_file")
    op.drop_table("provider_application_file")
    op.drop_table("provider_application")
