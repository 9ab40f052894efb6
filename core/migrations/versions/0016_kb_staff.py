"""kb: a center's staff counts (all, innovation-service, of them advanced; full- and part-time) and a station's head,
the data the seed rules on staffing need (seed 000 §4.2.2(2), seed 003 art. 5); all optional, as in kb-v1

Revision ID: 0016_kb_staff
Revises: 0001_kb
Create Date: 2026-11-24 09:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0016_kb_staff"
down_revision: str | None = "0001_kb"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
COUNTS = ("staff_total", "staff_innovation", "staff_innovation_advanced", "staff_full_time", "staff_part_time")


def upgrade() -> None:
    with op.batch_alter_table("kb_center") as batch:
        for name in COUNTS:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=True))
        batch.add_column(sa.Column("head", JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kb_center") as batch:
        batch.drop_column("head")
        for name in reversed(COUNTS):
            batch.drop_column(name)
