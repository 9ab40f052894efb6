"""Decisions the deciding authorities take (issue 29, item 3): the association prepares a lifecycle decision that a
provider's rules profile gives to an authority (a market-regulation bureau, 省科协, a host organisation), and that
authority's officer takes it — accepts it, adding the decision's date, document and what the step needs, or sends it
back — in the UI. Taking it fires the lifecycle step through ``flows.providers.decide_proposal``, so the provider hears
of it as of every decision: its inbox and the webhook (``provider.status_changed``; a rectification order also
``provider.rectification_ordered``).

What the association prepares is a ``providers`` proposal (``source`` ``prepared:<who>``), the same record an
evaluation's consequence proposes; who may take which is ``authz.policy.check_decision`` (through
``flows.authorities``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from authz import policy
from authz.principal import Principal
from authz.vocab import AUTHORITY_LABELS, AuthorityBody, Role
from core import china_time
from core.errors import InnodockError
from flows import authorities
from flows import providers as providers_flow
from flows.events import Outbox, Parties
from inbox import service as inbox
from intake.extract.region import canonical, district_english, english_name, extract_region
from kb import service as kb
from outbox.vocab import DomainEvent
from providers import service as providers
from providers.schemas import LifecycleDetail, LifecycleView, ProposalView

PREPARED = "prepared:"  # a proposal's ``source`` when the association prepared it for an authority


@dataclass(frozen=True)
class Prepared:
    """A decision waiting for an authority, as its page lists it."""

    proposal: ProposalView
    center_name: str
    body: AuthorityBody
    clause: str
    reading: bool
    decision_zh: str
    decision_en: str
    # The provider's stage when the decision was prepared: the step reads from there (``step_said``), so a withdrawal
    # prepared while the provider had only applied is 撤回申请, not 退出, waiting or decided.
    state: str | None = None

    def step_said(self, lang: str) -> str:
        """The decision's step as the page names it, in ``lang``."""
        return providers_flow.step_said(self.proposal.transition, lang, from_state=self.state)


def _state_when(session: Session, proposal: ProposalView) -> str | None:
    """The provider's stage when the proposal was made: where its history stood then."""
    at = None
    for event in providers.history(session=session, center_id=proposal.center_id):
        if event.at > proposal.proposed_at:
            break
        at = event.to_state
    return at


def _prepared(session: Session, proposal: ProposalView) -> Prepared | None:
    center = kb.get_center(session=session, center_id=proposal.center_id)
    decider = providers.profile_for(session=session, center_id=proposal.center_id, kind=center.kind,
                                    region=center.region).decider(proposal.transition)
    if decider is None:
        return None
    return Prepared(proposal=proposal, center_name=center.name, body=AuthorityBody(decider.body),
                    clause=decider.clause, reading=decider.reading, decision_zh=decider.zh, decision_en=decider.en,
                    state=_state_when(session, proposal))


def decidable(*, session: Session, principal: Principal, center_id: str) -> list[tuple[str, str, str, AuthorityBody]]:
    """The decisions the association may prepare for this provider: those its profile gives to an authority, as
    (transition, 中文, English, body)."""
    policy.authorize(principal, "provider.decide")
    center = kb.get_center(session=session, center_id=center_id)
    profile = providers.profile_for(session=session, center_id=center_id, kind=center.kind, region=center.region)
    return [(d.transition, d.zh, d.en, AuthorityBody(d.body)) for d in profile.authorities.items]


def prepare(*, session: Session, principal: Principal, center_id: str, transition: str, grounds: str,
            outbox: Outbox, payload: dict[str, Any] | None = None) -> ProposalView:
    """The association prepares a decision for the authority the provider's profile gives it to (``grounds``, and
    what it proposes of the step, such as a rectification ``deadline``). Refused: a decision the profile leaves to the
    association (it takes that one itself), one the machine does not allow from the provider's state, the same one
    already waiting, no grounds. The authority's officers are told (``provider.decision_prepared``: the organisations
    of that body covering the provider, and the associations)."""
    policy.authorize(principal, "provider.decide")
    policy.check_own_center(principal, center_id)
    found = authorities.facts(session=session, center_id=center_id, transition=transition)
    if found.body is None:
        zh_step = providers_flow.step_labels("zh").get(transition, transition)
        en_step = providers_flow.step_labels("en").get(transition, transition)
        raise InnodockError(f"规则配置未将“{zh_step}”交由主管部门，由协会在机构页面上直接决定 / the provider's rules "
                            f"profile gives “{en_step}” to no authority: the association takes it itself, on the "
                            "provider's page",
                            field="transition", code="no_authority")
    made = providers_flow.propose_transition(session=session, center_id=center_id, transition=transition,
                                             grounds=grounds, source=PREPARED + principal.audit_label(),
                                             payload=payload, proposed_by=principal.audit_label())
    takers = authorities.takers(session=session, center_id=center_id, transition=transition)
    # ``state``: the stage it is prepared at, so its notice names the step as it reads from there (撤回申请 for an
    # application's withdrawal, not 退出)
    state = providers.get_lifecycle(session=session, center_id=center_id, today=china_time.today()).state
    outbox.record(session=session, event=DomainEvent.decision_prepared,
                  payload={"proposal_id": str(made.id), "center_id": center_id,
                           "center_name": kb.get_center(session=session, center_id=center_id).name,
                           "transition": transition, "body": found.body.value, "state": state},
                  parties=Parties(enterprise_id=None, center_id=None, authority_ids=tuple(o.id for o in takers)))
    return made


