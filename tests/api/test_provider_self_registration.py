"""A new provider gets its account through the platform (a new user's trial, 2026-11-29: a 服务机构 could not register,
the admin's form and ``innodock user create`` wanted a center already in the catalog). An institution that wants to
become a station or a center registers itself as an applicant provider, approved by an association like an
enterprise's registration; its first act is its application, which puts it in the catalog at the 申请 stage; until the
application is accepted it is in neither the public catalog nor the matcher's candidates, and its page says 申请中. The
admin's form and the CLI make the same applicant organisation (``flows.accounts.create_org``)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from accounts.vocab import OrgKind
from core.db import session_scope
from flows import accounts as accounts_flow
from kb import service as kb
from kb.schemas import CenterRecord
from matcher.rules import check_status
from tests.api.apihelpers import PASSWORD, World, bearer, login
from tests.api.uihelpers import form_login
from tests.conftest import invoke_cli

GOOD = "Zhanzhang-Shenqing-2031"
MATERIALS = ("written_application", "preliminary_review", "recommendation", "construction_plan", "government_support")
STATION = {"name": "韶关质量科技服务站", "kind": "other", "region": "广东省韶关市",
           "industries": ["钨与稀土"], "service_types": ["training_consulting"]}


def _register_applicant(client: TestClient, username: str = "sg-zhan") -> dict[str, object]:
    made = client.post("/api/v1/auth/register", json={"kind": "center", "org_name": "韶关市质量技术促进中心",
                                                     "username": username, "password": GOOD})
    assert made.status_code == 201, made.text
    org: dict[str, object] = made.json()["org"]
    return org


def test_an_applicant_provider_registers_is_approved_and_applies_by_api(ui_client: TestClient,
                                                                        ui_world: World) -> None:
    org = _register_applicant(ui_client)
    assert org["kind"] == "center" and org["approval"] == "pending" and org["center_id"]
    center_id = str(org["center_id"])
    # it waits, like an enterprise: nobody of it logs in before an association approves it
    assert ui_client.post("/api/v1/auth/login", json={"username": "sg-zhan", "password": GOOD}).status_code == 403
    assoc = bearer(login(ui_client, "coord-assoc"))
    listed = ui_client.get("/api/v1/registrations", headers=assoc).json()
    assert [(r["org"]["id"], r["org"]["kind"]) for r in listed["items"]] == [(org["id"], "center")]
    assert ui_client.post(f"/api/v1/registrations/{org['id']}/approve", headers=assoc,
                           json={}).status_code == 200
    applicant = bearer(login(ui_client, "sg-zhan", GOOD))
    # its first act: the application, for its own provider (no id to know: the platform gave it one)
    applied = ui_client.post("/api/v1/providers", headers=applicant, json={"center": STATION, "materials": {}})
    assert applied.status_code == 201, applied.text
    assert applied.json()["center_id"] == center_id and applied.json()["state"] == "applied"
    assert applied.json()["status"] == "applying"
    # before acceptance: not in the public catalog, no public page, not a candidate (defect 2)
    public = ui_client.get("/api/v1/centers", params={"limit": 200}).json()
    assert center_id not in {c["id"] for c in public["items"]}
    assert ui_client.get(f"/api/v1/centers/{center_id}").status_code == 404
    anonymous = TestClient(ui_client.app)
    assert anonymous.get(f"/centers/{center_id}").status_code == 404
    assert center_id not in anonymous.get("/", params={"q": "韶关"}).text
    # its own page says 申请中, never 筹建中
    form_login(ui_client, "sg-zhan", GOOD)
    own = ui_client.get(f"/providers/{center_id}")
    assert own.status_code == 200 and "申请中" in own.text and "筹建中" not in own.text


def test_a_center_still_applying_is_never_a_candidate(ui_world: World) -> None:
    with session_scope(ui_world.settings) as session:
        center = kb.list_centers(session=session)[0]
    applying = CenterRecord.model_validate({**center.model_dump(), "status": "applying"})
    found = check_status(applying)
    assert not found.ok and "申请" in found.text


def test_the_registration_page_offers_an_applicant_provider(ui_client: TestClient, ui_world: World) -> None:
    page = ui_client.get("/register")
    assert 'name="kind"' in page.text and "申请成为服务机构" in page.text
    # an enterprise's credit code is not asked of an applicant provider: given, it is refused beside its field
    refused = ui_client.post("/register", data={"kind": "center", "org_name": "清远质量服务中心",
                                                 "username": "qy-zhan", "password": GOOD, "password_again": GOOD,
                                                 "credit_code": "91320400MA1X2Y3W4X"})
    assert refused.status_code in (400, 422) and 'id="field-error-credit_code"' in refused.text
    done = ui_client.post("/register", data={"kind": "center", "org_name": "清远质量服务中心", "username": "qy-zhan",
                                              "password": GOOD, "password_again": GOOD})
    assert done.status_code == 201 and "提交申请" in done.text, done.text
    form_login(ui_client, "coord-assoc", PASSWORD)
    waiting = ui_client.get("/admin/registrations").text
    assert "清远质量服务中心" in waiting and "申请成为服务机构" in waiting
    with session_scope(ui_world.settings) as session:
        org = accounts_flow.list_orgs(session=session, kind=OrgKind.center, limit=50)[0]
        made = next(o for o in org if o.name == "清远质量服务中心")
    approved = ui_client.post(f"/admin/registrations/{made.id}/approve", follow_redirects=False)
    assert approved.status_code == 303
    landed = form_login(ui_client, "qy-zhan", GOOD)
    assert landed.status_code == 303 and landed.headers["location"] == "/providers"
    listing = ui_client.get("/providers").text
    assert 'id="apply-link"' in listing


def test_the_admin_form_and_the_cli_make_an_applicant_provider(ui_client: TestClient, ui_world: World,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    form_login(ui_client, "admin", PASSWORD)
    form = ui_client.get("/admin/orgs").text
    assert "新申请" in form
    made = ui_client.post("/admin/orgs", data={"kind": "center", "name": "梅州质量服务中心", "center_id": ""},
                           follow_redirects=False)
    assert made.status_code == 303, made.text
    org_id = made.headers["location"].rsplit("/", 1)[-1]
    with session_scope(ui_world.settings) as session:
        org = accounts_flow.get_org(session=session, org_id=org_id)
    assert org.kind == OrgKind.center and org.center_id and re.fullmatch(r"applicant-[0-9a-f]{8}", org.center_id)

    monkeypatch.setenv("INNODOCK_PASSWORD", GOOD)
    cli = invoke_cli(ui_world.settings, "user", "create", "--org-kind", "center", "--org-name", "河源质量服务中心",
                     "--username", "hy-zhan")
    assert cli.returncode == 0, cli.stderr
    applicant = bearer(login(ui_client, "hy-zhan", GOOD))
    applied = ui_client.post("/api/v1/providers", headers=applicant,
                              json={"center": {**STATION, "name": "河源质量科技服务站", "region": "广东省河源市"},
                                    "materials": {}})
    assert applied.status_code == 201, applied.text
    assert applied.json()["center_id"].startswith("applicant-")


def test_an_application_under_review_is_neither_public_nor_a_candidate(ui_client: TestClient,
                                                                       ui_world: World) -> None:
    """申请评审中 is still an application: accepted for review is not approved (seed 002 二(二)2 批准筹建 comes after
    the review), so the provider stays out of the public catalog and out of matching until it is approved (a new
    user's trial, 2026-11-29: at 申请评审中 it was public, badged 筹建中, and proposed)."""
    org = _register_applicant(ui_client, "sg-review")
    center_id = str(org["center_id"])
    assoc = bearer(login(ui_client, "coord-assoc"))
    assert ui_client.post(f"/api/v1/registrations/{org['id']}/approve", headers=assoc, json={}).status_code == 200
    applicant = bearer(login(ui_client, "sg-review", GOOD))
    assert ui_client.post("/api/v1/providers", headers=applicant,
                          json={"center": STATION, "materials": {}}).status_code == 201
    version = ui_client.get(f"/api/v1/providers/{center_id}", headers=assoc).json()["lifecycle"]["version"]
    started = ui_client.post(f"/api/v1/providers/{center_id}/transitions", headers=assoc,
                             json={"transition": "start_review", "version": version, "payload": {
                                 "materials": {key: "已提交" for key in MATERIALS}}})
    assert started.status_code == 200, started.text
    assert started.json()["state"] == "under_review"
    public = ui_client.get("/api/v1/centers", params={"limit": 200}).json()
    assert center_id not in {c["id"] for c in public["items"]}
    assert ui_client.get(f"/api/v1/centers/{center_id}").status_code == 404
    assert TestClient(ui_client.app).get(f"/centers/{center_id}").status_code == 404
    with session_scope(ui_world.settings) as session:
        record = kb.get_center(session=session, center_id=center_id)
    assert not check_status(record).ok
