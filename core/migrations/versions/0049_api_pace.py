"""api: the website key's pace counted where every worker sees it (the association website's walk, left item)

Revision ID: 0049_api_pace
Revises: 0047_api_webhook_key
Create Date: 2026-11-28 19:50:00

A key with browser origins was paced in each worker's memory, so with two API workers a visitor had twice the
allowance. Without Redis the count is kept here, one row per caller and window (``api.rate_limits.SharedPace``).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0049_api_pace"
down_revision: str | None = "0047_api_webhook_key"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "api_pace",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("slot", sa.BigInteger(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "slot", name=op.f("pk_api_pace")),
    )
    with op.batch_alter_table("api_pace", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_pace_slot"), ["slot"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("api_pace", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_pace_slot"))
    op.drop_table("api_pace")
