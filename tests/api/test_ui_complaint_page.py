"""The engagement page's complaint forms (issue 30, item 2), the same use cases as the API's: the enterprise reads the
state and the day it has to answer by, reopens the complaint with its reason (refused without one, the field named)
and confirms the handling; the history names both sides' steps; the association has no close button while the period
runs."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.domainhelpers import Logins
from tests.api.formhelpers import form_error, form_error_field
from tests.api.test_api_complaint_closing import _complaint
from tests.api.uihelpers import form_login


def test_the_engagement_page_confirms_and_reopens_as_the_api_does(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    center = as_("coord-center")
    eng, fid = _complaint(c, as_)
    assert c.post(f"/api/v1/engagements/{eng}/complaints/{fid}/handling", headers=center,
                  json={"handling": "已致歉并补寄纸质报告", "resolved": True}).status_code == 200
    ui = TestClient(c.app)
    assert form_login(ui, "ent-a").status_code == 303
    page = ui.get(f"/engagements/{eng}").text
    assert "已处理，待企业确认" in page and 'class="complaint-confirm-form"' in page
    assert 'class="stack complaint-reopen-form"' in page and "请在" in page
    # A reopening without a reason: the error names the field, the page keeps what was typed (ui_console.js).
    empty = ui.post(f"/engagements/{eng}/complaints/{fid}/reopen", data={"reason": " "}, follow_redirects=False)
    assert empty.status_code == 303 and form_error_field(empty) == "reason" and form_error(empty)
    reopened = ui.post(f"/engagements/{eng}/complaints/{fid}/reopen", data={"reason": "纸质报告仍未收到"},
                       follow_redirects=False)
    assert reopened.status_code == 303 and not form_error(reopened)
    assert c.post(f"/api/v1/engagements/{eng}/complaints/{fid}/handling", headers=center,
                  json={"handling": "已专人送达", "resolved": True}).status_code == 200
    confirmed = ui.post(f"/engagements/{eng}/complaints/{fid}/confirm", data={}, follow_redirects=False)
    assert confirmed.status_code == 303 and not form_error(confirmed)
    page = ui.get(f"/engagements/{eng}").text
    assert "已关闭" in page and "complaint-confirm-form" not in page
    # The history, both sides, in words.
    for words in ("企业不满意，重新投诉", "纸质报告仍未收到", "企业确认处理结果", "登记处理结果（已解决）"):
        assert words in page, words
    # The association sees no close button while the period runs; the center no confirm button ever.
    assert form_login(ui, "coord-assoc").status_code == 303
    assert "complaint-close-form" not in ui.get(f"/engagements/{eng}").text
