"""A complaint is closed by the enterprise, or by the association after the confirmation period (issue 30, item 2), by
the API: the provider's handling awaits the enterprise's confirmation; the enterprise confirms it or reopens it with
its reason; each side hears what it must act on; the history holds both sides. The engagement page's forms:
tests/api/test_ui_complaint_page.py."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from authz.principal import Principal
from authz.vocab import OrgKind, Role
from core import china_time
from core.db import session_scope
from flows import engagements as engagements_flow
from flows.announce import OUTBOX
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, engagement_until


def _notices(c: TestClient, headers: dict[str, str], kind: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = c.get("/api/v1/inbox", headers=headers).json()["items"]
    return [n for n in items if n["kind"] == kind]


def _complaint(c: TestClient, as_: Logins) -> tuple[str, int]:
    eng = engagement_until(c, as_, until="submit_results")
    filed = c.post(f"/api/v1/engagements/{eng}/feedback", headers=as_("ent-a"), json={"complaint": "报告晚了一周"})
    assert filed.status_code == 201, filed.text
    assert filed.json()["complaint_state"] == "open"
    return eng, int(filed.json()["id"])


def test_the_enterprise_reopens_then_confirms_and_each_side_is_told(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    ent, center, assoc = as_("ent-a"), as_("coord-center"), as_("coord-assoc")
    eng, fid = _complaint(c, as_)
    base = f"/api/v1/engagements/{eng}/complaints/{fid}"
    handled = c.post(f"{base}/handling", headers=center, json={"handling": "已致歉并补寄纸质报告", "resolved": True})
    assert handled.status_code == 200, handled.text
    assert handled.json()["complaint_state"] == "handled" and handled.json()["closed_at"] is None
    [asked] = _notices(c, ent, "complaint_handled")
    confirm_by = (china_time.today() + timedelta(days=15)).isoformat()
    assert confirm_by in asked["title_zh"] or (china_time.today() + timedelta(days=16)).isoformat() in asked["title_zh"]

    # The provider cannot close its own complaint, nor answer for the enterprise.
    assert c.post(f"{base}/confirm", headers=center, json={}).status_code == 403
    assert c.post(f"{base}/reopen", headers=center, json={"reason": "x"}).status_code == 403
    no_reason = c.post(f"{base}/reopen", headers=ent, json={})
    assert no_reason.status_code == 422
    reopened = c.post(f"{base}/reopen", headers=ent, json={"reason": "纸质报告仍未收到"})
    assert reopened.status_code == 200, reopened.text
    assert reopened.json()["complaint_state"] == "open" and reopened.json()["resolved"] is False
    # The provider and the association are told to handle it again, on the complaint's own notice.
    for who in (center, assoc):
        again = [n for n in _notices(c, who, "complaint") if "不满意" in n["title_zh"]]
        assert len(again) == 1 and again[0]["link"] == f"/engagements/{eng}#feedback"
    confirm_early = c.post(f"{base}/confirm", headers=ent, json={})
    assert confirm_early.status_code == 409 and confirm_early.json()["error"]["field"] == "complaint_state"

    assert c.post(f"{base}/handling", headers=center,
                  json={"handling": "已专人送达并签收", "resolved": True}).status_code == 200
    closed = c.post(f"{base}/confirm", headers=ent, json={"note": "已收到"})
    assert closed.status_code == 200, closed.text
    body = closed.json()
    assert body["complaint_state"] == "closed" and body["closed_how"] == "confirm"
    assert [h["step"] for h in body["handling_history"]] == ["handle", "reopen", "handle", "confirm"]
    assert body["handling_history"][1]["handling"] == "纸质报告仍未收到"
    assert body["handling_history"][1]["handled_by"] != body["handling_history"][0]["handled_by"]  # both sides
    told = _notices(c, center, "complaint_closed")
    assert len(told) == 1 and "已确认" in told[0]["title_zh"]
    assert _notices(c, ent, "complaint_closed") == []  # the enterprise closed it itself
    assert c.post(f"{base}/reopen", headers=ent, json={"reason": "再议"}).status_code == 409  # closed is final
    shown = c.get(f"/api/v1/engagements/{eng}", headers=assoc).json()["feedback"]
    assert [f["complaint_state"] for f in shown if f["complaint"]] == ["closed"]


def test_the_association_closes_it_after_the_period_and_not_before(domain_client: TestClient,
                                                                   domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    ent, center, assoc = as_("ent-a"), as_("coord-center"), as_("coord-assoc")
    eng, fid = _complaint(c, as_)
    base = f"/api/v1/engagements/{eng}/complaints/{fid}"
    early_open = c.post(f"{base}/close", headers=assoc, json={})
    assert early_open.status_code == 409 and early_open.json()["error"]["field"] == "complaint_state"
    assert c.post(f"{base}/handling", headers=center, json={"handling": "已重新出具报告"}).status_code == 200
    running = c.post(f"{base}/close", headers=assoc, json={})
    assert running.status_code == 409 and running.json()["error"]["code"] == "confirmation_period_running"
    assert c.post(f"{base}/close", headers=center, json={}).status_code == 403
    assert c.post(f"{base}/close", headers=ent, json={}).status_code == 403
    later = china_time.today() + timedelta(days=17)  # past the default 15 days, whatever the hour in China
    # The API counts from today; the flow it calls takes the day, so a day past the period is handed in here.
    coordinator = Principal(org_id=domain_world.orgs["assoc"], org_kind=OrgKind.association, org_name="质量协会",
                            role=Role.association_coordinator, via="session", user_id=domain_world.users["coord-assoc"],
                            username="coord-assoc", association_id=domain_world.orgs["assoc"])
    with session_scope(domain_world.settings) as session:
        closed = engagements_flow.close_complaint(session=session, principal=coordinator, engagement_id=eng,
                                                  feedback_id=fid, today=later, outbox=OUTBOX)
    assert closed.complaint_state == "closed" and closed.closed_how == "close_lapsed"
    shown = [f for f in c.get(f"/api/v1/engagements/{eng}", headers=ent).json()["feedback"] if f["complaint"]]
    assert shown[0]["closed_how"] == "close_lapsed" and shown[0]["closed_by"].startswith("association_coordinator")
    # Both sides learn it was closed by the association after the period.
    assert ["协会关闭" in n["title_zh"] for n in _notices(c, ent, "complaint_closed")] == [True]
    assert ["协会关闭" in n["title_zh"] for n in _notices(c, center, "complaint_closed")] == [True]
