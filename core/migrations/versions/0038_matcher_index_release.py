"""matcher: the index generation each build published, read by every API host (issue 33, item 6)

Revision ID: 0038_matcher_index_release
Revises: 0001_kb
Create Date: 2026-11-26 06:10:00

The matcher's own branch, from the knowledge base's first revision (its index follows the kb version).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0038_matcher_index_release"
down_revision: str | None = "0001_kb"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "matcher_index_release",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("kb_version", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.String(length=300), nullable=False),
        sa.Column("documents", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("matcher_index_release")
