"""What must be on record before each transition, in one named table (``GUARDS``).

A guard reads the engagement, the incoming payload and the stored records, and either raises an ``InnodockError``
naming what is missing or returns the record rows the step adds. Nothing is written here: the service writes the
rows together with the state change and the event, so a refused step leaves the engagement exactly as it was.

A transition's payload may carry its record (``agreement`` for sign_agreement, ``team`` for form_team, …), so one
call files the record and moves the state; records filed beforehand with the ``record_*`` functions count as well.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from authz.tables import COORDINATORS
from core.bilingual import in_language
from core.db import Base
from core.errors import (
    FieldErrors,
    InnodockError,
    NotFoundError,
    PermissionDeniedError,
    first_of_each,
    gather,
    problems_in,
    refuse_all,
    shared_status,
)
from kb import rules
from kb import service as kb_service
from pipeline.models import (
    AcceptanceVerdict,
    AgreementRecord,
    DeliveryRecord,
    Engagement,
    EngagementEvent,
    PlanReviewRecord,
    TeamRecord,
)
from pipeline.schemas import (
    AGREEMENT_FIELD_LABELS,
    AGREEMENT_REQUIRED,
    Actor,
    AgreementIn,
    DeliveryIn,
    RuleError,
    TeamIn,
)
from pipeline.vocab import step_field


@dataclass
class GuardContext:
    session: Session
    engagement: Engagement
    actor: Actor
    payload: dict[str, Any]
    today: date  # the day the step is taken (a guard that judges a date against it: an agreement's deadline)


Guard = Callable[[GuardContext], list[Base]]
M = TypeVar("M", bound=BaseModel)


def parse_model(model: type[M], data: Any, field: str) -> M:
    """Validate user data into ``model``; every field refused is said at once, each once (its first reason), each
    a readable error naming it (``core.errors.refuse_all``): the first alone was said, so a step's form with two
    wrong fields (an agreement's deadline and signing date) took two submits."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        refuse_all(first_of_each(_refused(error, field) for error in exc.errors()))
        raise  # pragma: no cover - a ValidationError always has an error


def _refused(error: Any, field: str) -> InnodockError:
    where = ".".join(str(p) for p in error.get("loc", ()))
    name = f"{field}.{where}" if where else field
    said = (error.get("ctx") or {}).get("error")
    if isinstance(said, RuleError):  # a rule of its own, in both languages: said as written
        return InnodockError(str(said), field=f"{name}.{said.field}" if said.field else name)
    # an agreement's field named in Chinese (several at once read "内容不合格；内容不合格")
    label = AGREEMENT_FIELD_LABELS.get(str(error["loc"][-1])) if field == "agreement" and error.get("loc") else None
    return InnodockError(f"{f'“{label}”' if label else ''}内容不合格 / invalid: {error.get('msg', 'invalid value')}",
                         field=name)


def _text(ctx: GuardContext, step: str, key: str) -> str:
    """A step's required text, named as its form names it (``pipeline.vocab.STEP_FIELDS``) when missing."""
    value = ctx.payload.get(key)
    if not isinstance(value, str) or not value.strip():
        zh, en = step_field(step, key).label
        raise InnodockError(f"请填写{zh} / {en} is required for this step", field=f"payload.{key}")
    return value.strip()


def _reasons(ctx: GuardContext) -> list[str]:
    value = ctx.payload.get("reasons")
    if isinstance(value, str):
        value = [value]
    reasons = [r.strip() for r in value or [] if isinstance(r, str) and r.strip()]
    if not reasons:
        raise InnodockError("验收结论须写明理由 / an acceptance verdict needs at least one reason",
                            field="payload.reasons")
    return reasons


def by(actor: Actor) -> dict[str, str]:
    return {"recorded_by_role": actor.role.value, "recorded_by_id": actor.label()}


# ---- agreement ----


def latest_agreement(session: Session, engagement_id: str) -> AgreementRecord | None:
    return session.scalars(
        select(AgreementRecord).where(AgreementRecord.engagement_id == engagement_id)
        .order_by(AgreementRecord.id.desc()).limit(1)
    ).first()


def agreement_of(row: AgreementRecord) -> AgreementIn:
    return AgreementIn.model_validate({name: getattr(row, name) for name in AgreementIn.model_fields})


def agreement_row(engagement_id: str, agreement: AgreementIn, actor: Actor) -> AgreementRecord:
    return AgreementRecord(engagement_id=engagement_id, **agreement.model_dump(), **by(actor))


def price_above_budget(price_yuan: Decimal | None, budget_max_yuan: int | None) -> bool:
    """Whether an agreement's price is above its need's stated budget maximum (in yuan). Checked with the agreement,
    said to the parties and never refused: a price may be negotiated up (a new user's trial, 2026-11-30: a 5万 need
    was signed at 80,000 元 without a word). No price or no budget maximum: nothing to compare."""
    return price_yuan is not None and budget_max_yuan is not None and price_yuan > budget_max_yuan


def check_signed_agreement(agreement: AgreementIn | None) -> AgreementIn:
    """A signed agreement names all of: scope, deliverables, price, schedule, deadline, confidentiality clause,
    signing date and both parties (seed 000 Figure 1 签订技术服务协议; §5.2.4 for the confidentiality clause)."""
    if agreement is None:
        raise InnodockError("尚未登记技术服务协议 / no agreement on record", field="agreement")
    refuse_agreement(_dates_refused(agreement, None), agreement.missing())
    return agreement


def refuse_agreement(refused: Sequence[InnodockError], missing: Sequence[str]) -> None:
    """An agreement's refusals at once, in the form's order: what was refused of it and each missing field on its own
    field (``agreement.<name>``), so a form marks every box; the missing ones were one message on ``agreement`` that
    marked none, and an unreadable price was said before them, alone (a new user's trial, 2026-11-29). Missing fields
    alone keep that one summary ("协议缺少：… / agreement is missing: …", on ``agreement``), each also listed."""
    lacking = [InnodockError(f"请填写“{AGREEMENT_FIELD_LABELS[m]}” / {m} is required", field=f"agreement.{m}")
               for m in missing]
    if lacking and not refused:
        zh = "、".join(AGREEMENT_FIELD_LABELS[m] for m in missing)
        raise FieldErrors(lacking, message=f"协议缺少：{zh} / agreement is missing: {', '.join(missing)}",
                          field="agreement")
    refuse_all(in_agreement_order([*refused, *lacking]))


def in_agreement_order(problems: Sequence[InnodockError]) -> list[InnodockError]:
    """An agreement's refusals in its form's order (``AGREEMENT_REQUIRED``'s); anything else after them."""
    order = {f"agreement.{name}": i for i, name in enumerate(AGREEMENT_REQUIRED)}
    return sorted(problems, key=lambda p: order.get(".".join((p.field or "").split(".")[:2]), len(order)))


def _blank(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _dates_refused(agreement: AgreementIn, today: date | None) -> list[InnodockError]:
    """The deadline before the signing date, or (on the day it is signed) the deadline before today or the signing
    date after it."""
    if agreement.deadline is not None and agreement.signed_on is not None and agreement.deadline < agreement.signed_on:
        return [InnodockError("完成期限早于签订日期 / deadline is before the signing date", field="agreement.deadline")]
    found: list[InnodockError] = []
    if today is not None:
        gather(found, partial(check_deadline_ahead, agreement, today))
        gather(found, partial(check_signed_by_today, agreement, today))
    return found


def check_signed_by_today(agreement: AgreementIn, today: date) -> None:
    """An agreement is signed on or before the day it is recorded as signed: 签订日期 2026-12-31 was accepted on
    2026-11-30 (a new user's trial), where the provider's lifecycle decision form refuses a future date. ``today`` is
    China's (``core.china_time.today``, the step's)."""
    if agreement.signed_on is not None and agreement.signed_on > today:
        label = AGREEMENT_FIELD_LABELS["signed_on"]
        raise InnodockError(
            f"{label} {agreement.signed_on.isoformat()} 晚于今天（{today.isoformat()}），协议签订后才能登记签订，"
            f"请填写今天或以前的日期 / the signing date {agreement.signed_on.isoformat()} is after today "
            f"({today.isoformat()}): record the agreement as signed once it is",
            field="agreement.signed_on")


def signed_agreement(data: Any, today: date) -> AgreementIn:
    """The agreement a signing carries, read: whatever its reader refuses (a date that is not one), what it lacks and
    its deadline before the signing date or today, all said at once (:func:`refuse_agreement`)."""
    try:
        agreement = parse_model(AgreementIn, data, "agreement")
    except InnodockError as exc:
        refused = problems_in(exc)
        if not isinstance(data, dict) or any(p.field == "agreement" for p in refused):
            raise
        named = {p.field for p in refused}
        refuse_agreement([*refused, *_typed_dates_refused(data, named, today)],
                         [m for m in AGREEMENT_REQUIRED if f"agreement.{m}" not in named and _blank(data.get(m))])
        raise
    refuse_agreement(_dates_refused(agreement, today), agreement.missing())
    return agreement


_DAY = TypeAdapter(date | None)


def _typed_dates_refused(data: dict[str, Any], named: set[str | None], today: date) -> list[InnodockError]:
    """The dates of an agreement its reader refused for another field (an unreadable price), read alone and judged
    as a readable agreement's are (:func:`_dates_refused`): a completion date before the signing date was said only
    once the price was mended (a new user's trial, 2026-11-29, "七万五千块左右" with 完成期限 before 签订日期)."""
    days: dict[str, date | None] = {}
    for name in ("deadline", "signed_on"):
        try:
            days[name] = None if f"agreement.{name}" in named else _DAY.validate_python(data.get(name) or None)
        except ValidationError:
            days[name] = None
    return _dates_refused(AgreementIn.model_construct(deadline=days["deadline"], signed_on=days["signed_on"]), today)


def check_deadline_ahead(agreement: AgreementIn, today: date) -> None:
    """Signing an agreement whose completion deadline has already passed records an engagement overdue from its
    first day (a walk signed 2020-01-01 with 完成期限 2020-06-01: at once 已逾期): refused, naming the field."""
    if agreement.deadline is not None and agreement.deadline < today:
        label = AGREEMENT_FIELD_LABELS["deadline"]
        raise InnodockError(
            f"{label} {agreement.deadline.isoformat()} 已早于今天（{today.isoformat()}），请填写今天或以后的日期 / the "
            f"completion deadline {agreement.deadline.isoformat()} is before today ({today.isoformat()})",
            field="agreement.deadline")


def guard_sign_agreement(ctx: GuardContext) -> list[Base]:
    if "agreement" in ctx.payload:
        agreement = signed_agreement(ctx.payload["agreement"], ctx.today)
        return [agreement_row(ctx.engagement.id, agreement, ctx.actor)]
    row = latest_agreement(ctx.session, ctx.engagement.id)
    refuse_agreement(_dates_refused(check_signed_agreement(agreement_of(row) if row else None), ctx.today), [])
    return []


# ---- team ----


def latest_team(session: Session, engagement_id: str) -> TeamRecord | None:
    return session.scalars(
        select(TeamRecord).where(TeamRecord.engagement_id == engagement_id).order_by(TeamRecord.id.desc()).limit(1)
    ).first()


def _expert(session: Session, expert_id: str, field: str) -> Any:
    try:
        return kb_service.get_expert(session=session, expert_id=expert_id)
    except NotFoundError:
        raise NotFoundError(f"知识库中没有专家 {expert_id} / no expert {expert_id!r} in the knowledge base",
                            field=field) from None


def _who(expert: Any) -> str:
    """An expert as a refusal names them: by name, as every page names an expert (a center's coordinator read
    "项目负责人 exp-qic-003 不符合…" and had to look the id up, the center's day tried as a new user, 2026-11-28; then
    "钱浩（exp-qic-003）", the id a page shows nowhere else, 2026-11-29); the id only for an expert with no name. The
    refusal's field (team.lead, team.members) says which of the caller's ids it is."""
    return str(getattr(expert, "name", None) or expert.id)


def _reasons_in(reasons: list[str], lang: str) -> str:
    """A rule's reasons ("中文 / English" each) in one language, joined: joined whole into the Chinese half they
    split the message at the first reason, and a page showed a reason's English and none of the hint after it (a
    center's day walked on 2026-11-29)."""
    return ("；" if lang == "zh" else "; ").join(in_language(r, lang) for r in reasons)


def _conflicted(expert: Any, engagement: Engagement) -> bool:
    names = {n for n in (engagement.enterprise_id, engagement.enterprise_name) if n}
    return bool(names.intersection(expert.conflicts or []))


def check_team(session: Session, engagement: Engagement, team: TeamIn, actor: Actor) -> TeamRecord:
    """Seed 000 §4.2.1 for the lead (宜: a coordinator may record an exception), §4.2.2(1) for every member (应: no
    exception), and no one with a declared conflict with the client. Every rule the team fails is said at once, each
    on the field of the person it is about (``team.lead``, ``team.members``, ``team.lead_exception``), so the form
    marks each beside its own control: the lead's was said first and alone, the members' only on the next submit, and
    a conflict named ``team``, which no form has (a new user's trial, 2026-11-29). Experts the catalog does not know
    are said together first (the lead's was said alone, the members' on the next submit)."""
    unknown: list[InnodockError] = []
    found = gather(unknown, partial(_expert, session, team.lead, "team.lead"))
    known = [gather(unknown, partial(_expert, session, m, "team.members")) for m in team.members]
    _refuse_each_field(unknown)
    assert found is not None  # refused above otherwise
    lead, members = found, [m for m in known if m is not None]
    problems: list[InnodockError] = []
    for expert, field in ((lead, "team.lead"), *((m, "team.members") for m in members)):
        if _conflicted(expert, engagement):
            problems.append(InnodockError(
                f"专家 {_who(expert)} 与委托方存在利益冲突 / expert {_who(expert)} has a declared conflict with the "
                "client", code="conflict_of_interest", field=field))
    lead_rule = rules.qualifies_as_lead(lead)
    exception: str | None = None
    exception_by: str | None = None
    note = (team.lead_exception or "").strip()
    if not lead_rule.ok and not any(p.field == "team.lead" for p in problems):  # a lead in conflict: said once
        if not note:
            problems.append(InnodockError(
                f"项目负责人 {_who(lead)} 不符合 {lead_rule.clause}：{_reasons_in(lead_rule.reasons, 'zh')}。"
                f"协调员可记录例外理由 / lead {_who(lead)} does not meet {lead_rule.clause} "
                f"({_reasons_in(lead_rule.reasons, 'en')}); a coordinator may record an exception",
                code="lead_not_qualified", field="team.lead",
            ))
        elif actor.role not in COORDINATORS:  # the role sets live in authz.tables alone
            problems.append(InnodockError("只有协调员可以记录负责人例外 / only a coordinator may record a lead "
                                          "exception", code="forbidden", field="team.lead_exception"))
        else:
            exception, exception_by = note, actor.label()
    for member in members:
        staff_rule = rules.qualifies_as_service_staff(member)
        if not staff_rule.ok:
            problems.append(InnodockError(
                f"成员 {_who(member)} 不符合 {staff_rule.clause}：{_reasons_in(staff_rule.reasons, 'zh')} / member "
                f"{_who(member)} does not meet {staff_rule.clause} ({_reasons_in(staff_rule.reasons, 'en')})",
                code="member_not_qualified", field="team.members",
            ))
    _refuse_each_field(problems)
    return TeamRecord(
        engagement_id=engagement.id, lead_expert_id=lead.id, member_expert_ids=[m.id for m in members],
        lead_exception=exception, lead_exception_by=exception_by, lead_rule_reasons=list(lead_rule.reasons),
        **by(actor),
    )


def _refuse_each_field(problems: list[InnodockError]) -> None:
    """A team's refusals at once, one on each of its fields (``team.lead``, ``team.members``,
    ``team.lead_exception``)."""
    refuse_all([_one_said(problems, field) for field in ("team.lead", "team.members", "team.lead_exception")
                if any(p.field == field for p in problems)])


def _one_said(problems: list[InnodockError], field: str) -> InnodockError:
    """The problems of one field as one, each language joined on its side (two members who fail §4.2.2 are said
    beside the one list of members, not as two notes on it); the first one's code, and their status when they share
    one (two experts the catalog does not know: 404)."""
    mine = [p for p in problems if p.field == field]
    if len(mine) == 1:
        return mine[0]
    zh = "；".join(in_language(p.message, "zh") for p in mine)
    en = "; ".join(in_language(p.message, "en") for p in mine)
    joined = InnodockError(f"{zh} / {en}", code=mine[0].code, field=field)
    joined.status_code = shared_status(mine)
    return joined


def read_team(session: Session, engagement: Engagement, data: TeamIn | Any, actor: Actor) -> TeamRecord:
    """A team as a step or the team form sends it, read and checked (:func:`check_team`). A make-up its reader
    refuses (the lead also ticked as a member, a member twice) is said with every rule the people fail, the make-up
    set right for that check: the lead ticked as a member hid the lead's own §4.2.1 shortfall until the next submit
    (a new user's trial, 2026-11-29)."""
    if isinstance(data, TeamIn):
        return check_team(session, engagement, data, actor)
    try:
        team = parse_model(TeamIn, data, "team")
    except InnodockError as exc:
        made_up = problems_in(exc)
        lead, members = (data.get("lead"), data.get("members")) if isinstance(data, dict) else (None, None)
        if any(p.field != "team.members" for p in made_up) or not isinstance(lead, str) or not lead.strip() or \
                not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise
        others = list(dict.fromkeys(m.strip() for m in members if m.strip() and m.strip() != lead.strip()))
        exception = data.get("lead_exception")
        try:
            check_team(session, engagement, TeamIn.model_construct(
                lead=lead.strip(), members=others,
                lead_exception=exception.strip() or None if isinstance(exception, str) else None), actor)
        except InnodockError as more:
            _refuse_each_field([*made_up, *problems_in(more)])
        raise
    return check_team(session, engagement, team, actor)


def guard_form_team(ctx: GuardContext) -> list[Base]:
    if "team" in ctx.payload:
        return [read_team(ctx.session, ctx.engagement, ctx.payload["team"], ctx.actor)]
    if latest_team(ctx.session, ctx.engagement.id) is not None:
        return []  # checked when it was recorded
    proposed = ctx.engagement.proposed_team or {}
    if proposed.get("lead") and proposed.get("members"):
        team = parse_model(TeamIn, {"lead": proposed["lead"], "members": proposed["members"],
                                    "lead_exception": ctx.payload.get("lead_exception")}, "team")
        return [check_team(ctx.session, ctx.engagement, team, ctx.actor)]
    raise InnodockError("尚未确定项目组（负责人与成员）/ no project team on record: give team.lead and team.members",
                        field="team")


# ---- plan, delivery, acceptance ----


def _plan(step: str) -> Guard:
    def guard(ctx: GuardContext) -> list[Base]:
        _text(ctx, step, "plan")
        return []

    guard.__name__ = f"guard_{step}"
    return guard


PLAN_REVIEWS = frozenset({"approve_plan", "reject_plan"})


def _plan_author(session: Session, engagement_id: str) -> str | None:
    """Who handed in the plan under review (its latest submit or resubmit)."""
    return session.scalar(
        select(EngagementEvent.actor_id).where(EngagementEvent.engagement_id == engagement_id,
                                               EngagementEvent.transition.in_(("submit_plan", "resubmit_plan")))
        .order_by(EngagementEvent.seq.desc()).limit(1))


def reviews_own_plan(session: Session, engagement: Engagement, actor: Actor) -> bool:
    """技术服务评审 (seed 000 Figure 1) is a review by someone else: whoever wrote the plan does not review it. The
    guard refuses such a review, and the steps offered to that person leave it out."""
    return engagement.state == "plan_review" and _plan_author(session, engagement.id) == actor.label()


def _review(approved: bool) -> Guard:
    def guard(ctx: GuardContext) -> list[Base]:
        if reviews_own_plan(ctx.session, ctx.engagement, ctx.actor):
            raise PermissionDeniedError("方案提交人不能评审自己的方案 / whoever handed in the plan cannot review it",
                                        field="actor")
        opinion = _text(ctx, "approve_plan" if approved else "reject_plan", "opinion")
        given = ctx.payload.get("reviewers") or []
        reviewers = [str(r).strip() for r in ([given] if isinstance(given, str) else given) if str(r).strip()]
        return [PlanReviewRecord(engagement_id=ctx.engagement.id, round=ctx.engagement.plan_round, approved=approved,
                                 opinion=opinion, reviewers=reviewers, **by(ctx.actor))]

    guard.__name__ = "guard_approve_plan" if approved else "guard_reject_plan"
    return guard


NO_DELIVERABLE = ("请附上至少一个成果文件，交付后企业才能据此验收 / attach at least one result file: the client "
                  "accepts the delivery on what was delivered")


def check_delivery(delivery: DeliveryIn) -> DeliveryIn:
    """A delivery hands over the results (seed 000 Figure 1: 服务成果交付, then 验收 on them): at least one result
    file, else the client is asked to accept nothing. Filed on its own (``records.record_delivery``) or with
    ``submit_results``, the same rule."""
    if not delivery.files:
        raise InnodockError(NO_DELIVERABLE, field="delivery.files", code="no_deliverable")
    return delivery


def read_delivery(data: DeliveryIn | Any) -> DeliveryIn:
    """A delivery as a step or the delivery form sends it, read: what its reader refuses (a blank note) and a missing
    result file (:func:`check_delivery`) said at once; the note was said alone, the file only on the next submit."""
    if isinstance(data, DeliveryIn):
        return check_delivery(data)
    found: list[InnodockError] = []
    delivery = gather(found, lambda: parse_model(DeliveryIn, data, "delivery"))
    readable = delivery is not None or isinstance(data, dict)  # else its reader said it is no delivery at all
    files = delivery.files if delivery is not None else data.get("files") if isinstance(data, dict) else None
    if readable and not files and not any((p.field or "").startswith("delivery.files") for p in found):
        found.append(InnodockError(NO_DELIVERABLE, field="delivery.files", code="no_deliverable"))
    refuse_all(found)
    assert delivery is not None  # refused above otherwise
    return delivery


def guard_submit_results(ctx: GuardContext) -> list[Base]:
    """Results go to acceptance only with a delivery of this delivery round on record: its note and at least one
    result file (:func:`check_delivery`)."""
    round_ = ctx.engagement.acceptance_round + 1
    if "delivery" in ctx.payload:
        delivery = read_delivery(ctx.payload["delivery"])
        return [DeliveryRecord(engagement_id=ctx.engagement.id, round=round_, note=delivery.note,
                               files=[f.model_dump() for f in delivery.files], **by(ctx.actor))]
    filed = list(ctx.session.scalars(
        select(DeliveryRecord.files).where(DeliveryRecord.engagement_id == ctx.engagement.id,
                                           DeliveryRecord.round == round_)))
    if not filed:
        raise InnodockError("请先登记交付说明 / record a delivery note (payload.delivery) before submitting results",
                            field="delivery")
    if not any(files for files in filed):  # a note filed before deliveries needed a file
        raise InnodockError(NO_DELIVERABLE, field="delivery.files", code="no_deliverable")
    return []


def _verdict(passed: bool) -> Guard:
    def guard(ctx: GuardContext) -> list[Base]:
        return [AcceptanceVerdict(engagement_id=ctx.engagement.id, round=ctx.engagement.acceptance_round,
                                  passed=passed, reasons=_reasons(ctx), **by(ctx.actor))]

    guard.__name__ = "guard_pass_acceptance" if passed else "guard_fail_acceptance"
    return guard


def _exit_reason(step: str) -> Guard:
    def guard(ctx: GuardContext) -> list[Base]:
        _text(ctx, step, "reason")
        return []

    guard.__name__ = f"guard_{step}"
    return guard


def _nothing(ctx: GuardContext) -> list[Base]:
    return []


def guard_countersign(ctx: GuardContext) -> list[Base]:
    """The enterprise countersigns the agreement the provider signed: the latest one on record, still complete."""
    row = latest_agreement(ctx.session, ctx.engagement.id)
    check_signed_agreement(agreement_of(row) if row is not None else None)
    return []


def guard_return_agreement(ctx: GuardContext) -> list[Base]:
    _text(ctx, "return_agreement", "reason")
    return []


GUARDS: dict[str, Guard] = {
    "reach_agreement": _nothing,
    "sign_agreement": guard_sign_agreement,
    "countersign": guard_countersign,
    "return_agreement": guard_return_agreement,
    "form_team": guard_form_team,
    "submit_plan": _plan("submit_plan"),
    "approve_plan": _review(True),
    "reject_plan": _review(False),
    "resubmit_plan": _plan("resubmit_plan"),
    "submit_results": guard_submit_results,
    "pass_acceptance": _verdict(True),
    "fail_acceptance": _verdict(False),
    "withdraw": _exit_reason("withdraw"),
    "terminate": _exit_reason("terminate"),
}
