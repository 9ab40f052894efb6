"""accounts: failed logins counted where every worker sees them

Revision ID: 0051_accounts_throttle
Revises: 0050_api_pace_tally
Create Date: 2026-11-28 23:12:00

The login throttle (and the registration form's, and the wrong current password's) counted in each worker's memory,
so with N workers a guesser had N times the guesses. Without Redis the counts are kept here
(``accounts.throttle``, through ``core.shared_counts``): one row per (username, address) pair and per address.
The accounts package's tables are in the api chain, where they began.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0051_accounts_throttle"
down_revision: str | None = "0050_api_pace_tally"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "accounts_throttle",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_accounts_throttle")),
    )
    with op.batch_alter_table("accounts_throttle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accounts_throttle_last_at"), ["last_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("accounts_throttle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_throttle_last_at"))
    op.drop_table("accounts_throttle")
