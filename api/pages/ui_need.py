"""The structured need as a page shows it: labelled rows in the page's language, for the chat and the review."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from api.pages.ui_common import label
from api.pages.ui_format import industry, place, yes_no
from api.pages.ui_i18n import MERGED
from flows import worklists
from flows.needs import budget_said, published_title, region_in_english
from intake.schemas import QUALIFICATIONS_OPEN, CenterNeed, Need, phrase_said
from kb.vocab import SERVICE_TYPE_LABELS, ServiceType


def need_rows(need: Need, lang: str, *, phrases: bool = False) -> list[dict[str, Any]]:
    """The structured need as (key, label, value) rows in the page's language; a missing value says so. ``phrases``:
    each service type with the enterprise's words beside it, for the chat's card, where the enterprise checks how it
    was read; every other page names the categories alone (:func:`service_list`)."""
    t = MERGED[lang]
    # (the English page named places in Chinese, "赣州市, 江西省", where the chat beside it said "Ganzhou, Jiangxi"; the
    # seventh probe of the chat, in Chromium)
    region = "".join(p for p in (need.region.province, need.region.city) if p) if lang == "zh" else \
        region_in_english(need.region.province, need.region.city)
    budget = budget_said(need.budget, lang)  # one formatter for every page (flows.needs.budget_said)
    values: list[tuple[str, str | None]] = [
        ("title", need.title),
        ("service_types", service_list(need, lang, phrases=phrases)),
        ("product", need.product),
        ("industry", industry(need.industry, lang)),
        ("region", (region + (t["local_only_mark"] if need.local_only else "")) if region else None),
        ("deadline", need.deadline.isoformat() if need.deadline else None),
        ("budget", budget),
        ("qualifications", marks_said(need.qualifications, need.preferred_qualifications, lang)
         or (QUALIFICATIONS_OPEN[1 if lang == "en" else 0] if need.qualifications_open else None)),
        ("confidential", confidentiality_said(need.confidentiality, lang)),
    ]
    # Which reader read a field is nobody's business but the model's suggestions: those are marked, to be checked.
    # What the rules read, what the rules and the model agree on and what the enterprise said itself carry no mark.
    rows = []
    for k, v in values:
        source = need.sources.get(k) if v else None
        rows.append({"key": k, "label": t[f"f_{k}"], "value": v, "source": source,
                     "source_label": t["src_llm"] if source == "llm" else None})
    return rows


def confidentiality_said(value: bool | None, lang: str) -> str | None:
    """保密 as every page says it (``Need.confidentiality``, which a center's view carries): 是/否, or nothing
    (the row's "未说明") when nobody said; a center's rows said "否" where the need's said "未说明"."""
    return None if value is None else yes_no(value, lang)


def marks_said(required: list[str], wished: list[str], lang: str) -> str | None:
    """The marks a need asks for, the required ones as they are and the wished ones marked so ("CMA；优先（非必须）：
    CNAS"): a person tells 必须 from 优先 at a glance (a wished mark was shown, and matched, as required)."""
    sep = "、" if lang == "zh" else ", "
    parts = [sep.join(required)] if required else []
    if wished:
        parts.append(MERGED[lang]["preferred_marks"].format(marks=sep.join(wished)))
    return ("；" if lang == "zh" else "; ").join(parts) or None


def service_words(need: Need, service: ServiceType, lang: str) -> str:
    """A service type with the enterprise's own words beside it: "失效分析 → 质量技术评价" (issue 27)."""
    name = label(SERVICE_TYPE_LABELS[service], lang)
    phrase = need.phrases.get(service)
    return f"{phrase_said(phrase, lang)} → {name}" if phrase and phrase.casefold() != name.casefold() else name


def service_list(need: Need, lang: str, *, phrases: bool = False) -> str | None:
    """The need's service types; with ``phrases``, each with its phrase where the enterprise gave one. Where any
    carries its phrase the items are set apart by "；" / "; ", not "、" / ", ": "检测 → 检验检测、质量技术评价" read as
    if 检测 stood for both categories (a new user on the chat page, 2026-11-28). Without, the categories alone: the
    review, the engagement and /needs read "检测报告 → 检验检测；失效分析 → 质量技术评价", and the English pages
    "检测报告 → inspection and testing" (a new user's trial, 2026-11-29)."""
    items = [service_words(need, s, lang) if phrases else label(SERVICE_TYPE_LABELS[s], lang)
             for s in need.service_types]
    if not items:
        return None
    arrows = any("→" in item for item in items)
    sep = ("；" if arrows else "、") if lang == "zh" else ("; " if arrows else ", ")
    return sep.join(items)


def center_need_rows(center: CenterNeed | None, lang: str,
                     withheld: Collection[str] = ()) -> list[dict[str, Any]]:
    """A center's view of a need (before its details are opened to it) as the same rows: the summary, never the
    enterprise's words for a confidential need. ``withheld``: the fields the need states but the center may not read
    yet (``flows.access.NeedRead.withheld``), said to be withheld until the details are opened, not 未说明 (a new
    user's trial, 2026-11-29, read "产品 未说明" for a product the enterprise had named)."""
    if center is None:
        return []
    t = MERGED[lang]
    sep = "、" if lang == "zh" else ", "
    region = place(center.region.province, center.region.city, lang)
    values: list[tuple[str, str | None]] = [
        ("title", published_title(center, lang)),
        ("service_types", sep.join(label(SERVICE_TYPE_LABELS[s], lang) for s in center.service_types) or None),
        ("product", center.product),
        ("industry", industry(center.industry, lang)),
        ("region", region or None),
        ("deadline", center.deadline.isoformat() if center.deadline else None),
        ("budget", worklists.budget_in(center.budget_band, lang)),
        ("qualifications", marks_said(center.qualifications, center.preferred_qualifications, lang)),
        ("confidential", confidentiality_said(center.confidentiality, lang)),
    ]
    return [{"key": k, "label": t[f"f_{k}"], "value": t["withheld_until_open"] if v is None and k in withheld else v}
            for k, v in values]
