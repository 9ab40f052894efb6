"""api: background jobs (status, result and error of each job, shared by every API worker)

Revision ID: 0007_api_jobs
Revises: 0006_api
Create Date: 2026-11-28 10:12:03.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0007_api_jobs'
down_revision: str | None = '0006_api'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    json_type = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
    op.create_table('api_job',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=True),
    sa.Column('requested_by', sa.String(length=36), nullable=True),
    sa.Column('params', json_type, nullable=False),
    sa.Column('result', json_type, nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_job'))
    )
    with op.batch_alter_table('api_job', schema=None) as batch_op:
        batch_op.create_index('ix_api_job_org_created', ['org_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_api_job_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('api_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_job_status'))
        batch_op.drop_index('ix_api_job_org_created')

    op.drop_table('api_job')
