"""An overdue build (issue 29, item 4; seed 002 二(二)2 筹建期, 四(二) 对筹建工作不达标或严重超期建设的…取消筹建资格): a
provider still building past its building period is reminded — an obligation "finish building and ask for
acceptance" due on its deadline, which the obligations' daily reminders then announce — and the reminder is met once
the provider leaves ``building`` (it asked for acceptance, or its building ended otherwise). Proposing the
cancellation is the flow's (``flows.overdue_builds``). Each step is done once per deadline, whatever how often it
runs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import utcnow
from providers.guards import profile_of
from providers.models import Obligation, ProviderLifecycle

KIND = "build_period"
TITLE = "筹建期届满：完成筹建并提交验收申请 / the building period has ended: finish building and ask for acceptance"
BY = "system:overdue_builds"


@dataclass(frozen=True)
class OverdueBuild:
    center_id: str
    deadline: date
    clause: str
    days_overdue: int


def overdue(*, session: Session, today: date) -> list[OverdueBuild]:
    """Providers still ``building`` whose building deadline has passed, oldest deadline first."""
    rows = session.scalars(select(ProviderLifecycle).where(ProviderLifecycle.state == "building",
                                                           ProviderLifecycle.build_deadline.is_not(None),
                                                           ProviderLifecycle.build_deadline < today)
                           .order_by(ProviderLifecycle.build_deadline, ProviderLifecycle.center_id)).all()
    return [OverdueBuild(r.center_id, r.build_deadline, profile_of(r).building.period.clause,
                         (today - r.build_deadline).days) for r in rows if r.build_deadline is not None]


def remind(*, session: Session, build: OverdueBuild) -> bool:
    """The reminder of one overdue build, made once per deadline: True when it was made now."""
    period = build.deadline.isoformat()
    found = session.scalars(select(Obligation.id).where(Obligation.center_id == build.center_id,
                                                        Obligation.kind == KIND, Obligation.period == period)
                            .limit(1)).first()
    if found is not None:
        return False
    session.add(Obligation(center_id=build.center_id, kind=KIND, period=period, due_on=build.deadline,
                           clause=build.clause, title=TITLE, created_by=BY, created_at=utcnow()))
    session.flush()
    return True


def close_met(*, session: Session, building: Mapping[str, date], today: date) -> int:
    """Reminders met: the provider is no longer building on that deadline (``building``: every provider still
    building and overdue, with its deadline). Returns how many were closed."""
    rows = session.scalars(select(Obligation).where(Obligation.kind == KIND, Obligation.done_on.is_(None))).all()
    closed = 0
    for row in rows:
        if building.get(row.center_id, None) is None or building[row.center_id].isoformat() != row.period:
            row.done_on, row.done_ref = today, "lifecycle"
            closed += 1
    session.flush()
    return closed
