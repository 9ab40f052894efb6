"""A provider's lifecycle as an explicit state machine (python-statemachine), from application to revocation.

The machine holds the structure only: states, transitions and where each leads. Who may fire a transition lives in
``authz.tables.PROVIDER_TRANSITION_ROLES``, what must be on record before it in ``providers.guards.GUARDS``, and
what the seeds say of each state, per kind of provider, in ``providers.rules``; so the diagram in docs/providers.md
(generated from this class by ``providers.diagram``) shows exactly what the code enforces. ``PROVIDER`` is the
machine as everyone asks it (``core.statemachine``): states, steps and their labels, the steps allowed to a role,
the diagram.

The path is seed 002 二(二) (提出申请 → 论证批筹 → 验收成立) and 四(二) (限期整改, 调整退出), with seed 003 art. 6
(申请 → 资料核实与签订协议 → 备案 → 挂牌), art. 16 (整改), 21 (撤销) and 22 (退出), and seed 004 六 (批准筹建并验收
通过后正式成立). ``suspended`` is this project's reading: seed 002's 调整 and seed 003 art. 21's 摘牌 need a state
where a provider is out of matching while the decision on revocation is open. ``key_supervision`` is seed 002
四(二)'s 重点监管, a state of its own; 通报批评 is a step that leaves the state as it is and publishes its record
(``publish_criticism``).
"""

from __future__ import annotations

from statemachine import Event, State, StateMachine

from authz.tables import PROVIDER_TRANSITION_ROLES
from core.statemachine import Label, Machine, TransitionNotAllowed


class ProviderMachine(StateMachine):
    applied = State("提出申请 applied", initial=True)
    under_review = State("专家评审论证 under review")
    building = State("批准筹建 building")
    acceptance = State("验收 acceptance")
    operating = State("运行 operating")
    key_supervision = State("重点监管 key supervision")
    rectifying = State("限期整改 under rectification")
    suspended = State("暂停 suspended (our reading)")
    revoked = State("撤销 revoked", final=True)
    withdrawn = State("退出 withdrawn", final=True)
    rejected = State("未获批准 not approved", final=True)
    # An application withdrawn before 批准筹建: never approved, as a rejected one, and unlike a provider that exits
    # after it was approved (``withdrawn``, a public notice). A state of its own so its status is the state's alone.
    application_withdrawn = State("撤回申请 application withdrawn", final=True)

    # Event names are given explicitly so the diagram shows the names the API and CLI take.
    start_review = Event(applied.to(under_review), name="start_review")
    approve_build = Event(under_review.to(building), name="approve_build")
    reject_application = Event(under_review.to(rejected), name="reject_application")
    request_acceptance = Event(building.to(acceptance), name="request_acceptance")
    pass_acceptance = Event(acceptance.to(operating), name="pass_acceptance")
    fail_acceptance = Event(acceptance.to(building), name="fail_acceptance")
    cancel_build = Event(building.to(revoked) | acceptance.to(revoked), name="cancel_build")
    # 激励管理 (seed 002 四(二)) and 宣传推广 (seed 003 art. 15): the association commends an operating provider; it
    # stays operating, and the commendation is on record and shown (``commended_on``).
    commend = Event(operating.to.itself(), name="commend")
    # 重点监管 (seed 002 四(二) 激励管理、重点监管、正常管理): a state of its own, with its own measures — the provider
    # still operates (and is matched, flagged), and is back to normal management when the association ends it.
    place_under_key_supervision = Event(operating.to(key_supervision), name="place_under_key_supervision")
    end_key_supervision = Event(key_supervision.to(operating), name="end_key_supervision")
    # 通报批评 (seed 002 四(二)): a published record with its date and reason; the provider stays where it is.
    publish_criticism = Event(operating.to.itself() | key_supervision.to.itself() | rectifying.to.itself(),
                              name="publish_criticism")
    order_rectification = Event(operating.to(rectifying) | key_supervision.to(rectifying), name="order_rectification")
    pass_recheck = Event(rectifying.to(operating), name="pass_recheck")
    suspend = Event(operating.to(suspended) | key_supervision.to(suspended) | rectifying.to(suspended),
                    name="suspend")
    reinstate = Event(suspended.to(operating), name="reinstate")
    revoke = Event(operating.to(revoked) | key_supervision.to(revoked) | rectifying.to(revoked)
                   | suspended.to(revoked), name="revoke")
    withdraw = Event(
        applied.to(application_withdrawn) | under_review.to(application_withdrawn)
        | building.to(withdrawn) | acceptance.to(withdrawn) | operating.to(withdrawn) | key_supervision.to(withdrawn)
        | rectifying.to(withdrawn) | suspended.to(withdrawn),
        name="withdraw",
    )


