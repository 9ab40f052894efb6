"""providers: each provider's lifecycle, its append-only history, and transitions proposed to the association; every
center already in the knowledge base enters at the state its status names, with an "imported" event

Revision ID: 0015_providers
Revises: 0001_kb
Create Date: 2026-11-24 08:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0015_providers"
down_revision: str | None = "0001_kb"
branch_labels: str | Sequence[str] | None = ("providers",)
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
# providers.rules.IMPORT_START as it is at this revision (a migration keeps its own copy of the rule it applies).
IMPORT_START = {"operating": "operating", "preparing": "building", "suspended": "suspended", "withdrawn": "withdrawn"}


def upgrade() -> None:
    lifecycle = op.create_table(
        "provider_lifecycle",
        sa.Column("center_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("construction", sa.Boolean(), nullable=False),
        sa.Column("materials", JSON, nullable=False),
        sa.Column("build_deadline", sa.Date(), nullable=True),
        sa.Column("rectification_deadline", sa.Date(), nullable=True),
        sa.Column("operating_since", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("center_id", name="pk_provider_lifecycle"),
    )
    op.create_index("ix_provider_lifecycle_state", "provider_lifecycle", ["state"])
    event = op.create_table(
        "provider_event",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("center_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("transition", sa.String(length=40), nullable=False),
        sa.Column("from_state", sa.String(length=40), nullable=True),
        sa.Column("to_state", sa.String(length=40), nullable=False),
        sa.Column("actor_role", sa.String(length=40), nullable=False),
        sa.Column("actor_id", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("grounds", sa.Text(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision_document", sa.String(length=300), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("payload", JSON, nullable=False),
        sa.ForeignKeyConstraint(["center_id"], ["provider_lifecycle.center_id"],
                                name="fk_provider_event_center_id_provider_lifecycle", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_provider_event"),
        sa.UniqueConstraint("center_id", "seq", name="uq_provider_event_center_id"),
    )
    op.create_index("ix_provider_event_center_id", "provider_event", ["center_id"])
    op.create_table(
        "provider_proposal",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("center_id", sa.String(length=64), nullable=False),
        sa.Column("transition", sa.String(length=40), nullable=False),
        sa.Column("grounds", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("proposed_by", sa.String(length=200), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_provider_proposal"),
    )
    op.create_index("ix_provider_proposal_center_id", "provider_proposal", ["center_id"])
    op.create_index("ix_provider_proposal_status", "provider_proposal", ["status"])

    # Centers already in the knowledge base enter at the state their status names, as a kb-v1 import enters them.
    conn = op.get_bind()
    now = datetime.now(UTC)
    centers = conn.execute(sa.text("SELECT id, kind, status FROM kb_center ORDER BY id")).all()
    if centers:
        op.bulk_insert(lifecycle, [
            {"center_id": cid, "kind": kind, "state": IMPORT_START[status or "operating"], "version": 1,
             "construction": False, "materials": {}, "created_at": now, "updated_at": now}
            for cid, kind, status in centers])
        op.bulk_insert(event, [
            {"center_id": cid, "seq": 1, "transition": "imported", "from_state": None,
             "to_state": IMPORT_START[status or "operating"], "actor_role": "system", "actor_id": "system:migration",
             "at": now, "payload": {"status": status or "operating"}}
            for cid, _kind, status in centers])


def downgrade() -> None:
    op.drop_index("ix_provider_proposal_status", table_name="provider_proposal")
    op.drop_index("ix_provider_proposal_center_id", table_name="provider_proposal")
    op.drop_table("provider_proposal")
    op.drop_index("ix_provider_event_center_id", table_name="provider_event")
    op.drop_table("provider_event")
    op.drop_index("ix_provider_lifecycle_state", table_name="provider_lifecycle")
    op.drop_table("provider_lifecycle")
