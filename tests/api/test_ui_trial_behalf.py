"""What a new user's trial in real Chromium found on the engagement pages (2026-11-29, the third list), each failing
before its fix: a notice about a step the association took for a party said the party took it."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient

from accounts import service as auth
from api.pages.ui_common import notice_said
from authz.vocab import Role
from core.db import session_scope
from tests.api.apihelpers import PASSWORD, World
from tests.api.domainhelpers import (
    AGREEMENT,
    STEPS_TO_CLOSED,
    Logins,
    accept_first,
    engagement_until,
    step,
    submitted_need,
)
from tests.api.uihelpers import page_words, signed_in


def _notices(c: TestClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    answer = c.get("/api/v1/inbox", headers=headers)
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def test_a_notice_of_a_step_taken_for_a_party_says_who_took_it_and_for_whom(domain_client: TestClient,
                                                                            domain_world: World) -> None:
    # The association's coordinator signed the agreement for the provider, and the enterprise's inbox said
    # "服务机构已签署对接项目「…」的技术服务协议，请核对后会签": the provider had signed nothing
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"))
    eng = accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]  # communicating: the two sides settle it
    step(c, as_("coord-assoc"), eng, "reach_agreement", {})
    told = [n for n in _notices(c, as_("coord-center")) if n["kind"] == "your_turn"]
    assert told, "the provider is told it may sign"
    assert "协会协调员已代企业和服务机构达成一致" in told[0]["title_zh"], told[0]["title_zh"]
    assert ("The association's coordinator recorded “reach agreement” on behalf of the enterprise and the provider"
            in told[0]["title_en"]), told[0]["title_en"]
    step(c, as_("coord-assoc"), eng, "sign_agreement", {"agreement": AGREEMENT})
    told = [n for n in _notices(c, as_("ent-a")) if n["kind"] == "your_turn"]
    assert told
    zh, en = told[0]["title_zh"], told[0]["title_en"]
    assert zh.startswith("协会协调员已代服务机构签署对接项目") and "请核对后会签" in zh, zh
    assert en.startswith("The association's coordinator signed the agreement for the engagement") \
        and "on the provider's behalf" in en, en
    # the engagement page's guide says the same
    for lang, said, wrong in (("zh", "协会协调员代服务机构签署的协议", "服务机构已签署的协议"),
                              ("en", "the association's coordinator signed on the provider's behalf",
                               "the agreement the provider signed")):
        page = page_words(signed_in(c, "ent-a", lang).get(f"/engagements/{eng}").text)
        assert said in page and wrong not in page, (lang, page[:2000])
    # a step the provider takes itself is said as before
    step(c, as_("ent-a"), eng, "countersign", {})
    step(c, as_("coord-center"), eng, "form_team", {"team": {"lead": "exp-1", "members": ["exp-2"]}})
    own = [n for n in _notices(c, as_("coord-center")) if n["kind"] == "your_turn"]
    assert own and "代" not in own[0]["title_zh"].split("「")[0], own[0]["title_zh"]


def test_the_toast_after_a_step_taken_for_a_party_says_for_whom() -> None:
    # "已办理：签订技术服务协议" after the association's coordinator signed for the provider
    assert notice_said("notice_step_sign_agreement", "zh", Role.association_coordinator) == \
        "已办理：代机构签订技术服务协议"
    assert notice_said("notice_step_sign_agreement", "en", Role.association_coordinator) == \
        "Done: sign the agreement on behalf of the provider"
    assert notice_said("notice_step_sign_agreement", "zh", Role.center_coordinator) == "已办理：签订技术服务协议"


def test_the_center_is_told_of_acceptance_closure_and_its_rating_under_the_title_it_may_read(
        domain_client: TestClient, domain_world: World) -> None:
    # The center's inbox kept the masked title ("机电领域企业检验检测…需求") after the need's details were opened to it,
    # and it was never told that its results were accepted, that the engagement closed, or that it was rated
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = submitted_need(c, as_("ent-a"), confidential=True)
    title = c.get(f"/api/v1/needs/{need_id}", headers=as_("ent-a")).json()["title"]
    eng = accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]
    before = [n for n in _notices(c, as_("coord-center")) if n["kind"] == "matched"]
    assert before and title not in before[0]["title_zh"], before  # not opened yet: the published title
    for who, transition, payload in STEPS_TO_CLOSED:
        if transition == "pass_acceptance":
            break
        step(c, as_(who), eng, transition, payload)
    # the countersigned agreement's confidentiality clause opened the details: the center reads the real title
    turn = [n for n in _notices(c, as_("coord-center")) if n["kind"] == "your_turn"]
    assert turn and f"「{title}」" in turn[0]["title_zh"] and f"“{title}”" in turn[0]["title_en"], turn[0]
    step(c, as_("ent-a"), eng, "pass_acceptance", {"reasons": ["报告完整"]})
    closed = [n for n in _notices(c, as_("coord-center")) if n["kind"] == "closed"]
    assert len(closed) == 1, _notices(c, as_("coord-center"))
    assert closed[0]["title_zh"] == f"委托方已验收通过对接项目「{title}」的服务成果，项目已终结", closed[0]
    assert closed[0]["title_en"] == f"The client accepted the results of the engagement “{title}”: it is closed"
    assert closed[0]["link"] == f"/engagements/{eng}"
    assert not [n for n in _notices(c, as_("ent-a")) if n["kind"] == "closed"]  # its own act is no news to it
    rated = c.post(f"/api/v1/engagements/{eng}/feedback", headers=as_("ent-a"), json={"satisfaction": 4})
    assert rated.status_code == 201, rated.text
    told = [n for n in _notices(c, as_("coord-center")) if n["kind"] == "rated"]
    assert len(told) == 1, _notices(c, as_("coord-center"))
    assert told[0]["title_zh"] == f"委托方评价了对接项目「{title}」：满意度 4 星", told[0]
    assert told[0]["title_en"] == f"The client rated the engagement “{title}”: satisfaction 4 of 5", told[0]
    page = page_words(signed_in(c, "coord-center", "zh").get("/inbox").text)
    assert "项目终结" in page and "服务评价" in page, page[:3000]


def test_acceptance_passed_for_the_enterprise_tells_the_enterprise_and_the_center_who_passed_it(
        domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"))
    eng = accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]
    for who, transition, payload in STEPS_TO_CLOSED:
        if transition == "pass_acceptance":
            break
        step(c, as_(who), eng, transition, payload)
    step(c, as_("coord-assoc"), eng, "pass_acceptance", {"reasons": ["报告完整"]})
    for who in ("coord-center", "ent-a"):
        closed = [n for n in _notices(c, as_(who)) if n["kind"] == "closed"]
        assert len(closed) == 1, (who, _notices(c, as_(who)))
        assert closed[0]["title_zh"].startswith("协会协调员已代企业验收通过对接项目"), closed[0]
        assert closed[0]["title_en"].startswith("The association's coordinator passed acceptance of the results "
                                                "of the engagement"), closed[0]
        assert "on the enterprise's behalf" in closed[0]["title_en"], closed[0]


def _section(page: str, section_id: str) -> str:
    found = re.search(rf'<section class="panel" id="{section_id}">(.*?)</section>', page, re.S)
    assert found, section_id
    return found.group(1)


def test_the_two_ratings_are_named_for_what_each_is_for_and_a_replaced_rating_is_marked(
        domain_client: TestClient, domain_world: World) -> None:
    # After acceptance the enterprise saw "服务质量问卷 / 提交问卷" and "满意度 ★ / 提交评价" side by side, unnamed, and
    # after rating again "再次提交将以新的评分为准" above both ratings listed alike
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, as_)  # closed: the results accepted
    for lang, first, second, purpose in (
            ("zh", "① 服务质量问卷（只提交一次）", "② 总体满意度（以最后一次为准）", "计入该机构的服务质量评价"),
            ("en", "① Service quality questionnaire (sent once)", "② Overall satisfaction (the last one counts)",
             "counts in the provider's service-quality evaluation")):
        said = page_words(_section(signed_in(c, "ent-a", lang).get(f"/engagements/{eng}").text, "feedback"))
        assert first in said and second in said and purpose in said, (lang, said)
    for stars in (5, 4):
        rated = c.post(f"/api/v1/engagements/{eng}/feedback", headers=as_("ent-a"), json={"satisfaction": stars})
        assert rated.status_code == 201, rated.text
    for lang, replaced, counts in (("zh", "已被后来的评分取代", "以此为准"),
                                   ("en", "replaced by a later rating", "this one counts")):
        section = _section(signed_in(c, "ent-a", lang).get(f"/engagements/{eng}").text, "feedback")
        old = re.findall(r'<p class="rating superseded">(.*?)</p>', section, re.S)
        now = re.findall(r'<p class="rating counting">(.*?)</p>', section, re.S)
        assert len(old) == 1 and "(5/5)" in page_words(old[0]) and replaced in page_words(old[0]), (lang, section)
        assert len(now) == 1 and "(4/5)" in page_words(now[0]) and counts in page_words(now[0]), (lang, section)


def _who(page: str) -> str:
    found = re.search(r'<(?:a|span) class="who"[^>]*>([^<]*)</(?:a|span)>', page)
    assert found, "the header names who is signed in"
    return html.unescape(found.group(1)).strip()


def test_the_header_names_the_person_not_their_login_name(domain_client: TestClient, domain_world: World) -> None:
    # The header said "demo-association" and "ruidong_wang": the login names, where the accounts hold the names
    c = domain_client
    with session_scope(domain_world.settings) as session:
        auth.create_user(session=session, org_id=domain_world.orgs["assoc"], username="wang_fang", password=PASSWORD,
                         role=Role.association_coordinator, display_name="王芳")
    for lang in ("zh", "en"):
        page = signed_in(c, "wang_fang", lang).get("/").text
        assert _who(page) == "王芳", (lang, _who(page))
        assert re.search(r'class="who"[^>]*title="[^"]*wang_fang', page), "the login name stays at hand"
    assert _who(signed_in(c, "coord-assoc", "zh").get("/").text) == "coord-assoc"  # no name of its own: the login name


def test_the_offers_panel_speaks_of_picking_from_the_list_only_for_a_center_not_proposed(
        domain_client: TestClient, domain_world: World) -> None:
    # The review page said of a center already proposed, its card with its own 接受 button, that it could be given
    # the need from the list below (人工指派): the panel's line spoke of both routes whatever the offers were
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = submitted_need(c, as_("ent-a"))
    proposed = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()["proposals"]
    center = proposed[0]["center_id"]
    said = c.post(f"/api/v1/centers/{center}/opportunities/{need_id}/help", headers=as_("coord-center"),
                  json={"note": "两周内可安排"})
    assert said.status_code == 200, said.text
    for lang, accept, listed in (("zh", "可直接接受", "名单"), ("en", "accepted here", "list below")):
        page = signed_in(c, "coord-assoc", lang).get(f"/review/{review_id}").text
        panel = re.search(r'<section class="panel can-help" id="can-help">(.*?)</section>', page, re.S)
        assert panel, lang
        said_there = page_words(panel.group(1))
        assert accept in said_there and listed not in said_there, (lang, said_there)


def test_the_party_a_step_was_taken_for_is_told_of_it(domain_client: TestClient, domain_world: World) -> None:
    # The association's coordinator signed the agreement for the provider, and the provider heard nothing of it: only
    # the enterprise, whose turn it then was, was told
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"))
    eng = accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]
    step(c, as_("ent-a"), eng, "reach_agreement", {})
    step(c, as_("coord-assoc"), eng, "sign_agreement", {"agreement": AGREEMENT})
    told = [n for n in _notices(c, as_("coord-center")) if n["kind"] == "acted_for"]
    assert len(told) == 1, _notices(c, as_("coord-center"))
    assert told[0]["title_zh"].startswith("协会协调员已代贵机构签订技术服务协议：对接项目「"), told[0]
    assert told[0]["title_en"].startswith("The association's coordinator recorded “sign the agreement” on your "
                                          "behalf for the engagement “"), told[0]
    assert told[0]["link"] == f"/engagements/{eng}"
    assert not [n for n in _notices(c, as_("ent-a")) if n["kind"] == "acted_for"]  # told as its turn, once
