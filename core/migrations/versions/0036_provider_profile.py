"""providers: each provider carries the rules profile that governs it (issue 29, item 2)

Revision ID: 0036_provider_profile
Revises: 0025_provider_commended
Create Date: 2026-11-26 03:00:00

A provider entered before profiles gets its kind's default (``providers.profiles``, ``default_for``): the rules it
followed until now (a quality inspection center seed 002's, a metrology center seed 004's, a station seed 003's, a
platform or another kind the plain default).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0036_provider_profile"
down_revision: str | None = "0025_provider_commended"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEFAULTS = {"quality_inspection_center": "shanghai_qic", "metrology_center": "jiangxi_metrology",
            "service_station": "guangdong_station"}


def upgrade() -> None:
    # Plain ADD COLUMN, never batch mode: on SQLite a batch recreates the table, and dropping the old
    # provider_lifecycle would cascade to its events.
    op.add_column("provider_lifecycle", sa.Column("profile", sa.String(40), nullable=True))
    for kind, profile in DEFAULTS.items():
        op.execute(sa.text("UPDATE provider_lifecycle SET profile = :p WHERE kind = :k").bindparams(p=profile, k=kind))
    op.execute("UPDATE provider_lifecycle SET profile = 'default' WHERE profile IS NULL")


def downgrade() -> None:
    op.drop_column("provider_lifecycle", "profile")
