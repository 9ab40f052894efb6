"""inbox: a notice is not for the person it is about (a colleague who joined is not told it joined)

Revision ID: 0048_inbox_notice_not_for
Revises: 0044_inbox_notice_done
Create Date: 2026-11-28 11:10:00

A notice is addressed to an organisation's roles. The "joined" notice (an inviter told that a colleague accepted the
invitation) went to the inviter's role in its organisation, and the new colleague holds that role: it was told that
it had joined. ``not_for_user`` names the one person of those roles a notice is not for; notices stored before are
for everyone of their roles, as they were.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0048_inbox_notice_not_for"
down_revision: str | None = "0044_inbox_notice_done"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("inbox_notification") as batch:
        batch.add_column(sa.Column("not_for_user", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inbox_notification") as batch:
        batch.drop_column("not_for_user")
