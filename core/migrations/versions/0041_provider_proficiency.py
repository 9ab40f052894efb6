"""providers: proficiency testing, inter-laboratory comparisons and measurement audits, with their results
(issue 29, item 4)

Revision ID: 0041_provider_proficiency
Revises: 0040_provider_applications
Create Date: 2026-11-26 07:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0041_provider_proficiency"
down_revision: str | None = "0040_provider_applications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "provider_proficiency",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("center_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("scheme", sa.String(length=300), nullable=False),
        sa.Column("item", sa.String(length=300), nullable=False),
        sa.Column("tested_on", sa.Date(), nullable=False),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_provider_proficiency_center_id", "provider_proficiency", ["center_id"])


def downgrade() -> None:
    op.drop_index("ix_provider_proficiency_center_id", table_name="provider_proficiency")
    op.drop_table("provider_proficiency")
