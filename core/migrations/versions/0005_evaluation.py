"""evaluation tables

Revision ID: 0005_evaluation
Revises: 0001_kb
Create Date: 2026-11-21 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005_evaluation"
down_revision: str | None = "0001_kb"
branch_labels: str | Sequence[str] | None = ("evaluation",)
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "evaluation_run",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("center_id", sa.String(length=64), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("hierarchy_id", sa.String(length=64), nullable=False),
        sa.Column("hierarchy_sha256", sa.String(length=64), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("total", sa.Float(), nullable=True),
        sa.Column("stars", sa.Integer(), nullable=True),
        sa.Column("tier", sa.String(length=20), nullable=True),
        sa.Column("management_class", sa.String(length=30), nullable=True),
        sa.Column("inputs", JSON, nullable=False),
        sa.Column("result", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_run")),
    )
    op.create_index(op.f("ix_evaluation_run_center_id"), "evaluation_run", ["center_id"], unique=False)
    op.create_index(op.f("ix_evaluation_run_period"), "evaluation_run", ["period"], unique=False)
    op.create_table(
        "evaluation_score",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.String(length=64), nullable=False),
        sa.Column("weight", sa.Float(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["evaluation_run.id"], name=op.f("fk_evaluation_score_run_id_evaluation_run"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_score")),
    )
    op.create_index(op.f("ix_evaluation_score_node_id"), "evaluation_score", ["node_id"], unique=False)
    op.create_index(op.f("ix_evaluation_score_run_id"), "evaluation_score", ["run_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_evaluation_score_run_id"), table_name="evaluation_score")
    op.drop_index(op.f("ix_evaluation_score_node_id"), table_name="evaluation_score")
    op.drop_table("evaluation_score")
    op.drop_index(op.f("ix_evaluation_run_period"), table_name="evaluation_run")
    op.drop_index(op.f("ix_evaluation_run_center_id"), table_name="evaluation_run")
    op.drop_table("evaluation_run")
