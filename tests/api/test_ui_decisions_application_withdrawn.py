"""The decisions page named an application's withdrawal 退出 (a new user's trial, 2026-11-29): a Guangdong station
that had only applied, whose rules give a withdrawal to 省科协 (seed 003 art. 22), was listed as "… · 退出" for the
officer to take, and so was it once taken. An applicant withdrawing its application (撤回申请) is not a recognised
provider leaving (退出): the page says each decision as it reads from the stage the provider was in when it was
prepared, both languages; a station withdrawn after approval still reads 退出."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from accounts import service as auth
from accounts.vocab import OrgKind
from authz.vocab import AuthorityBody, Role
from core import china_time
from core.db import session_scope
from tests.api.apihelpers import PASSWORD, World
from tests.api.domainhelpers import Logins
from tests.api.test_api_provider_applications import PDF, _post, _station
from tests.api.test_provider_never_approved import DECIDED, _step
from tests.api.uihelpers import page_words, signed_in

STATION_ID = "gd-station-sg"
PLAQUE = "广东省质量发展促进会（韶关）科技服务站"


def _applied_station(client: TestClient, world: World) -> Logins:
    """A Guangdong station applied (profile guangdong_station), and 省科协 with an officer covering it."""
    as_ = Logins(client)
    docs = [("file_application_form", ("申请表.pdf", PDF, "application/pdf")),
            ("file_office_proof", ("场所照片.pdf", PDF, "application/pdf"))]
    done = _post(client, as_("coord-assoc"), {"center": _station(), "plaque_name": PLAQUE,
                                              "materials": {"team_list": "专家名单见协会专家库"}}, docs)
    assert done.status_code == 201, done.text
    assert done.json()["lifecycle"]["state"] == "applied"
    with session_scope(world.settings) as session:
        body = auth.create_org(session=session, kind=OrgKind.authority, name="广东省科学技术协会",
                               authority_body=AuthorityBody.science_association, jurisdiction="广东省")
        auth.create_user(session=session, org_id=body.id, username="officer-gd", password=PASSWORD,
                         role=Role.authority_officer)
    return as_


def test_an_application_s_withdrawal_reads_as_withdrawing_the_application(client: TestClient,
                                                                           world: World) -> None:
    as_ = _applied_station(client, world)
    prepared = client.post("/api/v1/decisions", headers=as_("coord-assoc"), json={
        "center_id": STATION_ID, "transition": "withdraw", "grounds": "申请单位书面申请撤回建站申请"})
    assert prepared.status_code == 201, prepared.text
    for who in ("coord-assoc", "officer-gd"):
        for lang, said, wrong in (("zh", "撤回申请", "退出"), ("en", "withdraw the application", "withdraw ")):
            page = signed_in(client, who, lang).get("/decisions").text
            waiting = page_words(re.search(r'<section class="panel" id="waiting-decisions">(.*?)</section>', page,
                                           re.S).group(1))  # type: ignore[union-attr]
            heading = page_words(re.search(r'<div class="card proposal"[^>]*>.*?<h3>(.*?)</h3>', page,
                                           re.S).group(1))  # type: ignore[union-attr]
            assert said in heading and (wrong not in heading.replace(said, "")), (who, lang, heading)
            if who == "officer-gd":
                confirm = re.search(r'data-confirm="([^"]*)"', page.split('class="stack take-decision"', 1)[1])
                assert confirm and said in confirm.group(1), (lang, confirm)
            assert said in waiting, (who, lang)
    # the officer's notice names it so too
    told = [n for n in client.get("/api/v1/inbox", headers=as_("officer-gd")).json()["items"]
            if n["kind"] == "decision"]
    assert told and "撤回申请" in told[0]["title_zh"] and "退出" not in told[0]["title_zh"], told
    assert "withdraw the application" in told[0]["title_en"], told
    taken = client.post(f"/api/v1/decisions/{prepared.json()['id']}", headers=as_("officer-gd"), json={
        "accept": True, "decided_on": china_time.today().isoformat(), "decision_document": "粤科协〔2026〕3号"})
    assert taken.status_code == 200, taken.text
    assert taken.json()["lifecycle"]["state"] == "application_withdrawn"
    for lang, said in (("zh", "撤回申请"), ("en", "withdraw the application")):
        page = signed_in(client, "officer-gd", lang).get("/decisions").text
        decided = re.search(r'<section class="panel" id="decided-decisions">(.*?)</section>', page, re.S)
        assert decided, lang
        item = page_words(re.search(rf'<li data-proposal="{prepared.json()["id"]}"[^>]*>(.*?)</li>',
                                    decided.group(1), re.S).group(1))  # type: ignore[union-attr]
        assert said in item and ("退出" not in item if lang == "zh" else True), (lang, item)


def test_a_station_withdrawn_after_approval_still_reads_as_an_exit(client: TestClient, world: World) -> None:
    as_ = _applied_station(client, world)
    for transition, payload in (("start_review", {"materials": {"head_nomination": "已提交"}}),
                                ("approve_build", {**DECIDED, "experts": ["黄工"], "opinion": "同意建站"})):
        _step(client, as_("coord-assoc"), STATION_ID, transition, payload)
    prepared = client.post("/api/v1/decisions", headers=as_("coord-assoc"), json={
        "center_id": STATION_ID, "transition": "withdraw", "grounds": "服务站书面申请退出"})
    assert prepared.status_code == 201, prepared.text
    for lang, said, wrong in (("zh", "退出", "撤回申请"), ("en", "withdraw", "withdraw the application")):
        page = signed_in(client, "officer-gd", lang).get("/decisions").text
        heading = page_words(re.search(r'<div class="card proposal"[^>]*>.*?<h3>(.*?)</h3>', page,
                                       re.S).group(1))  # type: ignore[union-attr]
        assert said in heading and wrong not in heading, (lang, heading)
