"""intake: the association whose tenant a need is (issue 31: tenancy between associations)

Revision ID: 0030_intake_need_association
Revises: 0011_intake_lifecycle
Create Date: 2026-11-25 18:10:00

Every need made before this revision belongs to the deployment's first association (the oldest in ``api_org``),
which until now served every need, as the api branch's ``0029`` sends every enterprise there. On a fresh database
this branch may run before the api's tables exist; there is then nothing to move.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030_intake_need_association"
down_revision: str | None = "0011_intake_lifecycle"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN: a batch would recreate intake_need, and its events and sessions cascade from it.
    op.add_column("intake_need", sa.Column("association_id", sa.String(length=36), nullable=True))
    op.create_index("ix_intake_need_association_id", "intake_need", ["association_id"])
    conn = op.get_bind()
    if "api_org" not in set(sa.inspect(conn).get_table_names()):
        return
    first = conn.execute(sa.text("SELECT id FROM api_org WHERE kind = 'association' ORDER BY created_at, id LIMIT 1")
                         ).scalar()
    if first is not None:
        conn.execute(sa.text("UPDATE intake_need SET association_id = :first"), {"first": first})


def downgrade() -> None:
    op.drop_index("ix_intake_need_association_id", table_name="intake_need")
    op.drop_column("intake_need", "association_id")
