"""evaluation: who evaluated each run (seed 001 §5.2.7: self, second or third party) and only independent runs rate

Runs stored before this revision have no evaluator on record; they read as second-party runs, as the rating they
already were.

Revision ID: 0019_evaluation_party
Revises: 0005_evaluation
Create Date: 2026-11-25 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_evaluation_party"
down_revision: str | None = "0005_evaluation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("evaluation_run") as batch:
        batch.add_column(sa.Column("party", sa.String(10), nullable=False, server_default="second"))
        batch.add_column(sa.Column("evaluator_role", sa.String(40), nullable=True))
        batch.add_column(sa.Column("evaluator_id", sa.String(64), nullable=True))
        batch.add_column(sa.Column("evaluator_org", sa.String(64), nullable=True))
        batch.add_column(sa.Column("evaluator_name", sa.String(200), nullable=True))
    op.create_index("ix_evaluation_run_party", "evaluation_run", ["party"])


def downgrade() -> None:
    op.drop_index("ix_evaluation_run_party", table_name="evaluation_run")
    with op.batch_alter_table("evaluation_run") as batch:
        for name in ("evaluator_name", "evaluator_org", "evaluator_id", "evaluator_role", "party"):
            batch.drop_column(name)
