"""api: a pace's count is one row per caller, the time of its last request deciding when it starts afresh

Revision ID: 0050_api_pace_tally
Revises: 0049_api_pace
Create Date: 2026-11-28 23:10:00

The website key's pace, the chat's and the login throttle count through one mechanism (``core.shared_counts``): a
count and the time of its last step, instead of one row per caller and window. The rows are a minute's counts, so
the table is made anew rather than converted (a caller's count in the current minute starts again once).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0050_api_pace_tally"
down_revision: str | None = "0049_api_pace"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("api_pace", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_pace_slot"))
    op.drop_table("api_pace")
    op.create_table(
        "api_pace",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_api_pace")),
    )
    with op.batch_alter_table("api_pace", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_pace_last_at"), ["last_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("api_pace", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_pace_last_at"))
    op.drop_table("api_pace")
    op.create_table(
        "api_pace",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("slot", sa.BigInteger(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "slot", name=op.f("pk_api_pace")),
    )
    with op.batch_alter_table("api_pace", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_pace_slot"), ["slot"], unique=False)
