"""Issue 12's bad input, each refused with a clear error and nothing changed, by the API and by the pages.

Covered elsewhere and not repeated here: files of a refused type, a path in a message's file name, too many files,
a file over the limit by the API and outsiders writing or downloading by the API (``test_api_messages``); another
enterprise's complaint by the API (``test_api_flows_parity``). Here: the pages' side of those, a path in a delivery
file's name, a re-dock of a closed need, and a center asking for a confidential need's details (which also leaves
an audit record that the refusal's rollback does not take away).
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.app import create_app
from api.config import ApiConfig
from authz import service as authz
from core.db import session_scope
from outbox.models import WebhookDelivery
from pipeline.models import EngagementFile, EngagementMessage, FeedbackRecord
from tests.api.apihelpers import TEST_BODY_LIMIT, World, assert_error
from tests.api.conftest import fake_matcher
from tests.api.domainhelpers import AGREEMENT, DELIVERY, Logins, accept_first, submitted_need
from tests.api.formhelpers import form_error
from tests.api.uihelpers import form_login
from tests.pipeline.test_pipeline_attachments import pdf

SECRET = "PROJECT-HERON"


def _engagement(c: TestClient, as_: Logins, *, confidential: bool = False) -> tuple[str, str]:
    fields: dict[str, Any] = {"confidential": True, "redactions": [SECRET]} if confidential else {}
    need_id, review_id = submitted_need(c, as_("ent-a"), text=f"{SECRET}电芯针刺后热失控，需要按GB 38031做热失控试验",
                                        **fields)
    return need_id, accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]


def _rows(world: World) -> dict[str, int]:
    with session_scope(world.settings) as session:
        return {model.__name__: session.scalar(select(func.count()).select_from(model)) or 0
                for model in (EngagementMessage, EngagementFile, FeedbackRecord, WebhookDelivery)}


def _page(c: TestClient, username: str) -> TestClient:
    page = TestClient(c.app)
    assert form_login(page, username).status_code == 303
    return page


def _refused_on_the_page(answer: Any) -> str:
    assert answer.status_code == 303 and form_error(answer), answer.headers.get("location")
    return str(answer.headers["location"])


def _step(c: TestClient, headers: dict[str, str], eng: str, transition: str, **payload: Any) -> None:
    version = c.get(f"/api/v1/engagements/{eng}", headers=headers).json()["version"]
    done = c.post(f"/api/v1/engagements/{eng}/transitions", headers=headers,
                  json={"transition": transition, "version": version, "payload": payload})
    assert done.status_code == 200, done.text


def test_the_pages_refuse_bad_files_outsiders_and_another_enterprises_complaint(domain_world: World) -> None:
    config = ApiConfig(deliver_in_process=False, max_body_bytes=TEST_BODY_LIMIT, upload_max_file_bytes=4096)
    with TestClient(create_app(domain_world.settings, config, matcher=fake_matcher())) as c:
        as_ = Logins(c)
        _need, eng = _engagement(c, as_)
        ent, outsider = _page(c, "ent-a"), _page(c, "ent-b")
        before = _rows(domain_world)
        for name, data in (("大.pdf", pdf() + b"0" * 5000), ("报告.pdf", b"MZ\x90\x00" + b"\x00" * 200),
                           ("../报告.pdf", pdf())):
            where = _refused_on_the_page(ent.post(f"/engagements/{eng}/messages", data={"body": "见附件"},
                                                  files=[("files", (name, data, "application/pdf"))],
                                                  follow_redirects=False))
            assert where == f"/engagements/{eng}"
        # Not a party: the engagement does not exist for it, on the page as by the API.
        assert outsider.post(f"/engagements/{eng}/messages", data={"body": "我也想参与"},
                             follow_redirects=False).status_code == 404
        assert outsider.post(f"/engagements/{eng}/feedback", data={"complaint": "冒名投诉"},
                             follow_redirects=False).status_code == 404
        assert_error(c.post(f"/api/v1/engagements/{eng}/feedback", headers=as_("ent-b"),
                            json={"complaint": "冒名投诉"}), 404)
        assert _rows(domain_world) == before
        assert c.get(f"/api/v1/engagements/{eng}/messages", headers=as_("ent-a")).json() == []
        assert c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()["feedback"] == []


def test_a_path_in_a_delivery_files_name_is_refused_and_the_step_not_taken(domain_client: TestClient,
                                                                          domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _need, eng = _engagement(c, as_)
    center = as_("coord-center")
    _step(c, as_("ent-a"), eng, "reach_agreement")
    _step(c, center, eng, "sign_agreement", agreement=AGREEMENT)
    _step(c, as_("ent-a"), eng, "countersign")
    _step(c, center, eng, "form_team", team={"lead": "exp-1", "members": ["exp-2"]})
    _step(c, center, eng, "submit_plan", plan="按第8.2条试验")
    _step(c, as_("coord-assoc"), eng, "approve_plan", opinion="可行")
    version = c.get(f"/api/v1/engagements/{eng}", headers=center).json()["version"]
    before = _rows(domain_world)
    # (An old browser's full Windows path, C:\…\报告.pdf, reaches us as 报告.pdf: the multipart parser keeps its
    # last part, so no path is ever stored either way.)
    for name in ("../../报告.pdf", "reports/报告.pdf", "..\\报告.pdf"):
        body = assert_error(c.post(f"/api/v1/engagements/{eng}/delivery", headers=center,
                                   data={"version": str(version), "note": "报告"},
                                   files=[("files", (name, pdf(), "application/pdf"))]), 400, "bad_file_name")
        assert body["field"] == "file"
    _refused_on_the_page(_page(c, "coord-center").post(
        f"/engagements/{eng}/delivery", data={"version": str(version), "note": "报告"},
        files=[("files", ("../报告.pdf", pdf(), "application/pdf"))], follow_redirects=False))
    assert _rows(domain_world) == before
    detail = c.get(f"/api/v1/engagements/{eng}", headers=center).json()
    assert (detail["state"], detail["version"], detail["deliveries"]) == ("delivering", version, [])


def test_a_closed_need_is_not_docked_again(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need_id, eng = _engagement(c, as_)
    ent, center, assoc = as_("ent-a"), as_("coord-center"), as_("coord-assoc")
    for who, transition, payload in (
            (ent, "reach_agreement", {}), (center, "sign_agreement", {"agreement": AGREEMENT}),
            (ent, "countersign", {}), (center, "form_team", {"team": {"lead": "exp-1", "members": ["exp-2"]}}),
            (center, "submit_plan", {"plan": "按第8.2条试验"}), (assoc, "approve_plan", {"opinion": "可行"}),
            (center, "submit_results", {"delivery": DELIVERY}),
            (ent, "pass_acceptance", {"reasons": ["报告完整"]})):
        _step(c, who, eng, transition, **payload)
    assert c.get(f"/api/v1/needs/{need_id}", headers=ent).json()["status"] == "closed"
    review_id = c.get("/api/v1/reviews?status=accepted", headers=assoc).json()["items"][0]["id"]
    review = c.get(f"/api/v1/reviews/{review_id}", headers=assoc).json()
    history = c.get(f"/api/v1/needs/{need_id}/history", headers=ent).json()
    before = _rows(domain_world)

    # The provider pulling out, the association ending it, a re-match, an assignment: none re-docks it.
    for who, transition in ((center, "withdraw"), (assoc, "terminate"), (ent, "withdraw")):
        refused = assert_error(c.post(f"/api/v1/engagements/{eng}/transitions", headers=who,
                                      json={"transition": transition, "version": 9,
                                            "payload": {"reason": "重新对接"}}), 409)
        assert refused["field"] == "transition"
    assert assert_error(c.post(f"/api/v1/reviews/{review_id}/rematch", headers=assoc,
                               json={"version": review["version"], "note": "重新对接"}), 409)["field"] == "status"
    assert assert_error(c.post(f"/api/v1/reviews/{review_id}/assign", headers=assoc,
                               json={"center_id": "met-jx-rare", "note": "重新对接", "version": review["version"]}),
                        409)["field"] == "status"
    assert assert_error(c.post(f"/api/v1/needs/{need_id}/withdraw", headers=ent), 409)["field"] == "status"
    # The pages say why, as the API does.
    page = _page(c, "coord-center")
    assert 'value="withdraw"' not in page.get(f"/engagements/{eng}").text
    _refused_on_the_page(page.post(f"/engagements/{eng}/advance", follow_redirects=False,
                                   data={"transition": "withdraw", "version": 9, "note": "重新对接"}))
    _refused_on_the_page(_page(c, "coord-assoc").post(f"/review/{review_id}/rematch", follow_redirects=False,
                                                      data={"version": review["version"], "note": "重新对接"}))

    assert _rows(domain_world) == before
    assert c.get(f"/api/v1/needs/{need_id}", headers=ent).json()["status"] == "closed"
    assert c.get(f"/api/v1/needs/{need_id}/history", headers=ent).json() == history
    after = c.get(f"/api/v1/reviews/{review_id}", headers=assoc).json()
    assert (after["status"], after["version"], len(after["rounds"])) == ("accepted", review["version"],
                                                                          len(review["rounds"]))
    assert c.get(f"/api/v1/engagements/{eng}", headers=ent).json()["state"] == "closed"


def test_a_center_asking_for_details_it_may_not_read_is_refused_and_audited(domain_client: TestClient,
                                                                           domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = submitted_need(c, as_("ent-a"), confidential=True, redactions=[SECRET],
                                        text=f"{SECRET}电芯针刺后热失控，需要按GB 38031做热失控试验")
    center = as_("coord-center")
    assert "qic-js-battery" in {p["center_id"] for p in c.get(f"/api/v1/reviews/{review_id}",
                                                               headers=center).json()["proposals"]}

    def refusals() -> list[tuple[str, str]]:
        with session_scope(domain_world.settings) as session:
            events, _ = authz.list_audit(session=session, limit=200, action="need.details", outcome="refused")
        return [(e.actor, e.target_id or "") for e in events if e.target_id == need_id]

    before = _rows(domain_world)
    for path in (f"/api/v1/needs/{need_id}", f"/api/v1/needs/{need_id}/history"):
        refused = assert_error(c.get(path, headers=center), 404)
        assert refused["field"] == "need_id" and SECRET not in str(refused)
    found = refusals()
    assert len(found) == 2 and all(actor.startswith("center_coordinator:coord-center@") for actor, _ in found)
    # Accepted but not yet opened to it: still refused, still on record. Another enterprise is simply told no.
    accept_first(c, as_("coord-assoc"), review_id)
    assert_error(c.get(f"/api/v1/needs/{need_id}", headers=center), 404)
    assert len(refusals()) == 3
    assert_error(c.get(f"/api/v1/needs/{need_id}", headers=as_("ent-b")), 404)
    assert len(refusals()) == 3
    assert _rows(domain_world)["FeedbackRecord"] == before["FeedbackRecord"]
    # The enterprise itself reads it, and is not on the refusal record.
    assert SECRET in c.get(f"/api/v1/needs/{need_id}", headers=as_("ent-a")).text
    assert len(refusals()) == 3
