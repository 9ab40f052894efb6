"""providers: a provider's commendation (激励管理·示范推广, seed 002 四(二), seed 003 art. 15), as the association decided it

Revision ID: 0025_provider_commended
Revises: 0023_provider_findings
Create Date: 2026-11-25 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025_provider_commended"
down_revision: str | None = "0023_provider_findings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, never batch mode: on SQLite a batch recreates the table, and dropping the old
    # provider_lifecycle would cascade to its events.
    op.add_column("provider_lifecycle", sa.Column("commended_on", sa.Date(), nullable=True))
    op.add_column("provider_lifecycle", sa.Column("commended_for", sa.String(200), nullable=True))


def downgrade() -> None:
    op.drop_column("provider_lifecycle", "commended_for")
    op.drop_column("provider_lifecycle", "commended_on")
