"""The deciding authorities over HTTP (issue 29, item 3): the operator creates an authority organisation with its body
and jurisdiction (refused, naming the field, without them); the association prepares a rectification that seed 002
gives to Shanghai's municipal bureau; the association cannot take it (403, by the role and on the object), nor can a
bureau of another jurisdiction (403, ``jurisdiction``); the Shanghai bureau's officer takes it, and the provider is
under rectification."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accounts import service as auth
from accounts.vocab import OrgKind
from api.auth.deps import SESSION_COOKIE
from authz.principal import Principal
from authz.vocab import Role
from core import china_time
from core.db import session_scope
from core.errors import PermissionDeniedError
from flows import authorities
from flows import providers as providers_flow
from tests.api.apihelpers import PASSWORD, World, assert_error, login
from tests.api.domainhelpers import Logins
from tests.api.formhelpers import form_error, form_error_field
from tests.kb.kbhelpers import do_import, write_jsonl

SH = "qic-sh-newmat"
SH_CENTER = {"type": "center", "id": SH, "name": "上海市新材料产品质量检验中心", "kind": "quality_inspection_center",
             "region": "上海市宝山区", "industries": ["新材料"], "qualifications": ["CMA"]}


def _authority(c: TestClient, admin: dict[str, str], world: World, name: str, jurisdiction: str,
               username: str) -> None:
    made = c.post("/api/v1/admin/orgs", headers=admin, json={"kind": "authority", "name": name,
                                                            "authority_body": "municipal_bureau",
                                                            "jurisdiction": jurisdiction})
    assert made.status_code == 201, made.text
    assert made.json()["authority_body"] == "municipal_bureau" and made.json()["jurisdiction"] == jurisdiction
    with session_scope(world.settings) as session:
        auth.create_user(session=session, org_id=made.json()["id"], username=username, password=PASSWORD,
                         role=Role.authority_officer)


def test_an_authority_takes_the_decision_the_association_prepared(domain_client: TestClient, domain_world: World,
                                                                  tmp_path: Path) -> None:
    c, as_ = domain_client, Logins(domain_client)
    assert do_import(domain_world.settings, write_jsonl(tmp_path / "sh.jsonl", [SH_CENTER])).ok
    with session_scope(domain_world.settings) as session:
        providers_flow.sync(session=session)
    admin, assoc = as_("admin"), as_("coord-assoc")
    missing = c.post("/api/v1/admin/orgs", headers=admin, json={"kind": "authority", "name": "某局",
                                                               "jurisdiction": "上海市"})
    assert assert_error(missing, 400)["field"] == "authority_body"
    _authority(c, admin, domain_world, "上海市市场监督管理局", "上海市", "officer-sh")
    _authority(c, admin, domain_world, "杭州市市场监督管理局", "浙江省杭州市", "officer-hz")
    sh, hz = as_("officer-sh"), as_("officer-hz")

    due = (china_time.today() + timedelta(days=90)).isoformat()
    prepared = c.post("/api/v1/decisions", headers=assoc, json={
        "center_id": SH, "transition": "order_rectification", "deadline": due,
        "grounds": "定期评估考核不合格，依种子 002 四(二)限期整改 / failed the periodic evaluation (seed 002 四(二))"})
    assert prepared.status_code == 201, prepared.text
    # The bureau reads the grounds in its page's language, the seed by its document's title (walk finding: the
    # decisions page showed both halves, and "种子 002").
    c.cookies.set(SESSION_COOKIE, login(c, "officer-sh"))
    try:
        zh, en = c.get("/decisions").text, c.get("/decisions?lang=en").text
    finally:
        c.cookies.clear()
    assert "依《关于促进上海市产品质量检验检测中心建设的指导意见》四(二)限期整改" in zh
    assert "failed the periodic" not in zh and "种子" not in zh
    assert "failed the periodic evaluation (Guidance on building Shanghai's" in en.replace("&#39;", "'")
    assert "定期评估考核不合格" not in en
    proposal = prepared.json()["id"]
    taking = {"accept": True, "decided_on": china_time.today().isoformat(), "decision_document": "沪市监〔2026〕88号"}

    # the association: not by the role (decision.take), nor by its own decision routes (on the object)
    assert_error(c.post(f"/api/v1/decisions/{proposal}", headers=assoc, json=taking), 403)
    version = c.get(f"/api/v1/providers/{SH}", headers=assoc).json()["lifecycle"]["version"]
    own = c.post(f"/api/v1/providers/{SH}/transitions", headers=assoc, json={
        "transition": "order_rectification", "version": version,
        "payload": {"grounds": "自行决定", "decided_on": china_time.today().isoformat(),
                    "decision_document": "沪质协〔2026〕1号", "deadline": due}})
    assert assert_error(own, 403)["field"] == "transition"
    accepted = c.post(f"/api/v1/providers/proposals/{proposal}/decision", headers=assoc,
                      json={"accept": True, "version": version, "payload": taking})
    assert assert_error(accepted, 403)["field"] == "transition"
    # a bureau of another jurisdiction: nothing to see, and 403 when it tries
    assert c.get("/api/v1/decisions", headers=hz).json() == []
    assert assert_error(c.post(f"/api/v1/decisions/{proposal}", headers=hz, json=taking), 403)["field"] == \
        "jurisdiction"
    assert c.get(f"/api/v1/providers/{SH}", headers=assoc).json()["lifecycle"]["state"] == "operating"
    # A decision the profile gives another body is refused naming the step as people call it, never by its code
    # ("规则配置未将此决定（order_rectification）交由本部门作出": the provider's life walked as a new user, "Left").
    district = Principal(org_id="district-sh", org_kind=OrgKind.authority, org_name="浦东新区市场监督管理局",
                         role=Role.authority_officer, via="session", user_id="officer-pd",
                         authority_body="district_bureau", jurisdiction="上海市浦东新区")
    with session_scope(domain_world.settings) as session, pytest.raises(PermissionDeniedError) as refused:
        authorities.check(session=session, principal=district, center_id=SH, transition="order_rectification")
    assert refused.value.field == "transition" and "（“责令限期整改”）" in refused.value.message
    assert "(order rectification)" in refused.value.message and "（order_rectification）" not in refused.value.message
    # The provider's page does not offer the association a decision it may only prepare: the decide form's steps
    # leave it out, and a card names it with the authority and points to the decisions page.
    c.cookies.set(SESSION_COOKIE, login(c, "coord-assoc"))
    try:
        page = c.get(f"/providers/{SH}").text
    finally:
        c.cookies.clear()
    given = page.split('id="given-away"', 1)[1].split("</div>", 1)[0]
    assert 'data-given="order_rectification"' in given and "市场监督管理局" in given \
        and f'href="/decisions?center_id={SH}&amp;transition=order_rectification#prepare-decision"' in given
    form = page.split('id="decide-form"', 1)[1].split("</form>", 1)[0] if 'id="decide-form"' in page else ""
    assert 'value="order_rectification"' not in form

    [waiting] = c.get("/api/v1/decisions", headers=sh).json()
    assert waiting["proposal"]["id"] == proposal and waiting["body"] == "municipal_bureau"
    taken = c.post(f"/api/v1/decisions/{proposal}", headers=sh, json=taking)
    assert taken.status_code == 200, taken.text
    assert taken.json()["lifecycle"]["state"] == "rectifying"
    assert taken.json()["lifecycle"]["rectification_deadline"] == due


def test_the_operator_creates_an_authority_on_the_admin_page(domain_client: TestClient, domain_world: World) -> None:
    c = domain_client
    token = login(c, "admin")
    c.cookies.set(SESSION_COOKIE, token)
    try:
        bad = c.post("/admin/orgs", data={"kind": "authority", "name": "江苏省市场监督管理局",
                                          "authority_body": "provincial_bureau"}, follow_redirects=False)
        assert bad.status_code == 303 and form_error_field(bad) == "jurisdiction"
        made = c.post("/admin/orgs", data={"kind": "authority", "name": "江苏省市场监督管理局",
                                           "authority_body": "provincial_bureau", "jurisdiction": "江苏省"},
                      follow_redirects=False)
        assert made.status_code == 303 and made.headers["location"].startswith("/admin/orgs/"), form_error(made)
    finally:
        c.cookies.clear()
    with session_scope(domain_world.settings) as session:
        found = auth.find_org(session=session, ref="江苏省市场监督管理局")
    assert found is not None and (found.authority_body, found.jurisdiction) == ("provincial_bureau", "江苏省")


SH_APPLICANT = {"id": "qic-sh-sensor", "name": "上海市智能传感器产品质量检验中心", "kind": "quality_inspection_center",
                "region": "上海市浦东新区", "industries": ["智能传感器"]}
SH_MATERIALS = {"written_application": "书面申请", "preliminary_review": "浦东新区市场监管局初审意见",
                "recommendation": "浦东新区人民政府推荐", "construction_plan": "中心建设规划",
                "government_support": "土地与资金支持"}


def test_the_bureau_approves_a_build_and_passes_acceptance_with_the_experts_opinion(
        domain_client: TestClient, domain_world: World) -> None:
    """Seed 002 二(二)2–3: approving the build and passing acceptance record the experts and their opinion. Given to
    the municipal bureau (shanghai_qic), they are taken on /decisions, which took neither (the provider's life walked
    as a new user, 2026-11-28: "缺少必填内容" for every approval, so no Shanghai provider could ever be built)."""
    c, as_ = domain_client, Logins(domain_client)
    admin, assoc = as_("admin"), as_("coord-assoc")
    _authority(c, admin, domain_world, "上海市市场监督管理局", "上海市", "officer-sh")
    sh = as_("officer-sh")
    applied = c.post("/api/v1/providers", headers=assoc, json={"center": SH_APPLICANT, "materials": SH_MATERIALS})
    assert applied.status_code == 201, applied.text
    today = china_time.today().isoformat()

    def decide(transition: str, **taking: object) -> dict[str, Any]:
        lifecycle: dict[str, Any]
        prepared = c.post("/api/v1/decisions", headers=assoc, json={
            "center_id": SH_APPLICANT["id"], "transition": transition, "grounds": "专家评审论证通过"})
        assert prepared.status_code == 201, prepared.text
        taken = c.post(f"/api/v1/decisions/{prepared.json()['id']}", headers=sh, json={
            "accept": True, "decided_on": today, "decision_document": "沪市监质〔2026〕95号", **taking})
        assert taken.status_code == 200, taken.text
        lifecycle = taken.json()["lifecycle"]
        return lifecycle

    # A decision the profile leaves to the association is refused by its name, not its code ("（withdraw）")
    own = c.post("/api/v1/decisions", headers=assoc, json={"center_id": SH_APPLICANT["id"], "transition": "withdraw",
                                                           "grounds": "申请人撤回"})
    zh = assert_error(own, 400)["message"].split(" / ")[0]
    assert "“退出”" in zh and "withdraw" not in zh, zh
    decide("start_review")
    experts = {"experts": ["王教授（同济大学）", "李高工（上海计量院）"], "opinion": "条件具备，同意筹建"}
    building = decide("approve_build", **experts)
    assert building["state"] == "building" and building["build_deadline"]
    version = c.get(f"/api/v1/providers/{SH_APPLICANT['id']}", headers=assoc).json()["lifecycle"]["version"]
    asked = c.post(f"/api/v1/providers/{SH_APPLICANT['id']}/acceptance-request", headers=assoc,
                   json={"version": version, "summary": "筹建任务完成"})
    assert asked.status_code == 200, asked.text
    assert decide("pass_acceptance", **experts)["state"] == "operating"
    history = c.get(f"/api/v1/providers/{SH_APPLICANT['id']}", headers=assoc).json()["lifecycle"]["events"]
    approved = next(e for e in history if e["transition"] == "approve_build")
    assert approved["payload"]["experts"] == experts["experts"]


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _as_page(c: TestClient, username: str, *paths: str) -> list[Any]:
    c.cookies.set(SESSION_COOKIE, login(c, username))
    try:
        return [c.get(p) for p in paths]
    finally:
        c.cookies.clear()


def test_the_deciding_officer_reads_the_application_it_decides_on(domain_client: TestClient,
                                                                  domain_world: World) -> None:
    """Need to know: the bureau decides on an application, so its officer reads the application's materials and files
    once a decision on that provider waits for its authority (or was taken by it), and no other officer ever (the
    provider's life walked as a new user, 2026-11-28: the officer approved a build without the documents)."""
    c, as_ = domain_client, Logins(domain_client)
    admin, assoc = as_("admin"), as_("coord-assoc")
    _authority(c, admin, domain_world, "上海市市场监督管理局", "上海市", "officer-sh")
    _authority(c, admin, domain_world, "杭州市市场监督管理局", "浙江省杭州市", "officer-hz")
    sh, hz = as_("officer-sh"), as_("officer-hz")
    center = SH_APPLICANT["id"]
    materials = {k: v for k, v in SH_MATERIALS.items() if k != "government_support"}
    applied = c.post("/api/v1/providers", headers=assoc, json={"center": SH_APPLICANT, "materials": materials})
    assert applied.status_code == 201, applied.text
    given = c.post(f"/api/v1/providers/{center}/application/materials", headers=assoc,
                   files=[("file_government_support", ("政府支持函.pdf", PDF, "application/pdf"))])
    assert given.status_code == 200, given.text
    [document] = c.get(f"/api/v1/providers/{center}/application", headers=assoc).json()["files"]
    api = (f"/api/v1/providers/{center}/application", f"/api/v1/providers/{center}/application/files/{document['id']}")
    pages = (f"/providers/{center}/application", f"/providers/{center}/application/files/{document['id']}")
    # Nothing waits for the bureau yet: the application is not its to read.
    for path in api:
        assert c.get(path, headers=sh).status_code == 403, path
    assert [r.status_code for r in _as_page(c, "officer-sh", *pages)] == [403, 403]

    prepared = c.post("/api/v1/decisions", headers=assoc, json={"center_id": center, "transition": "start_review",
                                                                "grounds": "材料齐全，提请受理"})
    assert prepared.status_code == 201, prepared.text
    read = c.get(api[0], headers=sh)
    assert read.status_code == 200, read.text
    assert [f["name"] for f in read.json()["files"]] == ["政府支持函.pdf"]
    got = c.get(api[1], headers=sh)
    assert got.status_code == 200 and got.content == PDF
    page, download = _as_page(c, "officer-sh", *pages)
    assert page.status_code == 200 and "政府支持函.pdf" in page.text and "中心建设规划" in page.text
    assert download.status_code == 200 and download.content == PDF
    # The decision card links it, in either language.
    zh, en = _as_page(c, "officer-sh", "/decisions", "/decisions?lang=en")
    link = f'href="/providers/{center}/application"'
    assert link in zh.text and "查看申报材料" in zh.text
    assert link in en.text and "View the application" in en.text
    # Another authority's officer: nothing, by API or page; the application page offers it nothing to write.
    for path in api:
        assert c.get(path, headers=hz).status_code in (403, 404), path
    assert [r.status_code for r in _as_page(c, "officer-hz", *pages)] in ([403, 403], [404, 404], [403, 404])
    assert f'href="/providers/{center}' not in _as_page(c, "officer-hz", "/decisions")[0].text

    # Decided, the officer still reads what it decided on.
    taken = c.post(f"/api/v1/decisions/{prepared.json()['id']}", headers=sh, json={
        "accept": True, "decided_on": china_time.today().isoformat(), "decision_document": "沪市监质〔2026〕95号"})
    assert taken.status_code == 200, taken.text
    assert c.get(api[0], headers=sh).status_code == 200
    assert c.get(api[1], headers=hz).status_code in (403, 404)
    # Nothing else widened: the officer still writes nothing of the application.
    late = c.post(f"/api/v1/providers/{center}/application/materials", headers=sh, data={"note_x": "y"})
    assert late.status_code == 403
