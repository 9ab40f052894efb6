"""intake tables: needs, intake sessions, common-problem groups

Revision ID: 0002_intake
Revises: 0001_kb
Create Date: 2026-11-21 23:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002_intake"
down_revision: str | None = "0001_kb"
branch_labels: str | Sequence[str] | None = ("intake",)
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "intake_need",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("enterprise_id", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("data", JSON, nullable=False),
        sa.Column("public", JSON, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_need")),
    )
    with op.batch_alter_table("intake_need", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intake_need_enterprise_id"), ["enterprise_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_intake_need_status"), ["status"], unique=False)

    op.create_table(
        "intake_session",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("need_id", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("asked", JSON, nullable=False),
        sa.Column("turns", JSON, nullable=False),
        sa.Column("ask_field", sa.String(length=40), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("today", sa.String(length=10), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["need_id"], ["intake_need.id"], name=op.f("fk_intake_session_need_id_intake_need"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_session")),
    )
    with op.batch_alter_table("intake_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intake_session_need_id"), ["need_id"], unique=False)

    op.create_table(
        "intake_problem_group",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("need_ids", JSON, nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_problem_group")),
    )
    with op.batch_alter_table("intake_problem_group", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intake_problem_group_published"), ["published"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("intake_problem_group", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intake_problem_group_published"))
    op.drop_table("intake_problem_group")
    with op.batch_alter_table("intake_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intake_session_need_id"))
    op.drop_table("intake_session")
    with op.batch_alter_table("intake_need", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intake_need_status"))
        batch_op.drop_index(batch_op.f("ix_intake_need_enterprise_id"))
    op.drop_table("intake_need")
