"""intake: the chat's dialogue state (issue 27: a conversation that reads each answer against its question)

Revision ID: 0032_intake_dialogue_state
Revises: 0030_intake_need_association
Create Date: 2026-11-25 21:00:00

Conversations stored before have none; they go on from what they recorded (the fields asked, the last question).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0032_intake_dialogue_state"
down_revision: str | None = "0030_intake_need_association"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("intake_session", sa.Column(
        "state", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=True))


def downgrade() -> None:
    op.drop_column("intake_session", "state")
