"""api: idempotency keys for retried POSTs; keys trimmed to their role's scopes

Revision ID: 0010_api_idempotency
Revises: 0007_api_jobs
Create Date: 2026-11-23 11:00:00

Keys made before issue 17 could hold scopes their role does not have (an enterprise key with ``feed:read``), and a
key with browser origins could hold more than ``feed:read``. Both are trimmed here, as the service now refuses them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010_api_idempotency"
down_revision: str | None = "0007_api_jobs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "api_idempotency",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scope", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                  nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_idempotency")),
        sa.UniqueConstraint("scope", "key", name="uq_api_idempotency_scope_key"),
    )
    with op.batch_alter_table("api_idempotency", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_idempotency_created_at"), ["created_at"], unique=False)


    _trim_key_scopes()


ROLE_SCOPES = {
    "enterprise": {"needs:read", "needs:write", "results:read", "webhooks:manage"},
    "center": {"feed:read", "needs:read", "results:read", "webhooks:manage"},
    "association": {"feed:read", "needs:read", "needs:write", "results:read", "webhooks:manage"},
}


def _trim_key_scopes() -> None:
    json_type = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
    key = sa.table("api_key", sa.column("id", sa.String), sa.column("org_id", sa.String),
                   sa.column("scopes", json_type))
    org = sa.table("api_org", sa.column("id", sa.String), sa.column("kind", sa.String))
    origin = sa.table("api_cors_origin", sa.column("key_id", sa.String))
    conn = op.get_bind()
    browser = {r.key_id for r in conn.execute(sa.select(origin.c.key_id))}
    rows = conn.execute(sa.select(key.c.id, key.c.scopes, org.c.kind).join(org, org.c.id == key.c.org_id))
    for row in list(rows):
        allowed = ROLE_SCOPES.get(row.kind, set()) & ({"feed:read"} if row.id in browser else set(ROLE_SCOPES["association"]))
        kept = [s for s in row.scopes or [] if s in allowed]
        if kept != list(row.scopes or []):
            conn.execute(key.update().where(key.c.id == row.id).values(scopes=kept))


def downgrade() -> None:
    with op.batch_alter_table("api_idempotency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_idempotency_created_at"))
    op.drop_table("api_idempotency")
