"""providers: an application that ended without approval is never public (未获批准 / not_approved)

Revision ID: 0053_provider_never_approved
Revises: 0052_provider_filing_returned
Create Date: 2026-11-29 16:30:00

A rejected application and one withdrawn before 批准筹建 showed as ``withdrawn`` (已撤销) in the public catalog, like
a provider approved and since revoked (a new user's trial, 2026-11-29). An application withdrawn before approval now
ends in a state of its own, ``application_withdrawn``, and both it and ``rejected`` show as ``not_approved``
(``providers.rules.DERIVED_STATUS``). Rows stored before are re-derived: a provider whose last step withdrew it from
``applied`` or ``under_review`` moves to ``application_withdrawn`` (its history is append-only and keeps the step as
it was recorded), and the kb status of every such and every rejected provider becomes ``not_approved``, the kb's
version bumped so the matcher reads the catalog again. A provider withdrawn after approval keeps ``withdrawn``.
The downgrade puts both back as they were shown before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0053_provider_never_approved"
down_revision: str | None = "0052_provider_filing_returned"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# providers.rules as it is at this revision (a migration keeps its own copy of the rule it applies).
BEFORE_APPROVAL = ("applied", "under_review")
NEVER_APPROVED_STATES = ("rejected", "application_withdrawn")

lifecycle = sa.table("provider_lifecycle", sa.column("center_id", sa.String), sa.column("state", sa.String),
                     sa.column("version", sa.Integer))
event = sa.table("provider_event", sa.column("center_id", sa.String), sa.column("seq", sa.Integer),
                 sa.column("transition", sa.String), sa.column("from_state", sa.String))
center = sa.table("kb_center", sa.column("id", sa.String), sa.column("status", sa.String))
kb_state = sa.table("kb_state", sa.column("id", sa.Integer), sa.column("version", sa.Integer))


def _bump(bind: sa.engine.Connection) -> None:
    bind.execute(sa.update(kb_state).where(kb_state.c.id == 1).values(version=kb_state.c.version + 1))


def upgrade() -> None:
    bind = op.get_bind()
    withdrew_early = bind.execute(
        sa.select(lifecycle.c.center_id).select_from(lifecycle.join(event, sa.and_(
            event.c.center_id == lifecycle.c.center_id, event.c.seq == lifecycle.c.version)))
        .where(lifecycle.c.state == "withdrawn", event.c.transition == "withdraw",
               event.c.from_state.in_(BEFORE_APPROVAL))).scalars().all()
    if withdrew_early:
        bind.execute(sa.update(lifecycle).where(lifecycle.c.center_id.in_(withdrew_early))
                     .values(state="application_withdrawn"))
    never = bind.execute(sa.select(lifecycle.c.center_id)
                         .where(lifecycle.c.state.in_(NEVER_APPROVED_STATES))).scalars().all()
    if never:
        changed = bind.execute(sa.update(center).where(center.c.id.in_(never), center.c.status != "not_approved")
                               .values(status="not_approved")).rowcount
        if changed:
            _bump(bind)


def downgrade() -> None:
    bind = op.get_bind()
    bind.execute(sa.update(lifecycle).where(lifecycle.c.state == "application_withdrawn").values(state="withdrawn"))
    changed = bind.execute(sa.update(center).where(center.c.status == "not_approved")
                           .values(status="withdrawn")).rowcount
    if changed:
        _bump(bind)
