"""Figure 1 finished in the web UI (issue 12 step 5): an engagement goes from the accepted match to closure on the
pages alone — the agreement and team forms, a plan sent back once, delivery, acceptance and the survey — and ends
exactly where the API's run of the same steps ends."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.domainhelpers import AGREEMENT, Logins, accept_first, submitted_need
from tests.api.domainhelpers import step as api_step
from tests.api.formhelpers import form_error, form_error_field
from tests.api.uihelpers import form_login
from tests.pipeline.test_pipeline_attachments import pdf

SECRET = "PROJECT-KESTREL"


def _browser(c: TestClient, username: str) -> TestClient:
    ui = TestClient(c.app)
    assert form_login(ui, username).status_code == 303
    return ui


def _version(c: TestClient, headers: dict[str, str], eng: str) -> int:
    version: int = c.get(f"/api/v1/engagements/{eng}", headers=headers).json()["version"]
    return version


def _post(ui: TestClient, path: str, data: dict[str, Any]) -> None:
    answer = ui.post(path, data=data, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    assert not form_error(answer), answer.headers["location"]


def test_an_engagement_from_match_to_closure_on_the_pages_alone(domain_client: TestClient,
                                                                domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    a = as_("ent-a")
    need_id, review_id = submitted_need(c, a, confidential=True, redactions=[SECRET],
                                        text=f"{SECRET}电芯针刺后热失控，需要按GB 38031做热失控试验，需CMA报告")
    eng = accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]
    enterprise, center, association = _browser(c, "ent-a"), _browser(c, "coord-center"), _browser(c, "coord-assoc")
    page = f"/engagements/{eng}"

    _post(enterprise, f"{page}/advance", {"transition": "reach_agreement", "version": _version(c, a, eng)})
    assert SECRET not in center.get(page).text and SECRET not in c.get(f"/api/v1/needs/{need_id}",
                                                                         headers=as_("coord-center")).text
    assert 'id="need"' in center.get(page).text  # the need panel, as its published summary
    form = center.get(page).text
    assert 'class="stack agreement-form"' in form and 'value="sign_agreement"' not in form
    # A bad price is refused on the page, and nothing changes.
    bad = center.post(f"{page}/agreement", follow_redirects=False, data={
        "version": _version(c, a, eng), "scope": "单体热失控试验", "deliverables": "CMA 检测报告", "price_yuan": "很多",
        "schedule": "六周", "deadline": "2031-06-30", "confidentiality_clause": "双方对试验数据保密",
        "signed_on": "2026-01-10", "client_party": "甲公司", "provider_party": "江苏省动力电池产品质量检验中心"})
    assert bad.status_code == 303 and form_error(bad)
    assert c.get(f"/api/v1/engagements/{eng}", headers=a).json()["state"] == "agreed"
    _post(center, f"{page}/agreement", {
        "version": _version(c, a, eng), "scope": "单体热失控试验", "deliverables": "CMA 检测报告\n原始记录",
        "price_yuan": "48000", "schedule": "六周", "deadline": "2031-06-30",
        "confidentiality_clause": "双方对试验数据保密", "signed_on": "2026-01-10", "client_party": "甲公司",
        "provider_party": "江苏省动力电池产品质量检验中心"})
    # The provider's signature alone opens nothing (issue 31): the enterprise countersigns on its own page.
    assert SECRET not in c.get(f"/api/v1/needs/{need_id}", headers=as_("coord-center")).text
    assert 'value="countersign"' in enterprise.get(page).text and 'value="countersign"' not in center.get(page).text
    _post(enterprise, f"{page}/advance", {"transition": "countersign", "version": _version(c, a, eng)})
    assert SECRET in c.get(f"/api/v1/needs/{need_id}", headers=as_("coord-center")).text  # the clause opened it
    assert SECRET in center.get(page).text  # and the engagement page's need panel shows the center the whole need
    assert c.get(f"/api/v1/needs/{need_id}", headers=a).json()["status"] == "in_engagement"

    team_page = center.get(page).text
    assert 'class="stack team-form"' in team_page and "exp-1" in team_page
    _post(center, f"{page}/team", {"version": _version(c, a, eng), "lead": "exp-1", "members": ["exp-2"]})
    _post(center, f"{page}/advance", {"transition": "submit_plan", "version": _version(c, a, eng),
                                      "note": "按 GB 38031-2020 第8.2条试验"})
    _post(association, f"{page}/advance", {"transition": "reject_plan", "version": _version(c, a, eng),
                                           "note": "补充样品数量"})
    _post(center, f"{page}/advance", {"transition": "resubmit_plan", "version": _version(c, a, eng),
                                      "note": "样品 20 只，按第8.2条试验"})
    _post(association, f"{page}/advance", {"transition": "approve_plan", "version": _version(c, a, eng),
                                           "note": "方案可行"})
    # The delivery hands over a result file (seed 000 Figure 1: 交付 then 验收): without one it is refused, naming the
    # file field, and nothing moves; with one it goes to acceptance.
    bare = center.post(f"{page}/delivery", data={"version": _version(c, a, eng), "note": "报告已交付"},
                       follow_redirects=False)
    assert bare.status_code == 303 and "请附上至少一个成果文件" in form_error(bare)
    assert form_error_field(bare) == "files"
    assert c.get(f"/api/v1/engagements/{eng}", headers=a).json()["state"] == "delivering"
    delivered = center.post(f"{page}/delivery", data={"version": _version(c, a, eng), "note": "报告已交付"},
                            files=[("files", ("检测报告.pdf", pdf(), "application/pdf"))], follow_redirects=False)
    assert delivered.status_code == 303 and not form_error(delivered)
    _post(enterprise, f"{page}/advance", {"transition": "pass_acceptance", "version": _version(c, a, eng),
                                          "note": "报告完整"})
    _post(enterprise, f"{page}/feedback", {"satisfaction": "5"})

    detail = c.get(f"/api/v1/engagements/{eng}", headers=a).json()
    assert detail["state"] == "closed" and detail["team"]["lead"] == "exp-1"
    assert detail["agreement"]["deliverables"] == ["CMA 检测报告", "原始记录"]
    assert [r["approved"] for r in detail["plan_reviews"]] == [False, True]
    assert detail["feedback"][0]["satisfaction"] == 5
    assert c.get(f"/api/v1/needs/{need_id}", headers=a).json()["status"] == "closed"
    on_record = enterprise.get(page).text
    assert "技术服务协议" in on_record and "双方对试验数据保密" in on_record
    assert "组长：陈立新 · 成员：李明" in on_record  # the team by its experts' names


def test_whoever_handed_in_the_plan_does_not_review_it(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    a, center, coordinator = as_("ent-a"), as_("coord-center"), as_("coord-assoc")
    _, review_id = submitted_need(c, a)
    eng = accept_first(c, coordinator, review_id)["engagement_id"]

    def step(headers: dict[str, str], transition: str, payload: dict[str, Any]) -> Any:
        return c.post(f"/api/v1/engagements/{eng}/transitions", headers=headers,
                      json={"transition": transition, "version": _version(c, a, eng), "payload": payload})

    assert step(a, "reach_agreement", {}).status_code == 200
    assert step(center, "sign_agreement", {"agreement": AGREEMENT}).status_code == 200
    assert step(a, "countersign", {}).status_code == 200
    assert step(center, "form_team", {"team": {"lead": "exp-1", "members": ["exp-2"]}}).status_code == 200
    assert step(center, "submit_plan", {"plan": "按第8.2条试验"}).status_code == 200
    # The review's form on the English page: its labels start as labels do ("review opinion", "reviewers" were shown
    # in lower case: the words are the guards' too, embedded in sentences; the coordinator's day, 2026-11-28).
    english = _browser(c, "coord-assoc")
    english.cookies.set("lang", "en")
    html = english.get(f"/engagements/{eng}").text
    button = html.index('value="approve_plan"')
    plan_form = html[html.rindex("<form", 0, button):html.index("</form>", button)]
    assert "Review opinion" in plan_form and "Reviewers" in plan_form and "review opinion" not in plan_form
    assert ">Approve the plan</button>" in plan_form, plan_form
    own = step(center, "approve_plan", {"opinion": "自评通过"})
    assert own.status_code == 403 and own.json()["error"]["field"] == "actor"
    assert c.get(f"/api/v1/engagements/{eng}", headers=a).json()["state"] == "plan_review"
    assert step(coordinator, "approve_plan", {"opinion": "方案可行"}).status_code == 200


def test_a_team_refused_on_the_page_says_which_rule(domain_client: TestClient) -> None:
    """Walk finding: a lead also ticked as a member, or no member at all, came back only as 内容不合格 under the first
    box. The team's make-up rules (pipeline.schemas.TeamIn) now answer as written, naming the members field, in the
    page's language; nothing is recorded."""
    c, as_ = domain_client, Logins(domain_client)
    a, center_api = as_("ent-a"), as_("coord-center")
    _, review_id = submitted_need(c, a)
    eng = accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]
    for who, transition, payload in (("ent-a", "reach_agreement", {}), ("coord-center", "sign_agreement",
                                                                         {"agreement": AGREEMENT}),
                                     ("ent-a", "countersign", {})):
        api_step(c, as_(who), eng, transition, payload)
    center, page = _browser(c, "coord-center"), f"/engagements/{eng}"
    for members, says in ((["exp-1"], "负责人不能同时列为成员 / the lead must not also be listed as a member"),
                          (["exp-1", "exp-2"], "负责人不能同时列为成员"),
                          ([], "项目组除负责人外至少须有一名成员 / a project team needs at least one member")):
        refused = center.post(f"{page}/team", follow_redirects=False,
                              data={"version": _version(c, a, eng), "lead": "exp-1", "members": members})
        assert refused.status_code == 303 and says in form_error(refused), form_error(refused)
        assert "内容不合格" not in form_error(refused)
        assert form_error_field(refused) == "members"
        shown = center.get(page).text
        assert says.split(" / ")[0] in shown and "must not" not in shown and "at least one" not in shown
    assert c.get(f"/api/v1/engagements/{eng}", headers=center_api).json()["team"] is None
    # The API says the same.
    api = c.post(f"/api/v1/engagements/{eng}/transitions", headers=center_api, json={
        "transition": "form_team", "version": _version(c, a, eng),
        "payload": {"team": {"lead": "exp-1", "members": ["exp-1"]}}})
    assert api.status_code in (400, 422) and "负责人不能同时列为成员" in api.text, api.text


