"""The 办事指南: what to prepare, the steps, who handles each and how long it usually takes, and on every working page
what happens next (issue 30, item 6). All of it is here, Chinese first and English too, so the pages and the docs
(docs/ui.md cites this module) say the same thing.

A step or a state is named by the engagement machine's own label (``{step:…}`` and ``{state:…}`` are filled from
``pipeline.machine`` through ``flows.workflow``), never restated here; a period is filled from the setting or the
constant that enforces it (``{review_days}``: ``Settings.review_expected_workdays``; ``{handling_days}``:
``flows.engagements.COMPLAINT_HANDLING_WORKDAYS``), never written as a number here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from accounts.vocab import OrgKind, Role
from core.statemachine import pick
from flows import workflow
from flows.engagements import COMPLAINT_HANDLING_WORKDAYS

Text = tuple[str, str]  # (中文, English)

# ---- the intake page: before the conversation ----

INTAKE_TITLE: Text = ("办事指南：提交技术服务需求", "Guide: asking for a technical service")
INTAKE_PREPARE_TITLE: Text = ("请先准备", "Have at hand")
INTAKE_PREPARE: tuple[Text, ...] = (
    ("产品名称、型号和所属行业", "the product, its model and your industry"),
    ("想解决的问题，或要做的检测、试验、认证；知道依据的标准编号更好",
     "the problem to solve, or the tests, trials or certification you need; the standard's number if you know it"),
    ("对服务机构资质的要求，如 CMA、CNAS", "what the provider must be accredited for, such as CMA or CNAS"),
    ("预算范围和希望完成的时间", "your budget and when you need it done"),
    # (what either choice shows the providers, and when: intake.publish.NAME_SEEN)
    ("是否涉及商业秘密：可设为保密，协议会签前服务机构只看到摘要；不设保密时，系统推荐的服务机构在提交后、协会审核前"
     "即可看到贵公司名称和需求全文（联系方式除外）",
     "whether it is confidential: a provider then sees only a summary until you countersign the agreement; if not, "
     "the providers proposed read your company's name and the need's full text as soon as you submit, before the "
     "association's review (never your contact details)"),
)
INTAKE_STEPS_TITLE: Text = ("办理流程", "How it goes")
INTAKE_STEP_HEAD: tuple[Text, Text, Text] = (("环节", "Step"), ("办理方", "Handled by"), ("通常用时", "Usually takes"))


@dataclass(frozen=True)
class GuideStep:
    """One row of the intake guide: a Figure 1 box (``workflow.figure1_steps``' key), who handles it, how long."""

    key: str
    who: Text
    time: Text


INTAKE_STEPS: tuple[GuideStep, ...] = (
    # published as it is submitted, the review after (flows.needs.submit_need; intake.publish.PUBLISHED_WHEN)
    GuideStep("raised", ("您（本页对话）；提交后立即公开发布，之后由所属协会审核",
                         "you, in this conversation; it is published as you submit it, then your association "
                         "reviews it"),
              ("对话随时保存为草稿；协会审核约 {review_days} 个工作日",
               "the conversation is kept as a draft; the review takes about {review_days} working days")),
    GuideStep("communicating", ("您与推荐的服务机构", "you and the provider proposed"),
              ("视双方沟通而定", "as long as the two of you need")),
    GuideStep("contracted", ("服务机构起草并签署，您会签", "the provider drafts and signs it, you countersign"),
              ("视双方沟通而定", "as long as the two of you need")),
    GuideStep("team_formed", ("服务机构", "the provider"), ("协议签订后即可开始", "once the agreement is signed")),
    GuideStep("plan_review", ("机构评审组或协会", "the provider's review board or the association"),
              ("方案提交后", "after the plan is handed in")),
    GuideStep("delivering", ("服务机构", "the provider"), ("按协议约定的完成期限", "by the agreement's deadline")),
    GuideStep("acceptance", ("您", "you"), ("成果交付后", "once the results are delivered")),
    GuideStep("closed", ("您可评价；如有投诉由服务机构处理",
                         "you rate the service; a complaint is handled by the provider"),
              ("投诉在 {handling_days} 个工作日内处理", "a complaint is handled within {handling_days} working days")),
)

# ---- the needs page, after submitting ----

SUBMITTED: Text = (
    "需求已提交，由「{handler}」审核，通常在 {review_days} 个工作日内完成。协会会核对需求并确定推荐的服务机构，"
    "结果会显示在本页；需要补充时，协会会把需求退回给您并写明要补充什么。",
    "Your need has been submitted and will be reviewed by {handler}, usually within {review_days} working days. The "
    "association checks it and settles which providers to propose; the outcome shows on this page. If something is "
    "missing, it sends the need back to you saying what to add.",
)
HANDLER_UNKNOWN: Text = ("所属协会", "your association")

# ---- the engagement page ----

STEPPER_TITLE: Text = ("办理进度", "Progress")
# "Now with: <enterprise> or <provider> your turn" read wrong (a new user's trial, 2026-11-30)
TURN_LABEL: Text = ("当前由", "Next to act")
TURN_YOURS: Text = ("轮到您办理", "Your turn")
TURN_NOBODY: Text = ("已结束，无需再办理", "Ended: nothing is left to do")
# An ended engagement whose client's complaint is not closed: the handling (and the client's answer) is still to do.
TURN_COMPLAINT: Text = ("项目已终结，投诉尚未办结：见下方“满意度与投诉”",
                        "Ended, but a complaint is still open: see Satisfaction and complaints below")
# The agreement's deadline for the work, whoever's turn it is: "Due by" beside "your turn" at the countersignature read
# as the day the countersignature was due (the enterprise's day, 2026-11-28).
BY_WHEN: Text = ("完成期限", "Work due by")
OVERDUE: Text = ("已逾期", "overdue")
NEXT_TITLE: Text = ("接下来", "What happens next")
OPTIONAL: Text = ("可不填", "optional")
OTHER_STEPS: Text = ("其他操作", "Other steps")
DELIVERY_BEFORE_VERDICT: Text = ("请先查看上方交付的成果，再作验收结论。",
                                 "Look at the results delivered above before deciding.")

# Who a party is, when the page has no name for it.
PARTY: dict[OrgKind, Text] = {
    OrgKind.enterprise: ("企业", "the enterprise"),
    OrgKind.center: ("服务机构", "the provider"),
    OrgKind.association: ("协会", "the association"),
}

# What happens next in each state of the engagement, as the people in it would say it.
NEXT: dict[str, Text] = {
    "communicating": (
        "企业与服务机构在下方留言区沟通技术要求、费用和周期；谈妥后任一方点「{step:reach_agreement}」。",
        "The enterprise and the provider settle the technical requirements, price and schedule in the messages "
        "below; once they agree, either side records it with “{step:reach_agreement}”."),
    "agreed": (
        "服务机构起草技术服务协议（范围、交付物、费用、完成期限、保密条款）并签署，随后交企业会签。",
        "The provider drafts the service agreement (scope, deliverables, price, deadline, confidentiality) and signs "
        "it; the enterprise then countersigns it."),
    "awaiting_countersignature": (
        "企业核对服务机构已签署的协议：无误就「{step:countersign}」，协议随即生效；需要修改就「{step:return_agreement}」"
        "并写明理由。",
        "The enterprise checks the agreement the provider signed: if it is right, “{step:countersign}” and it takes "
        "effect; if not, “{step:return_agreement}” saying why."),
    "contracted": (
        "服务机构从本机构专家中「{step:form_team}」：确定项目负责人和成员。",
        "The provider picks its experts and records “{step:form_team}”: a lead and the members."),
    "team_formed": (
        "项目组「{step:submit_plan}」，写明技术路线、检测项目、分工和进度，交付评审。",
        "The team records “{step:submit_plan}”: approach, tests, who does what and when, for review."),
    "plan_review": (
        "机构评审组或协会评审方案（提交人不评审自己的方案）：「{step:approve_plan}」后开始服务，"
        "「{step:reject_plan}」则退回修改。",
        "The provider's review board or the association reviews the plan (never whoever wrote it): "
        "“{step:approve_plan}” starts the service, “{step:reject_plan}” sends it back."),
    "plan_revision": (
        "项目组按评审意见修改方案后「{step:resubmit_plan}」，再次评审。",
        "The team revises the plan along the review's points and records “{step:resubmit_plan}” for another review."),
    "delivering": (
        "服务机构开展技术服务，完成后上传成果文件并「{step:submit_results}」，交企业验收。",
        "The provider carries out the service, then uploads the results and records “{step:submit_results}” for "
        "the enterprise to accept."),
    "acceptance": (
        "企业对照协议核对交付的成果：达到要求就「{step:pass_acceptance}」，否则「{step:fail_acceptance}」并写明理由，"
        "服务机构完善后再次交付。",
        "The enterprise checks the results against the agreement: “{step:pass_acceptance}” if they meet it, or "
        "“{step:fail_acceptance}” saying why, and the provider delivers again."),
    "closed": (
        "项目已终结。企业可以评价本次服务；如有投诉，服务机构应在 {handling_days} 个工作日内处理，处理结果由企业确认。",
        "The engagement is closed. The enterprise may rate the service; a complaint is handled by the provider "
        "within {handling_days} working days, and the enterprise confirms the handling."),
    # Who withdrew decides what follows (flows.engagements.advance): the enterprise's need is withdrawn with it, a
    # provider's is docked again; the page told an enterprise that had withdrawn it would be docked again.
    "withdrawn": (
        "对接已撤回。由服务机构撤回的，协会会为该需求重新安排服务机构；由企业撤回的，需求随之撤回，如仍需服务请重新提出需求。",
        "The engagement was withdrawn. If the provider withdrew, the association may find the need another "
        "provider; if the enterprise withdrew, the need was withdrawn with it: to look again, raise a new need."),
    "terminated": (
        "对接已由协会终止。协会可以为该需求重新安排服务机构。",
        "The association ended the engagement. It may find the need another provider."),
}

# The same, where the step before was taken for a party by someone else (flows.workflow.behalf_of_step): the
# association's coordinator signed for the provider and the guide said "企业核对服务机构已签署的协议" (a new user's
# trial in Chromium, 2026-11-29).
NEXT_ON_BEHALF: dict[str, Text] = {
    "awaiting_countersignature": (
        "企业核对{actor}代{parties}签署的协议：无误就「{step:countersign}」，协议随即生效；需要修改就"
        "「{step:return_agreement}」并写明理由。",
        "The enterprise checks the agreement {actor} signed on {parties}'s behalf: if it is right, "
        "“{step:countersign}” and it takes effect; if not, “{step:return_agreement}” saying why."),
}
# Any other step taken for a party: said before what happens next.
DONE_ON_BEHALF: Text = ("{actor}已代{parties}{done}。", "{Actor} recorded “{done}” on behalf of {parties}. ")

_SLOT = re.compile(r"\{(step|state):([a-z_]+)\}")


def say(text: Text, lang: str, **values: object) -> str:
    """One language of a guide text, with the machine's labels and the given values filled in."""
    steps, states = workflow.step_labels(lang), workflow.state_labels(lang)
    out = _SLOT.sub(lambda m: (steps if m.group(1) == "step" else states)[m.group(2)], pick(text, lang))
    values.setdefault("handling_days", COMPLAINT_HANDLING_WORKDAYS)
    for key, value in values.items():
        out = out.replace("{" + key + "}", str(value))
    return out


def strings(lang: str) -> dict[str, str]:
    """The engagement page's guide words in one language (the template's ``g``)."""
    return {name: pick(text, lang) for name, text in (
        ("stepper", STEPPER_TITLE), ("turn", TURN_LABEL), ("yours", TURN_YOURS), ("nobody", TURN_NOBODY),
        ("complaint_open", TURN_COMPLAINT),
        ("by_when", BY_WHEN), ("overdue", OVERDUE), ("next", NEXT_TITLE), ("optional", OPTIONAL),
        ("other_steps", OTHER_STEPS), ("delivery_first", DELIVERY_BEFORE_VERDICT))}


def intake_guide(lang: str, *, review_days: int) -> dict[str, object]:
    """The intake page's guide: what to prepare and the steps, each with who handles it and how long it takes."""
    names = dict(workflow.figure1_steps(lang))
    return {
        "title": pick(INTAKE_TITLE, lang), "prepare_title": pick(INTAKE_PREPARE_TITLE, lang),
        "prepare": [pick(p, lang) for p in INTAKE_PREPARE], "steps_title": pick(INTAKE_STEPS_TITLE, lang),
        "head": [pick(h, lang) for h in INTAKE_STEP_HEAD],
        "steps": [{"key": s.key, "name": names[s.key], "who": say(s.who, lang),
                   "time": say(s.time, lang, review_days=review_days)} for s in INTAKE_STEPS],
    }


def submitted(lang: str, *, handler: str | None, review_days: int) -> dict[str, str]:
    """After submitting: who reviews the need and how long it usually takes (headed on the page by the need's status,
    "等待协调员审核", so the status is said once)."""
    return {"text": say(SUBMITTED, lang, handler=handler or pick(HANDLER_UNKNOWN, lang), review_days=review_days)}


def engagement_guide(*, state: str, role: Role, lang: str, deadline: date | None, today: date,
                     names: dict[OrgKind, str | None], onward: bool,
                     last: tuple[str, workflow.Behalf] | None = None,
                     failed: tuple[int, list[str]] | None = None) -> dict[str, object]:
    """The engagement page's stepper (Figure 1's boxes from the machine, this one marked), whose turn it is (from
    ``flows.workflow.turn``: named, and "your turn" when it is the viewer's party's and the viewer may take a step
    on, ``onward``: not whoever wrote the plan under review), by when (the agreement's deadline, while the
    engagement runs) and what happens next, opened by the verdict that sent the work back (``failed``: its round and
    reasons, :func:`flows.workflow.failed_acceptance`)."""
    at = workflow.figure1_step(state)
    steps = [{"key": key, "name": name, "n": n,
              "mark": "done" if at and n < at else "current" if n == at else ""}
             for n, (key, name) in enumerate(workflow.figure1_steps(lang), start=1)]
    parties = workflow.turn(state)
    # An admin acts for anyone, and so is in turn for none.
    mine = onward and role != Role.admin and workflow.party_of(role) in parties
    sep = "、" if lang == "zh" else " or "
    due = deadline if parties and deadline is not None else None
    return {"steps": steps, "at": at, "state": workflow.state_labels(lang)[state],
            "ended": state in workflow.final_states(),
            "turn": [p.value for p in parties],
            "turn_names": sep.join(names.get(p) or pick(PARTY[p], lang) for p in parties),
            "mine": mine, "due": due, "overdue": due is not None and due < today,
            "next": (workflow.failed_acceptance_said(*failed, lang) if failed else "") + _next(state, lang, last)}


def _next(state: str, lang: str, last: tuple[str, workflow.Behalf] | None) -> str:
    """What happens next; ``last``: the step that led here and who took it for whom, when its party did not."""
    if last is None:
        return say(NEXT[state], lang)
    done, behalf = last
    actor, parties = (behalf.actor_zh, behalf.parties_zh) if lang == "zh" else (behalf.actor_en, behalf.parties_en)
    if state in NEXT_ON_BEHALF:
        return say(NEXT_ON_BEHALF[state], lang, actor=actor, parties=parties)
    before = say(DONE_ON_BEHALF, lang, actor=actor, Actor=actor[:1].upper() + actor[1:], parties=parties,
                 done=workflow.step_labels(lang).get(done, done))
    return before + say(NEXT[state], lang)
