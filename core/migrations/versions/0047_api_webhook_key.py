"""outbox: a webhook subscription records the key that made it (the integrator's walk's left item)

Revision ID: 0047_api_webhook_key
Revises: 0045_api_invitation
Create Date: 2026-11-28 11:40:00

After a key leaked, an organisation could not tell which of its subscriptions the key had made: only the security
log named them. Subscriptions made before this revision have none on record (a person's, the terminal's, or a key's
not known).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0047_api_webhook_key"
down_revision: str | None = "0045_api_invitation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("api_webhook_subscription", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key_id", sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f("ix_api_webhook_subscription_key_id"), ["key_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("api_webhook_subscription", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_webhook_subscription_key_id"))
        batch_op.drop_column("key_id")
