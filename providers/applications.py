"""An application as filed (issue 29, item 6): the rules its profile checks at application, each with its clause, the
figures it files, and its materials as documents.

- :data:`RULES`: the one named place of the checks. Which of them binds a provider, with its clause and figures, is
  its rules profile's (``application.rules`` of ``providers/profiles/<id>.yaml``):
  - ``one_per_industry``: seed 004 二 三是不重复建设, one provincial metrology center per industry;
  - ``plaque_name``: seed 003 art. 6(四), the station's name on its plaque;
  - ``head_certificate``: seed 003 art. 5(三) and art. 17, the station head and the head's certificate, valid three
    years; its end becomes an obligation with a due date, so it is reminded before it lapses;
  - ``investment_ratio``: seed 000 §4.3.3, the new testing-equipment investment against last year's testing revenue,
    filed as two figures (宜 "should": a shortfall is recorded on the application, not refused).
  A binding rule that fails refuses the application with an ``InnodockError`` naming the field and the clause, before
  anything is written.
- :class:`ProviderApplication` and :class:`ApplicationFile`: what was filed, and the documents for its materials.
  The bytes are kept in the database as an engagement's files are (``pipeline_file``) and a corrective action's
  (``providers.finding_files``), each with its name, media type, size and SHA-256; what may be stored is decided
  before this module sees a file, by the engagement files' content check (``pipeline.attachments``, called by
  ``flows.applications``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, JSONType, utcnow
from core.errors import InnodockError, NotFoundError
from providers.finding_files import CheckedUpload
from providers.guards import add_months
from providers.profiles import ApplicationRule, Profile

# ---- what was filed ----


class ProviderApplication(Base):
    """One provider's application as filed: its profile, the figures, the plaque's name, and each rule's result."""

    __tablename__ = "provider_application"

    center_id: Mapped[str] = mapped_column(ForeignKey("provider_lifecycle.center_id", ondelete="CASCADE"),
                                           primary_key=True)
    profile: Mapped[str] = mapped_column(String(40))
    figures: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    plaque_name: Mapped[str | None] = mapped_column(String(200))
    checks: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    filed_by: Mapped[str] = mapped_column(String(200))
    filed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ApplicationFile(Base):
    """A document filed for one material of an application."""

    __tablename__ = "provider_application_file"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    center_id: Mapped[str] = mapped_column(ForeignKey("provider_lifecycle.center_id", ondelete="CASCADE"),
                                           index=True)
    material: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(200))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RuleCheck(BaseModel):
    """A rule's result on an application: met, short of a 宜 (recorded, not refused), still pending (a station
    head's certificate not issued yet), or unassessed (a 宜 whose figures were not given or give nothing to compute,
    recorded); ``due``: the day it must be met again (the certificate's end)."""

    rule: str
    clause: str
    reading: bool = False
    zh: str
    en: str
    verdict: Literal["met", "short", "pending", "unassessed"]
    detail_zh: str = ""
    detail_en: str = ""
    due: date | None = None


class ApplicationFileView(BaseModel):
    id: str
    center_id: str
    material: str
    name: str
    media_type: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: datetime


class ApplicationView(BaseModel):
    center_id: str
    profile: str
    figures: dict[str, float]
    plaque_name: str | None
    checks: list[RuleCheck]
    files: list[ApplicationFileView]
    filed_by: str
    filed_at: datetime


# ---- the rules ----

FIGURES = ("equipment_investment", "testing_revenue")  # 万元, last year's (seed 000 §4.3.3)


@dataclass(frozen=True)
class Draft:
    """What the checks read: the applicant's center record as filed, the plaque's name and the figures, the day, and
    the providers already under the same profile that have not left (``others``: id, name, industries)."""

    center_id: str
    center: Mapping[str, Any]
    plaque_name: str | None
    figures: Mapping[str, Any]
    today: date
    others: Sequence[tuple[str, str, Sequence[str]]] = field(default_factory=tuple)


Check = Callable[[ApplicationRule, Profile, Draft], RuleCheck]


_DIGITS = "零一二三四五六七八九"


