"""The engagement workflow of seed 000 Figure 1 as an explicit state machine (python-statemachine).

The machine holds the structure only: states (named "中文 English"), transitions and which transition leads where.
Who may fire a transition lives in ``authz.tables`` and what must be on record before it in ``pipeline.guards``,
each in one named table, so the diagram in docs/workflow.md (generated from this class) shows exactly what the code
enforces. ``ENGAGEMENT`` is the machine as everyone asks it (``core.statemachine``): states, steps and their labels,
the steps allowed to a role, the diagram.

Figure 1 survives only as box labels (see ../shared/DOMAIN.md). The acceptance decision (通过/未通过) is the
seed's; the plan-review loop — a rejected plan goes to ``plan_revision`` and is reviewed again — is this project's
reading of 技术服务评审. We chose a separate ``plan_revision`` state over "back to team_formed" so the history says
plainly that a plan was sent back, and the team need not be formed again.

签订技术服务协议 takes both parties (issue 31): the provider's side signs the agreement it drafted
(``sign_agreement``), and it is signed only once the enterprise countersigns it (``countersign``); until then the
engagement waits in ``awaiting_countersignature``, and the enterprise may send the draft back (``return_agreement``).
A confidential need's details open to the provider on the countersignature, the enterprise's own act, never on the
provider's.
"""

from __future__ import annotations

from statemachine import Event, State, StateMachine

from authz.tables import TRANSITION_ROLES
from core.statemachine import Label, Machine, TransitionNotAllowed


class EngagementMachine(StateMachine):
    communicating = State("技术、商务沟通 communicating", initial=True)
    agreed = State("达成一致 agreed")
    awaiting_countersignature = State("待企业会签 awaiting countersignature")
    contracted = State("签订技术服务协议 contracted")
    team_formed = State("成立项目组 team formed")
    plan_review = State("技术服务评审 plan review")
    plan_revision = State("方案修改 plan revision (our reading)")
    delivering = State("开展技术服务 delivering")
    acceptance = State("服务成果验收 acceptance")
    closed = State("项目终结 closed", final=True)
    withdrawn = State("撤回 withdrawn", final=True)
    terminated = State("终止 terminated", final=True)

    # Event names are given explicitly so the diagram shows the names the API and CLI take.
    reach_agreement = Event(communicating.to(agreed), name="reach_agreement")
    sign_agreement = Event(agreed.to(awaiting_countersignature), name="sign_agreement")
    countersign = Event(awaiting_countersignature.to(contracted), name="countersign")
    return_agreement = Event(awaiting_countersignature.to(agreed), name="return_agreement")
    form_team = Event(contracted.to(team_formed), name="form_team")
    submit_plan = Event(team_formed.to(plan_review), name="submit_plan")
    approve_plan = Event(plan_review.to(delivering), name="approve_plan")
    reject_plan = Event(plan_review.to(plan_revision), name="reject_plan")
    resubmit_plan = Event(plan_revision.to(plan_review), name="resubmit_plan")
    submit_results = Event(delivering.to(acceptance), name="submit_results")
    pass_acceptance = Event(acceptance.to(closed), name="pass_acceptance")
    fail_acceptance = Event(acceptance.to(delivering), name="fail_acceptance")
    # The two exits, from every state that has not ended.
    withdraw = Event(
        communicating.to(withdrawn) | agreed.to(withdrawn) | awaiting_countersignature.to(withdrawn)
        | contracted.to(withdrawn) | team_formed.to(withdrawn)
        | plan_review.to(withdrawn) | plan_revision.to(withdrawn) | delivering.to(withdrawn)
        | acceptance.to(withdrawn),
        name="withdraw",
    )
    terminate = Event(
        communicating.to(terminated) | agreed.to(terminated) | awaiting_countersignature.to(terminated)
        | contracted.to(terminated) | team_formed.to(terminated)
        | plan_review.to(terminated) | plan_revision.to(terminated) | delivering.to(terminated)
        | acceptance.to(terminated),
        name="terminate",
    )


# What each step is called on a button and in the history, Chinese first (the pages read it from here).
STEP_LABELS: dict[str, Label] = {
    "reach_agreement": ("达成一致", "reach agreement"),
    "sign_agreement": ("签订技术服务协议", "sign the agreement"),
    "countersign": ("会签技术服务协议", "countersign the agreement"),
    "return_agreement": ("退回协议修改", "send the agreement back"),
    "form_team": ("成立项目组", "form the team"),
    "submit_plan": ("提交服务方案", "submit the plan"),
    "approve_plan": ("评审通过", "approve the plan"),
    "reject_plan": ("评审未通过", "send the plan back"),
    "resubmit_plan": ("重新提交方案", "resubmit the plan"),
    "submit_results": ("提交服务成果", "submit results"),
    "pass_acceptance": ("验收通过", "pass acceptance"),
    "fail_acceptance": ("验收未通过", "fail acceptance"),
    "withdraw": ("撤回", "withdraw"),
    "terminate": ("终止", "terminate"),
}
# The event recorded when an engagement is opened (from no state to the initial one); not a machine transition.
OPEN_EVENT = "open"

ENGAGEMENT = Machine(EngagementMachine, steps=STEP_LABELS, records={OPEN_EVENT: ("开启对接", "opened")},
                     roles=TRANSITION_ROLES)
INITIAL_STATE = ENGAGEMENT.initial_state()

states = ENGAGEMENT.states
final_states = ENGAGEMENT.final_states
transitions = ENGAGEMENT.transitions
edges = ENGAGEMENT.edges
state_label = ENGAGEMENT.state_label
allowed_transitions = ENGAGEMENT.allowed  # from a state; given a role, those that role may fire
target_of = ENGAGEMENT.target_of
replay = ENGAGEMENT.replay


__all__ = [
    "ENGAGEMENT", "INITIAL_STATE", "OPEN_EVENT", "STEP_LABELS", "EngagementMachine", "TransitionNotAllowed",
    "allowed_transitions", "edges", "final_states", "replay", "state_label", "states", "target_of", "transitions",
]
