"""Need-to-know over HTTP (issue 12 step 3): the enterprise opens its need's details to the accepted provider by the
API and closes them on its 'my needs' page, with the status each refusal answers. The use case itself (nobody to open
to before acceptance, who decides, what the center reads, the grants and the audit log) is
tests/flows/test_disclosure.py's."""

from __future__ import annotations

from fastapi.testclient import TestClient

from accounts import service as auth
from core.db import session_scope
from tests.api.apihelpers import World, assert_error, bearer
from tests.api.domainhelpers import Logins, submitted_need
from tests.api.formhelpers import form_error
from tests.api.uihelpers import form_login

SECRET = "PROJECT-OSPREY"


def test_the_enterprise_opens_and_closes_the_details_to_the_accepted_provider(domain_client: TestClient,
                                                                              domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    a, center, coordinator = as_("ent-a"), as_("coord-center"), as_("coord-assoc")
    need_id, review_id = submitted_need(c, a, confidential=True, redactions=[SECRET],
                                        text=f"{SECRET}电芯针刺后热失控，需要按GB 38031做热失控试验")
    # Before a provider is accepted there is nobody to open them to.
    assert_error(c.post(f"/api/v1/needs/{need_id}/details/open", headers=a), 409, "no_accepted_center")
    review = c.get(f"/api/v1/reviews/{review_id}", headers=coordinator).json()
    accepted = c.post(f"/api/v1/reviews/{review_id}/accept", headers=coordinator,
                      json={"center_id": "qic-js-battery", "version": review["version"]})
    assert accepted.status_code == 200, accepted.text

    # Nobody but the enterprise's people (or an admin) decides: not its key, not the association, not another tenant.
    with session_scope(domain_world.settings) as session:
        key = auth.create_api_key(session=session, org_id=domain_world.orgs["a"], name="erp",
                                  scopes=["needs:read", "needs:write"]).secret
    assert_error(c.post(f"/api/v1/needs/{need_id}/details/open", headers=bearer(key)), 403)
    assert_error(c.post(f"/api/v1/needs/{need_id}/details/open", headers=coordinator), 403)
    assert_error(c.post(f"/api/v1/needs/{need_id}/details/open", headers=center), 403)
    assert_error(c.post(f"/api/v1/needs/{need_id}/details/open", headers=as_("ent-b")), 404)

    opened = c.post(f"/api/v1/needs/{need_id}/details/open", headers=a)
    assert opened.status_code == 200, opened.text
    assert opened.json()["center_id"] == "qic-js-battery" and opened.json()["basis"] == "enterprise"
    assert SECRET in c.get(f"/api/v1/needs/{need_id}", headers=center).text
    grants = c.get(f"/api/v1/needs/{need_id}/details/grants", headers=a)
    assert grants.status_code == 200 and [g["center_id"] for g in grants.json()] == ["qic-js-battery"]
    assert_error(c.get(f"/api/v1/needs/{need_id}/details/grants", headers=as_("ent-b")), 404)

    # Closed again on the 'my needs' page.
    ui = TestClient(c.app)
    assert form_login(ui, "ent-a").status_code == 303
    page = ui.get("/needs").text
    assert f'action="/needs/{need_id}/details/close"' in page
    closed = ui.post(f"/needs/{need_id}/details/close", follow_redirects=False)
    assert closed.status_code == 303 and not form_error(closed)
    assert SECRET not in c.get(f"/api/v1/needs/{need_id}", headers=center).text
    assert f'action="/needs/{need_id}/details/open"' in ui.get("/needs").text
