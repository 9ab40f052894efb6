"""Shared data for pipeline tests: a small knowledge base, actors, proposals as the matcher emits them, and the
steps that drive an engagement through seed 000 Figure 1."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from core.db import session_scope
from core.settings import Settings
from kb import transfer as kb_transfer
from pipeline import service
from pipeline.schemas import Actor
from pipeline.vocab import Role

ENTERPRISE_ID = "ent-ruilan"
ENTERPRISE_NAME = "常州瑞澜储能科技有限公司"
CENTER_ID = "qic-t-battery"
CENTER_NAME = "江苏省动力电池产品质量检验中心（测试）"
OTHER_CENTER_ID = "met-t-rare"
HAND_CENTER_ID = "pla-t-food"

KB_RECORDS: list[dict[str, Any]] = [
    {"type": "center", "id": CENTER_ID, "name": CENTER_NAME, "kind": "quality_inspection_center",
     "region": "江苏省常州市", "capacity": 3},
    {"type": "center", "id": OTHER_CENTER_ID, "name": "江西省稀土产业计量测试中心（测试）", "kind": "metrology_center",
     "region": "江西省赣州市"},
    {"type": "center", "id": HAND_CENTER_ID, "name": "食品检验检测公共技术服务平台（测试）",
     "kind": "public_service_platform", "region": "江苏省南京市"},
    {"type": "capability", "id": "cap-t-1", "center_id": CENTER_ID, "title": "动力电池热失控试验",
     "service_types": ["inspection_testing"]},
    # Meets seed 000 §4.2.1: doctorate, 18 years, led projects.
    {"type": "expert", "id": "exp-lead-ok", "name": "陈立新", "center_id": CENTER_ID, "title_level": "senior",
     "degree": "doctorate", "years_experience": 18, "led_projects": 6},
    # Does not meet §4.2.1 (bachelor, intermediate title, 4 years, no led project) but meets §4.2.2(1).
    {"type": "expert", "id": "exp-lead-weak", "name": "钱浩", "center_id": CENTER_ID, "title_level": "intermediate",
     "degree": "bachelor", "years_experience": 4, "led_projects": 0},
    {"type": "expert", "id": "exp-member-ok", "name": "沈佳怡", "center_id": CENTER_ID, "degree": "bachelor",
     "years_experience": 2},
    {"type": "expert", "id": "exp-member-ok2", "name": "吴敏", "center_id": CENTER_ID, "degree": "other",
     "years_experience": 6},
    # Fails §4.2.2(1): no bachelor's degree and one year of work.
    {"type": "expert", "id": "exp-member-bad", "name": "孙强", "center_id": CENTER_ID, "degree": "other",
     "years_experience": 1},
    # Qualified, but declares a conflict with the client.
    {"type": "expert", "id": "exp-conflict", "name": "周敏", "center_id": CENTER_ID, "title_level": "senior",
     "degree": "doctorate", "years_experience": 20, "led_projects": 4, "conflicts": [ENTERPRISE_NAME]},
]

ASSOC = Actor(role=Role.association_coordinator, id="assoc-li")
CENTER_CO = Actor(role=Role.center_coordinator, id="zhang", org=CENTER_ID)
OTHER_CENTER_CO = Actor(role=Role.center_coordinator, id="wang", org=OTHER_CENTER_ID)
ENTERPRISE = Actor(role=Role.enterprise, id=ENTERPRISE_ID)
OTHER_ENTERPRISE = Actor(role=Role.enterprise, id="ent-other")
ADMIN = Actor(role=Role.admin, id="root")

AGREEMENT: dict[str, Any] = {
    "scope": "储能电池簇热失控触发与热扩散试验方案设计及试验",
    "deliverables": ["试验方案", "试验报告", "改进建议书"],
    "price_yuan": "86000.00",
    "schedule": "签订后 2 周出方案，6 周完成试验，8 周提交报告",
    "deadline": "2099-12-31",
    "confidentiality_clause": "双方对对方的技术资料和商业信息保密，期限五年",
    "signed_on": "2026-11-20",
    "client_party": ENTERPRISE_NAME,
    "provider_party": CENTER_NAME,
}

TEAM: dict[str, Any] = {"lead": "exp-lead-ok", "members": ["exp-member-ok", "exp-member-ok2"]}


def file_meta(name: str, content: bytes) -> dict[str, Any]:
    return {"name": name, "sha256": hashlib.sha256(content).hexdigest(), "size": len(content),
            "media_type": "application/pdf"}


def proposals(team: dict[str, Any] | None = None) -> dict[str, Any]:
    """The matcher's JSON result for the test need, as data."""
    first: dict[str, Any] = {
        "center_id": CENTER_ID, "center_name": CENTER_NAME, "score": 0.82,
        "capabilities": [{"capability_id": "cap-t-1", "title": "动力电池热失控试验", "score": 0.79}],
        "reasons": [{"kind": "passage", "text": "能力描述与需求高度相关"}, {"kind": "rule", "text": "具备 CMA 资质"}],
    }
    if team:
        first["team"] = team
    return {"matches": [
        first,
        {"center_id": OTHER_CENTER_ID, "center_name": "江西省稀土产业计量测试中心（测试）", "score": 0.41,
         "capabilities": [], "reasons": [{"kind": "score", "text": "低分备选"}]},
    ], "low_confidence": False}