def _numeral(n: int) -> str:
    """1–99 in Chinese numerals, as articles are numbered (第十七条)."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _DIGITS[tens]) + "十" if tens else "") + (_DIGITS[ones] if ones else "")


def _zh_clause(text: str) -> str:
    """"seed 003 art. 6(四)" as Chinese cites it, "第六条(四)"; "seed 000 §4.3.3", "第4.3.3条"; the rest as it is."""
    text = re.sub(r"^seed \d{3}\s*", "", text.strip())
    text = re.sub(r"^art\. (\d{1,2})", lambda m: f"第{_numeral(int(m.group(1)))}条", text)
    return re.sub(r"^§([\d.–]+)", r"第\1条", text)


def _cited(rule: ApplicationRule, profile: Profile) -> tuple[str, str]:
    """The clause as a refusal says it: the document's title and its clauses in Chinese, the seed's in English."""
    zh = "、".join(_zh_clause(p) for p in rule.clause.split(";") if p.strip())
    return f"依据{profile.document}{zh}", f"under {rule.clause}"


def _refuse(rule: ApplicationRule, profile: Profile, zh: str, en: str, field: str) -> InnodockError:
    by_zh, by_en = _cited(rule, profile)
    return InnodockError(f"{zh}（{by_zh}） / {en} ({by_en})", field=field, code=f"rule_{rule.rule}")


Verdict = Literal["met", "short", "pending", "unassessed"]


def _result(rule: ApplicationRule, verdict: Verdict, detail_zh: str = "", detail_en: str = "",
            due: date | None = None) -> RuleCheck:
    return RuleCheck(rule=rule.rule, clause=rule.clause, reading=rule.reading, zh=rule.zh, en=rule.en,
                     verdict=verdict, detail_zh=detail_zh, detail_en=detail_en, due=due)


def _industries(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.replace("；", ";").replace("、", ";").replace(",", ";").split(";")
    return [str(v).strip() for v in value or [] if str(v).strip()]


def one_per_industry(rule: ApplicationRule, profile: Profile, draft: Draft) -> RuleCheck:
    """Seed 004 二: 同一产业的省级产业计量测试中心原则上只批筹建1个. The applicant names its industries; one that a
    center under the same profile already serves (applied, building or operating) refuses the application."""
    mine = _industries(draft.center.get("industries"))
    if not mine:
        raise _refuse(rule, profile, "请填写中心服务的产业", "name the industries the center serves",
                      "center.industries")
    for other_id, other_name, theirs in draft.others:
        if other_id == draft.center_id:
            continue
        shared = sorted(set(mine) & set(_industries(theirs)))
        if shared:
            raise _refuse(rule, profile, f"产业“{'、'.join(shared)}”已有省级产业计量测试中心"
                          f"（{other_name}），同一产业原则上只批筹建 1 个",
                          f"the industry {', '.join(shared)} already has a provincial metrology center ({other_id}); "
                          "one per industry", "center.industries")
    return _result(rule, "met", f"服务产业：{'、'.join(mine)}", f"industries: {', '.join(mine)}")


def plaque_name(rule: ApplicationRule, profile: Profile, draft: Draft) -> RuleCheck:
    """Seed 003 art. 6(四): 科技服务站牌匾一般为广东省质量发展促进会+（依托单位标准化简称或所在地名称）+科技服务站."""
    prefix, suffix = str(rule.params.get("prefix", "")), str(rule.params.get("suffix", ""))
    given = (draft.plaque_name or "").strip().replace("(", "（").replace(")", "）")
    shape = f"{prefix}（依托单位简称或所在地名称）{suffix}"
    if not given:
        raise _refuse(rule, profile, f"请填写牌匾名称，格式为“{shape}”", f"the plaque's name is required, as {shape}",
                      "plaque_name")
    found = re.fullmatch(re.escape(prefix) + r"（([^（）]{1,30})）" + re.escape(suffix), given)
    if found is None or not found.group(1).strip():
        raise _refuse(rule, profile, f"牌匾名称应为“{shape}”，如{prefix}（韶关）{suffix}",
                      f"the plaque's name must read {shape}", "plaque_name")
    return _result(rule, "met", f"牌匾：{given}", f"plaque: {given}")


def _date(value: Any, rule: ApplicationRule, profile: Profile, field: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _refuse(rule, profile, f"日期格式应为 YYYY-MM-DD：{str(value)[:20]}", "not a date (YYYY-MM-DD)",
                      field) from None


def head_certificate(rule: ApplicationRule, profile: Profile, draft: Draft) -> RuleCheck:
    """Seed 003 art. 5(三) (the head holds a middle-management post or above, with ≥ 5 years of quality practice)
    and art. 17 (the association's certificate for the head is valid three years and renewed by a new assessment).
    A certificate already held must not have lapsed nor run longer than three years; its end is due again (the
    flow makes it an obligation). None yet: pending (the association issues it after assessing the head)."""
    head = draft.center.get("head") if isinstance(draft.center.get("head"), dict) else None
    if not head or not str(head.get("name") or "").strip():
        raise _refuse(rule, profile, "请填写站长人选", "the station head is required", "center.head.name")
    if head.get("middle_management") is not True:
        raise _refuse(rule, profile, "站长应担任依托单位中层以上职务", "the head must hold a middle-management post "
                      "or above", "center.head.middle_management")
    least = int(rule.params.get("min_years_quality", 5))
    years = head.get("years_quality")
    if not isinstance(years, int) or years < least:
        raise _refuse(rule, profile, f"站长应有 {least} 年以上质量工作经历", f"the head needs {least} years of quality "
                      "work or more", "center.head.years_quality")
    number = str(head.get("certificate") or "").strip()
    until = _date(head.get("certificate_valid_until"), rule, profile, "center.head.certificate_valid_until")
    if not number and until is None:
        return _result(rule, "pending", "站长证书待协会考核后颁发", "the head's certificate is issued after the "
                       "association's assessment")
    if not number:
        raise _refuse(rule, profile, "请填写站长证书编号", "the certificate's number is required",
                      "center.head.certificate")
    if until is None:
        raise _refuse(rule, profile, "请填写站长证书有效期至", "the certificate's end date is required",
                      "center.head.certificate_valid_until")
    if until <= draft.today:
        raise _refuse(rule, profile, f"站长证书已于 {until} 到期，须重新考核", f"the head's certificate lapsed on "
                      f"{until}; it must be renewed", "center.head.certificate_valid_until")
    valid = int(rule.params.get("years_valid", 3))
    if until > add_months(draft.today, 12 * valid):
        raise _refuse(rule, profile, f"站长证书有效期为 {valid} 年，有效期至 {until} 超出", f"the certificate is valid "
                      f"{valid} years; {until} is beyond that", "center.head.certificate_valid_until")
    return _result(rule, "met", f"站长证书 {number}，有效期至 {until}，到期前提醒重新考核",
                   f"certificate {number}, valid until {until}; reminded before it lapses", due=until)


def _figure(draft: Draft, key: str, rule: ApplicationRule, profile: Profile, label: tuple[str, str]) -> float | None:
    """One of the figures as a number; None when it was left blank and the rule is a "宜" (not binding: the
    shortfall, or the figure not given, is recorded, never refused). A figure that is not a number not below 0, or
    one left blank under a binding rule, refuses the application naming it."""
    raw = draft.figures.get(key)
    if raw in (None, "") and not rule.binding:
        return None
    try:
        value = float(str(raw).strip().replace(",", "")) if raw not in (None, "") else None
    except ValueError:
        value = None
    if value is None or value != value or value < 0 or value > 1e9:
        raise _refuse(rule, profile, f"请填写{label[0]}（万元，不小于 0 的数字）", f"{label[1]} is required (10k yuan, "
                      "a number not below 0)", f"figures.{key}")
    return value


_INVESTMENT = ("上一年度新增检验检测装备载体投资", "last year's new testing-equipment investment")
_REVENUE = ("上一年度检验检测收入", "last year's testing revenue")


def investment_ratio(rule: ApplicationRule, profile: Profile, draft: Draft) -> RuleCheck:
    """Seed 000 §4.3.3: 每年新增检验检测装备载体投资宜不低于中心上一年度检验检测收入的 10%. Both figures are filed;
    the share is computed, never typed. "宜" (should; ``binding: false`` in the profile) is recorded, not refused
    (a new user's trial, 2026-11-30: a 质检中心 under construction, 筹建含基建任务, with no revenue yet was refused
    '上一年度检验检测收入应大于 0', and refused again leaving the figure blank): a figure left blank is recorded as
    not given, a revenue of 0 as giving no share to compute, each ``unassessed``. Under a binding rule both figures
    are required and the revenue must be above 0, as before."""
    investment = _figure(draft, "equipment_investment", rule, profile, _INVESTMENT)
    revenue = _figure(draft, "testing_revenue", rule, profile, _REVENUE)
    if investment is None or revenue is None:
        missing = [label for label, value in ((_INVESTMENT, investment), (_REVENUE, revenue)) if value is None]
        return _result(rule, "unassessed", f"未填报{'、'.join(m[0] for m in missing)}（“宜”，记录在案）",
                       f"{' and '.join(m[1] for m in missing)} not given (a 'should': recorded)")
    if revenue <= 0:
        if rule.binding:
            raise _refuse(rule, profile, "上一年度检验检测收入应大于 0", "last year's testing revenue must be above 0",
                          "figures.testing_revenue")
        return _result(rule, "unassessed", f"上一年度检验检测收入为 0，新增投资 {investment:g} 万元，占比无法计算"
                       "（“宜”，记录在案）", f"no testing revenue last year (new investment {investment:g}, 10k "
                       "yuan): no share to compute (a 'should': recorded)")
    least = float(rule.params.get("min_share", 0.1))
    share = investment / revenue
    detail = (f"新增投资 {investment:g} 万元，占检验检测收入 {revenue:g} 万元的 {share:.1%}",
              f"new investment {investment:g} of {revenue:g} (10k yuan): {share:.1%}")
    if share >= least:
        return _result(rule, "met", *detail)
    if rule.binding:
        raise _refuse(rule, profile, f"{detail[0]}，低于 {least:.0%}", f"{detail[1]}, under {least:.0%}",
                      "figures.equipment_investment")
    return _result(rule, "short", f"{detail[0]}，低于 {least:.0%}（“宜”，记录在案）",
                   f"{detail[1]}, under {least:.0%} (a 'should': recorded)")


RULES: dict[str, Check] = {
    "one_per_industry": one_per_industry,
    "plaque_name": plaque_name,
    "head_certificate": head_certificate,
    "investment_ratio": investment_ratio,
}


def needs_others(profile: Profile) -> bool:
    """Whether the profile's checks read the other providers under it (one per industry)."""
    return any(r.rule == "one_per_industry" for r in profile.application.rules)


def check(profile: Profile, draft: Draft) -> list[RuleCheck]:
    """Every rule of the profile on the application, in the profile's order; the first binding one that fails
    refuses it (``InnodockError`` naming the field and the clause)."""
    return [RULES[r.rule](r, profile, draft) for r in profile.application.rules]


def filed_figures(profile: Profile, figures: Mapping[str, Any]) -> dict[str, float]:
    """The figures the profile's rules read, as numbers (already checked by :func:`check`)."""
    if not any(r.rule == "investment_ratio" for r in profile.application.rules):
        return {}
    return {k: float(str(figures[k]).replace(",", "")) for k in FIGURES if figures.get(k) not in (None, "")}


# ---- storing and reading ----

def _file_view(row: ApplicationFile) -> ApplicationFileView:
    return ApplicationFileView(id=row.id, center_id=row.center_id, material=row.material, name=row.name,
                               media_type=row.media_type, size=row.size, sha256=row.sha256,
                               uploaded_by=row.uploaded_by, uploaded_at=row.uploaded_at)


def record(*, session: Session, center_id: str, profile: Profile, figures: Mapping[str, float],
           plaque: str | None, checks: Sequence[RuleCheck], files: Mapping[str, Sequence[CheckedUpload]],
           by: str) -> ApplicationView:
    """Store the application as filed and its documents (the lifecycle row exists already: ``lifecycle.apply``)."""
    now = utcnow()
    session.add(ProviderApplication(center_id=center_id, profile=profile.id, figures=dict(figures),
                                    plaque_name=(plaque or "").strip().replace("(", "（").replace(")", "）") or None,
                                    checks=[c.model_dump(mode="json") for c in checks], filed_by=by, filed_at=now))
    session.add_all([ApplicationFile(id=uuid.uuid4().hex, center_id=center_id, material=material, name=f.name,
                                     media_type=f.media_type, size=f.size, sha256=f.sha256, content=f.data,
                                     uploaded_by=by, uploaded_at=now)
                     for material, given in files.items() for f in given])
    session.flush()
    found = get(session=session, center_id=center_id)
    assert found is not None
    return found


def add_files(*, session: Session, center_id: str, files: Mapping[str, Sequence[CheckedUpload]], by: str) -> None:
    """Documents given after the application, kept beside those filed with it."""
    now = utcnow()
    session.add_all([ApplicationFile(id=uuid.uuid4().hex, center_id=center_id, material=material, name=f.name,
                                     media_type=f.media_type, size=f.size, sha256=f.sha256, content=f.data,
                                     uploaded_by=by, uploaded_at=now)
                     for material, given in files.items() for f in given])
    session.flush()


def get(*, session: Session, center_id: str) -> ApplicationView | None:
    """The application as filed, with its documents' metadata; None for a provider that did not apply here."""
    row = session.get(ProviderApplication, center_id)
    if row is None:
        return None
    files = session.scalars(select(ApplicationFile).where(ApplicationFile.center_id == center_id)
                            .order_by(ApplicationFile.uploaded_at, ApplicationFile.material, ApplicationFile.id))
    return ApplicationView(center_id=row.center_id, profile=row.profile,
                           figures={str(k): float(v) for k, v in (row.figures or {}).items()},
                           plaque_name=row.plaque_name, checks=[RuleCheck.model_validate(c) for c in row.checks or []],
                           files=[_file_view(f) for f in files], filed_by=row.filed_by, filed_at=row.filed_at)


def read_file(*, session: Session, center_id: str, file_id: str) -> tuple[ApplicationFileView, bytes]:
    row = session.get(ApplicationFile, file_id[:64])
    if row is None or row.center_id != center_id:
        raise NotFoundError("附件不存在 / no such file", field="file_id")
    return _file_view(row), row.content
