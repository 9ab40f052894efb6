"""Entered text disappeared (a new user's trial, 2026-11-30): the 评审人 typed in the plan review (王评审) appeared
nowhere; after a plan was sent back, 重新提交方案 started empty instead of with the old plan; the 重新匹配 说明
('企业补充：电池包为 18650 三元') was shown neither on the review page nor to the enterprise, only '轮次 2'."""

from __future__ import annotations

import re
from html import unescape

from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, engagement_until, step, submitted_need
from tests.api.uihelpers import form_login

NOTE = "企业补充：电池包为 18650 三元"


def _ui(c: TestClient, who: str, lang: str = "zh") -> TestClient:
    ui = TestClient(c.app)
    assert form_login(ui, who).status_code == 303
    ui.cookies.set("lang", lang)
    return ui


def test_the_reviewers_are_shown_and_the_revision_starts_from_the_last_plan(domain_client: TestClient,
                                                                            domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, as_, until="submit_plan")
    step(c, as_("coord-assoc"), eng, "reject_plan", {"opinion": "缺少温升测试", "reviewers": ["王评审", "李评审"]})
    for who in ("coord-center", "ent-a"):
        page = unescape(_ui(c, who).get(f"/engagements/{eng}").text)
        plan = re.search(r'id="plan-on-record".*?</section>', page, re.S)
        assert plan and "王评审" in plan.group(0) and "李评审" in plan.group(0), who
    english = unescape(_ui(c, "ent-a", "en").get(f"/engagements/{eng}").text)
    plan = re.search(r'id="plan-on-record".*?</section>', english, re.S)
    assert plan and "Reviewers" in plan.group(0) and "王评审" in plan.group(0)
    page = unescape(_ui(c, "coord-center").get(f"/engagements/{eng}").text)
    form = re.search(r'data-step="resubmit_plan".*?</form>', page, re.S)
    assert form, "the center may resubmit"
    box = re.search(r'<textarea name="plan"[^>]*>(.*?)</textarea>', form.group(0), re.S)
    assert box and box.group(1).strip() == "按第8.2条试验", box and box.group(1)


def test_the_rematch_note_is_shown_on_the_review_and_to_the_enterprise(domain_client: TestClient,
                                                                       domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = submitted_need(c, as_("ent-a"))
    version = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()["version"]
    done = c.post(f"/api/v1/reviews/{review_id}/rematch", headers=as_("coord-assoc"),
                  json={"note": NOTE, "version": version})
    assert done.status_code == 200, done.text
    for lang in ("zh", "en"):
        page = unescape(_ui(c, "coord-assoc", lang).get(f"/review/{review_id}").text)
        assert NOTE in page, lang
        mine = unescape(_ui(c, "ent-a", lang).get("/needs").text)
        assert NOTE in mine, (lang, re.findall(r'match-progress.*?</p>|rematch.*?</p>', mine, re.S))
    result = c.get(f"/api/v1/needs/{need_id}/result", headers=as_("ent-a"))
    assert result.status_code == 200, result.text
    assert result.json()["progress"]["rematch_note"] == NOTE
