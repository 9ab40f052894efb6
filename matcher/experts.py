"""Experts as the matcher reads them: their documents, conflicts of interest, the in-process expert catalog and the
explanation of an expert's rank.

Experts have a vector index of their own beside the capabilities' (``<home>/index/experts/``), synced by the same
``build_index`` from the same embedding cache and kb version. It is kept apart from capability retrieval: a person's
few lines compete badly with a center's capabilities for the 150 dense candidates, and provider ranking must not move
because a pool grew. An expert's document is what says what they know — fields, bio, title, affiliation — and the
name of their center (whose name, like 国家锂电池产品质量监督检验中心, carries their product family). The name is
left out: it is personal data and says nothing about a need.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kb import service as kb_service
from kb.rules import qualifies_as_lead, qualifies_as_service_staff
from kb.schemas import CenterRecord, ExpertRecord
from kb.vocab import DEGREE_LABELS, TITLE_LABELS, TitleLevel
from matcher.fusion import CapScore
from matcher.lexical import LexicalIndex, tokenize_cached
from matcher.schemas import ExpertExclusion, ExpertMatch, MatchQuery, Reason, make_reason

EXPERT_DOCUMENTS = "experts"  # the manifest's stamp of the expert index (matcher.index.store.Manifest.documents)
_SENT = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")


def expert_text(expert: ExpertRecord, center: CenterRecord | None = None) -> str | None:
    """The expert's searchable document, or None when the record says nothing of what they know (kb-v1 requires
    only the name; ``ExpertRecord.has_text``)."""
    if not expert.has_text:
        return None
    parts: list[str] = []
    if expert.fields:
        parts.append("专长：" + "、".join(expert.fields))
    if expert.bio and expert.bio.strip():
        parts.append(expert.bio.strip())
    if expert.title_level is not None and expert.title_level != TitleLevel.none:
        parts.append("职称：" + TITLE_LABELS[expert.title_level][0])
    affiliation = (expert.affiliation or "").strip()
    if affiliation:
        parts.append("单位：" + affiliation)
    if center is not None and center.name != affiliation:
        parts.append("机构：" + center.name)
    return "。".join(p.rstrip("。") for p in parts) + "。"


def expert_documents(experts: Iterable[ExpertRecord],
                     centers: Mapping[str, CenterRecord]) -> Iterator[tuple[str, str]]:
    """(expert id, document) for every expert with text; experts without text have no document."""
    for e in experts:
        text = expert_text(e, centers.get(e.center_id) if e.center_id else None)
        if text is not None:
            yield e.id, text


# ---- conflicts of interest ----

# Legal-form endings that say nothing about which organisation it is: "某电池" and "某电池有限公司" are one.
_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司", "co.,ltd.", "co.,ltd", "ltd.",
                "ltd", "inc.", "inc")
_MIN_CONTAINED = 4  # a shorter core (e.g. "电池") inside another name is a coincidence, not the same organisation


def _norm(s: str) -> str:
    return "".join(s.split()).lower()


def _core(name: str) -> str:
    core = _norm(name)
    changed = True
    while changed:
        changed = False
        for form in _LEGAL_FORMS:
            if core.endswith(form) and len(core) > len(form):
                core, changed = core[: -len(form)], True
    return core


def same_organisation(a: str, b: str) -> bool:
    """Two names of one organisation: equal once spaces, case and the legal form are set aside, or one contains the
    other's core of at least four characters (an affiliation "某储能科技有限公司研发中心" is the enterprise
    "某储能科技有限公司"; a conflicts entry "瑞澜储能" names "常州瑞澜储能科技有限公司")."""
    ca, cb = _core(a), _core(b)
    if not ca or not cb:
        return False
    if ca == cb:
        return True
    short, long_ = sorted((ca, cb), key=len)
    return len(short) >= _MIN_CONTAINED and short in _norm(long_)


def conflict_reason(expert: ExpertRecord, query: MatchQuery) -> tuple[str, str] | None:
    """(basis, reason) when the expert may not serve the need's enterprise, else None. The enterprise is known by its
    name, its id and its credit code; ids and codes must match exactly, names as ``same_organisation`` says."""
    codes = {_norm(x) for x in (query.enterprise_id, query.enterprise_code) if x}
    names = [query.enterprise_name] if query.enterprise_name else []
    if not codes and not names:
        return None

    def names_enterprise(value: str) -> bool:
        return _norm(value) in codes or any(same_organisation(value, n) for n in names)

    if expert.affiliation and names_enterprise(expert.affiliation):
        return "affiliation", "任职于需求企业 / works for the requesting enterprise"
    if any(names_enterprise(c) for c in expert.conflicts or []):
        return "conflicts", "登记了与需求企业的利益冲突 / lists the requesting enterprise among conflicts of interest"
    return None


def conflicts(experts: Iterable[ExpertRecord], query: MatchQuery) -> list[ExpertExclusion]:
    out = []
    for e in experts:
        found = conflict_reason(e, query)
        if found is not None:
            out.append(ExpertExclusion(expert_id=e.id, name=e.name, rule="conflict_of_interest", basis=found[0],
                                       reason=found[1], lead_qualified=qualifies_as_lead(e).ok))
    return out


NO_TEXT_REASON = ("没有专长、简介、职称或工作单位，无法按需求内容排序 / no fields, bio, title or affiliation: cannot "
                  "be ranked by what the need says")


def without_text(experts: Iterable[ExpertRecord]) -> list[ExpertExclusion]:
    return [ExpertExclusion(expert_id=e.id, name=e.name, rule="no_text", reason=NO_TEXT_REASON,
                            lead_qualified=qualifies_as_lead(e).ok) for e in experts if not e.has_text]


# ---- the in-process catalog ----

@dataclass
class ExpertCatalog:
    """Every expert at one kb version, with the lexical index over the documents of those with text."""

    kb_version: int
    experts: dict[str, ExpertRecord]
    centers: dict[str, CenterRecord]
    doc_ids: list[str]
    lexical: LexicalIndex
    position: dict[str, int]

    @classmethod
    def load(cls, *, session: Session) -> ExpertCatalog:
        version = kb_service.kb_version(session=session)
        centers = {c.id: c for c in kb_service.list_centers(session=session)}
        experts = {e.id: e for e in kb_service.list_experts(session=session)}
        docs = list(expert_documents(experts.values(), centers))
        ids = [d for d, _ in docs]
        return cls(kb_version=version, experts=experts, centers=centers, doc_ids=ids,
                   lexical=LexicalIndex(ids, [t for _, t in docs]), position={d: i for i, d in enumerate(ids)})


# ---- seniority and explanations ----

def seniority(expert: ExpertRecord) -> float:
    """A small tie-breaker (at most 0.04): more years and more led projects first, never outweighing relevance."""
    return 0.001 * min(30, expert.years_experience or 0) + 0.001 * min(10, expert.led_projects or 0)


def _seniority_reason(e: ExpertRecord) -> Reason | None:
    zh: list[str] = []
    en: list[str] = []
    if e.title_level is not None and e.title_level != TitleLevel.none:
        zh.append(TITLE_LABELS[e.title_level][0] + "职称")
        en.append(TITLE_LABELS[e.title_level][1] + " title")
    if e.degree is not None:
        zh.append(DEGREE_LABELS[e.degree][0])
        en.append(DEGREE_LABELS[e.degree][1])
    if e.years_experience is not None:
        zh.append(f"相关工作 {e.years_experience} 年")
        en.append(f"{e.years_experience} years of related work")
    if e.led_projects is not None:
        zh.append(f"主持项目 {e.led_projects} 项")
        en.append(f"{e.led_projects} projects led")
    if not zh:
        return None
    return make_reason(kind="seniority", text="，".join(zh) + " / " + ", ".join(en), zh="，".join(zh),
                       en=", ".join(en), title_level=e.title_level.value if e.title_level else None,
                       degree=e.degree.value if e.degree else None, years_experience=e.years_experience,
                       led_projects=e.led_projects)


def _rule_reasons(e: ExpertRecord) -> list[Reason]:
    out = []
    lead = qualifies_as_lead(e)
    if lead.ok:
        out.append(make_reason(kind="rule", rule=lead.rule, clause=lead.clause, ok=True, unmet=[],
                               text=f"符合 {lead.clause} 项目负责人条件 / meets {lead.clause} for a project lead"))
    else:
        out.append(make_reason(kind="rule", rule=lead.rule, clause=lead.clause, ok=False, unmet=lead.reasons,
                               text=f"不满足 {lead.clause} 项目负责人条件：" + "；".join(r.split(" / ")[0] for r in
                                                                                lead.reasons)
                               + f" / does not meet {lead.clause} for a project lead: "
                               + "; ".join(r.split(" / ")[-1] for r in lead.reasons)))
    staff = qualifies_as_service_staff(e)
    out.append(make_reason(kind="rule", rule=staff.rule, clause=staff.clause, ok=staff.ok, unmet=staff.reasons,
                           text=(f"符合 {staff.clause} 服务人员条件 / meets {staff.clause} for service staff"
                                 if staff.ok else f"不满足 {staff.clause} 服务人员条件 / does not meet {staff.clause} "
                                 "for service staff: " + "; ".join(staff.reasons))))
    return out


def _passage_reasons(e: ExpertRecord, tokens: Sequence[str]) -> list[Reason]:
    """Which of the expert's fields, and which sentence of the bio, share the need's terms."""
    qset = set(tokens)
    out: list[Reason] = []
    fields = [f for f in e.fields or [] if qset.intersection(tokenize_cached(f))]
    if fields:
        out.append(make_reason(kind="passage", source="fields", fields=fields,
                               text="专长 / fields：" + "、".join(fields)))
    best, best_n = "", 0
    for sentence in _SENT.findall(e.bio or ""):
        sentence = sentence.strip()
        n = len(qset.intersection(tokenize_cached(sentence))) if sentence else 0
        if n > best_n:
            best, best_n = sentence, n
    if best:
        shown = best if len(best) <= 160 else best[:157] + "…"
        out.append(make_reason(kind="passage", source="bio", text="简介 / bio：" + shown))
    if e.affiliation and qset.intersection(tokenize_cached(e.affiliation)):
        out.append(make_reason(kind="passage", source="affiliation", text="单位 / affiliation：" + e.affiliation))
    return out


def explain(e: ExpertRecord, catalog: ExpertCatalog, tokens: Sequence[str], s: CapScore, *,
            dense_weight: float) -> ExpertMatch:
    pos = catalog.position.get(e.id)
    shared = catalog.lexical.shared_terms(tokens, pos) if pos is not None else []
    reasons = _passage_reasons(e, tokens)
    if shared:
        reasons.append(make_reason(kind="terms", terms=shared[:8],
                                   text="共同关键词 / shared terms：" + "、".join(shared[:8])))
    reasons.extend(_rule_reasons(e))
    senior = _seniority_reason(e)
    if senior is not None:
        reasons.append(senior)
    reasons.append(make_reason(
        kind="score", text=f"相关度 relevance {s.fused:.3f}（语义 dense {s.dense_norm:.2f}，词面 lexical "
                           f"{s.lexical:.2f}）", relevance=round(s.fused, 4), dense_cosine=round(s.dense, 4),
        dense=round(s.dense_norm, 4), lexical=round(s.lexical, 4), coverage=round(s.coverage, 4),
        bm25=round(s.bm25, 4), evidence=round(dense_weight * s.dense_norm + (1 - dense_weight) * s.lexical, 4),
        seniority=round(seniority(e), 4)))
    center = catalog.centers.get(e.center_id) if e.center_id else None
    return ExpertMatch(
        expert_id=e.id, name=e.name, center_id=e.center_id, center_name=center.name if center else None,
        pools=list(e.pools or []), affiliation=e.affiliation,
        title_level=e.title_level.value if e.title_level else None, degree=e.degree.value if e.degree else None,
        years_experience=e.years_experience, led_projects=e.led_projects,
        score=round(min(1.0, s.fused) + seniority(e), 4), lead_qualified=qualifies_as_lead(e).ok, reasons=reasons)
