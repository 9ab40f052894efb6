"""providers: a filing returned for revision (退回补充) with its reason

Revision ID: 0052_provider_filing_returned
Revises: 0041_provider_proficiency
Create Date: 2026-11-29 15:10:00

The association could only accept a provider's yearly plan or report. It may now send it back with a required reason
(a new user's trial, 2026-11-29): who returned it, when, and why stay on the returned filing, and the provider files
anew. Filings stored before were never returned.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0052_provider_filing_returned"
down_revision: str | None = "0041_provider_proficiency"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("provider_filing") as batch:
        batch.add_column(sa.Column("returned_by", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("returned_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("return_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("provider_filing") as batch:
        batch.drop_column("return_reason")
        batch.drop_column("returned_at")
        batch.drop_column("returned_by")
