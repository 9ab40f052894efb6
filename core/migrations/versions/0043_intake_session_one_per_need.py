"""intake: one conversation per need (issue 27)

Revision ID: 0043_intake_session_one_per_need
Revises: 0042_intake_session_version
Create Date: 2026-11-26 18:50:00

Two opens of a need's conversation at once (``intake.service.open_session_for_need``: the enterprise amending a need
made without the chat, from two tabs) each found none and each made one. ``intake_session.need_id`` is now unique;
the open that loses takes the other's conversation. A need that already has several keeps the one the pages showed
(the latest: ``created_at`` descending, then ``id``); the others, never shown, go.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0043_intake_session_one_per_need"
down_revision: str | None = "0042_intake_session_version"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, need_id FROM intake_session ORDER BY need_id, created_at DESC, id"))
    seen: set[str] = set()
    extra: list[str] = []
    for session_id, need_id in rows:
        if need_id in seen:
            extra.append(session_id)
        seen.add(need_id)
    for session_id in extra:
        conn.execute(sa.text("DELETE FROM intake_session WHERE id = :id"), {"id": session_id})
    op.drop_index("ix_intake_session_need_id", table_name="intake_session")
    op.create_index("ix_intake_session_need_id", "intake_session", ["need_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_intake_session_need_id", table_name="intake_session")
    op.create_index("ix_intake_session_need_id", "intake_session", ["need_id"], unique=False)
