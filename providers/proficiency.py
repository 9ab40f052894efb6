"""Proficiency testing and comparisons (能力验证、比对; issue 29, item 4): each one the provider took part in, and
its result. What a record must hold, in one place, for the API, the page and the CLI alike; a refusal names the
field and nothing is stored.

Kinds: 能力验证 proficiency testing, 实验室间比对 inter-laboratory comparison, 测量审核 measurement audit. Results:
满意 satisfactory, 有问题 questionable, 不满意 unsatisfactory (the usual z-score reading, |z| ≤ 2 / 2–3 / ≥ 3; the
organiser's report says which). Who may record is ``authz.policy``'s, checked by ``flows.proficiency``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from authz.principal import Principal
from core.db import utcnow
from core.errors import InnodockError
from providers.models import ProficiencyResult
from providers.schemas import ProficiencyView

KINDS: dict[str, tuple[str, str]] = {
    "proficiency_testing": ("能力验证", "proficiency testing"),
    "interlab_comparison": ("实验室间比对", "inter-laboratory comparison"),
    "measurement_audit": ("测量审核", "measurement audit"),
}
RESULTS: dict[str, tuple[str, str]] = {
    "satisfactory": ("满意", "satisfactory"),
    "questionable": ("有问题", "questionable"),
    "unsatisfactory": ("不满意", "unsatisfactory"),
}
MAX_TEXT = 300
MAX_NOTE = 2000


def _text(raw: Any, field: str, zh: str, en: str, *, required: bool = True, limit: int = MAX_TEXT) -> str | None:
    text = raw.strip() if isinstance(raw, str) else ""
    if raw is not None and not isinstance(raw, str):
        raise InnodockError(f"{zh}应为文字 / {en} must be text", field=field)
    if not text:
        if required:
            raise InnodockError(f"请填写{zh} / {en} is required", field=field)
        return None
    if len(text) > limit:
        raise InnodockError(f"{zh}不超过 {limit} 字 / {en}: at most {limit} characters", field=field)
    return text


def _choice(raw: Any, field: str, zh: str, en: str, choices: dict[str, tuple[str, str]]) -> str:
    value = raw.strip() if isinstance(raw, str) else raw
    if value in choices:
        return str(value)
    for key, (label_zh, label_en) in choices.items():  # the label typed (满意, satisfactory) is accepted too
        if value in (label_zh, label_en):
            return key
    names = "、".join(f"{k}（{z}）" for k, (z, _) in choices.items())
    raise InnodockError(f"{zh}应为：{names} / {en} must be one of: {', '.join(choices)}", field=field)


def _day(raw: Any, today: date) -> date:
    day: date | None = raw if isinstance(raw, date) else None
    if day is None and raw not in (None, ""):
        try:
            day = date.fromisoformat(str(raw).strip())
        except ValueError:
            day = None
    if day is None:
        raise InnodockError("日期应为 YYYY-MM-DD / tested_on must be a date, YYYY-MM-DD", field="tested_on")
    if day > today:
        raise InnodockError("日期不能晚于今天 / tested_on cannot be in the future", field="tested_on")
    if day.year < 1900:
        raise InnodockError("日期早于 1900 年 / tested_on is before 1900", field="tested_on")
    return day


def checked(data: dict[str, Any], *, today: date) -> dict[str, Any]:
    """The record's fields as stored, or the first refusal naming its field."""
    return {
        "kind": _choice(data.get("kind"), "kind", "类型", "kind", KINDS),
        "scheme": _text(data.get("scheme"), "scheme", "计划/组织方", "scheme or organiser"),
        "item": _text(data.get("item"), "item", "检测项目", "item tested"),
        "tested_on": _day(data.get("tested_on"), today),
        "result": _choice(data.get("result"), "result", "结果", "result", RESULTS),
        "note": _text(data.get("note"), "note", "备注", "note", required=False, limit=MAX_NOTE),
    }


def record(*, session: Session, center_id: str, data: dict[str, Any], principal: Principal,
           today: date) -> ProficiencyView:
    fields = checked(data, today=today)
    row = ProficiencyResult(center_id=center_id, **fields, recorded_by=principal.audit_label(), recorded_at=utcnow())
    session.add(row)
    session.flush()
    return ProficiencyView.model_validate(row)


def list_results(*, session: Session, center_id: str) -> list[ProficiencyView]:
    """Newest first."""
    rows = session.scalars(select(ProficiencyResult).where(ProficiencyResult.center_id == center_id)
                           .order_by(ProficiencyResult.tested_on.desc(), ProficiencyResult.id.desc()))
    return [ProficiencyView.model_validate(r) for r in rows]
