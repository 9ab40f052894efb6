"""The improvement loop over HTTP and on the provider's page (issue 14 step 6): a failed rating run posted to the API
leaves findings and a proposal; the association accepts it on the page; the center sets and reports its actions on
the page; the association re-checks there; and each refusal answers its status (the center's own re-check 403, another
center's findings 403, another center's finding 404 as a missing one, a stale version 409, a moved clock 403). The
loop's rules, its inbox notices and the daily reminder of an overdue action are tests/flows/test_improvement.py's."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from accounts import service as auth
from accounts.vocab import OrgKind, Role
from api.pages.ui_i18n import MERGED
from core import china_time
from core.db import session_scope
from inbox.schemas import NoticeKind
from tests.api.apihelpers import PASSWORD, World, assert_error
from tests.api.domainhelpers import Logins
from tests.api.formhelpers import form_error
from tests.api.uihelpers import form_login
from tests.providers.providerhelpers import scaled_inputs

CENTER = "qic-js-battery"


def _findings(c: TestClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    answer = c.get(f"/api/v1/providers/{CENTER}/findings", headers=headers)
    assert answer.status_code == 200, answer.text
    found: list[dict[str, Any]] = answer.json()
    return found


def test_the_loop_by_api_and_on_the_page(client: TestClient, world: World) -> None:
    c, as_ = client, Logins(client)
    assoc, center = as_("coord-assoc"), as_("coord-center")
    run = c.post("/api/v1/evaluations", headers=assoc,
                 json={"center_id": CENTER, "period": "2026", "inputs": scaled_inputs(CENTER, 0.2)})
    assert run.status_code == 201, run.text
    assert run.json()["counts_as_rating"] and run.json()["complete"]
    found = _findings(c, center)
    assert found and all(f["state"] == "open" and f["score"] < 60 for f in found)
    proposals = c.get("/api/v1/providers/proposals", headers=assoc).json()
    assert [p["transition"] for p in proposals if p["center_id"] == CENTER] == ["order_rectification"]

    # The association accepts the proposal on the provider's page.
    ui_assoc, ui_center = TestClient(c.app), TestClient(c.app)
    assert form_login(ui_assoc, "coord-assoc").status_code == 303
    assert form_login(ui_center, "coord-center").status_code == 303
    page = ui_assoc.get(f"/providers/{CENTER}").text
    assert "待协会决定的提议" in page and "责令限期整改" in page and "评价发现的整改项" in page
    proposal_id = re.search(r'data-proposal="(\d+)"', page)
    assert proposal_id
    decided = ui_assoc.post(f"/providers/{CENTER}/proposals/{proposal_id.group(1)}/decide", follow_redirects=False,
                            data={"accept": "true", "decided_on": china_time.today().isoformat(),
                                  "decision_document": "苏质协〔2026〕21号"})
    assert decided.status_code == 303 and "error" not in decided.headers["location"], decided.headers["location"]
    life = c.get(f"/api/v1/providers/{CENTER}", headers=assoc).json()["lifecycle"]
    assert life["state"] == "rectifying" and life["events"][-1]["decision_document"] == "苏质协〔2026〕21号"

    # The center sets the action on its page; a deadline in the past is refused with the reason, and nothing moves.
    first = found[0]
    page = ui_center.get(f"/providers/{CENTER}").text
    assert "finding-plan" in page and "finding-recheck" not in page  # the center never re-checks itself
    # The plan's date field ends at the rectification deadline, as the rule does (providers.improvement.step).
    deadline = life["rectification_deadline"]
    assert deadline and f'name="due_on" value="" max="{deadline}" required' in page
    step = f"/providers/{CENTER}/findings/{first['id']}/step"
    past = ui_center.post(step, follow_redirects=False, data={
        "step": "plan_action", "version": 1, "action": "补充可靠性试验设备", "owner": "设备科 王工",
        "due_on": china_time.today().isoformat()})
    assert past.status_code == 303 and form_error(past)
    assert _findings(c, center)[0]["state"] == "open"
    # Nor can the clock be moved to pass the rule: another day on a write is an admin's backfill only.
    moved = c.post(f"/api/v1/providers/findings/{first['id']}/steps", headers=center,
                   params={"today": (china_time.today() - timedelta(days=30)).isoformat()},
                   json={"step": "plan_action", "version": 1, "action": "补充设备", "owner": "王工",
                         "due_on": (china_time.today() - timedelta(days=1)).isoformat()})
    assert_error(moved, 403)
    assert _findings(c, center)[0]["state"] == "open"
    due = (china_time.today() + timedelta(days=60)).isoformat()
    planned = ui_center.post(step, follow_redirects=False, data={
        "step": "plan_action", "version": 1, "action": "补充可靠性试验设备", "owner": "设备科 王工", "due_on": due})
    assert planned.status_code == 303 and "error" not in planned.headers["location"]
    assert ui_center.post(step, follow_redirects=False, data={"step": "report_done", "version": 2,
                                                              "note": "设备已采购并完成验收"}).status_code == 303
    # By API, the center's own re-check is refused; another center cannot see these findings at all.
    own = c.post(f"/api/v1/providers/findings/{first['id']}/steps", headers=center,
                 json={"step": "pass_recheck", "version": 3, "note": "自查通过"})
    assert_error(own, 403)
    assert c.get("/api/v1/providers/met-js-length/findings", headers=center).status_code == 403
    # Another center's finding is answered as a missing one, word for word (a tenant object stays 404).
    with session_scope(world.settings) as session:
        org = auth.create_org(session=session, kind=OrgKind.center, name="另一中心", center_id="met-jx-rare")
        auth.create_user(session=session, org_id=org.id, username="coord-center-2", password=PASSWORD,
                         role=Role.center_coordinator)
    stranger = c.post(f"/api/v1/providers/findings/{first['id']}/steps", headers=as_("coord-center-2"),
                      json={"step": "report_done", "version": 3, "note": "x"})
    missing = c.post("/api/v1/providers/findings/999999/steps", headers=as_("coord-center-2"),
                     json={"step": "report_done", "version": 3, "note": "x"})
    assert stranger.status_code == missing.status_code == 404
    assert stranger.json()["error"]["message"].replace(str(first["id"]), "N") == \
        missing.json()["error"]["message"].replace("999999", "N")
    stale = c.post(f"/api/v1/providers/findings/{first['id']}/steps", headers=assoc,
                   json={"step": "pass_recheck", "version": 2, "note": "复核通过"})
    assert_error(stale, 409)
    assert _findings(c, assoc)[0]["state"] == "reported"

    # The association re-checks on the page: the record shows each step.
    page = ui_assoc.get(f"/providers/{CENTER}").text
    assert "finding-recheck" in page and "设备已采购并完成验收" in page
    passed = ui_assoc.post(step, follow_redirects=False, data={"step": "pass_recheck", "version": 3,
                                                               "note": "现场核查设备到位"})
    assert passed.status_code == 303 and "error" not in passed.headers["location"]
    record = next(f for f in _findings(c, assoc) if f["id"] == first["id"])
    assert record["state"] == "closed"
    assert [e["step"] for e in record["events"]] == ["found", "plan_action", "report_done", "pass_recheck"]
    assert "复核通过" in ui_center.get(f"/providers/{CENTER}?lang=zh").text


def test_every_kind_of_notice_has_a_label_in_both_languages() -> None:
    """The inbox page names each notice's kind (``t['kind_' ~ kind]``): a kind without a label showed nothing."""
    for lang in ("zh", "en"):
        assert all(MERGED[lang].get(f"kind_{k.value}") for k in NoticeKind), lang
