"""What must be on record before each lifecycle transition, in one named table (``GUARDS``).

A guard reads the provider's row, the payload and the day, and either raises an ``InnodockError`` naming the field
that is missing or wrong, or returns what the step records: the event's decision fields and the row's new values.
Nothing is written here, so a refused step leaves the provider exactly as it was.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from core.bilingual import seed_title
from core.errors import ConflictError, InnodockError
from kb.vocab import CenterKind
from providers import profiles, rules
from providers.models import ProviderLifecycle
from providers.schemas import DECISION_FIELD_LABELS, DecisionIn, RectificationIn, ReviewOpinionIn

M = TypeVar("M", bound=BaseModel)


@dataclass
class GuardContext:
    row: ProviderLifecycle
    payload: dict[str, Any]
    today: date
    # The provider's findings not yet closed by their re-check ("中文 / English" each), gathered for pass_recheck
    open_findings: tuple[str, ...] = ()


@dataclass
class StepRecord:
    """What a step writes: on the event (decision fields) and on the provider's row."""

    grounds: str | None = None
    decided_on: date | None = None
    decision_document: str | None = None
    deadline: date | None = None
    row_values: dict[str, Any] = field(default_factory=dict)


Guard = Callable[[GuardContext], StepRecord]


def parse(model: type[M], data: dict[str, Any]) -> M:
    """Validate the payload into ``model``; the first failure becomes one readable error naming its field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = first.get("loc", ())
        where = ".".join(str(p) for p in loc)
        # Named as the decision form labels it (a page's banner said "缺少必填内容" and nothing more)
        zh_name, en_name = DECISION_FIELD_LABELS.get(str(loc[0]) if loc else "", (where, where))
        if first.get("type", "") == "missing":
            message = f"缺少必填内容：{zh_name} / Required: {en_name}"
        else:
            message = f"内容不合格：{zh_name} / Not valid, {en_name}: {first.get('msg', 'invalid value')}"
        raise InnodockError(message, field=f"payload.{where}") from None


def _decision(ctx: GuardContext, model: type[DecisionIn] = DecisionIn) -> DecisionIn:
    decision = parse(model, ctx.payload)
    if decision.decided_on > ctx.today:
        raise InnodockError(f"决定日期 {decision.decided_on} 晚于今天 {ctx.today} / a decision cannot be dated in the "
                            "future", field="payload.decided_on")
    return decision


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def profile_of(row: ProviderLifecycle) -> profiles.Profile:
    """The rules profile that governs the provider (its kind's default for a row from before profiles)."""
    return profiles.of(row.profile, CenterKind(row.kind))


def missing_materials(profile: profiles.Profile, materials: dict[str, Any]) -> list[str]:
    return [m.key for m in rules.materials_for(profile)
            if not (isinstance(materials.get(m.key), str) and materials[m.key].strip())]


def _start_review(ctx: GuardContext) -> StepRecord:
    """An application is reviewed only with every material its profile names (seed 002 二(二)1 对符合形式审查要求的
    予以受理; seed 003 art. 6(二) 资料核实)."""
    given = ctx.payload.get("materials") or {}
    if not isinstance(given, dict):
        raise InnodockError("materials 应为 {材料: 文号或说明} / materials must be an object",
                            field="payload.materials")
    materials = {**(ctx.row.materials or {}), **{str(k): str(v) for k, v in given.items()}}
    profile = profile_of(ctx.row)
    missing = missing_materials(profile, materials)
    if missing:
        names = {m.key: m for m in rules.materials_for(profile)}
        zh = "、".join(names[k].zh for k in missing)
        raise InnodockError(f"申请材料不全，缺少：{zh}（{names[missing[0]].clause}）/ the application lacks: "
                            f"{', '.join(missing)}", field="payload.materials", code="materials_missing")
    if ctx.payload.get("decided_on") or ctx.payload.get("decision_document"):
        # 受理 taken as a decision (the bureau's, seed 002 二(二)1 予以受理): its grounds, date and document stand in
        # the history like every other decision's (a new user's trial, 2026-11-29: they were dropped)
        decision = _decision(ctx)
        return StepRecord(grounds=decision.grounds, decided_on=decision.decided_on,
                          decision_document=decision.decision_document, row_values={"materials": materials})
    grounds = str(ctx.payload.get("grounds") or "").strip()
    return StepRecord(grounds=grounds or None, row_values={"materials": materials})


def _approve_build(ctx: GuardContext) -> StepRecord:
    """论证批筹 (seed 002 二(二)2): the experts' review on record; the building deadline follows from the profile (12
    months, 24 with construction, where its seed sets one)."""
    review = parse(ReviewOpinionIn, ctx.payload)
    decision = _decision(ctx, ReviewOpinionIn)
    construction = ctx.row.construction if review.construction is None else review.construction
    period = rules.build_period(profile_of(ctx.row))
    months = period.months_with_construction if construction else period.months
    deadline = add_months(decision.decided_on, months) if months is not None else None
    return StepRecord(grounds=decision.grounds, decided_on=decision.decided_on,
                      decision_document=decision.decision_document, deadline=deadline,
                      row_values={"build_deadline": deadline, "construction": construction})


def _request_acceptance(ctx: GuardContext) -> StepRecord:
    """验收申请 (seed 002 二(二)3): the provider says building is done, in its own words."""
    summary = ctx.payload.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise InnodockError("请填写筹建任务完成情况 / summary of the completed building tasks is required",
                            field="payload.summary")
    return StepRecord(grounds=summary.strip())


def _pass_acceptance(ctx: GuardContext) -> StepRecord:
    decision = _decision(ctx, ReviewOpinionIn)
    return StepRecord(grounds=decision.grounds, decided_on=decision.decided_on,
                      decision_document=decision.decision_document,
                      row_values={"operating_since": decision.decided_on, "build_deadline": None})


def _order_rectification(ctx: GuardContext) -> StepRecord:
    """限期整改 (seed 002 四(二)): a deadline in the future."""
    decision = _decision(ctx, RectificationIn)
    assert isinstance(decision, RectificationIn)
    if decision.deadline <= ctx.today:
        raise InnodockError(f"整改期限 {decision.deadline} 不晚于今天 {ctx.today} / the rectification deadline must be "
                            "after today", field="payload.deadline", code="deadline_in_past")
    return StepRecord(grounds=decision.grounds, decided_on=decision.decided_on,
                      decision_document=decision.decision_document, deadline=decision.deadline,
                      row_values={"rectification_deadline": decision.deadline, **UNCOMMENDED})


def _commend(ctx: GuardContext) -> StepRecord:
    """激励管理·示范推广 (seed 002 四(二); seed 003 art. 15 对评估为"优秀"和"良好"的…大力宣传推广): a decision like any
    other; ``period`` (the rating it rewards) is what the pages show beside it."""
    decision = _decision(ctx)
    period = ctx.payload.get("period")
    if period is not None and (not isinstance(period, str) or len(period) > 40):
        raise InnodockError("period 应为评价期间，如 2026 / period must be the rated period, e.g. 2026",
                            field="payload.period")
    return StepRecord(grounds=decision.grounds, decided_on=decision.decided_on,
                      decision_document=decision.decision_document,
                      row_values={"commended_on": decision.decided_on, "commended_for": period})


def _pass_recheck(ctx: GuardContext) -> StepRecord:
    """整改复核通过 only once the rectification is done: every finding (a weak indicator and its corrective
    action) has passed its own re-check. The seeds' rectification is 限期整改 then 复核, with no exception:
    seed 000 §8.2 中心应对评价结果进行分析，并实施改进 (应: shall); seed 002 四(二) 采取限期整改…等措施;
    seed 003 第十六条 进行有效整改. None lets a re-check pass with findings open, so no confirmation overrides
    it (a new user's trial, 2026-11-30: it passed with '整改项 10 项未关闭'). Refused 409 naming
    ``findings``; nothing changes. An overdue obligation is the calendar's matter, not the rectification's,
    and does not block it."""
    if ctx.open_findings:
        n, first = len(ctx.open_findings), ctx.open_findings[:3]
        zh = "、".join(f.split(" / ", 1)[0] for f in first) + ("等" if n > len(first) else "")
        en = "; ".join(f.split(" / ", 1)[-1] for f in first) + ("…" if n > len(first) else "")
        raise ConflictError(
            f"整改项 {n} 项未关闭（{zh}）：全部整改项复核通过后，方可作出整改复核通过的决定（{seed_title('000', 'zh')}"
            f"第8.2条；限期整改后复核）/ {n} findings are still open ({en}): the re-check of the rectification passes "
            f"only once every finding has passed its own re-check ({seed_title('000', 'en')}, §8.2)",
            field="findings", code="findings_open")
    return _decided(rectification_deadline=None)(ctx)


# A step away from good standing ends a commendation.
UNCOMMENDED: dict[str, Any] = {"commended_on": None, "commended_for": None}


def _decided(**row_values: Any) -> Guard:
    def guard(ctx: GuardContext) -> StepRecord:
        decision = _decision(ctx)
        return StepRecord(grounds=decision.grounds, decided_on=decision.decided_on,
                          decision_document=decision.decision_document, row_values=dict(row_values))

    return guard


GUARDS: dict[str, Guard] = {
    "start_review": _start_review,
    "approve_build": _approve_build,
    "reject_application": _decided(),
    "request_acceptance": _request_acceptance,
    "pass_acceptance": _pass_acceptance,
    "fail_acceptance": _decided(),
    "cancel_build": _decided(build_deadline=None),
    "commend": _commend,
    "place_under_key_supervision": _decided(**UNCOMMENDED),
    "end_key_supervision": _decided(),
    "publish_criticism": _decided(**UNCOMMENDED),
    "order_rectification": _order_rectification,
    "pass_recheck": _pass_recheck,
    "suspend": _decided(**UNCOMMENDED),
    "reinstate": _decided(rectification_deadline=None),
    "revoke": _decided(build_deadline=None, rectification_deadline=None, **UNCOMMENDED),
    "withdraw": _decided(build_deadline=None, rectification_deadline=None, **UNCOMMENDED),
}
