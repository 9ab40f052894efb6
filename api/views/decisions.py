"""The deciding authorities over HTTP (issue 29, item 3): the decisions prepared for them, the association preparing
one, and an authority's officer taking it — the same use cases as the ``/decisions`` page (``flows.decisions``), the
same rules (``decision.read``, ``decision.take``, ``provider.decide``; ``authz.policy.check_decision`` on the
object)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, status
from pydantic import BaseModel, ConfigDict, Field

from accounts.schemas import Actor
from api.auth.deps import allow
from api.deps import SessionDep
from api.errors import error_responses
from core import china_time
from flows import decisions
from flows.announce import OUTBOX
from providers.schemas import LifecycleView, ProposalView

router = APIRouter(prefix="/api/v1/decisions", tags=["providers"], responses=error_responses(400, 401, 403, 404, 422))

DecisionReader = Annotated[Actor, Depends(allow("decision.read"))]
Preparer = Annotated[Actor, Depends(allow("provider.decide"))]
Taker = Annotated[Actor, Depends(allow("decision.take"))]


class PreparedOut(BaseModel):
    proposal: ProposalView
    center_name: str
    body: str = Field(description="the authority that takes it (authz.vocab.AuthorityBody)")
    clause: str
    reading: bool


class PrepareIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    center_id: str = Field(min_length=1, max_length=64)
    transition: str = Field(min_length=1, max_length=40)
    grounds: str = Field(min_length=1, max_length=5000)
    deadline: date | None = Field(None, description="a rectification's proposed deadline")


class TakeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    accept: bool
    decided_on: date | None = None
    decision_document: str | None = Field(None, max_length=300)
    deadline: date | None = None
    experts: list[str] | None = Field(None, description="approving the build or passing acceptance: the experts of "
                                      "the review (seed 002 二(二)2–3)")
    opinion: str | None = Field(None, max_length=2000, description="their opinion (the same steps)")
    note: str | None = Field(None, max_length=2000)


class TakenOut(BaseModel):
    proposal: ProposalView
    lifecycle: LifecycleView | None


@router.get("", response_model=list[PreparedOut])
def waiting(session: SessionDep, actor: DecisionReader) -> list[PreparedOut]:
    """等待主管部门决定的事项：主管部门用户只见本部门、本辖区的 / the decisions waiting for an authority: an officer
    sees those of their authority and jurisdiction, the association every one."""
    return [PreparedOut(proposal=p.proposal, center_name=p.center_name, body=p.body.value, clause=p.clause,
                        reading=p.reading) for p in decisions.waiting(session=session, principal=actor)]


@router.post("", response_model=ProposalView, status_code=status.HTTP_201_CREATED)
def prepare(body: PrepareIn, session: SessionDep, actor: Preparer) -> ProposalView:
    """协会提交主管部门决定的事项 / the association prepares a decision the provider's profile gives to an authority."""
    return decisions.prepare(session=session, principal=actor, center_id=body.center_id, transition=body.transition,
                             grounds=body.grounds, outbox=OUTBOX,
                             payload={"deadline": body.deadline.isoformat()} if body.deadline else None)


@router.post("/{proposal_id}", response_model=TakenOut)
def take(proposal_id: Annotated[int, Path(ge=1, le=2_000_000_000)], body: TakeIn, session: SessionDep,
         actor: Taker) -> TakenOut:
    """主管部门用户作出决定或退回 / the authority's officer takes the decision (or sends it back)."""
    payload = {k: v for k, v in (("decided_on", body.decided_on.isoformat() if body.decided_on else None),
                                 ("decision_document", body.decision_document),
                                 ("deadline", body.deadline.isoformat() if body.deadline else None),
                                 ("experts", body.experts), ("opinion", body.opinion)) if v}
    proposal, moved = decisions.take(session=session, principal=actor, proposal_id=proposal_id, accept=body.accept,
                                     today=china_time.today(), outbox=OUTBOX, payload=payload, note=body.note)
    return TakenOut(proposal=proposal, lifecycle=moved)
