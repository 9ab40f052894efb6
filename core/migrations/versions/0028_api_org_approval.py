"""api: an organisation's approval, for enterprises that register themselves and wait for an association

Revision ID: 0028_api_org_approval
Revises: 0011_jobs_reaper
Create Date: 2026-11-24 09:00:00

``approval`` is ``approved`` for every organisation made before (by an administrator or the command line), and for
those an association approved; ``pending`` for an enterprise that registered itself on the web and waits;
``refused`` for one the association turned down (``review_note`` says why). Only an approved organisation's people
log in.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028_api_org_approval"
down_revision: str | None = "0011_jobs_reaper"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("api_org", schema=None) as batch_op:
        batch_op.add_column(sa.Column("approval", sa.String(length=20), server_default="approved", nullable=False))
        batch_op.add_column(sa.Column("review_note", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("reviewed_by", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("api_org", schema=None) as batch_op:
        batch_op.drop_column("reviewed_at")
        batch_op.drop_column("reviewed_by")
        batch_op.drop_column("review_note")
        batch_op.drop_column("approval")
