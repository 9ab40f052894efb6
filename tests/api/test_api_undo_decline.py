"""A wrong decline undone over HTTP and on the review page (issue 30, item 3): the statuses each door answers (a
declined center's acceptance 409, a center's undo refused, an undo twice 409 naming ``center_id``) and the page's
form. The rules (the record kept with who undid it, a stale version, the center accepted afterwards) are
tests/flows/test_reviews.py's."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, submitted_need
from tests.api.formhelpers import form_error
from tests.api.uihelpers import form_login


def _decline(c: TestClient, headers: dict[str, str], review_id: str, center: str) -> dict:
    version = c.get(f"/api/v1/reviews/{review_id}", headers=headers).json()["version"]
    answer = c.post(f"/api/v1/reviews/{review_id}/reject", headers=headers,
                    json={"reason": "not_suitable", "text": "点错了", "center_id": center, "version": version})
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def test_a_decline_is_undone_by_the_association_by_the_api(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    assoc = as_("coord-assoc")
    _, review_id = submitted_need(c, as_("ent-a"))
    center = c.get(f"/api/v1/reviews/{review_id}", headers=assoc).json()["proposals"][0]["center_id"]
    declined = _decline(c, assoc, review_id, center)
    assert [d["center_id"] for d in declined["declined"]] == [center]
    refused = c.post(f"/api/v1/reviews/{review_id}/accept", headers=assoc,
                     json={"center_id": center, "version": declined["version"]})
    assert refused.status_code == 409  # declined: not accepted

    by_center = c.post(f"/api/v1/reviews/{review_id}/undo-decline", headers=as_("coord-center"),
                       json={"center_id": center, "version": declined["version"]})
    assert by_center.status_code in (403, 404)
    undone = c.post(f"/api/v1/reviews/{review_id}/undo-decline", headers=assoc,
                    json={"center_id": center, "version": declined["version"]})
    assert undone.status_code == 200, undone.text
    assert undone.json()["declined"] == [] and undone.json()["version"] == declined["version"] + 1
    again = c.post(f"/api/v1/reviews/{review_id}/undo-decline", headers=assoc,
                   json={"center_id": center, "version": undone.json()["version"]})
    assert again.status_code == 409 and again.json()["error"]["field"] == "center_id"


def test_the_review_page_undoes_a_decline_as_the_api_does(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"))
    assoc = as_("coord-assoc")
    center = c.get(f"/api/v1/reviews/{review_id}", headers=assoc).json()["proposals"][0]["center_id"]
    declined = _decline(c, assoc, review_id, center)
    ui = TestClient(c.app)
    assert form_login(ui, "coord-assoc").status_code == 303
    page = ui.get(f"/review/{review_id}").text
    assert 'class="undo-decline-form"' in page and "确定撤销对「" in page
    done = ui.post(f"/review/{review_id}/undo-decline", data={"center_id": center, "version": declined["version"]},
                   follow_redirects=False)
    assert done.status_code == 303 and not form_error(done)
    assert c.get(f"/api/v1/reviews/{review_id}", headers=assoc).json()["declined"] == []
    twice = ui.post(f"/review/{review_id}/undo-decline",
                    data={"center_id": center, "version": declined["version"] + 1}, follow_redirects=False)
    assert "撤销" in form_error(twice) or "no standing decline" in form_error(twice)
