"""Expert team proposal for a chosen provider, and experts matched directly to a need.

Candidates are the center's own team and the experts of its pools. Anyone with a conflict of interest is left out
(their ``affiliation`` is the requesting enterprise, or they list it in ``conflicts``). The lead must meet seed 000
§4.2.1 (``kb.rules.qualifies_as_lead``); members §4.2.2 (``kb.rules.qualifies_as_service_staff``). §4.2.1 is a
"should" (宜) rule: when nobody meets it we say so and offer the best candidate with the unmet points, for a
coordinator's recorded exception. Relevance is the cosine between the need and the expert's fields and bio.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from kb.rules import qualifies_as_lead, qualifies_as_service_staff
from kb.schemas import CenterRecord, ExpertRecord
from matcher.embedding.models import Embedder
from matcher.schemas import MatchQuery, TeamMember, TeamProposal


def expert_text(e: ExpertRecord) -> str:
    parts = [e.name]
    if e.fields:
        parts.append("专长：" + "、".join(e.fields))
    if e.bio:
        parts.append(e.bio)
    if e.affiliation:
        parts.append("单位：" + e.affiliation)
    return "。".join(parts)


def _norm(s: str) -> str:
    return "".join(s.split()).lower()


def conflict_reason(e: ExpertRecord, query: MatchQuery) -> str | None:
    """Why the expert may not serve this enterprise, or None."""
    names = {_norm(x) for x in (query.enterprise_name, query.enterprise_id) if x}
    if not names:
        return None
    if e.affiliation and _norm(e.affiliation) in names:
        return "任职于需求企业 / works for the requesting enterprise"
    if any(_norm(c) in names for c in e.conflicts or []):
        return "登记了与需求企业的利益冲突 / lists the enterprise among conflicts of interest"
    return None


def relevance(experts: Sequence[ExpertRecord], query: MatchQuery, embedder: Embedder) -> np.ndarray:
    if not experts:
        return np.zeros(0, dtype=np.float32)
    q = embedder.encode_query([query.text])[0]
    docs = embedder.encode_document([expert_text(e) for e in experts])
    return np.asarray(docs @ q, dtype=np.float32)


def _seniority(e: ExpertRecord) -> float:
    """A small tie-breaker: more years and led projects first."""
    return 0.001 * min(30, e.years_experience or 0) + 0.001 * min(10, e.led_projects or 0)


def propose(
    *, center: CenterRecord, experts: Sequence[ExpertRecord], query: MatchQuery, embedder: Embedder, members: int = 3
) -> TeamProposal:
    unique = list({e.id: e for e in experts}.values())
    excluded: list[dict[str, str]] = []
    eligible: list[ExpertRecord] = []
    for e in unique:
        why = conflict_reason(e, query)
        if why:
            excluded.append({"expert_id": e.id, "name": e.name, "reason": why})
        else:
            eligible.append(e)
    rel = relevance(eligible, query, embedder)
    order = sorted(range(len(eligible)), key=lambda i: (-(float(rel[i]) + _seniority(eligible[i])), eligible[i].id))

    def member(i: int, role: str, reasons: list[str]) -> TeamMember:
        e = eligible[i]
        return TeamMember(expert_id=e.id, name=e.name, role=role,  # type: ignore[arg-type]
                          relevance=round(float(rel[i]), 4), source="center" if e.center_id == center.id else "pool",
                          reasons=reasons)

    notes: list[str] = []
    lead: TeamMember | None = None
    lead_exception: TeamMember | None = None
    lead_idx: int | None = None
    for i in order:
        r = qualifies_as_lead(eligible[i])
        if r.ok:
            lead_idx = i
            lead = member(i, "lead", [f"符合{r.clause} / meets {r.clause}"])
            break
    if lead is None:
        notes.append("无符合 seed 000 §4.2.1 的项目负责人 / no expert meets seed 000 §4.2.1 for the project lead")
        if order:
            # The best candidate: fewest unmet points, then relevance.
            best = min(order, key=lambda i: (len(qualifies_as_lead(eligible[i]).reasons), order.index(i)))
            r = qualifies_as_lead(eligible[best])
            lead_exception = member(best, "lead", ["需协调员记录例外 / needs a coordinator's recorded exception",
                                                   *r.reasons])
            lead_idx = best
    chosen: list[TeamMember] = []
    for i in order:
        if i == lead_idx or len(chosen) >= members:
            continue
        r = qualifies_as_service_staff(eligible[i])
        if r.ok:
            chosen.append(member(i, "member", [f"符合{r.clause} / meets {r.clause}"]))
        else:
            excluded.append({"expert_id": eligible[i].id, "name": eligible[i].name, "reason": "; ".join(r.reasons)})
    if len(chosen) < members:
        notes.append(f"合格成员仅 {len(chosen)} 名 / only {len(chosen)} qualified members")
    return TeamProposal(center_id=center.id, lead=lead, lead_exception=lead_exception, members=chosen,
                        excluded=excluded, notes=notes)


def rank_experts(
    *, experts: Sequence[ExpertRecord], query: MatchQuery, embedder: Embedder, top_k: int = 10
) -> list[tuple[str, str, float]]:
    eligible = [e for e in experts if conflict_reason(e, query) is None]
    rel = relevance(eligible, query, embedder)
    order = sorted(range(len(eligible)), key=lambda i: (-float(rel[i]), eligible[i].id))[:top_k]
    return [(eligible[i].id, eligible[i].name, round(float(rel[i]), 4)) for i in order]
