"""pipeline: the association's reason for accepting a match (为什么选这家机构), kept with the decision

Revision ID: 0054_pipeline_accept_reason
Revises: 0035_pipeline_need_offer
Create Date: 2026-11-30 00:50:00

The accept form had no reason field, so the enterprise only ever read the machine's explanation of the center chosen
(a new user's trial, 2026-11-30). Accepting a match now takes an optional reason, in the association's words, which
the enterprise reads under "为什么选这家机构". Reviews accepted before carry none.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0054_pipeline_accept_reason"
down_revision: str | None = "0035_pipeline_need_offer"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pipeline_match_review") as batch:
        batch.add_column(sa.Column("accept_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pipeline_match_review") as batch:
        batch.drop_column("accept_reason")
