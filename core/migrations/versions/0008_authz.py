"""authz: consents, detail grants, security audit

Revision ID: 0008_authz
Revises: 0001_kb
Create Date: 2026-11-23 10:05:44.214536
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0008_authz'
down_revision: str | None = '0001_kb'
branch_labels: str | Sequence[str] | None = ('authz',)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('authz_audit',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('actor_org_id', sa.String(length=36), nullable=True),
    sa.Column('target_type', sa.String(length=40), nullable=True),
    sa.Column('target_id', sa.String(length=64), nullable=True),
    sa.Column('address', sa.String(length=64), nullable=True),
    sa.Column('detail', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_authz_audit'))
    )
    with op.batch_alter_table('authz_audit', schema=None) as batch_op:
        batch_op.create_index('ix_authz_audit_action', ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_authz_audit_actor_org_id'), ['actor_org_id'], unique=False)
        batch_op.create_index('ix_authz_audit_at', ['at'], unique=False)

    op.create_table('authz_consent',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('enterprise_org_id', sa.String(length=36), nullable=False),
    sa.Column('association_org_id', sa.String(length=36), nullable=False),
    sa.Column('granted_by', sa.String(length=120), nullable=False),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_by', sa.String(length=120), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_authz_consent'))
    )
    with op.batch_alter_table('authz_consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_authz_consent_association_org_id'), ['association_org_id'], unique=False)
        batch_op.create_index('ix_authz_consent_pair', ['enterprise_org_id', 'association_org_id'], unique=False)

    op.create_table('authz_detail_grant',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('need_id', sa.String(length=64), nullable=False),
    sa.Column('center_id', sa.String(length=64), nullable=False),
    sa.Column('basis', sa.String(length=20), nullable=False),
    sa.Column('reference', sa.String(length=120), nullable=True),
    sa.Column('granted_by', sa.String(length=120), nullable=False),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_by', sa.String(length=120), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_authz_detail_grant'))
    )
    with op.batch_alter_table('authz_detail_grant', schema=None) as batch_op:
        batch_op.create_index('ix_authz_detail_grant_need', ['need_id', 'center_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('authz_detail_grant', schema=None) as batch_op:
        batch_op.drop_index('ix_authz_detail_grant_need')

    op.drop_table('authz_detail_grant')
    with op.batch_alter_table('authz_consent', schema=None) as batch_op:
        batch_op.drop_index('ix_authz_consent_pair')
        batch_op.drop_index(batch_op.f('ix_authz_consent_association_org_id'))

    op.drop_table('authz_consent')
    with op.batch_alter_table('authz_audit', schema=None) as batch_op:
        batch_op.drop_index('ix_authz_audit_at')
        batch_op.drop_index(batch_op.f('ix_authz_audit_actor_org_id'))
        batch_op.drop_index('ix_authz_audit_action')

    op.drop_table('authz_audit')
