"""intake: a version on each conversation, so two messages posted at once cannot overwrite each other (issue 27)

Revision ID: 0042_intake_session_version
Revises: 0032_intake_dialogue_state
Create Date: 2026-11-26 16:40:00

Both messages read the same conversation and the later write replaced the earlier's turn and fields. The ORM now
writes ``WHERE version = <read>``; the loser's write matches no row and is refused (HTTP 409) instead.
Conversations stored before start at 1.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0042_intake_session_version"
down_revision: str | None = "0032_intake_dialogue_state"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("intake_session") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("intake_session") as batch:
        batch.drop_column("version")
