"""The pipeline's closed vocabularies — roles, review statuses, reject reasons — with Chinese and English labels."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from authz.vocab import ROLE_LABELS, OrgKind, Role  # one role vocabulary (and its labels) for the whole service

__all__ = ["REJECT_REASON_LABELS", "REVIEW_STATUS_LABELS", "ROLE_LABELS", "STEP_FIELDS", "STEP_PARTIES", "TURN",
           "RejectReason", "ReviewStatus", "Role", "StepField", "on_behalf_of", "step_field"]

class ReviewStatus(StrEnum):
    pending = "pending"
    accepted = "accepted"
    rejected = "rejected"


REVIEW_STATUS_LABELS: dict[ReviewStatus, tuple[str, str]] = {
    ReviewStatus.pending: ("待审核", "pending"),
    ReviewStatus.accepted: ("已接受", "accepted"),
    ReviewStatus.rejected: ("已驳回", "rejected"),
}


class RejectReason(StrEnum):
    not_suitable = "not_suitable"
    no_capacity = "no_capacity"
    conflict_of_interest = "conflict_of_interest"
    need_unclear = "need_unclear"
    provider_declined = "provider_declined"
    other = "other"


REJECT_REASON_LABELS: dict[RejectReason, tuple[str, str]] = {
    RejectReason.not_suitable: ("机构不适合该需求", "provider not suitable"),
    RejectReason.no_capacity: ("机构无余力承接", "provider has no capacity"),
    RejectReason.conflict_of_interest: ("存在利益冲突", "conflict of interest"),
    RejectReason.need_unclear: ("需求不清，需补充", "need unclear"),
    RejectReason.provider_declined: ("机构婉拒", "provider declined"),
    RejectReason.other: ("其他", "other"),
}


# ---- the engagement's steps: what each one asks for, and whose turn each state is ----


class StepField(NamedTuple):
    """One field of a step's form: ``key`` is where the step's guard (``pipeline.guards.GUARDS``) reads it in the
    payload; ``lines`` a field read one item per line (a list); ``hint`` says what to write, Chinese first."""

    key: str
    label: tuple[str, str]
    required: bool
    hint: tuple[str, str] | None = None
    lines: bool = False


# The fields of every step filed with text alone (seed 000 Figure 1's boxes): the engagement page shows a step's own
# form from this map, and the guards name a missing field by its label here. The three steps that file a whole
# record — the agreement (sign_agreement), the team (form_team) and the delivery (submit_results) — have their
# record's own schema (pipeline.schemas: AgreementIn, TeamIn, DeliveryIn) instead.
STEP_FIELDS: dict[str, tuple[StepField, ...]] = {
    "reach_agreement": (
        StepField("note", ("沟通结论", "what was agreed"), False,
                  ("双方就服务内容、费用和周期谈妥了什么，可不填",
                   "what both sides settled on scope, price and time; optional")),),
    "countersign": (
        StepField("note", ("会签意见", "countersignature note"), False, ("可不填", "optional")),),
    "return_agreement": (
        StepField("reason", ("退回理由", "why the agreement goes back"), True,
                  ("请写明需要机构修改协议的哪些地方", "say what the provider should change in the agreement")),),
    "submit_plan": (
        StepField("plan", ("服务方案摘要", "plan summary"), True,
                  ("技术路线、检测或试验项目、人员分工与进度安排",
                   "approach, tests or trials, who does what, and when")),),
    "resubmit_plan": (
        StepField("plan", ("修改后的服务方案摘要", "revised plan summary"), True,
                  ("请逐条回应评审意见", "answer the review's points one by one")),),
    "approve_plan": (
        StepField("opinion", ("评审意见", "review opinion"), True,
                  ("方案是否可行、有何建议", "whether the plan is sound, and any advice")),
        StepField("reviewers", ("评审人", "reviewers"), False, ("每行一位，可不填", "one per line; optional"),
                  lines=True),),
    "reject_plan": (
        StepField("opinion", ("评审意见", "review opinion"), True,
                  ("请写明方案需要修改之处", "say what the plan must change")),
        StepField("reviewers", ("评审人", "reviewers"), False, ("每行一位，可不填", "one per line; optional"),
                  lines=True),),
    "pass_acceptance": (
        StepField("reasons", ("验收意见", "acceptance opinion"), True,
                  ("成果是否达到协议约定的交付要求，每行一条",
                   "whether the results meet the agreement, one point per line"),
                  lines=True),),
    "fail_acceptance": (
        StepField("reasons", ("未通过的理由", "why the results fail"), True,
                  ("请写明哪些交付未达到协议要求，每行一条",
                   "say which results fall short of the agreement, one per line"),
                  lines=True),),
    "withdraw": (
        StepField("reason", ("撤回理由", "reason for withdrawing"), True),),
    "terminate": (
        StepField("reason", ("终止理由", "reason for ending the engagement"), True),),
}


def step_field(step: str, key: str) -> StepField:
    """A step's field by its payload key (the guards name a missing one by its label)."""
    return next(f for f in STEP_FIELDS[step] if f.key == key)


