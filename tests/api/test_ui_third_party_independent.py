"""A third-party evaluation names an independent evaluator (a new user's trial, 2026-11-29: the rating page let the
evaluator be "未指定（记为本组织）", so the association became the third party, and its dropdown listed the evaluated
center, the association and the bureau, refused only once sent). Seed 001 §5.2.3 (independence) and §5.2.7: the
association evaluates as the second party; a third party is neither it, nor the provider, nor its supervisor. The
page lists only eligible bodies, refuses a run naming none on ``evaluator_org_id`` citing the clause, and takes an
outside evaluation body by name; the API refuses the same. The rule is ``evaluation.independence``'s."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.api.apihelpers import World, assert_error, login
from tests.api.domainhelpers import Logins
from tests.api.formhelpers import form_error, form_error_field
from tests.api.test_ui_rating import CENTER, _as, _example, _runs, _typed


def test_only_independent_bodies_are_offered_and_one_must_be_named(domain_client: TestClient,
                                                                   domain_world: World) -> None:
    c = domain_client
    assoc = login(c, "coord-assoc")
    page = _as(c, assoc, "GET", f"/evaluation/{CENTER}/rate?period=2024&party=third")
    select = page.text.split('name="evaluator_org_id"', 1)[1].split("</select>", 1)[0]
    offered = dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select))
    assert domain_world.orgs["center"] not in offered and domain_world.orgs["assoc"] not in offered
    assert "记为本组织" not in page.text and 'name="evaluator_name"' in page.text
    typed = _typed(page.text, _example())
    before = _runs(domain_world)
    unnamed = _as(c, assoc, "POST", f"/evaluation/{CENTER}/rating-runs",
                  data={"period": "2024", "party": "third", **typed})
    assert unnamed.status_code == 303 and form_error_field(unnamed) == "evaluator_org_id"
    assert "§5.2.3" in form_error(unnamed)
    itself = _as(c, assoc, "POST", f"/evaluation/{CENTER}/rating-runs",
                 data={"period": "2024", "party": "third", "evaluator_org_id": domain_world.orgs["assoc"], **typed})
    assert form_error_field(itself) == "evaluator_org_id" and "第二方" in form_error(itself)
    assert _runs(domain_world) == before
    done = _as(c, assoc, "POST", f"/evaluation/{CENTER}/rating-runs",
               data={"period": "2024", "party": "third", "evaluator_name": "江苏省质量评价研究院", **typed})
    assert done.status_code == 303 and not form_error(done), form_error(done)
    latest = c.get(f"/api/v1/centers/{CENTER}/evaluations/latest", headers=Logins(c)("coord-assoc")).json()
    assert latest["party"] == "third" and latest["evaluator"]["name"] == "江苏省质量评价研究院"
    assert latest["evaluator"]["org"] is None


def test_the_api_refuses_a_third_party_run_naming_no_evaluator(domain_client: TestClient,
                                                               domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    none = c.post("/api/v1/evaluations", headers=as_("coord-assoc"),
                  json={"center_id": CENTER, "period": "2024", "party": "third"})
    assert assert_error(none, 400)["field"] == "evaluator_org_id"
    assoc = c.post("/api/v1/evaluations", headers=as_("coord-assoc"),
                   json={"center_id": CENTER, "period": "2024", "evaluator_org_id": domain_world.orgs["assoc"]})
    assert assert_error(assoc, 400)["field"] == "evaluator_org_id"
    named = c.post("/api/v1/evaluations", headers=as_("coord-assoc"),
                   json={"center_id": CENTER, "period": "2024", "party": "third",
                         "evaluator_name": "江苏省质量评价研究院"})
    assert named.status_code == 201, named.text
    assert named.json()["evaluator"]["name"] == "江苏省质量评价研究院"
