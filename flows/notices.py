"""Which people a domain event needs, as inbox notifications: the organisations it concerns and the roles in them
that should act (issue 12 step 6). Written beside the event's webhooks, in the flow's transaction.

- ``review.proposed``: the proposed center's coordinators (they may decline) and the association (it decides);
- ``match.accepted``: the enterprise (its need has a provider) and the center (a new engagement);
- ``engagement.state_changed``: whoever may take a next step of Figure 1 now (``authz.tables.TRANSITION_ROLES``
  over ``pipeline.machine.allowed_transitions``), leaving out the two exits everyone always has;
- ``complaint.filed``: the center's coordinators and the association, who handle it;
- ``complaint.overdue``: the same, once a day after the handling deadline until the handling is recorded;
- ``engagement.overdue``: whoever has the next step, and the association (once a day, ``innodock inbox overdue``);
- ``provider.obligation_due``: the provider's coordinators and the association, once a day from two weeks before the
  due date until it is met (``innodock inbox overdue``);
- ``provider.transition_proposed``: the association, who decides, and the provider's coordinators, who should know
  (an evaluation proposed rectification, passing the re-check, or revocation);
- ``provider.finding_overdue``: the provider's coordinators, who owe the corrective action, and the association, once a
  day after the action's deadline until it is reported done (``innodock inbox overdue``);
- ``need.refined``: the enterprise, whose empty fields the LLM pass at submission filled (it should check them);
- ``engagement.message_posted``: the enterprise and the center, leaving out the side that wrote. The association
  can read every thread but is not told of each message: the conversation is the two sides' day-to-day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from accounts.schemas import OrgOut
from authz.tables import TRANSITION_ROLES
from authz.vocab import OrgKind, Role
from inbox import service as inbox
from inbox.schemas import NoticeIn, NoticeKind
from outbox.vocab import DomainEvent
from pipeline import machine

EXITS = frozenset({"withdraw", "terminate"})
STATE_LABELS: dict[str, str] = {s: machine.state_label(s) for s in machine.states()}
# The lifecycle steps an evaluation's consequence proposes (providers.improvement), as an inbox title names them.
PROPOSED_STEP_TITLES: dict[str, tuple[str, str]] = {
    "commend": ("激励管理·示范推广", "commendation (incentive management)"),
    "order_rectification": ("责令限期整改", "rectification within a deadline"),
    "pass_recheck": ("整改复核通过，恢复运行", "re-check passed, back to operating"),
    "revoke": ("撤销", "revocation"),
}


def _targets(orgs: Sequence[OrgOut], roles: set[Role]) -> list[tuple[str, list[str]]]:
    """(org id, roles) for those of the parties' organisations whose kind has one of ``roles``."""
    kind_roles = {OrgKind.association: {Role.association_coordinator, Role.admin},
                  OrgKind.enterprise: {Role.enterprise}, OrgKind.center: {Role.center_coordinator}}
    found = [(org.id, sorted(r.value for r in roles & kind_roles[org.kind])) for org in orgs]
    return [(org_id, wanted) for org_id, wanted in found if wanted]


