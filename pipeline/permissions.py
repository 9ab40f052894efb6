"""Who may do what, in one place: the roles allowed to fire each transition and to write each record.

Admins appear in every row on purpose, so the table is the whole rule with nothing implied. On top of the role, an
actor must belong to the engagement: an enterprise only to its own, a center coordinator only to its center's
(``Actor.org`` is the center id); association coordinators and admins act on any engagement.
"""

from __future__ import annotations

from core.errors import PermissionDeniedError
from pipeline.machine import transitions
from pipeline.schemas import Actor
from pipeline.vocab import ROLE_LABELS, Role

E, CC, AC, AD = Role.enterprise, Role.center_coordinator, Role.association_coordinator, Role.admin

TRANSITION_ROLES: dict[str, frozenset[Role]] = {
    "reach_agreement": frozenset({E, CC, AC, AD}),  # 达成一致: either side may record that they agreed
    "sign_agreement": frozenset({CC, AC, AD}),  # 签订技术服务协议: the provider's side files the signed agreement
    "form_team": frozenset({CC, AC, AD}),  # 成立项目组
    "submit_plan": frozenset({CC, AD}),  # the team hands its service plan to review
    "approve_plan": frozenset({CC, AC, AD}),  # 技术服务评审 by the center's review board or the association
    "reject_plan": frozenset({CC, AC, AD}),
    "resubmit_plan": frozenset({CC, AD}),
    "submit_results": frozenset({CC, AD}),  # 开展技术服务 ends with results handed over
    "pass_acceptance": frozenset({E, AC, AD}),  # 服务成果验收: the client (or the association's panel) decides
    "fail_acceptance": frozenset({E, AC, AD}),
    "withdraw": frozenset({E, CC, AD}),  # either party walks away
    "terminate": frozenset({AC, AD}),  # ended by the association, e.g. after a dispute
}

RECORD_ROLES: dict[str, frozenset[Role]] = {
    "agreement": frozenset({CC, AC, AD}),
    "team": frozenset({CC, AC, AD}),
    "delivery": frozenset({CC, AD}),
    "feedback": frozenset({E, AD}),  # satisfaction and complaint come from the client
    "complaint_handling": frozenset({CC, AC, AD}),
}

REVIEW_ROLES: dict[str, frozenset[Role]] = {
    "submit_proposals": frozenset({AC, AD}),
    "accept": frozenset({AC, AD}),
    "reject": frozenset({CC, AC, AD}),  # a center coordinator may only decline for its own center
    "rematch": frozenset({AC, AD}),
    "assign_by_hand": frozenset({AC, AD}),
    "open_engagement": frozenset({AC, AD}),
}

assert set(TRANSITION_ROLES) == set(transitions()), "every transition needs a row in TRANSITION_ROLES"


def _deny(action: str, actor: Actor, allowed: frozenset[Role]) -> PermissionDeniedError:
    names = ", ".join(sorted(allowed))
    label = ROLE_LABELS[actor.role][0]
    return PermissionDeniedError(
        f"{label}无权执行 {action}，允许的角色：{names} / role {actor.role} may not {action}; allowed: {names}",
        field="actor",
    )


def check_role(action: str, actor: Actor, allowed: frozenset[Role]) -> None:
    if actor.role not in allowed:
        raise _deny(action, actor, allowed)


def check_membership(actor: Actor, *, enterprise_id: str | None, center_id: str) -> None:
    """An enterprise acts only on its own engagements, a center coordinator only on its center's."""
    if actor.role == Role.enterprise and actor.id != enterprise_id:
        raise PermissionDeniedError(
            f"企业 {actor.id} 不是该对接的委托方 / enterprise {actor.id} is not the client of this engagement",
            field="actor",
        )
    if actor.role == Role.center_coordinator and actor.org != center_id:
        raise PermissionDeniedError(
            f"协调员所属机构（{actor.org or '未给出'}）不是承接机构 {center_id} / "
            f"coordinator's center ({actor.org or 'not given'}) is not the provider {center_id}",
            field="actor",
        )


def may_see(actor: Actor, *, enterprise_id: str | None, center_id: str | None) -> bool:
    if actor.role == Role.enterprise:
        return actor.id == enterprise_id
    if actor.role == Role.center_coordinator:
        return center_id is not None and actor.org == center_id
    return True
