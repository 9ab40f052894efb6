"""Needs offered to providers over HTTP and on the provider's page (issue 28, item 6): ``GET
/api/v1/centers/{id}/opportunities`` and ``POST …/{need_id}/help`` answer as the flow decides (its own center's
coordinator and the association read, another center's coordinator 403, an enterprise 403, an unknown center 404, a
note too long 422 naming ``note``), the association reads the "can help" on the need's review and its queue, and the
page shows the same. The rules are tests/flows/test_opportunities.py's; Chromium is
test_ui_opportunities_browser.py's."""

from __future__ import annotations

from fastapi.testclient import TestClient

from accounts import service as auth
from accounts.vocab import OrgKind, Role
from core.db import session_scope
from tests.api.apihelpers import PASSWORD, World
from tests.api.domainhelpers import Logins, submitted_need
from tests.api.formhelpers import form_error
from tests.api.uihelpers import form_login

CENTER = "qic-js-battery"
BASE = f"/api/v1/centers/{CENTER}/opportunities"


def _other_center(world: World) -> None:
    with session_scope(world.settings) as session:
        org = auth.create_org(session=session, kind=OrgKind.center, name="稀土中心", center_id="met-jx-rare")
        auth.create_user(session=session, org_id=org.id, username="coord-rare", password=PASSWORD,
                         role=Role.center_coordinator)


def test_a_provider_reads_its_opportunities_and_says_it_can_help(domain_client: TestClient,
                                                                  domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = submitted_need(c, as_("ent-a"))
    mine = c.get(BASE, headers=as_("coord-center"))
    assert mine.status_code == 200, mine.text
    [found] = mine.json()
    assert found["need"]["id"] == need_id and found["fit"] >= 50 and found["proposed"] is True
    assert set(found["need"]) == {"id", "title", "summary", "product", "service_types", "industry", "region",
                                  "budget_band", "deadline", "confidential", "published_at"}  # the public view only
    assert found["experts"] and found["offered_at"].endswith(("Z", "+00:00"))
    assert [o["need"]["id"] for o in c.get(BASE, headers=as_("coord-assoc")).json()] == [need_id]

    _other_center(domain_world)
    other = c.get(BASE, headers=as_("coord-rare"))
    assert other.status_code == 403 and other.json()["error"]["field"] == "center_id"
    assert c.get(BASE, headers=as_("ent-a")).status_code == 403
    assert c.get("/api/v1/centers/no-such/opportunities", headers=as_("coord-assoc")).status_code == 404
    assert c.post(f"{BASE}/{need_id}/help", headers=as_("coord-rare"), json={}).status_code == 403
    assert c.post(f"{BASE}/{need_id}/help", headers=as_("ent-a"), json={}).status_code == 403

    too_long = c.post(f"{BASE}/{need_id}/help", headers=as_("coord-center"), json={"note": "长" * 501})
    assert too_long.status_code == 422 and "note" in too_long.text
    unknown = c.post(f"{BASE}/no-such-need/help", headers=as_("coord-center"), json={})
    assert unknown.status_code == 404 and unknown.json()["error"]["field"] == "need_id"
    said = c.post(f"{BASE}/{need_id}/help", headers=as_("coord-center"), json={"note": "两周内可安排"})
    assert said.status_code == 200, said.text
    assert said.json()["help_note"] == "两周内可安排"
    [helper] = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()["can_help"]
    assert (helper["center_id"], helper["note"]) == (CENTER, "两周内可安排")


def test_the_page_lists_them_and_the_association_sees_the_offer(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = submitted_need(c, as_("ent-a"))
    ui = TestClient(c.app)
    assert form_login(ui, "coord-center").status_code == 303
    page = ui.get(f"/centers/{CENTER}/opportunities")
    assert page.status_code == 200 and f'data-need="{need_id}"' in page.text and "可承接需求" in page.text
    # proposed by the matcher while the association's review is pending: never said to be the association's choice
    # (a new user's trial, 2026-11-30: "协会已向贵机构推荐此需求" while the review was 待审核)
    assert "协会已向贵机构推荐" not in page.text and "由协会审核后决定" in page.text
    assert f'href="/centers/{CENTER}/opportunities"' in page.text  # in the navigation
    done = ui.post(f"/centers/{CENTER}/opportunities/{need_id}/help", data={"note": "设备空闲"},
                   follow_redirects=False)
    assert done.status_code == 303 and not form_error(done)
    assert "已表示可以承接" in ui.get(f"/centers/{CENTER}/opportunities").text
    assert ui.get("/centers/met-jx-rare/opportunities").status_code == 403

    assoc = TestClient(c.app)
    assert form_login(assoc, "coord-assoc").status_code == 303
    review = assoc.get(f"/review/{review_id}").text
    assert 'id="can-help"' in review and "设备空闲" in review
    assert "主动表示可以承接的机构 1" in assoc.get("/review").text


def test_the_review_decisions_are_read_as_labels(domain_client: TestClient) -> None:
    """``GET /api/v1/reviews/labels``: the records ``innodock match labels`` writes (issue 28, item 4); the
    association's, not a center's; a decline undone is none."""
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = submitted_need(c, as_("ent-a"))
    assoc = as_("coord-assoc")
    version = c.get(f"/api/v1/reviews/{review_id}", headers=assoc).json()["version"]
    declined = c.post(f"/api/v1/reviews/{review_id}/reject", headers=assoc,
                      json={"reason": "not_suitable", "center_id": CENTER, "version": version})
    assert declined.status_code == 200, declined.text
    [record] = c.get("/api/v1/reviews/labels", headers=assoc).json()
    assert (record["need_id"], record["center_id"], record["label"]) == (need_id, CENTER, "negative")
    assert c.get("/api/v1/reviews/labels", headers=as_("coord-center")).status_code == 403
    undone = c.post(f"/api/v1/reviews/{review_id}/undo-decline", headers=assoc,
                    json={"center_id": CENTER, "version": declined.json()["version"]})
    assert undone.status_code == 200, undone.text
    assert c.get("/api/v1/reviews/labels", headers=assoc).json() == []
