"""providers: forms filed against obligations (annual plans and reports, supervision records), with the association's
review score

Revision ID: 0018_provider_filings
Revises: 0017_provider_changes
Create Date: 2026-11-24 11:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0018_provider_filings"
down_revision: str | None = "0017_provider_changes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "provider_filing",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("obligation_id", sa.Integer(), nullable=False),
        sa.Column("center_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("period", sa.String(length=40), nullable=False),
        sa.Column("content", JSON, nullable=False),
        sa.Column("filed_by", sa.String(length=200), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("reviewed_by", sa.String(length=200), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["obligation_id"], ["provider_obligation.id"],
                                name="fk_provider_filing_obligation_id_provider_obligation", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_provider_filing"),
    )
    op.create_index("ix_provider_filing_obligation_id", "provider_filing", ["obligation_id"])
    op.create_index("ix_provider_filing_center_id", "provider_filing", ["center_id"])


def downgrade() -> None:
    op.drop_index("ix_provider_filing_center_id", table_name="provider_filing")
    op.drop_index("ix_provider_filing_obligation_id", table_name="provider_filing")
    op.drop_table("provider_filing")
