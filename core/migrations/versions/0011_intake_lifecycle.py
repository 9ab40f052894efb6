"""intake: the need's lifecycle — new statuses (in_review, in_engagement, no_provider) and the need's history

Revision ID: 0011_intake_lifecycle
Revises: 0009_intake_submitted_by
Create Date: 2026-11-23 11:30:00

Existing needs are moved to the status their review and engagement say they are in, read from the pipeline's tables
when they are there (on a fresh database this branch may run before the pipeline's, and there is nothing to move;
``depends_on`` is not used, as it would leave the pipeline's revision among the database's heads): a published need with a pending review is ``in_review``, one whose review was
rejected as a whole ``no_provider``; a matched need whose engagement is past the signed agreement is
``in_engagement``, and ``closed`` once that engagement closed. Each moved need gets one history row saying so.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_intake_lifecycle"
down_revision: str | None = "0009_intake_submitted_by"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IN_ENGAGEMENT = ("contracted", "team_formed", "plan_review", "plan_revision", "delivering", "acceptance")


def upgrade() -> None:
    op.create_table(
        "intake_need_event",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("need_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("transition", sa.String(length=20), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["need_id"], ["intake_need.id"], name="fk_intake_need_event_need_id_intake_need",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_intake_need_event"),
        sa.UniqueConstraint("need_id", "seq", name="uq_intake_need_event_seq"),
    )
    op.create_index("ix_intake_need_event_need_id", "intake_need_event", ["need_id"])
    conn = op.get_bind()
    tables = set(sa.inspect(conn).get_table_names())
    if not {"pipeline_match_review", "pipeline_engagement"} <= tables:
        return
    moves: list[tuple[str, str, str]] = []  # (need id, from, to)
    rows = conn.execute(sa.text(
        "SELECT n.id, n.status, r.status AS review, e.state AS engagement FROM intake_need n "
        "LEFT JOIN pipeline_match_review r ON r.need_id = n.id "
        "LEFT JOIN pipeline_engagement e ON e.id = r.engagement_id")).all()
    for need_id, status, review, engagement in rows:
        target = status
        if status == "published" and review == "pending":
            target = "in_review"
        elif status == "published" and review == "rejected":
            target = "no_provider"
        elif status == "matched" and engagement == "closed":
            target = "closed"
        elif status == "matched" and engagement in IN_ENGAGEMENT:
            target = "in_engagement"
        if target != status:
            moves.append((need_id, status, target))
    for need_id, before, after in moves:
        conn.execute(sa.text("UPDATE intake_need SET status = :s WHERE id = :id"), {"s": after, "id": need_id})
        conn.execute(sa.text(
            "INSERT INTO intake_need_event (need_id, seq, transition, from_status, to_status, actor, note, at) "
            "VALUES (:id, 1, 'migrate', :before, :after, 'system', :note, CURRENT_TIMESTAMP)"),
            {"id": need_id, "before": before, "after": after,
             "note": "状态按审核与对接进度迁移 / status taken from the review and the engagement"})
    # The need's own copy of its status (in ``data``) is brought in line when it is next read and saved; the
    # column is what every query filters on.


def downgrade() -> None:
    op.execute("UPDATE intake_need SET status = 'published' WHERE status IN ('in_review', 'no_provider')")
    op.execute("UPDATE intake_need SET status = 'matched' WHERE status = 'in_engagement'")
    op.drop_index("ix_intake_need_event_need_id", table_name="intake_need_event")
    op.drop_table("intake_need_event")
