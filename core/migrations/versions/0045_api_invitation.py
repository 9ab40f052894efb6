"""accounts: an organisation's people invite their colleagues (the enterprise's day walked as a new user)

Revision ID: 0045_api_invitation
Revises: 0039_api_org_authority
Create Date: 2026-11-28 05:20:00

Walked as a new user, an enterprise could not add a colleague: only an administrator could make a user. An
invitation is a one-time link, kept as the SHA-256 of its secret, that makes the colleague's account in the
inviter's organisation with the inviter's role.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0045_api_invitation"
down_revision: str | None = "0039_api_org_authority"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "api_invitation",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_user_id", sa.String(length=36), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["api_org.id"], name=op.f("fk_api_invitation_org_id_api_org"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_invitation")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_invitation_token_hash")),
    )
    with op.batch_alter_table("api_invitation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_invitation_org_id"), ["org_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("api_invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_invitation_org_id"))
    op.drop_table("api_invitation")
