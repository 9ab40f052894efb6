"""authz: the association each enterprise belongs to (issue 31: tenancy between associations)

Revision ID: 0029_authz_affiliation
Revises: 0008_authz
Create Date: 2026-11-25 18:00:00

An association's staff serve the enterprises that registered through it; a second association in the same
deployment sees none of them. Every enterprise made before this revision goes to the deployment's first association
(the oldest in ``api_org``), which until now served every enterprise. On a fresh database this branch may run before
the api's tables exist; there is then nothing to record.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0029_authz_affiliation"
down_revision: str | None = "0008_authz"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "authz_affiliation",
        sa.Column("enterprise_org_id", sa.String(length=36), nullable=False),
        sa.Column("association_org_id", sa.String(length=36), nullable=False),
        sa.Column("basis", sa.String(length=20), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("enterprise_org_id", name=op.f("pk_authz_affiliation")),
    )
    op.create_index(op.f("ix_authz_affiliation_association_org_id"), "authz_affiliation", ["association_org_id"])
    conn = op.get_bind()
    if "api_org" not in set(sa.inspect(conn).get_table_names()):
        return
    first = conn.execute(sa.text("SELECT id FROM api_org WHERE kind = 'association' ORDER BY created_at, id LIMIT 1")
                         ).scalar()
    if first is None:
        return
    enterprises = conn.execute(sa.text("SELECT id FROM api_org WHERE kind = 'enterprise'")).scalars().all()
    now = datetime.now(UTC)
    table = sa.table("authz_affiliation", sa.column("enterprise_org_id"), sa.column("association_org_id"),
                     sa.column("basis"), sa.column("recorded_by"), sa.column("recorded_at"))
    if enterprises:
        op.bulk_insert(table, [{"enterprise_org_id": e, "association_org_id": first, "basis": "migration",
                                "recorded_by": "migration 0029", "recorded_at": now} for e in enterprises])


def downgrade() -> None:
    op.drop_index(op.f("ix_authz_affiliation_association_org_id"), table_name="authz_affiliation")
    op.drop_table("authz_affiliation")