# What each step is called on the provider's page (its decision list and its history), Chinese first.
STEP_LABELS: dict[str, Label] = {
    "start_review": ("受理，开始评审", "start the review"),
    "approve_build": ("批准筹建", "approve building"),
    "reject_application": ("不予批准", "reject the application"),
    "request_acceptance": ("申请验收", "ask for acceptance"),
    "pass_acceptance": ("验收通过", "pass acceptance"),
    "fail_acceptance": ("验收未通过", "fail acceptance"),
    "cancel_build": ("取消筹建资格", "cancel building"),
    "commend": ("激励管理·示范推广", "commend (incentive management)"),
    "place_under_key_supervision": ("列入重点监管", "place under key supervision"),
    "end_key_supervision": ("解除重点监管", "end key supervision"),
    "publish_criticism": ("通报批评", "publish a criticism"),
    "order_rectification": ("责令限期整改", "order rectification"),
    "pass_recheck": ("整改复核通过", "pass the re-check"),
    "suspend": ("暂停", "suspend"),
    "reinstate": ("恢复运行", "reinstate"),
    "revoke": ("撤销", "revoke"),
    "withdraw": ("退出", "withdraw"),
}
# ``withdraw`` from an application (applied, under review: to ``application_withdrawn``) is the applicant taking its
# application back, never approved: 撤回申请, not 退出, which is an approved provider leaving the register (seed 003
# art. 22). Said so wherever the step is named: the provider's history, its decision list, the notices.
WITHDRAW_APPLICATION: Label = ("撤回申请", "withdraw the application")
APPLICATION_STATES = frozenset({"applied", "under_review"})


def step_said(step: str, lang: str, *, from_state: str | None = None, to_state: str | None = None) -> str:
    """A step's label in one language, as it reads where it was (``from_state``) or leads (``to_state``): a
    withdrawal of an application is 撤回申请 / withdraw the application; any other as :data:`STEP_LABELS` says."""
    if step == "withdraw" and (to_state == "application_withdrawn" or from_state in APPLICATION_STATES):
        return WITHDRAW_APPLICATION[0] if lang == "zh" else WITHDRAW_APPLICATION[1]
    return PROVIDER.step_label(step, lang)


def step_labels_at(state: str | None, lang: str) -> dict[str, str]:
    """Every step's label in one language as the steps read from ``state`` (the provider's now)."""
    return {step: step_said(step, lang, from_state=state) for step in PROVIDER.step_labels(lang)}


# Events recorded without a machine transition: an application filed (from no state to ``applied``), and a provider
# entered or reset by a kb-v1 import at the state its file's ``status`` names.
APPLY_EVENT = "apply"
IMPORT_EVENT = "imported"
# The association changed the rules profile that governs the provider (the state stays), with its reason.
PROFILE_EVENT = "change_profile"
# A yearly plan's or report's steps (the state stays): filed, returned for revision with its reason (退回补充), accepted
# with its score. The history keeps every step, so a plan returned and filed again shows both filings and the reason.
FILING_EVENTS: dict[str, Label] = {
    "file_filing": ("报送", "filed"),
    "return_filing": ("退回补充", "returned for revision"),
    "review_filing": ("审核通过", "accepted"),
}

PROVIDER = Machine(ProviderMachine, steps=STEP_LABELS,
                   records={APPLY_EVENT: ("提出申请", "applied"), IMPORT_EVENT: ("导入", "imported"),
                            PROFILE_EVENT: ("变更适用规则", "rules profile changed"), **FILING_EVENTS},
                   roles=PROVIDER_TRANSITION_ROLES)
INITIAL_STATE = PROVIDER.initial_state()

states = PROVIDER.states
final_states = PROVIDER.final_states
transitions = PROVIDER.transitions
edges = PROVIDER.edges
state_label = PROVIDER.state_label
allowed_transitions = PROVIDER.allowed  # from a state; given a role, those that role may fire
target_of = PROVIDER.target_of


__all__ = [
    "APPLICATION_STATES", "APPLY_EVENT", "FILING_EVENTS", "IMPORT_EVENT", "INITIAL_STATE", "PROFILE_EVENT", "PROVIDER",
    "STEP_LABELS", "WITHDRAW_APPLICATION", "ProviderMachine", "TransitionNotAllowed", "allowed_transitions", "edges",
    "final_states", "state_label", "states", "step_labels_at", "step_said", "target_of", "transitions",
]
