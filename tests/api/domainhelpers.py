"""Helpers for the domain API tests: a catalog with a team to form, logins by name, and a need taken to review."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from accounts import service as auth
from accounts.vocab import OrgKind
from authz.vocab import AuthorityBody, Role
from core.db import session_scope
from core.settings import Settings
from flows import providers as providers_flow
from providers.models import ProviderLifecycle
from tests.api.apihelpers import PASSWORD, bearer, kb_records, login
from tests.pipeline.pipeline_helpers import file_meta

NEED_TEXT = ("我们是常州的动力电池生产企业，电芯在针刺后出现热失控，需要按GB 38031-2020做单体热失控试验检测，"
             "需要CMA报告，预算5万元，三个月内完成。")
EXPERT2 = {"type": "expert", "id": "exp-2", "name": "李明", "center_id": "qic-js-battery",
           "title_level": "intermediate", "degree": "master", "years_experience": 8, "led_projects": 1,
           "fields": ["电池测试"]}
AGREEMENT = {"scope": "单体热失控试验", "deliverables": ["CMA 检测报告"], "price_yuan": "48000", "schedule": "六周",
             "deadline": "2031-06-30", "confidentiality_clause": "双方对试验数据保密", "signed_on": "2026-01-10",
             "client_party": "甲公司", "provider_party": "江苏省动力电池产品质量检验中心"}


def domain_records() -> list[dict[str, Any]]:
    return [*kb_records(), EXPERT2]


class Logins:
    """One bearer header per test user, logged in on first use."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self._headers: dict[str, dict[str, str]] = {}

    def __call__(self, username: str) -> dict[str, str]:
        if username not in self._headers:
            self._headers[username] = bearer(login(self.client, username))
        return self._headers[username]


def create_need(client: TestClient, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    body = {"text": NEED_TEXT, "service_types": ["inspection_testing"], **fields}
    response = client.post("/api/v1/needs", json=body, headers=headers)
    assert response.status_code == 201, response.text
    need: dict[str, Any] = response.json()
    return need


def submitted_need(client: TestClient, headers: dict[str, str], **fields: Any) -> tuple[str, str]:
    """A need created and submitted: (need id, review id)."""
    need = create_need(client, headers, **fields)
    response = client.post(f"/api/v1/needs/{need['id']}/submit", headers=headers)
    assert response.status_code == 200, response.text
    return need["id"], response.json()["review_id"]


def accept_first(client: TestClient, headers: dict[str, str], review_id: str) -> dict[str, Any]:
    review = client.get(f"/api/v1/reviews/{review_id}", headers=headers).json()
    center = review["proposals"][0]["center_id"]
    response = client.post(f"/api/v1/reviews/{review_id}/accept", headers=headers,
                           json={"center_id": center, "version": review["version"]})
    assert response.status_code == 200, response.text
    accepted: dict[str, Any] = response.json()
    return accepted


# A delivery hands over at least one result file (pipeline.guards.check_delivery: seed 000 Figure 1, 交付 then 验收).
DELIVERY: dict[str, Any] = {"note": "报告已交付", "files": [file_meta("report.pdf", b"report")]}

# An engagement's steps from agreement to accepted results (seed 000 Figure 1), each by the side that takes it.
STEPS_TO_CLOSED: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("ent-a", "reach_agreement", {}), ("coord-center", "sign_agreement", {"agreement": AGREEMENT}),
    ("ent-a", "countersign", {}), ("coord-center", "form_team", {"team": {"lead": "exp-1", "members": ["exp-2"]}}),
    ("coord-center", "submit_plan", {"plan": "按第8.2条试验"}), ("coord-assoc", "approve_plan", {"opinion": "可行"}),
    ("coord-center", "submit_results", {"delivery": DELIVERY}),
    ("ent-a", "pass_acceptance", {"reasons": ["报告完整"]}))


def step(c: TestClient, headers: dict[str, str], eng: str, transition: str, payload: dict[str, Any]) -> None:
    version = c.get(f"/api/v1/engagements/{eng}", headers=headers).json()["version"]
    done = c.post(f"/api/v1/engagements/{eng}/transitions", headers=headers,
                  json={"transition": transition, "version": version, "payload": payload})
    assert done.status_code == 200, done.text


def engagement_until(c: TestClient, as_: Any, *, until: str = "pass_acceptance", **need: Any) -> str:
    """A need of ent-a submitted, its first proposal accepted, and the engagement taken up to ``until``."""
    _, review_id = submitted_need(c, as_("ent-a"), **need)
    eng: str = accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]
    for who, transition, payload in STEPS_TO_CLOSED:
        step(c, as_(who), eng, transition, payload)
        if transition == until:
            break
    return eng


def rating_inputs() -> dict[str, Any]:
    """Seed 001's full example of a rating's inputs, without the center and the report a run names itself."""
    data: dict[str, Any] = json.loads((Path(__file__).resolve().parents[2] / "evaluation" / "examples" /
                                       "seed001_full_inputs.json").read_text(encoding="utf-8"))
    data.pop("center_id", None)
    data.pop("report", None)
    return data


def under_shanghai_rules(settings: Settings, center_id: str = "qic-js-battery") -> None:
    """The association chose Shanghai's rules (seed 002: its annual report, change reports, management classes) for
    the center, as a test of those needs: a Jiangsu center carries Jiangsu's by default and carried Shanghai's only
    through a bug, a kind's default anywhere (``providers.profiles.default_for``; a new user's trial, 2026-11-29)."""
    with session_scope(settings) as session:
        providers_flow.sync(session=session)
        row = session.get(ProviderLifecycle, center_id)
        assert row is not None
        row.profile = "shanghai_qic"


def jiangsu_bureau(settings: Settings, username: str = "officer-js") -> None:
    """The providers synced from the catalog, and Jiangsu's provincial bureau with one officer who oversees them."""
    with session_scope(settings) as session:
        providers_flow.sync(session=session)
        bureau = auth.create_org(session=session, kind=OrgKind.authority, name="江苏省市场监督管理局",
                                 authority_body=AuthorityBody.provincial_bureau, jurisdiction="江苏省")
        auth.create_user(session=session, org_id=bureau.id, username=username, password=PASSWORD,
                         role=Role.authority_officer)
