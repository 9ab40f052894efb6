"""Expert team proposal for a chosen provider.

Candidates are the center's own team and the experts of its pools. Anyone with a conflict of interest is left out
(``matcher.experts.conflict_reason``: their affiliation is the requesting enterprise, or they list it in
``conflicts``). The lead must meet seed 000 §4.2.1 (``kb.rules.qualifies_as_lead``); members §4.2.2
(``kb.rules.qualifies_as_service_staff``). §4.2.1 is a "should" (宜) rule: when nobody meets it we say so and offer the
best candidate with the unmet points, for a coordinator's recorded exception. Relevance comes in as plain numbers,
read from the expert index by the service (dense and lexical evidence fused as for capabilities), so proposing a team
embeds no expert; an expert with no text has relevance 0 and is placed by the rules alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kb.rules import qualifies_as_lead, qualifies_as_service_staff
from kb.schemas import CenterRecord, ExpertRecord
from matcher.experts import conflict_reason, seniority
from matcher.schemas import MatchQuery, TeamMember, TeamProposal


def propose(
    *, center: CenterRecord, experts: Sequence[ExpertRecord], query: MatchQuery, relevance: Mapping[str, float],
    members: int = 3,
) -> TeamProposal:
    """``relevance``: expert id → relevance to the need in [0, 1]; an expert not in it counts 0."""
    unique = list({e.id: e for e in experts}.values())
    excluded: list[dict[str, str]] = []
    eligible: list[ExpertRecord] = []
    for e in unique:
        found = conflict_reason(e, query)
        if found:
            excluded.append({"expert_id": e.id, "name": e.name, "rule": "conflict_of_interest", "reason": found[1]})
        else:
            eligible.append(e)
    rel = [float(relevance.get(e.id, 0.0)) for e in eligible]
    order = sorted(range(len(eligible)), key=lambda i: (-(rel[i] + seniority(eligible[i])), eligible[i].id))

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
    textless = sum(1 for e in eligible if not e.has_text)
    if textless:
        notes.append(f"{textless} 名专家没有专长、简介、职称或工作单位，仅按资格条件排列 / {textless} expert(s) have "
                     "no fields, bio, title or affiliation and are placed by the rules alone")
    return TeamProposal(center_id=center.id, lead=lead, lead_exception=lead_exception, members=chosen,
                        excluded=excluded, notes=notes)

