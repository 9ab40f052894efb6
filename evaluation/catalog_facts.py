"""Items of seed 001 that the knowledge base already answers, so nobody types them in (issue 14 step 5).

Seed 001 leaves most 基础条件 items to the provider's own report. A few of them are facts the association keeps in
its catalog anyway, maintained by the center and approved by the association (docs/providers.md): its
qualifications, its experts and their titles. Reading them here makes the run agree with the catalog and leaves
less to self-report. A value the input gives is kept (a deliberate entry wins, as for records), and the report marks
these items ``origin: kb`` with what was counted.

Only facts with the item's own meaning are read. ``service_scope`` (products/parameters testable) and
``degree_staff_share`` (share of all staff) are not: capabilities and listed experts are not those counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.schemas import CenterRecord, ExpertRecord
from kb.vocab import TitleLevel

SENIOR = {TitleLevel.senior, TitleLevel.associate_senior}


@dataclass(frozen=True)
class CatalogFact:
    value: float
    note: str


def catalog_facts(center: CenterRecord, team: list[ExpertRecord], pooled: list[ExpertRecord]) -> dict[str, CatalogFact]:
    """Item id → value read from the catalog. ``team``: the center's own experts; ``pooled``: those of the expert
    pools it names (seed 003 art. 5: a station's pool)."""
    out: dict[str, CatalogFact] = {}
    if center.qualifications:
        names = "、".join(center.qualifications)
        out["qualifications"] = CatalogFact(float(len(center.qualifications)),
                                            f"知识库：{len(center.qualifications)} 项（{names}） / from the catalog")
    people = {e.id: e for e in [*team, *pooled]}
    if people:
        out["expert_pool_size"] = CatalogFact(
            float(len(people)), f"知识库：本机构专家 {len(team)} 人、所列专家库 {len(people) - len(team)} 人 / "
                                f"from the catalog: {len(team)} own, {len(people) - len(team)} pooled")
    titled = [e for e in team if e.title_level is not None]
    if titled:
        senior = sum(1 for e in titled if e.title_level in SENIOR)
        out["senior_title_share"] = CatalogFact(
            100.0 * senior / len(titled), f"知识库：本机构 {len(titled)} 名专家中副高以上 {senior} 名 / from the "
                                          f"catalog: {senior} of {len(titled)} own experts associate-senior or above")
    return out
