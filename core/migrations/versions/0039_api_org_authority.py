"""api: a deciding authority's body and jurisdiction on its organisation (issue 29, item 3)

Revision ID: 0039_api_org_authority
Revises: 0028_api_org_approval
Create Date: 2026-11-26 06:30:00

An organisation of kind ``authority`` (a market-regulation bureau, 省科协, a host organisation) says which body it is
(``authority_body``) and where it decides (``jurisdiction``: a region prefix, or a host organisation's provider id).
Every organisation made before is of another kind, so both stay empty for them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0039_api_org_authority"
down_revision: str | None = "0028_api_org_approval"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("api_org", schema=None) as batch_op:
        batch_op.add_column(sa.Column("authority_body", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("jurisdiction", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("api_org", schema=None) as batch_op:
        batch_op.drop_column("jurisdiction")
        batch_op.drop_column("authority_body")
