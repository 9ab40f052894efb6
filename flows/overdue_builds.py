"""An overdue build, reminded and then proposed for cancellation (issue 29, item 4; seed 002 四(二): 对筹建工作不达标或
严重超期建设的在建上海市质检中心取消筹建资格). Run each day by ``innodock inbox overdue`` (the daily reminders' job,
from cron), before the obligations' reminders, and idempotent: however often it runs, each step happens once per
provider and deadline.

- A provider still ``building`` past its building deadline gets a reminder, an obligation "finish building and ask for
  acceptance" due on the deadline (``providers.overdue``), which ``flows.obligations.announce_due`` announces to its
  coordinators and the association once a day while it is open. It is met when the provider leaves ``building``.
- :data:`SERIOUSLY_OVERDUE_DAYS` after the deadline (our reading of 严重超期), the cancellation (``cancel_build``) is
  proposed to whoever decides it — the authority the provider's rules profile gives it to, on ``/decisions``, or the
  association — once per deadline, never fired: a person decides (``flows.decisions``, ``flows.providers``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from core.errors import ConflictError
from flows import authorities
from flows import providers as providers_flow
from flows.events import Outbox, Parties
from kb import service as kb
from outbox.vocab import DomainEvent
from providers import overdue
from providers import service as providers

SERIOUSLY_OVERDUE_DAYS = 30  # our reading: seed 002 四(二) names 严重超期建设 without a figure
SOURCE = "overdue_build:"


@dataclass
class Swept:
    reminded: list[str] = field(default_factory=list)  # center ids reminded now
    proposed: list[int] = field(default_factory=list)  # proposals made now
    closed: int = 0  # reminders met since the last run


def sweep(*, session: Session, today: date, outbox: Outbox) -> Swept:
    out = Swept()
    late = overdue.overdue(session=session, today=today)
    out.closed = overdue.close_met(session=session, building={b.center_id: b.deadline for b in late}, today=today)
    for build in late:
        if overdue.remind(session=session, build=build):
            out.reminded.append(build.center_id)
        if build.days_overdue < SERIOUSLY_OVERDUE_DAYS:
            continue
        source = f"{SOURCE}{build.deadline.isoformat()}"
        made = [p for p in providers.list_proposals(session=session, status=None, center_ids={build.center_id})
                if p.transition == "cancel_build" and p.source == source]
        if made:
            continue  # proposed once for this deadline: decided, declined or still waiting
        grounds = (f"筹建期已于 {build.deadline} 届满，逾期 {build.days_overdue} 天仍未提交验收申请（{build.clause}；"
                   f"严重超期按逾期 {SERIOUSLY_OVERDUE_DAYS} 天计，本项目的解读）/ the building period ended on "
                   f"{build.deadline}; {build.days_overdue} days later no acceptance was asked for")
        try:
            proposal = providers_flow.propose_transition(session=session, center_id=build.center_id,
                                                         transition="cancel_build", grounds=grounds, source=source,
                                                         proposed_by=overdue.BY)
        except ConflictError as exc:
            if exc.code == "proposal_open":  # a cancellation is already waiting (prepared by hand): once is enough
                continue
            raise
        outbox.record(session=session, event=DomainEvent.transition_proposed,
                      payload={"proposal_id": str(proposal.id), "center_id": build.center_id,
                               "center_name": kb.get_center(session=session, center_id=build.center_id).name,
                               "transition": "cancel_build", "source": source,
                               "decided_by": authorities.decided_by(session=session, center_id=build.center_id,
                                                                    transition="cancel_build")},
                      parties=Parties(enterprise_id=None, center_id=build.center_id))
        out.proposed.append(proposal.id)
    return out
