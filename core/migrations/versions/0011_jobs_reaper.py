"""api: a job row names the process that runs it, so a job whose process died can be reaped

Revision ID: 0011_jobs_reaper
Revises: 0010_api_idempotency
Create Date: 2026-11-23 12:00:00

``worker`` is ``host/pid/start`` of the process that runs the job (or, for the in-process queue, of the process
whose thread will): with it a reaper on that host can tell a live job from one whose process is gone. Rows from
before have none; they are reaped only by age (``api.jobs_service.STALE_AFTER``) or by RQ's own record.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_jobs_reaper"
down_revision: str | None = "0010_api_idempotency"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("api_job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("worker", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("api_job", schema=None) as batch_op:
        batch_op.drop_column("worker")