# (transition, actor, payload) from communicating to closed, with one failed plan review and one failed acceptance.
FULL_PATH: list[tuple[str, Actor, dict[str, Any]]] = [
    ("reach_agreement", ENTERPRISE, {"summary": "双方就范围与价格达成一致"}),
    ("sign_agreement", CENTER_CO, {"agreement": AGREEMENT}),
    ("countersign", ENTERPRISE, {}),
    ("form_team", CENTER_CO, {"team": TEAM}),
    ("submit_plan", CENTER_CO, {"plan": "方案 v1：单体针刺触发 + 簇级热扩散"}),
    ("reject_plan", ASSOC, {"opinion": "缺少簇级试验的安全防护措施", "reviewers": ["专家甲", "专家乙"]}),
    ("resubmit_plan", CENTER_CO, {"plan": "方案 v2：补充防爆舱与排烟措施"}),
    ("approve_plan", ASSOC, {"opinion": "方案可行，同意实施", "reviewers": ["专家甲"]}),
    ("submit_results", CENTER_CO, {"delivery": {"note": "提交试验报告初稿",
                                                "files": [file_meta("report-v1.pdf", b"v1")]}}),
    ("fail_acceptance", ENTERPRISE, {"reasons": ["报告缺少热扩散时间曲线"]}),
    ("submit_results", CENTER_CO, {"delivery": {"note": "补充热扩散曲线后重交",
                                                "files": [file_meta("report-v2.pdf", b"v2")]}}),
    ("pass_acceptance", ENTERPRISE, {"reasons": ["交付物齐全，结论可用"]}),
]

STATES_ALONG_PATH = ["agreed", "awaiting_countersignature", "contracted", "team_formed",
                     "plan_review", "plan_revision", "plan_review",
                     "delivering", "acceptance", "delivering", "acceptance", "closed"]


def seed_kb(settings: Settings) -> None:
    path = settings.ensure_home() / "kb-test.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in KB_RECORDS) + "\n", encoding="utf-8")
    with session_scope(settings) as session:
        result = kb_transfer.import_files(session=session, paths=[path])
    assert not result.issues, result.issues


def open_engagement(settings: Settings, need_id: str = "need-1", team: dict[str, Any] | None = None) -> str:
    with session_scope(settings) as session:
        review = service.submit_proposals(session=session, need_id=need_id, actor=ASSOC, proposals=proposals(team),
                                          enterprise_id=ENTERPRISE_ID, enterprise_name=ENTERPRISE_NAME)
        accepted = service.accept(session=session, review_id=review.id, center_id=CENTER_ID, actor=ASSOC,
                                  alternates=[OTHER_CENTER_ID])
    assert accepted.engagement_id
    return accepted.engagement_id


def advance(settings: Settings, engagement_id: str, transition: str, actor: Actor,
            payload: dict[str, Any] | None = None, version: int | None = None) -> int:
    with session_scope(settings) as session:
        if version is None:
            version = service.get_engagement(session=session, engagement_id=engagement_id, actor=ADMIN).version
        return service.advance(session=session, engagement_id=engagement_id, transition=transition, actor=actor,
                               version=version, payload=payload).version


def drive(settings: Settings, engagement_id: str, steps: int) -> None:
    """Fire the first ``steps`` steps of FULL_PATH."""
    for transition, actor, payload in FULL_PATH[:steps]:
        advance(settings, engagement_id, transition, actor, payload)


def drive_to(settings: Settings, engagement_id: str, state: str) -> None:
    """Fire FULL_PATH up to the first time ``state`` is reached."""
    if state == "communicating":
        return
    drive(settings, engagement_id, STATES_ALONG_PATH.index(state) + 1)


def snapshot(settings: Settings, engagement_id: str) -> dict[str, Any]:
    """Everything the pipeline keeps about one engagement, as JSON: used to prove a refusal changed nothing."""
    with session_scope(settings) as session:
        detail = service.show_engagement(session=session, engagement_id=engagement_id, actor=ADMIN)
    data: dict[str, Any] = json.loads(detail.model_dump_json())
    return data
