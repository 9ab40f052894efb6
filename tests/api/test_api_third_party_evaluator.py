"""A third-party run assigned over HTTP (issue 29, item 3): ``evaluator_org_id`` names the evaluating organisation,
whose independence is checked — the provider itself is a 400 naming ``evaluator_org_id``, an unknown organisation a
404, nothing stored — and an independent one is recorded as the run's evaluator. The rule is
tests/flows/test_evaluator_independence.py's."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from accounts import service as auth
from authz.vocab import OrgKind
from core.db import session_scope
from evaluation.models import EvaluationRun
from tests.api.apihelpers import World, assert_error
from tests.api.domainhelpers import Logins

CENTER = "qic-js-battery"


def _runs(world: World) -> int:
    with session_scope(world.settings) as session:
        return int(session.scalar(select(func.count()).select_from(EvaluationRun)) or 0)


def test_a_third_party_run_names_an_independent_evaluator(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    assoc = as_("coord-assoc")
    before = _runs(domain_world)
    own = c.post("/api/v1/evaluations", headers=assoc, json={"center_id": CENTER, "period": "2024",
                                                             "evaluator_org_id": domain_world.orgs["center"]})
    assert assert_error(own, 400)["field"] == "evaluator_org_id"
    unknown = c.post("/api/v1/evaluations", headers=assoc, json={"center_id": CENTER, "period": "2024",
                                                                 "evaluator_org_id": "no-such-org"})
    assert assert_error(unknown, 404)["field"] == "evaluator_org_id"
    assert _runs(domain_world) == before
    with session_scope(domain_world.settings) as session:
        # another provider with no link to this one in the period (an association is the second party: refused)
        firm = auth.create_org(session=session, kind=OrgKind.center, name="某第三方评价机构", center_id="met-jx-rare")
    run = c.post("/api/v1/evaluations", headers=assoc, json={"center_id": CENTER, "period": "2024",
                                                             "evaluator_org_id": firm.id})
    assert run.status_code == 201, run.text
    assert run.json()["party"] == "third" and run.json()["evaluator"]["org"] == firm.id
    assert run.json()["evaluator"]["name"] == "某第三方评价机构"