def waiting(*, session: Session, principal: Principal) -> list[Prepared]:
    """The open decisions prepared for an authority: an officer sees those of their body within their jurisdiction,
    the association every one (to follow what it sent)."""
    policy.authorize(principal, "decision.read")
    return _within_reach(session, principal, providers_flow.proposals(session=session, principal=principal,
                                                                      status="open"))


def decided(*, session: Session, principal: Principal, limit: int = 30) -> list[Prepared]:
    """The decisions prepared for an authority that were taken or sent back, newest first, as ``waiting`` reaches
    them: once an officer had decided, the page kept no word of it (the admin's and the authority officer's day
    walked as a new user, 2026-11-28)."""
    policy.authorize(principal, "decision.read")
    done = [p for p in providers_flow.proposals(session=session, principal=principal, status=None)
            if p.status != "open" and p.source.startswith(PREPARED)]
    done.sort(key=lambda p: (p.decided_at is not None, p.decided_at or p.proposed_at, p.id), reverse=True)
    return _within_reach(session, principal, done)[:limit]


def decides_on(*, session: Session, principal: Principal, center_id: str) -> bool:
    """Whether a decision on this provider came to the caller's authority: prepared for its body within its
    jurisdiction (as ``waiting`` reaches it) and waiting, or taken or sent back by it — not one the association
    withdrew before. What lets the officer read the application it decides on (``authz.policy.check_application_read``);
    never so for anyone but an authority's officer."""
    if principal.role != Role.authority_officer:
        return False
    came = [p for p in providers.list_proposals(session=session, status=None, center_ids={center_id})
            if p.source.startswith(PREPARED)
            and (p.status == "open" or (p.decided_by or "").startswith(f"{Role.authority_officer.value}:"))]
    return bool(_within_reach(session, principal, came))


def records(*, session: Session, principal: Principal, today: date) -> dict[str, LifecycleDetail]:
    """The lifecycle record (stage, history with each decision's date and document) of each provider a decision
    waits on for this reader, reached as ``waiting`` reaches them: an officer was asked to revoke a provider with
    nothing of its record but the association's grounds — its provider pages are the association's (the admin's and
    the authority officer's day walked as a new user, 2026-11-28)."""
    out: dict[str, LifecycleDetail] = {}
    for item in waiting(session=session, principal=principal):
        center_id = item.proposal.center_id
        if center_id not in out:
            out[center_id] = providers_flow.provider(session=session, principal=principal, center_id=center_id,
                                                     today=today)[1]
    return out


def _within_reach(session: Session, principal: Principal, proposals: list[ProposalView]) -> list[Prepared]:
    out: list[Prepared] = []
    for proposal in proposals:
        item = _prepared(session, proposal)
        if item is None:
            continue
        if principal.role == Role.authority_officer:
            region = authorities.facts(session=session, center_id=proposal.center_id,
                                       transition=proposal.transition).region
            if principal.authority_body != item.body.value or not authorities.covers(
                    principal.jurisdiction, item.body, center_id=proposal.center_id, region=region):
                continue
        out.append(item)
    return out


def take(*, session: Session, principal: Principal, proposal_id: int, accept: bool, today: date, outbox: Outbox,
         payload: dict[str, Any] | None = None, note: str | None = None) -> tuple[ProposalView, LifecycleView | None]:
    """The authority's officer takes a prepared decision: accepted, the step is fired with the decision's date and
    document (and, for a rectification, its deadline) and announced to the provider; declined, it goes back to the
    association with the note. Another body's decision, or a provider outside the officer's jurisdiction: 403."""
    policy.authorize(principal, "decision.take")
    found = providers.get_proposal(session=session, proposal_id=proposal_id)
    authorities.check(session=session, principal=principal, center_id=found.center_id, transition=found.transition)
    if not accept and not (note or "").strip():
        # The association prepared it and must act on the return: without a reason it has nothing to act on (the
        # admin's and the authority officer's day walked as a new user, 2026-11-28: an empty return went through).
        raise InnodockError("退回时请写明理由，协会据此修改或补充 / say why it goes back: the association acts on it",
                            field="note")
    taken = providers_flow.decide_proposal(session=session, principal=principal, proposal_id=proposal_id,
                                           accept=accept, today=today, outbox=outbox,
                                           payload=payload if accept else None, note=note)
    # Its notice ("协会提交了待决定事项：…") is done, taken or sent back: the officer's badge counted it on (the
    # admin's and the authority officer's day walked as a new user, 2026-11-28).
    inbox.settle(session=session, groups=[f"prepared:{proposal_id}"])
    return taken


def jurisdiction_label(where: str | None, lang: str) -> str:
    """A jurisdiction as a page in ``lang`` says it: "上海市" on a Chinese page, "Shanghai" (and "Changzhou, Jiangsu")
    on an English one, which read "(jurisdiction: 上海市)" (the authority officer's day walked as a new user,
    2026-11-28); a place no gazetteer knows stays as written."""
    if not where or lang == "zh":
        return where or ""
    region, _ = extract_region(where)
    read = "".join(dict.fromkeys(p for p in (region.province, region.city) if p))
    if not read or canonical(where) != read:  # a district (上海市宝山区): by its table, else as written
        return district_english(canonical(where)) or where
    return english_name(region.province, region.city) or where


def body_label(body: AuthorityBody | str, lang: str) -> str:
    zh, en = AUTHORITY_LABELS[AuthorityBody(body)]
    return zh if lang == "zh" else en
