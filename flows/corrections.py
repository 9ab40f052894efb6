"""协调员修正需求要点: the association's coordinator corrects the key fields of a need under review.

The association refines (凝练) and publishes the enterprises' needs (seed 000 §5.1.3). A new user's trial (2026-11-29)
had the chat read a battery need as product "担心单体间隔热垫", industry "家具制造业", so the confidential need was
shown to the proposed battery center and on its public page as "家具制造业领域企业检验检测需求"; the coordinator
saw it and could only send the need back or re-match it. Here the coordinator corrects the product, the industry,
the service types or the title, and (a new user's trial, 2026-11-30: the chat read the region 福建省宁德市 from a
supplier's name for an enterprise in 常州, and the matcher kept marking the right center "地区 宁德市：未覆盖") the
region, the deadline, the budget, the qualifications asked for and confidentiality, and nothing goes unseen:

- every correction is a row of the need's history (``correct``, who and when, each field old → new);
- the enterprise is told in its inbox what changed, old → new, in its language (``need.corrected``);
- a published need's public view is rebuilt and announced again (``need.published``), as the enterprise's own edit
  of a published need is (:func:`flows.needs.edit_need`); a confidential need's details stay out of it;
- the matcher is not run: the page offers the re-match beside the saved message, the coordinator decides;
- secrecy is only raised here: a confidential need made public is the enterprise's decision
  (``authz.policy.check_secrecy_correction``); raised, the public view is rebuilt redacted at once through the feed.

One use case for the review page's form, ``PATCH /api/v1/reviews/{id}/need`` and ``innodock review correct``; who may
is ``authz.policy.check_need_correct``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from authz import policy
from authz.principal import Principal
from core import china_time
from core.errors import ConflictError, InnodockError, gather, problems_in, refuse_all
from flows import access, feed
from flows import reviews as reviews_flow
from flows.events import Outbox, Parties
from flows.needs import before_a_provider, region_in_english, submittable, typed_texts
from intake import conversation, industries, publish
from intake import service as intake
from intake.extract.deadline import deadline_passed
from intake.extract.region import AMBIGUOUS_PINYIN, Place, lookup
from intake.schemas import MAX_BUDGET_YUAN, PUBLIC_STATUSES, Budget, Need, Region
from kb.industries import industry_named
from kb.vocab import SERVICE_TYPE_LABELS, ServiceType, service_type_named
from outbox.vocab import DomainEvent

# The fields a coordinator may correct, in the form's order, with their names in each language.
FIELDS: dict[str, tuple[str, str]] = {
    "product": ("产品", "product"), "industry": ("行业", "industry"),
    "service_types": ("服务类型", "service types"), "title": ("标题", "title"),
    "region": ("地区", "region"), "deadline": ("期限", "deadline"), "budget": ("预算", "budget"),
    "qualifications": ("资质要求", "qualifications required"), "confidential": ("保密", "confidentiality"),
}
# How many qualification marks a need may require, and how long each is (as the need card's API takes them).
MAX_QUALIFICATIONS = 20
QUALIFICATION_LENGTH = (2, 20)


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Correction:
    """What was corrected (empty: the fields already said so, nothing stored or told) and the need as it now is."""

    review_id: str
    need_id: str
    changes: list[Change]
    need: Need


def read_industry(text: str) -> str:
    """An industry as the need card offers them: a GB/T 4754 group (or division) by its name in either language, or
    one of the seeds' industries (``intake.industries.INDUSTRY_EN``), stored by its Chinese name; anything else is
    refused on ``industry`` (a typo would otherwise become the confidential need's public title)."""
    text = " ".join(text.split())
    group = industry_named(text)
    if group is not None:
        return group.name
    for zh, en in industries.INDUSTRY_EN.items():
        if text == zh or text.casefold() == en.casefold():
            return zh
    raise InnodockError(f"未知的行业“{text[:40]}”：请从所列的国民经济行业分类（GB/T 4754）中选择 / unknown industry "
                        f"'{text[:40]}': pick one of the GB/T 4754 groups offered", field="industry")


def read_service_types(values: list[str]) -> list[ServiceType]:
    """Service types by their code or their name in either language; an unknown one, or none, refused on
    ``service_types``."""
    found: list[ServiceType] = []
    unknown: list[str] = []
    for raw in values:
        text = raw.strip()
        kind = service_type_named(text)
        if kind is None:
            unknown.append(text[:40])
        elif kind not in found:
            found.append(kind)
    if unknown:
        said = "、".join(unknown)
        raise InnodockError(f"未知的服务类型：{said} / unknown service type: {', '.join(unknown)}",
                            field="service_types")
    if not found:
        raise InnodockError("请至少选择一种服务类型 / choose at least one service type", field="service_types")
    return found


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def read_region(value: Any) -> Region:
    """A region as ``{province, city}``, each checked against the gazetteer the region reader uses
    (``intake.extract.region.lookup``: 江苏, 江苏省, Jiangsu; 常州, 常州市, Changzhou) and stored by its full names; a
    city alone is read with its province, a municipality alone is its own city; both empty clear the region. A
    province that is no province is refused on ``region.province``, a city unknown or of another province on
    ``region.city``: a typo would otherwise become the region the matcher ranks by."""
    given = value if isinstance(value, Mapping) else {}
    province, city = _text(given.get("province")), _text(given.get("city"))
    if not province and not city:
        return Region()
    found = lookup(province) if province else None
    if province and (found is None or found.city not in (None, found.province)):
        raise InnodockError(f"未知的省份“{province[:40]}”：请写省、自治区或直辖市，例如“江苏省” / unknown province "
                            f"'{province[:40]}': write a province, an autonomous region or a municipality, e.g. "
                            "Jiangsu", field="region.province")
    if not city:
        assert found is not None
        return Region(province=found.province, city=found.city)
    place = _city_named(city, found.province if found is not None else None)
    if place is None or place.city is None:
        raise InnodockError(f"未知的城市“{city[:40]}”：请写地级市，例如“常州市” / unknown city '{city[:40]}': write a "
                            "prefecture-level city, e.g. Changzhou", field="region.city")
    if found is not None and place.province != found.province:
        raise InnodockError(f"“{city[:40]}”不在{found.province} / '{city[:40]}' is not in "
                            f"{region_in_english(found.province, None)}", field="region.city")
    return Region(province=place.province, city=place.city)


def _city_named(city: str, province: str | None) -> Place | None:
    """A city by its name; a romanisation two prefectures share ("Taizhou": 泰州, 台州) is the one in ``province``,
    else the better known, as the chat reads it (``intake.extract.region.AMBIGUOUS_PINYIN``)."""
    shared = [p for p in (lookup(zh) for zh in AMBIGUOUS_PINYIN.get(city.casefold(), ())) if p is not None]
    if shared:
        return next((p for p in shared if p.province == province), shared[0])
    return lookup(city)


def read_deadline(value: Any, today: date, *, current: date | None) -> date | None:
    """A deadline as a date (2027-01-31); empty clears it. Not a date, or one already past, is refused on
    ``deadline`` with the need card's words (``intake.extract.deadline.deadline_passed``, the one rule), unless it is
    the need's ``current`` deadline: the page sends its boxes back filled, and a deadline that passed while the need
    waited for review must not refuse a correction of its product."""
    text = _text(value)
    if not text:
        return None
    try:
        found = date.fromisoformat(text)
    except ValueError:
        raise InnodockError(f"期限须是日期，例如 {today.year + 1}-01-31，现为“{text[:40]}” / the deadline must be a "
                            f"date, e.g. {today.year + 1}-01-31, not '{text[:40]}'", field="deadline") from None
    if found != current and deadline_passed(found, today):
        raise InnodockError(f"{conversation.past_deadline_text(found, today, 'zh')} / "
                            f"{conversation.past_deadline_text(found, today, 'en')}", field="deadline")
    return found


def _yuan(value: Any, name: str, zh: str, en: str) -> int | None:
    text = _text(value).replace(",", "")
    if not text:
        return None
    try:
        amount = int(text)
    except ValueError:
        raise InnodockError(f"预算{zh}须是整数元，现为“{text[:40]}” / the budget's {en} must be whole yuan, not "
                            f"'{text[:40]}'", field=f"budget.{name}") from None
    if amount < 0:
        raise InnodockError(f"预算{zh}不能是负数 / the budget's {en} cannot be negative", field=f"budget.{name}")
    if amount > MAX_BUDGET_YUAN:
        raise InnodockError(f"预算{zh}超过{MAX_BUDGET_YUAN // 100_000_000}亿元，请核对金额 / the budget's {en} is over "
                            f"RMB {MAX_BUDGET_YUAN:,}; please check the amount", field=f"budget.{name}")
    return amount


def read_budget(value: Any) -> Budget:
    """A budget as ``{min_yuan, max_yuan}`` in yuan: each whole, not negative, at most
    :data:`intake.schemas.MAX_BUDGET_YUAN` (refused on ``budget.min_yuan`` / ``budget.max_yuan``), the least not
    above the most (refused on ``budget``); both empty clear it. In yuan (CNY): the words it was read from no longer
    say it."""
    given = value if isinstance(value, Mapping) else {}
    problems: list[InnodockError] = []
    low = gather(problems, lambda: _yuan(given.get("min_yuan"), "min_yuan", "下限", "minimum"))
    high = gather(problems, lambda: _yuan(given.get("max_yuan"), "max_yuan", "上限", "maximum"))
    refuse_all(problems)
    if low is not None and high is not None and low > high:
        raise InnodockError(f"预算下限（{low:,} 元）高于上限（{high:,} 元） / the budget's minimum (RMB {low:,}) is "
                            f"above its maximum (RMB {high:,})", field="budget")
    return Budget(min_yuan=low, max_yuan=high)


def read_qualifications(values: Any, *, current: list[str]) -> list[str]:
    """The qualification marks a provider must hold (CMA, CNAS, 保密资质), as typed, each 2–20 characters (a mark the
    need already requires, ``current``, as it is: the page sends it back), at most :data:`MAX_QUALIFICATIONS`; an
    empty list requires none. Refused on ``qualifications``."""
    items = values if isinstance(values, list) else [values]
    marks = list(dict.fromkeys(t for t in (_text(v) for v in items) if t))
    low, high = QUALIFICATION_LENGTH
    wrong = [m[:40] for m in marks if not low <= len(m) <= high and m not in current]
    if wrong:
        raise InnodockError(f"资质名称须为 {low}–{high} 个字：{'、'.join(wrong)} / a qualification is {low}–{high} "
                            f"characters long: {', '.join(wrong)}", field="qualifications")
    if len(marks) > MAX_QUALIFICATIONS:
        raise InnodockError(f"资质要求最多 {MAX_QUALIFICATIONS} 项 / at most {MAX_QUALIFICATIONS} qualifications",
                            field="qualifications")
    return marks


def _read(changes: Mapping[str, Any], before: Need) -> dict[str, Any]:
    """The fields given, read, every wrong one refused at once (``core.errors.FieldErrors``), nothing stored;
    ``before``: the need as it is (what it already says is never refused as new)."""
    problems: list[InnodockError] = []
    read: dict[str, Any] = {}
    unknown = [k for k in changes if k not in FIELDS]
    if unknown:
        problems.append(InnodockError(f"不能修正的字段：{', '.join(unknown)} / these fields are not corrected here: "
                                      f"{', '.join(unknown)}", field=unknown[0]))
    for name in ("product", "title"):
        if changes.get(name) is not None:
            try:
                read.update(typed_texts({name: str(changes[name])}))
            except InnodockError as exc:
                problems.append(exc)
    if changes.get("industry") is not None:
        try:
            read["industry"] = read_industry(str(changes["industry"]))
        except InnodockError as exc:
            problems.append(exc)
    if changes.get("service_types") is not None:
        try:
            read["service_types"] = read_service_types([str(v) for v in changes["service_types"]])
        except InnodockError as exc:
            problems.append(exc)
    today = china_time.today()
    readers = {"region": read_region, "deadline": lambda v: read_deadline(v, today, current=before.deadline),
               "budget": read_budget,
               "qualifications": lambda v: read_qualifications(v, current=list(before.qualifications))}
    for name, reader in readers.items():
        if name in changes:
            try:
                read[name] = reader(changes[name])
            except InnodockError as exc:
                problems.extend(problems_in(exc))
    if changes.get("confidential") is not None:
        if not isinstance(changes["confidential"], bool):
            problems.append(InnodockError("保密须为是或否 / confidential is true or false", field="confidential"))
        else:
            read["confidential"] = changes["confidential"]
    refuse_all([p for field in (*FIELDS, *unknown) for p in problems if _field_of(p) == field]
               + [p for p in problems if _field_of(p) not in (*FIELDS, *unknown)])
    return read


def _field_of(problem: InnodockError) -> str | None:
    """The need's field a refusal is about (``region.city`` is the region's), for the form's order."""
    return problem.field.split(".")[0] if problem.field else None


def _said(field: str, value: Any, lang: str) -> str:
    if field == "confidential":
        return ("保密" if value else "公开") if lang == "zh" else ("confidential" if value else "public")
    if isinstance(value, Region):
        value = ("".join(dict.fromkeys(p for p in (value.province, value.city) if p)) if lang == "zh"
                 else region_in_english(value.province, value.city))
    elif isinstance(value, Budget):
        value = publish.budget_band(value, coarse=False, lang=lang)
    elif isinstance(value, date):
        value = value.isoformat()
    if value in (None, "", []):
        return "（空）" if lang == "zh" else "(none)"
    if field == "qualifications":
        return ("、" if lang == "zh" else ", ").join(value)
    if field == "service_types":
        return ("、" if lang == "zh" else ", ").join(SERVICE_TYPE_LABELS[ServiceType(v)][0 if lang == "zh" else 1]
                                                     for v in value)
    if field == "industry":
        return industries.industry_in(str(value), lang) or str(value)
    return str(value)


def public_title(need: Need, lang: str) -> str | None:
    """The title providers and the public read of a confidential need (made from its industry and service types,
    :func:`intake.publish.confidential_title`), which the coordinator checks beside the need's own; None for a
    public need, whose title is its own."""
    if not need.confidential:
        return None
    return publish.confidential_title(service_types=need.service_types, industry=need.industry, lang=lang)


def changes_said(changes: list[Change], need: Need, before: Need, lang: str) -> str:
    """``产品：担心单体间隔热垫 → 280Ah磷酸铁锂储能模组；行业：…`` in ``lang``: what the enterprise and the history
    read."""
    parts = []
    for c in changes:
        zh, en = FIELDS[c.field]
        old, new = (_said(c.field, getattr(before, c.field), lang), _said(c.field, getattr(need, c.field), lang))
        parts.append(f"{zh}：{old} → {new}" if lang == "zh" else f"{en}: {old} → {new}")
    return ("；" if lang == "zh" else "; ").join(parts)


def _differs(name: str, value: Any, before: Need) -> bool:
    """Whether a read value changes the need (a budget by its figures: the words it was read from do not count)."""
    old = getattr(before, name)
    if name in ("service_types", "qualifications"):
        return list(value) != list(old)
    if name == "budget":
        return (value.min_yuan, value.max_yuan, value.currency) != (old.min_yuan, old.max_yuan, old.currency)
    return bool(value != old)


def correct_need(*, session: Session, principal: Principal, review_id: str, changes: Mapping[str, Any],
                 outbox: Outbox) -> Correction:
    """Correct the key fields of the need a review is about (``changes``: any of product, industry, service_types,
    title, region ``{province, city}``, deadline, budget ``{min_yuan, max_yuan}``, qualifications, confidential).
    Every wrong field is refused at once and nothing changes; a need already docked with a provider is no
    longer corrected here (409). A field given as it already is changes nothing; with no field changed nothing is
    recorded, told or published."""
    review = reviews_flow.review(session=session, principal=principal, review_id=review_id)
    facts = access.need_facts(session=session, need_id=review.need_id, principal=principal)
    policy.check_need_correct(principal, facts)
    before = intake.get_need(session=session, need_id=review.need_id, coordinator=True)
    read = _read(changes, before)
    policy.check_secrecy_correction(principal, confidential=before.confidential,
                                    to=read.get("confidential", before.confidential))
    # Under review: submitted (a need sent back is the enterprise's to amend, its question open) and no provider
    # holds it yet.
    if submittable(before.status) or not before_a_provider(before.status):
        raise ConflictError("只能修正审核中的需求（已退回企业或已确定承接机构的需求不在此修正） / only a need under "
                            "review is corrected here (not one sent back to the enterprise or docked with a "
                            "provider)", field="status", code="need_locked")
    differs = {k: v for k, v in read.items() if _differs(k, v, before)}
    if not differs:
        return Correction(review_id=review.id, need_id=review.need_id, changes=[], need=before)
    updated = before.model_copy(deep=True)
    for name, value in differs.items():
        setattr(updated, name, value)
    # Set by a person: the LLM's later pass leaves it alone, and a title given replaces the derived one for good
    # (intake.service._save_need); the history says it was the association's coordinator.
    updated.sources = {**updated.sources, **dict.fromkeys(differs, "user")}
    if "qualifications" in differs and updated.qualifications:
        updated.qualifications_open = False  # a mark required: no longer left open (as on the need card)
    updated = Need.model_validate(updated.model_dump())  # a mark required is no longer merely wished for
    saved = intake.save_need(session=session, need=updated)
    listed = [Change(field=f, old=_said(f, getattr(before, f), "zh"), new=_said(f, getattr(saved, f), "zh"))
              for f in FIELDS if f in differs or (f == "title" and saved.title != before.title)]
    zh, en = changes_said(listed, saved, before, "zh"), changes_said(listed, saved, before, "en")
    by = access.pipeline_actor(principal, session)
    intake.record_correction(session=session, need_id=review.need_id, actor=f"{by.role.value}:{by.id}",
                             note=f"{zh} / {en}")
    outbox.record(session=session, event=DomainEvent.need_corrected,
                  payload={"need_id": review.need_id, "review_id": review.id,
                           "fields": [c.field for c in listed], "changes_zh": zh, "changes_en": en},
                  parties=Parties(enterprise_id=saved.enterprise.id, center_id=None, need_id=review.need_id,
                                  acted_by=principal.org_id))
    if saved.status in PUBLIC_STATUSES:
        feed.publish_need(session=session, need_id=review.need_id, outbox=outbox)
    return Correction(review_id=review.id, need_id=review.need_id, changes=listed,
                      need=intake.get_need(session=session, need_id=review.need_id, coordinator=True))
