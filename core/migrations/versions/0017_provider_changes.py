"""providers: centers' own changes to their entries waiting for approval, and the obligations calendar

Revision ID: 0017_provider_changes
Revises: 0015_providers
Create Date: 2026-11-24 10:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0017_provider_changes"
down_revision: str | None = "0015_providers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "provider_change",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("center_id", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("records", JSON, nullable=False),
        sa.Column("before", JSON, nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_provider_change"),
    )
    op.create_index("ix_provider_change_center_id", "provider_change", ["center_id"])
    op.create_index("ix_provider_change_status", "provider_change", ["status"])
    op.create_table(
        "provider_obligation",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("center_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("period", sa.String(length=40), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("clause", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("done_ref", sa.String(length=100), nullable=True),
        sa.Column("announced_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_provider_obligation"),
        sa.UniqueConstraint("center_id", "kind", "period", name="uq_provider_obligation_center_id"),
    )
    op.create_index("ix_provider_obligation_center_id", "provider_obligation", ["center_id"])
    op.create_index("ix_provider_obligation_due_on", "provider_obligation", ["due_on"])


def downgrade() -> None:
    op.drop_index("ix_provider_obligation_due_on", table_name="provider_obligation")
    op.drop_index("ix_provider_obligation_center_id", table_name="provider_obligation")
    op.drop_table("provider_obligation")
    op.drop_index("ix_provider_change_status", table_name="provider_change")
    op.drop_index("ix_provider_change_center_id", table_name="provider_change")
    op.drop_table("provider_change")
