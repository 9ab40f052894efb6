"""A provider that was never approved is never public, whatever became of its application: one the association
rejected (未获批准, seed 002 二(二)2) and one that withdrew before 批准筹建 showed as revoked (已撤销) in the public
catalog, its page public, as if it had once been a provider. Both are now 未获批准 / never approved
(``providers.rules.DERIVED_STATUS``): in no public list, no public page, not in the feed's providers, never a
candidate. A provider approved and later revoked, or withdrawn after approval, stays public marked 已撤销 (a public
notice), as before."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from core.db import session_scope
from kb import service as kb
from matcher.rules import check_status
from tests.api.apihelpers import World, bearer, login
from tests.api.uihelpers import form_login

GOOD = "Zhanzhang-Weipizhun-2031"
MATERIALS = ("written_application", "preliminary_review", "recommendation", "construction_plan", "government_support")
STATION = {"name": "韶关质量科技服务站", "kind": "other", "region": "广东省韶关市",
           "industries": ["钨与稀土"], "service_types": ["training_consulting"]}
DECIDED = {"grounds": "专家论证意见", "decided_on": "2026-11-20", "decision_document": "粤质促〔2026〕9号"}


def _applicant_under_review(client: TestClient, username: str) -> tuple[str, dict[str, str]]:
    """An applicant provider registered, approved as an account, applied and accepted for review."""
    made = client.post("/api/v1/auth/register", json={"kind": "center", "org_name": f"{username} 质量技术促进中心",
                                                     "username": username, "password": GOOD})
    assert made.status_code == 201, made.text
    org = made.json()["org"]
    assoc = bearer(login(client, "coord-assoc"))
    assert client.post(f"/api/v1/registrations/{org['id']}/approve", headers=assoc, json={}).status_code == 200
    applicant = bearer(login(client, username, GOOD))
    assert client.post("/api/v1/providers", headers=applicant,
                       json={"center": STATION, "materials": {}}).status_code == 201
    center_id = str(org["center_id"])
    _step(client, assoc, center_id, "start_review", {"materials": {key: "已提交" for key in MATERIALS}})
    return center_id, assoc


def _step(client: TestClient, who: dict[str, str], center_id: str, transition: str, payload: dict[str, Any]) -> Any:
    version = client.get(f"/api/v1/providers/{center_id}", headers=who).json()["lifecycle"]["version"]
    done = client.post(f"/api/v1/providers/{center_id}/transitions", headers=who,
                       json={"transition": transition, "version": version, "payload": payload})
    assert done.status_code == 200, done.text
    return done.json()


def _public(client: TestClient, world: World, center_id: str) -> dict[str, Any]:
    """Where the public could see the provider: the API's list and page, the catalog and its page, the feed."""
    anonymous = TestClient(client.app)
    listed = client.get("/api/v1/centers", params={"limit": 200}).json()["items"]
    feed = client.get("/api/v1/feed/providers", params={"limit": 100},
                      headers=bearer(world.keys["site"])).json()["items"]
    with session_scope(world.settings) as session:
        record = kb.get_center(session=session, center_id=center_id)
    return {"api_list": center_id in {c["id"] for c in listed},
            "api_page": client.get(f"/api/v1/centers/{center_id}").status_code,
            "page": anonymous.get(f"/centers/{center_id}").status_code,
            "catalog": "韶关质量科技服务站" in anonymous.get("/", params={"q": "韶关"}).text,
            "feed": center_id in {p["id"] for p in feed},
            "candidate": check_status(record).ok, "status": record.effective_status.value}


NOT_PUBLIC = {"api_list": False, "api_page": 404, "page": 404, "catalog": False, "feed": False, "candidate": False,
              "status": "not_approved"}


def test_a_rejected_application_is_never_public(ui_client: TestClient, ui_world: World) -> None:
    center_id, assoc = _applicant_under_review(ui_client, "sg-rejected")
    assert _step(ui_client, assoc, center_id, "reject_application", DECIDED)["state"] == "rejected"
    assert _public(ui_client, ui_world, center_id) == NOT_PUBLIC
    # its own page says why, in its language, never 已撤销
    form_login(ui_client, "sg-rejected", GOOD)
    own = ui_client.get(f"/providers/{center_id}")
    assert own.status_code == 200 and "未获批准" in own.text and "已撤销" not in own.text
    english = ui_client.get(f"/providers/{center_id}", params={"lang": "en"})
    assert "never approved" in english.text


def test_an_application_withdrawn_before_approval_is_never_public(ui_client: TestClient, ui_world: World) -> None:
    center_id, assoc = _applicant_under_review(ui_client, "sg-withdrew")
    withdrawn = _step(ui_client, assoc, center_id, "withdraw", DECIDED)
    assert withdrawn["state"] == "application_withdrawn" and withdrawn["status"] == "not_approved"
    assert _public(ui_client, ui_world, center_id) == NOT_PUBLIC
    form_login(ui_client, "sg-withdrew", GOOD)
    own = ui_client.get(f"/providers/{center_id}")
    assert own.status_code == 200 and "未获批准" in own.text and "已撤销" not in own.text


def test_a_provider_withdrawn_after_approval_stays_public_as_withdrawn(ui_client: TestClient,
                                                                      ui_world: World) -> None:
    """Approved to build, then withdrawn: it was a provider, and its exit is a public notice (已撤销)."""
    center_id, assoc = _applicant_under_review(ui_client, "sg-built")
    _step(ui_client, assoc, center_id, "approve_build", {**DECIDED, "experts": ["黄工"], "opinion": "同意建站"})
    assert _step(ui_client, assoc, center_id, "withdraw", DECIDED)["state"] == "withdrawn"
    seen = _public(ui_client, ui_world, center_id)
    assert seen == {"api_list": True, "api_page": 200, "page": 200, "catalog": True, "feed": True,
                    "candidate": False, "status": "withdrawn"}
