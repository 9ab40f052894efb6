"""intake: who submitted each need (the enterprise itself, or an association on its behalf); public views re-scrubbed

Revision ID: 0009_intake_submitted_by
Revises: 0002_intake
Create Date: 2026-11-23 11:00:00

Existing needs were created before the platform recorded this; they are taken as the enterprise's own, so an
association keeps no write access to them unless the enterprise consents (the safe reading).

The stored public views of published needs were scrubbed by the rules before issue 17 (industry and region were not
scrubbed, and a public need's marks were ignored): they are computed again here with ``intake.publish``, so nothing
published before the fix keeps a marked string.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009_intake_submitted_by"
down_revision: str | None = "0002_intake"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("intake_need", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submitted_by", sa.String(length=64), nullable=True))
    op.execute("UPDATE intake_need SET submitted_by = enterprise_id WHERE submitted_by IS NULL")
    _rescrub_public_views()


def _rescrub_public_views() -> None:
    from intake.publish import public_need  # the rules as they are at this revision
    from intake.schemas import Need

    json_type = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
    need = sa.table("intake_need", sa.column("id", sa.String), sa.column("data", json_type),
                    sa.column("public", json_type))
    conn = op.get_bind()
    for row in list(conn.execute(sa.select(need.c.id, need.c.data, need.c.public))):
        if not isinstance(row.public, dict):  # never published (JSON null, not SQL NULL, in a JSON column)
            continue
        doc = public_need(Need.model_validate(row.data), row.id).model_dump(mode="json")
        doc["published_at"] = row.public.get("published_at")
        conn.execute(need.update().where(need.c.id == row.id).values(public=doc))


def downgrade() -> None:
    with op.batch_alter_table("intake_need", schema=None) as batch_op:
        batch_op.drop_column("submitted_by")
