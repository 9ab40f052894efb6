"""A complaint's notice asked the association to act and its page gave it nothing to act with (a new user's trial,
2026-11-30): the inbox said '「…」收到委托方投诉，请登记处理情况', and the engagement page had the handling form for the
center only. The docs (docs/workflow.md: "the provider (or the association) records its handling") and
authz.tables.COMPLAINT_STEP_ROLES give the association the handling: the page offers it the form, and its record
is the complaint's handling."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, engagement_until
from tests.api.uihelpers import form_login


def _notices(c: TestClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = c.get("/api/v1/inbox", headers=headers).json()["items"]
    return [n for n in items if n["kind"] == "complaint"]


def test_the_association_told_of_a_complaint_can_record_its_handling(domain_client: TestClient,
                                                                      domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    for until in ("submit_results", "pass_acceptance"):
        eng = engagement_until(c, as_, until=until)
        filed = c.post(f"/api/v1/engagements/{eng}/feedback", headers=as_("ent-a"),
                       json={"complaint": "报告寄错了地址"})
        assert filed.status_code == 201, filed.text
        fid = filed.json()["id"]
        told = [n for n in _notices(c, as_("coord-assoc")) if eng in n["link"]]
        assert told, until
        ui = TestClient(c.app)
        assert form_login(ui, "coord-assoc").status_code == 303
        page = ui.get(f"/engagements/{eng}").text
        assert f'action="/engagements/{eng}/complaints/{fid}/handling"' in page, until
        done = ui.post(f"/engagements/{eng}/complaints/{fid}/handling", data={"handling": "已协调重新寄送",
                                                                              "resolved": "true"},
                       follow_redirects=False)
        assert done.status_code == 303, until
        shown = c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()
        assert [f["complaint_state"] for f in shown["feedback"] if f["id"] == fid] == ["handled"], until
