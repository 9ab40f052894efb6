"""Shared pieces of the providers tests: a small catalog with a station, principals, and decisions."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from authz.principal import Principal
from authz.vocab import ROLE_SCOPES, OrgKind, Role
from core.db import session_scope
from core.settings import Settings
from evaluation.hierarchy import load_hierarchy
from flows import knowledge
from tests.kb.kbhelpers import write_jsonl

STATION = {"type": "center", "id": "sta-gd-foshan", "name": "广东省质量发展促进会（佛山陶瓷）科技服务站",
           "kind": "service_station", "region": "广东省佛山市", "industries": ["建筑陶瓷"],
           "expert_pools": ["广东省质促会专家库"],
           "description": "依托佛山一家陶瓷企业设立，面向陶瓷产业链提供质量技术服务。"}
STATION_CAP = {"type": "capability", "id": "cap-sta-1", "center_id": "sta-gd-foshan",
               "title": "陶瓷砖质量提升咨询与标准宣贯", "service_types": ["training_consulting", "standards"],
               "industries": ["建筑陶瓷"], "description": "陶瓷砖吸水率、破坏强度等指标的质量改进与标准培训。"}
QIC = {"type": "center", "id": "qic-sh-ic", "name": "上海市集成电路产品质量检验检测中心",
       "kind": "quality_inspection_center", "region": "上海市", "industries": ["集成电路"],
       "qualifications": ["CMA", "CNAS"]}
QIC_CAP = {"type": "capability", "id": "cap-qic-1", "center_id": "qic-sh-ic", "title": "芯片可靠性试验与失效分析",
           "service_types": ["inspection_testing", "quality_evaluation"], "industries": ["集成电路"]}

TODAY = date(2026, 6, 1)
STATION_MATERIALS = {"application_form": "申请表（附件1-1）2026-03",
                     "head_nomination": "站长：质量部部长，从事质量工作12年",
                     "team_list": "专职1名、兼职2名、专家12名名单", "office_proof": "办公场所租赁合同"}


def person(role: Role, *, center_id: str | None = None, name: str = "li") -> Principal:
    kinds = {Role.enterprise: OrgKind.enterprise, Role.center_coordinator: OrgKind.center,
             Role.association_coordinator: OrgKind.association, Role.admin: OrgKind.association}
    return Principal(org_id=f"org-{role.value}-{center_id or 'x'}", org_kind=kinds[role], org_name="测试组织",
                     role=role, via="session", user_id=f"u-{name}", username=name, scopes=ROLE_SCOPES[role],
                     center_id=center_id)


ASSOC = person(Role.association_coordinator, name="zhou")
STATION_COORD = person(Role.center_coordinator, center_id="sta-gd-foshan", name="liang")


def decision(grounds: str, on: date, doc: str, **more: Any) -> dict[str, Any]:
    return {"grounds": grounds, "decided_on": on.isoformat(), "decision_document": doc, **more}


EXAMPLES = Path(__file__).resolve().parents[2] / "evaluation" / "examples"


def scaled_inputs(center_id: str, scale: float, *, own: bool = False) -> dict[str, Any]:
    """The seed 001 example's inputs for ``center_id``, every numeric value scaled (0.2: a failing provider; the
    records items are given too, as a manual entry). ``own``: without the report's claim of a third party, as a
    provider's self-assessment must be."""
    raw: dict[str, Any] = json.loads((EXAMPLES / "seed001_full_inputs.json").read_text(encoding="utf-8"))
    bounds = load_hierarchy().raw_bounds
    units = {it.id: it.unit for _, _, it in load_hierarchy().items()}

    def scaled(k: str, v: Any) -> Any:
        """Scaled, within the unit's sane range (a 1–5 satisfaction mean of 4.5 scaled by 0.2 is 1, not 0.9)."""
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            return v
        bound = bounds[units[k]]
        return min(max(v * scale, bound.low), bound.high)

    values = {k: scaled(k, v) for k, v in raw["values"].items()}
    report = {k: v for k, v in (raw.get("report") or {}).items() if not (own and k == "evaluator_kind")}
    return {**raw, "center_id": center_id, "values": values, "report": report}


def seed(settings: Settings, tmp: Path, records: list[dict[str, Any]] | None = None) -> None:
    path = write_jsonl(tmp / "providers-kb.jsonl", records or [STATION, STATION_CAP, QIC, QIC_CAP])
    with session_scope(settings) as session:
        result = knowledge.import_files(session=session, paths=[path], replace=False)
        assert result.ok, [str(i) for i in result.issues]
