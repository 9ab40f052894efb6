"""inbox: a notice the work it asked for has settled is marked done (walk finding)

Revision ID: 0044_inbox_notice_done
Revises: 0033_inbox_grouping
Create Date: 2026-11-26 19:05:00

A walk through a coordinator's and a center's day found 22–51 unread notices, most of them asking for a step already
taken: "有 5 个推荐机构待审核" for needs whose provider was accepted, "进入“服务成果验收”，请办理下一步" for closed
engagements. ``done_at`` records when the step a notice asked for was settled (``inbox.service.settle``); a done
notice stays in the inbox's history and no longer counts as unread. Notices stored before are left as they were.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0044_inbox_notice_done"
down_revision: str | None = "0033_inbox_grouping"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("inbox_notification") as batch:
        batch.add_column(sa.Column("done_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inbox_notification") as batch:
        batch.drop_column("done_at")
