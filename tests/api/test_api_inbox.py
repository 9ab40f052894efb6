"""The inbox (issue 12 step 6): each domain event reaches the people who should act on it, nobody else, and each
person reads their own copy."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from core import china_time
from core.db import session_scope
from flows import engagements as engagements_flow
from flows.announce import OUTBOX
from flows.events import Parties
from outbox.vocab import DomainEvent
from tests.api.apihelpers import World, assert_error, bearer
from tests.api.domainhelpers import AGREEMENT, Logins, accept_first, submitted_need
from tests.api.uihelpers import form_login
from tests.conftest import invoke_cli
from tests.providers.providerhelpers import scaled_inputs


def _inbox(c: TestClient, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    answer = c.get("/api/v1/inbox", headers=headers, params=params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _kinds(c: TestClient, headers: dict[str, str]) -> list[str]:
    return [n["kind"] for n in _inbox(c, headers)["items"]]


def test_proposals_turns_and_complaints_reach_who_must_act(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    a, b, center, coordinator, admin = (as_("ent-a"), as_("ent-b"), as_("coord-center"), as_("coord-assoc"),
                                        as_("admin"))
    need_id, review_id = submitted_need(c, a)
    assert _kinds(c, center) == ["proposal"] and _kinds(c, coordinator) == ["proposal"]
    assert _kinds(c, a) == [] and _kinds(c, b) == []
    proposal = _inbox(c, center)["items"][0]
    assert proposal["link"] == f"/review/{review_id}" and proposal["refs"]["need_id"] == need_id

    review = c.get(f"/api/v1/reviews/{review_id}", headers=coordinator).json()
    eng = c.post(f"/api/v1/reviews/{review_id}/accept", headers=coordinator,
                 json={"center_id": "qic-js-battery", "version": review["version"]}).json()["engagement_id"]
    assert _kinds(c, a) == ["matched"] and _kinds(c, center)[0] == "matched"
    # Agreed: the provider's side signs next — the center hears it; not the enterprise, nor the association, which
    # may sign for the provider but whose turn the page does not say it is (pipeline.vocab.TURN).
    assert c.post(f"/api/v1/engagements/{eng}/transitions", headers=a,
                  json={"transition": "reach_agreement", "version": 1}).status_code == 200
    assert _kinds(c, center)[0] == "your_turn" and "your_turn" not in _kinds(c, coordinator)
    assert _kinds(c, a) == ["matched"] and _kinds(c, b) == []
    turn = _inbox(c, center)["items"][0]  # each language's title names the state in that language only
    title = c.get(f"/api/v1/needs/{need_id}", headers=a).json()["title"]
    assert (turn["title_zh"], turn["title_en"]) == (f"对接项目「{title}」进入“达成一致”，请办理下一步",
                                                    f"The engagement “{title}” is at “agreed”: your step")

    ended = c.post(f"/api/v1/engagements/{eng}/transitions", headers=coordinator,
                   json={"transition": "terminate", "version": 2, "payload": {"reason": "企业改变计划"}})
    assert ended.status_code == 200, ended.text
    assert c.post(f"/api/v1/engagements/{eng}/feedback", headers=a,
                  json={"complaint": "沟通不及时"}).status_code == 201
    assert "complaint" in _kinds(c, center) and "complaint" in _kinds(c, coordinator)
    assert "complaint" not in _kinds(c, b)

    # Each person reads their own copy: the coordinator marking all read leaves the admin's unread.
    before_admin = _inbox(c, admin)["unread"]
    assert before_admin > 0
    marked = c.post("/api/v1/inbox/read-all", headers=coordinator).json()["marked"]
    assert marked > 0 and _inbox(c, coordinator)["unread"] == 0 and _inbox(c, admin)["unread"] == before_admin
    one = _inbox(c, center)["items"][0]["id"]
    assert c.post(f"/api/v1/inbox/{one}/read", headers=center).json() == {"marked": 1}
    assert c.post(f"/api/v1/inbox/{one}/read", headers=center).json() == {"marked": 0}
    # Another organisation's notification does not exist for you; a key has no inbox.
    assert_error(c.post(f"/api/v1/inbox/{one}/read", headers=b), 404)
    assert_error(c.get("/api/v1/inbox", headers=bearer(domain_world.keys["site"])), 403)
    assert_error(c.post("/api/v1/inbox/99999999999/read", headers=center), 422)


def test_each_step_that_asks_someone_to_act_tells_them(domain_client: TestClient) -> None:
    """Issue 30, item 4: a need sent back, a complaint handled, a rectification ordered, a finding opened, an
    agreement awaiting countersignature: each is in the inbox of whoever must act next, with its title and link."""
    c, as_ = domain_client, Logins(domain_client)
    ent, center, assoc = as_("ent-a"), as_("coord-center"), as_("coord-assoc")
    need_id, review_id = submitted_need(c, ent)
    title = c.get(f"/api/v1/needs/{need_id}", headers=ent).json()["title"]
    eng = accept_first(c, assoc, review_id)["engagement_id"]
    for who, transition, payload in ((ent, "reach_agreement", {}),
                                     (center, "sign_agreement", {"agreement": AGREEMENT})):
        version = c.get(f"/api/v1/engagements/{eng}", headers=who).json()["version"]
        assert c.post(f"/api/v1/engagements/{eng}/transitions", headers=who,
                      json={"transition": transition, "version": version, "payload": payload}).status_code == 200
    [turn] = [n for n in _inbox(c, ent)["items"] if n["kind"] == "your_turn"]
    assert turn["title_zh"] == f"服务机构已签署对接项目「{title}」的技术服务协议，请核对后会签（或退回修改）"
    assert turn["link"] == f"/engagements/{eng}"

    version = c.get(f"/api/v1/engagements/{eng}", headers=assoc).json()["version"]
    assert c.post(f"/api/v1/engagements/{eng}/transitions", headers=assoc, json={
        "transition": "terminate", "version": version, "payload": {"reason": "企业改变计划"}}).status_code == 200
    complained = c.post(f"/api/v1/engagements/{eng}/feedback", headers=ent, json={"complaint": "排期一再推迟"})
    assert complained.status_code == 201, complained.text
    [complaint] = [f for f in c.get(f"/api/v1/engagements/{eng}", headers=center).json()["feedback"]
                   if f.get("complaint")]
    assert c.post(f"/api/v1/engagements/{eng}/complaints/{complaint['id']}/handling", headers=center,
                  json={"handling": "已重新排期并致歉", "resolved": True}).status_code == 200
    [handled] = [n for n in _inbox(c, ent)["items"] if n["kind"] == "complaint_handled"]
    assert handled["title_zh"].startswith(f"您对「{title}」的投诉已有处理结果，请确认或说明不满意的原因（")
    assert handled["title_zh"].endswith(" 前）")  # by when: the confirmation period (issue 30, item 2)
    assert handled["link"] == f"/engagements/{eng}#feedback" and "complaint_handled" not in _kinds(c, center)

    other, unclear = submitted_need(c, ent, text="电池包需要做失效分析，常州，预算十万")
    other_title = c.get(f"/api/v1/needs/{other}", headers=ent).json()["title"]
    version = c.get(f"/api/v1/reviews/{unclear}", headers=assoc).json()["version"]
    assert c.post(f"/api/v1/reviews/{unclear}/reject", headers=assoc,
                  json={"reason": "need_unclear", "text": "请说明型号", "version": version}).status_code == 200
    [back] = [n for n in _inbox(c, ent)["items"] if n["kind"] == "sent_back"]
    assert back["title_zh"] == f"协会退回了需求「{other_title}」，请补充说明后重新提交。退回理由：请说明型号"
    assert back["link"] == f"/needs#{other}"

    failing = c.post("/api/v1/evaluations", headers=assoc, json={
        "center_id": "qic-js-battery", "period": "2026", "inputs": scaled_inputs("qic-js-battery", 0.2)})
    assert failing.status_code == 201, failing.text
    # One notice for the rating, counting its findings, not one a finding (fifteen rows after one weak run).
    [opened] = [n for n in _inbox(c, center)["items"] if n["kind"] == "finding_opened"]
    assert opened["count"] >= 2, opened
    assert opened["title_zh"] == f"本次评价发现 {opened['count']} 项待改进，请逐项制定整改措施"
    assert opened["title_en"].endswith(f": {opened['count']}; plan a corrective action for each")
    assert opened["link"] == "/providers/qic-js-battery#findings"
    assert "finding_opened" not in _kinds(c, assoc)  # the provider owes the action; the association reads findings
    [proposal] = c.get("/api/v1/providers/proposals", headers=assoc).json()
    life = c.get("/api/v1/providers/qic-js-battery", headers=assoc).json()["lifecycle"]
    assert c.post(f"/api/v1/providers/proposals/{proposal['id']}/decision", headers=assoc, json={
        "accept": True, "version": life["version"],
        "payload": {"decided_on": china_time.today().isoformat(),
                    "decision_document": "苏质协〔2026〕9号"}}).status_code == 200
    [ordered] = [n for n in _inbox(c, center)["items"] if n["kind"] == "rectification"]
    assert ordered["title_zh"].startswith("协会责令贵机构限期整改") and ordered["link"] == "/providers/qic-js-battery"


def test_an_associations_inbox_after_one_need_has_one_notice_with_its_title_and_a_badge_of_one(
        domain_client: TestClient, domain_world: World) -> None:
    """Issue 30's "done when": five providers proposed for a need, and the association's page shows one notice. The
    test matcher proposes one; four more proposals are announced as the matcher's flow announces each."""
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = submitted_need(c, as_("ent-a"))
    title = c.get(f"/api/v1/needs/{need_id}", headers=as_("ent-a")).json()["title"]
    proposed = len(c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()["proposals"])
    with session_scope(domain_world.settings) as session:
        for i in range(5 - proposed):
            OUTBOX.record(session=session, event=DomainEvent.review_proposed,
                          payload={"review_id": review_id, "need_id": need_id, "center_id": f"other-{i}", "round": 1},
                          parties=Parties(enterprise_id=None, center_id=f"other-{i}", need_id=need_id))
    proposed = 5
    ui = TestClient(c.app)
    assert form_login(ui, "coord-assoc").status_code == 303
    page = ui.get("/inbox").text
    assert page.count('class="card notice unread"') == 1 and f"「{title}」有 {proposed} 个推荐机构待审核" in page
    assert '<span class="badge" id="unread-badge" aria-hidden="true">1</span>' in page