def _form(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start:html.index("</form>", start)]


def test_an_agreement_or_plan_sent_back_opens_on_its_last_version(domain_client: TestClient) -> None:
    """Walk finding: after 退回协议修改 the center's agreement form came back blank (scope, price, deadline and clauses
    retyped), and so did 重新提交方案 after 评审未通过. Both now open on the last version."""
    c, as_ = domain_client, Logins(domain_client)
    a = as_("ent-a")
    _, review_id = submitted_need(c, a)
    eng = accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]
    center, page = _browser(c, "coord-center"), f"/engagements/{eng}"
    first = center.get(page).text
    assert 'name="scope" rows="2" maxlength="2000" required></textarea>' not in first  # not yet agreed: no form
    api_step(c, a, eng, "reach_agreement", {})
    blank = _form(center.get(page).text, 'class="stack agreement-form"')
    assert "单体热失控试验" not in blank and 'name="price_yuan"' in blank
    revised = {**AGREEMENT, "deliverables": ["CMA 检测报告", "原始记录"]}
    api_step(c, as_("coord-center"), eng, "sign_agreement", {"agreement": revised})
    api_step(c, a, eng, "return_agreement", {"reason": "价格请按四万八含税写明"})
    form = _form(center.get(page).text, 'class="stack agreement-form"')
    assert ">单体热失控试验</textarea>" in form and ">CMA 检测报告\n原始记录</textarea>" in form, form
    assert ">双方对试验数据保密</textarea>" in form
    assert re.search(r'name="price_yuan"[^>]*value="48000(\.00)?"', form), form
    assert 'name="schedule" maxlength="500" required value="六周"' in form
    assert 'type="date" name="deadline" required value="2031-06-30"' in form
    assert 'value="甲公司"' in form and 'value="江苏省动力电池产品质量检验中心"' in form
    # Sent again as it stands, it goes through.
    _post(center, f"{page}/agreement", {"version": _version(c, a, eng), **dict(
        re.findall(r'name="(\w+)"[^>]*?value="([^"]*)"', form)), "scope": "单体热失控试验",
        "deliverables": "CMA 检测报告\n原始记录", "confidentiality_clause": "双方对试验数据保密"})
    assert c.get(f"/api/v1/engagements/{eng}", headers=a).json()["state"] == "awaiting_countersignature"

    api_step(c, a, eng, "countersign", {})
    api_step(c, as_("coord-center"), eng, "form_team", {"team": {"lead": "exp-1", "members": ["exp-2"]}})
    api_step(c, as_("coord-center"), eng, "submit_plan", {"plan": "按GB 38031第8.2条做单体热失控试验，六周完成"})
    api_step(c, as_("coord-assoc"), eng, "reject_plan", {"opinion": "请补充样品数量"})
    plan = _form(center.get(page).text, 'data-step="resubmit_plan"')
    assert ">按GB 38031第8.2条做单体热失控试验，六周完成</textarea>" in plan, plan