def notices_for(*, event: DomainEvent, payload: Mapping[str, Any], orgs: Sequence[OrgOut]) -> list[NoticeIn]:
    """``orgs``: the organisations that may hear of the event (its parties and the associations,
    :func:`accounts.service.parties`), read once by the outbox for the webhooks and the inbox alike."""
    need, eng = payload.get("need_id"), payload.get("engagement_id")
    if event == DomainEvent.review_proposed:
        kind, roles = NoticeKind.proposal, {Role.center_coordinator, Role.association_coordinator, Role.admin}
        zh, en = "有新的需求匹配建议待审核", "A need was matched with your center: review the proposal"
        link = f"/review/{payload.get('review_id')}"
    elif event == DomainEvent.match_accepted:
        kind, roles = NoticeKind.matched, {Role.enterprise, Role.center_coordinator}
        zh, en = f"需求已确定承接机构：{payload.get('center_name') or ''}", "A provider was accepted for the need"
        link = f"/engagements/{eng}"
    elif event == DomainEvent.engagement_state_changed:
        state = str(payload.get("state"))
        roles = set()
        for step in machine.allowed_transitions(state):
            if step not in EXITS:
                roles |= TRANSITION_ROLES[step]
        if not roles:
            return []
        kind = NoticeKind.your_turn
        # The machine's state names are bilingual ("技术服务评审 plan review"): each title takes its own half.
        zh_name, _, en_name = STATE_LABELS.get(state, state).partition(" ")
        zh, en = f"对接项目进入“{zh_name}”，请办理下一步", f"The engagement is at “{en_name or state}”: your step"
        link = f"/engagements/{eng}"
    elif event == DomainEvent.engagement_overdue:
        state = str(payload.get("state"))
        roles = {Role.association_coordinator, Role.admin}
        for step in machine.allowed_transitions(state):
            if step not in EXITS:
                roles |= TRANSITION_ROLES[step]
        kind = NoticeKind.overdue
        zh = f"对接项目已逾期 {payload.get('days_overdue')} 天（期限 {payload.get('deadline')}）"
        en = f"The engagement is {payload.get('days_overdue')} days past its deadline ({payload.get('deadline')})"
        link = f"/engagements/{eng}"
    elif event == DomainEvent.message_posted:
        kind = NoticeKind.message
        roles = {Role.enterprise, Role.center_coordinator} - {Role(str(payload.get("author_role")))}
        zh, en = "对接项目有新留言", "A new message on the engagement"
        link = f"/engagements/{eng}#messages"
    elif event == DomainEvent.obligation_due:
        kind, roles = NoticeKind.obligation, {Role.center_coordinator, Role.association_coordinator, Role.admin}
        days = int(payload.get("days_left") or 0)
        what = str(payload.get("title") or payload.get("kind"))
        zh_title, _, en_title = what.partition(" / ")
        if payload.get("overdue"):
            zh, en = f"履职事项已逾期 {-days} 天：{zh_title}", f"Overdue by {-days} days: {en_title or what}"
        else:
            zh, en = f"履职事项 {days} 天后到期：{zh_title}", f"Due in {days} days: {en_title or what}"
        link = f"/providers/{payload.get('center_id')}"
    elif event == DomainEvent.complaint_filed:
        kind, roles = NoticeKind.complaint, {Role.center_coordinator, Role.association_coordinator, Role.admin}
        zh, en = "收到委托方投诉，请登记处理情况", "A client complained: record how it is handled"
        link = f"/engagements/{eng}#feedback"
    elif event == DomainEvent.transition_proposed:
        kind, roles = NoticeKind.lifecycle, {Role.center_coordinator, Role.association_coordinator, Role.admin}
        step = str(payload.get("transition"))
        zh_step, en_step = PROPOSED_STEP_TITLES.get(step, (step, step))
        name = payload.get("center_name") or payload.get("center_id")
        zh, en = f"待协会决定：{name} {zh_step}", f"Waiting for the association's decision: {name}, {en_step}"
        link = f"/providers/{payload.get('center_id')}#proposals"
    elif event == DomainEvent.complaint_overdue:
        # Kind ``complaint``, not ``overdue``: the engagement's own daily reminder is found by its engagement and day.
        kind, roles = NoticeKind.complaint, {Role.center_coordinator, Role.association_coordinator, Role.admin}
        zh = f"投诉处理已逾期 {payload.get('days_overdue')} 天（期限 {payload.get('handling_due_on')}），请登记处理情况"
        en = (f"A complaint's handling is {payload.get('days_overdue')} days overdue "
              f"(due {payload.get('handling_due_on')}): record how it is handled")
        link = f"/engagements/{eng}#feedback"
    elif event == DomainEvent.finding_overdue:
        kind, roles = NoticeKind.finding, {Role.center_coordinator, Role.association_coordinator, Role.admin}
        late = payload.get("days_overdue")
        zh = f"整改措施已逾期 {late} 天（期限 {payload.get('due_on')}）：{payload.get('indicator_zh')}"
        en = f"A corrective action is {late} days overdue (due {payload.get('due_on')}): {payload.get('indicator_en')}"
        link = f"/providers/{payload.get('center_id')}#findings"
    elif event == DomainEvent.need_refined:
        kind, roles = NoticeKind.refined, {Role.enterprise}
        zh = f"平台的模型读了您的完整对话，补充了：{payload.get('fields_zh')}，请核对"
        en = (f"The platform's model read your whole conversation and filled in: {payload.get('fields_en')}; "
              "please check")
        link = f"/needs#{need}"
    else:
        return []
    feedback = str(payload["feedback_id"]) if payload.get("feedback_id") is not None else None
    refs = {k: v for k, v in (("need_id", need), ("engagement_id", eng), ("review_id", payload.get("review_id")),
                              ("proposal_id", payload.get("proposal_id")),
                              ("finding_id", str(payload["finding_id"]) if payload.get("finding_id") else None),
                              ("feedback_id", feedback),
                              ("obligation_id", payload.get("obligation_id")), ("day", payload.get("day"))) if v}
    return [NoticeIn(org_id=org_id, roles=who, kind=kind, title_zh=zh, title_en=en, link=link, refs=refs)
            for org_id, who in _targets(orgs, roles)]


def notify(*, session: Session, event: DomainEvent, payload: Mapping[str, Any], orgs: Sequence[OrgOut]) -> int:
    """The event's inbox notices, written in the caller's transaction (the outbox's, beside the webhooks)."""
    return inbox.notify(session=session, notices=notices_for(event=event, payload=payload, orgs=orgs))
