"""intake: the feed filtered by service type, industry, province and city (an association website's walk)

Revision ID: 0046_intake_need_facet
Revises: 0043_intake_session_one_per_need
Create Date: 2026-11-28 11:20:00

A website listing published needs could only page through all of them and filter on its side. Each value of a
need's public view that a site filters by becomes a row, written with the view; the rows of needs published before
this revision are made from their stored views.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0046_intake_need_facet"
down_revision: str | None = "0043_intake_session_one_per_need"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _facets(public: dict[str, Any]) -> set[tuple[str, str]]:
    region = public.get("region") or {}
    found = {("service_type", code) for code in public.get("service_types") or []}
    for facet, value in (("industry", public.get("industry")), ("province", region.get("province")),
                         ("city", region.get("city"))):
        if value:
            found.add((facet, value))
    return found


def upgrade() -> None:
    facet = op.create_table(
        "intake_need_facet",
        sa.Column("need_id", sa.String(length=64), nullable=False),
        sa.Column("facet", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["need_id"], ["intake_need.id"], name=op.f("fk_intake_need_facet_need_id_intake_need"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("need_id", "facet", "value", name=op.f("pk_intake_need_facet")),
    )
    with op.batch_alter_table("intake_need_facet", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intake_need_facet_value"), ["value"], unique=False)
    need = sa.table("intake_need", sa.column("id", sa.String), sa.column("public", sa.JSON))
    rows = [{"need_id": need_id, "facet": name, "value": value}
            for need_id, public in op.get_bind().execute(sa.select(need.c.id, need.c.public)) if public
            for name, value in sorted(_facets(public))]
    if rows:
        op.bulk_insert(facet, rows)


def downgrade() -> None:
    with op.batch_alter_table("intake_need_facet", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intake_need_facet_value"))
    op.drop_table("intake_need_facet")