def test_the_inbox_page_opens_a_notice_and_marks_it_read(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"))
    ui = TestClient(c.app)
    assert form_login(ui, "coord-center").status_code == 303
    page = ui.get("/inbox").text
    assert "推荐了贵机构，请确认能否承接" in page and "未读 1" in page
    # The navigation's badge, on every page, with words for a screen reader; none once everything is read.
    for path in ("/inbox", "/review", "/engagements"):
        shown = ui.get(path).text
        assert re.search(r'data-nav="inbox"[^>]*>待办通知 <span class="badge" id="unread-badge" aria-hidden="true">1'
                         r'</span><span class="visually-hidden">（1 条未读）</span></a>', shown), path
    assert "(1 unread)" in ui.get("/review?lang=en").text and ui.get("/review?lang=zh").status_code == 200
    notice = _inbox(c, as_("coord-center"))["items"][0]["id"]
    opened = ui.post(f"/inbox/{notice}/open", follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == f"/review/{review_id}"
    after = ui.get("/inbox").text
    assert "未读 0" in after and 'id="unread-badge"' not in after
    english = ui.get("/inbox?lang=en").text
    assert "Inbox" in english and 'id="unread-badge"' not in english


def test_a_notice_whose_step_was_taken_is_shown_done_not_new(domain_client: TestClient) -> None:
    """Walk finding: a center's inbox kept "推荐了贵机构，请确认能否承接" unread after the association had accepted it,
    beside the notice saying so; the proposal is now history ("已完成") and the badge counts the one live notice."""
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"))
    accept_first(c, as_("coord-assoc"), review_id)
    kinds = {n["kind"]: n for n in _inbox(c, as_("coord-center"))["items"]}
    assert kinds["proposal"]["done"] is True and kinds["matched"]["done"] is False
    assert _inbox(c, as_("coord-center"))["unread"] == 1
    ui = TestClient(c.app)
    assert form_login(ui, "coord-center").status_code == 303
    page = ui.get("/inbox").text
    assert "未读 1" in page and page.count("<strong>新</strong>") == 1
    assert re.search(r'class="card notice done"[^<]*>\s*<form[^>]*>\s*<button[^>]*>[^<]*推荐了贵机构', page)
    assert "· 已完成" in page and "· done" in ui.get("/inbox?lang=en").text


def test_overdue_engagements_are_announced_once_a_day(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    a, center = as_("ent-a"), as_("coord-center")
    _, review_id = submitted_need(c, a)
    eng = accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]
    assert c.post(f"/api/v1/engagements/{eng}/transitions", headers=a,
                  json={"transition": "reach_agreement", "version": 1}).status_code == 200
    signed = c.post(f"/api/v1/engagements/{eng}/transitions", headers=center,
                    json={"transition": "sign_agreement", "version": 2, "payload": {"agreement": AGREEMENT}})
    assert signed.status_code == 200, signed.text
    assert c.post(f"/api/v1/engagements/{eng}/transitions", headers=a,
                  json={"transition": "countersign", "version": 3}).status_code == 200
    with session_scope(domain_world.settings) as session:  # before the deadline (2031-06-30): nothing
        assert engagements_flow.announce_overdue(session=session, today=date(2031, 6, 1), outbox=OUTBOX) == 0
    with session_scope(domain_world.settings) as session:
        assert engagements_flow.announce_overdue(session=session, today=date(2031, 7, 5), outbox=OUTBOX) == 1
    with session_scope(domain_world.settings) as session:  # the same day again: already told
        assert engagements_flow.announce_overdue(session=session, today=date(2031, 7, 5), outbox=OUTBOX) == 0
    overdue = [n for n in _inbox(c, center)["items"] if n["kind"] == "overdue"]
    assert len(overdue) == 1 and "逾期 5 天" in overdue[0]["title_zh"]
    assert "overdue" not in _kinds(c, a)  # forming the team is the provider's step, not the client's
    assert "overdue" in _kinds(c, as_("coord-assoc"))
    # The command refuses a bad date in one line.
    bad = invoke_cli(domain_world.settings, "inbox", "overdue", "--today", "2031-13-01")
    assert bad.returncode != 0 and len(bad.stderr.strip().splitlines()) == 1 and "today" in bad.stderr
