"""Typical cases (issue 14 step 7): after acceptance the client may show its engagement, redacted, among its provider's
typical cases, and withdraw that; the public catalog shows the need as it was published and nothing else of the
engagement; nobody but the client may decide, and not before acceptance."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.apihelpers import World, assert_error, bearer
from tests.api.domainhelpers import AGREEMENT, Logins, engagement_until
from tests.api.uihelpers import form_login

CENTER = "qic-js-battery"


def _public_cases(c: TestClient) -> list[dict[str, object]]:
    answer = c.get(f"/api/v1/centers/{CENTER}")
    assert answer.status_code == 200, answer.text
    cases: list[dict[str, object]] = answer.json()["cases"]
    return cases


def test_a_client_shows_and_withdraws_a_typical_case(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    ent = as_("ent-a")
    early = engagement_until(c, as_, until="submit_results")
    assert_error(c.post(f"/api/v1/engagements/{early}/case", headers=ent, json={"public": True}), 409)
    eng = engagement_until(c, as_)
    assert _public_cases(c) == []
    # Only the client decides: the center, the association and another enterprise are refused.
    for who, status in (("coord-center", 403), ("coord-assoc", 403), ("ent-b", 404)):
        assert_error(c.post(f"/api/v1/engagements/{eng}/case", headers=as_(who), json={"public": True}), status)
    assert _public_cases(c) == []

    shown = c.post(f"/api/v1/engagements/{eng}/case", headers=ent, json={"public": True})
    assert shown.status_code == 200 and shown.json()["public"] is True, shown.text
    [case] = _public_cases(c)
    public_need = c.get(f"/api/v1/engagements/{eng}", headers=ent).json()
    assert public_need["case_public"] is True
    assert set(case) == {"title", "summary", "service_types", "industry", "region", "closed_on"}
    text = str(case)
    for private in (AGREEMENT["price_yuan"], AGREEMENT["client_party"], "按第8.2条试验", "报告已交付"):
        assert private not in text, private
    page = c.get(f"/centers/{CENTER}").text
    assert "典型案例" in page and str(case["title"]) in page
    # Association websites read the same case in their feed of providers.
    fed = c.get("/api/v1/feed/providers?limit=100", headers=bearer(domain_world.keys["site"]))
    assert fed.status_code == 200, fed.text
    assert [p["cases"] for p in fed.json()["items"] if p["id"] == CENTER] == [[case]]

    # On the engagement page the client withdraws it; the catalog no longer shows it.
    ui = TestClient(c.app)
    assert form_login(ui, "ent-a").status_code == 303
    assert "case-consent" in ui.get(f"/engagements/{eng}").text
    withdrawn = ui.post(f"/engagements/{eng}/case", data={"public": "false"}, follow_redirects=False)
    assert withdrawn.status_code == 303 and "error" not in withdrawn.headers["location"]
    assert _public_cases(c) == [] and "典型案例" not in c.get(f"/centers/{CENTER}").text