def test_an_agreement_already_past_its_deadline_is_refused_naming_the_field(domain_client: TestClient) -> None:
    """Walk finding: 签订日期 2020-01-01 with 完成期限 2020-06-01 was recorded and the engagement was at once 已逾期.
    The pipeline refuses a completion deadline before today, so the API answers 4xx naming agreement.deadline and the
    page comes back with the deadline field marked; nothing is recorded."""
    c, as_ = domain_client, Logins(domain_client)
    a, center_api = as_("ent-a"), as_("coord-center")
    _, review_id = submitted_need(c, a)
    eng = accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]
    api_step(c, a, eng, "reach_agreement", {})
    past = {**AGREEMENT, "signed_on": "2020-01-01", "deadline": "2020-06-01"}
    api = c.post(f"/api/v1/engagements/{eng}/transitions", headers=center_api, json={
        "transition": "sign_agreement", "version": _version(c, a, eng), "payload": {"agreement": past}})
    assert 400 <= api.status_code < 500 and api.json()["error"]["field"] == "agreement.deadline", api.text
    assert "完成期限 2020-06-01 已早于今天" in api.text and "before today" in api.text
    center, page = _browser(c, "coord-center"), f"/engagements/{eng}"
    refused = center.post(f"{page}/agreement", follow_redirects=False, data={
        "version": _version(c, a, eng), **{k: v for k, v in past.items() if k != "deliverables"},
        "deliverables": "CMA 检测报告"})
    assert refused.status_code == 303 and "完成期限 2020-06-01 已早于今天" in form_error(refused)
    assert form_error_field(refused) == "deadline"
    detail = c.get(f"/api/v1/engagements/{eng}", headers=a).json()
    assert detail["state"] == "agreed" and detail["agreement"] is None and detail["deadline"] is None
