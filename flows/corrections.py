"""协调员修正需求要点: the association's coordinator corrects the key fields of a need under review.

The association refines (凝练) and publishes the enterprises' needs (seed 000 §5.1.3). A new user's trial (2026-11-29)
had the chat read a battery need as product "担心单体间隔热垫", industry "家具制造业", so the confidential need was
shown to the proposed battery center and on its public page as "家具制造业领域企业检验检测需求"; the coordinator
saw it and could only send the need back or re-match it. Here the coordinator corrects the product, the industry,
the service types or the title, and nothing goes unseen:

- every correction is a row of the need's history (``correct``, who and when, each field old → new);
- the enterprise is told in its inbox what changed, old → new, in its language (``need.corrected``);
- a published need's public view is rebuilt and announced again (``need.published``), as the enterprise's own edit
  of a published need is (:func:`flows.needs.edit_need`); a confidential need's details stay out of it;
- the matcher is not run: the page offers the re-match beside the saved message, the coordinator decides.

One use case for the review page's form, ``PATCH /api/v1/reviews/{id}/need`` and ``innodock review correct``; who may
is ``authz.policy.check_need_correct``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from authz import policy
from authz.principal import Principal
from core.errors import ConflictError, InnodockError, refuse_all
from flows import access, feed
from flows import reviews as reviews_flow
from flows.events import Outbox, Parties
from flows.needs import before_a_provider, submittable, typed_texts
from intake import industries, publish
from intake import service as intake
from intake.schemas import PUBLIC_STATUSES, Need
from kb.industries import industry_named
from kb.vocab import SERVICE_TYPE_LABELS, ServiceType, service_type_named
from outbox.vocab import DomainEvent

# The fields a coordinator may correct, in the form's order, with their names in each language.
FIELDS: dict[str, tuple[str, str]] = {
    "product": ("产品", "product"), "industry": ("行业", "industry"),
    "service_types": ("服务类型", "service types"), "title": ("标题", "title"),
}


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


def _read(changes: Mapping[str, Any]) -> dict[str, Any]:
    """The fields given, read, every wrong one refused at once (``core.errors.FieldErrors``), nothing stored."""
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
    refuse_all([p for field in (*FIELDS, *unknown) for p in problems if p.field == field]
               + [p for p in problems if p.field not in (*FIELDS, *unknown)])
    return read


def _said(field: str, value: Any, lang: str) -> str:
    if value in (None, "", []):
        return "（空）" if lang == "zh" else "(none)"
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


def correct_need(*, session: Session, principal: Principal, review_id: str, changes: Mapping[str, Any],
                 outbox: Outbox) -> Correction:
    """Correct the key fields of the need a review is about (``changes``: any of product, industry, service_types,
    title). Every wrong field is refused at once and nothing changes; a need already docked with a provider is no
    longer corrected here (409). A field given as it already is changes nothing; with no field changed nothing is
    recorded, told or published."""
    review = reviews_flow.review(session=session, principal=principal, review_id=review_id)
    facts = access.need_facts(session=session, need_id=review.need_id, principal=principal)
    policy.check_need_correct(principal, facts)
    read = _read(changes)
    before = intake.get_need(session=session, need_id=review.need_id, coordinator=True)
    # Under review: submitted (a need sent back is the enterprise's to amend, its question open) and no provider
    # holds it yet.
    if submittable(before.status) or not before_a_provider(before.status):
        raise ConflictError("只能修正审核中的需求（已退回企业或已确定承接机构的需求不在此修正） / only a need under "
                            "review is corrected here (not one sent back to the enterprise or docked with a "
                            "provider)", field="status", code="need_locked")
    differs = {k: v for k, v in read.items()
               if (list(v) != list(getattr(before, k)) if k == "service_types" else v != getattr(before, k))}
    if not differs:
        return Correction(review_id=review.id, need_id=review.need_id, changes=[], need=before)
    updated = before.model_copy(deep=True)
    for name, value in differs.items():
        setattr(updated, name, value)
    # Set by a person: the LLM's later pass leaves it alone, and a title given replaces the derived one for good
    # (intake.service._save_need); the history says it was the association's coordinator.
    updated.sources = {**updated.sources, **dict.fromkeys(differs, "user")}
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