# Whose turn it is in each state of the engagement (seed 000 Figure 1), the one place a page reads it from: the
# party that must act next for the engagement to move on. A party here has a role (authz.vocab.ORG_ROLES) that may
# fire a step out of that state other than withdrawing or ending it (authz.tables.TRANSITION_ROLES); a test holds the
# two tables together. 技术服务评审 is the center's review board or the association's; 服务成果验收 the client's (the
# association's panel may decide for it). A state that has ended is nobody's turn.
TURN: dict[str, tuple[OrgKind, ...]] = {
    "communicating": (OrgKind.enterprise, OrgKind.center),
    "agreed": (OrgKind.center,),
    "awaiting_countersignature": (OrgKind.enterprise,),
    "contracted": (OrgKind.center,),
    "team_formed": (OrgKind.center,),
    "plan_review": (OrgKind.center, OrgKind.association),
    "plan_revision": (OrgKind.center,),
    "delivering": (OrgKind.center,),
    "acceptance": (OrgKind.enterprise,),
    "closed": (),
    "withdrawn": (),
    "terminated": (),
}


# Whose step each one is (seed 000 Figure 1): the party that takes it in its own name. Whoever else the workflow lets
# take it (authz.tables.TRANSITION_ROLES: the association's coordinator, the admin) takes it on that party's behalf:
# its button says so ("代企业验收通过") and its event records it (payload ``on_behalf_of``). The association's
# coordinator was offered the enterprise's 验收通过 as if it were its own, and the history named only the coordinator
# (a new user's trial in Chromium, 2026-11-29). The plan's review is the center's board's or the association's own,
# ending an engagement the association's; withdrawing is either party's, and whose an admin's is cannot be told.
STEP_PARTIES: dict[str, tuple[OrgKind, ...]] = {
    "reach_agreement": (OrgKind.enterprise, OrgKind.center),
    "sign_agreement": (OrgKind.center,),
    "countersign": (OrgKind.enterprise,),
    "return_agreement": (OrgKind.enterprise,),
    "form_team": (OrgKind.center,),
    "submit_plan": (OrgKind.center,),
    "resubmit_plan": (OrgKind.center,),
    "submit_results": (OrgKind.center,),
    "pass_acceptance": (OrgKind.enterprise,),
    "fail_acceptance": (OrgKind.enterprise,),
}

# The organisation kind each role acts for (an admin is the operating association's staff).
_ROLE_PARTY: dict[Role, OrgKind] = {Role.enterprise: OrgKind.enterprise, Role.center_coordinator: OrgKind.center,
                                    Role.association_coordinator: OrgKind.association, Role.admin: OrgKind.association,
                                    Role.authority_officer: OrgKind.authority}


def on_behalf_of(step: str, role: Role) -> tuple[OrgKind, ...]:
    """The parties ``role`` takes ``step`` for, when it is not one of them; () when it takes it in its own name."""
    parties = STEP_PARTIES.get(step, ())
    return () if not parties or _ROLE_PARTY.get(role) in parties else parties
