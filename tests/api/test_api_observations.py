"""Interview and mystery-shopper records (issue 14 step 5, seed 001 §5.2.7): an evaluator files them by the API or
on the evaluation page; the evaluated center cannot file them about itself; bad scores and dates are refused with
nothing stored; and the next run reads them (interview means, mystery shoppers' votes)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from core import china_time
from core.db import session_scope
from evaluation.models import EvaluationObservation
from tests.api.apihelpers import World, assert_error
from tests.api.domainhelpers import Logins
from tests.api.formhelpers import form_error
from tests.api.uihelpers import form_login

CENTER = "qic-js-battery"
YEAR = china_time.today().year


def _rows(world: World) -> int:
    with session_scope(world.settings) as session:
        return int(session.scalar(select(func.count()).select_from(EvaluationObservation)) or 0)


def _items(c: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    run = c.post("/api/v1/evaluations", headers=headers, json={"center_id": CENTER, "period": str(YEAR)})
    assert run.status_code == 201, run.text
    return {it["id"]: it for d in run.json()["result"]["dimensions"] for i in d["indicators"] for it in i["items"]}


def test_an_evaluator_files_interviews_and_visits_and_the_run_reads_them(domain_client: TestClient,
                                                                         domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    assoc, center = as_("coord-assoc"), as_("coord-center")
    base = {"center_id": CENTER, "period": str(YEAR), "observed_on": china_time.today().isoformat()}
    interview = {**base, "kind": "interview", "summary": "与中心主任和两名骨干访谈",
                 "scores": {"team_collaboration": 80, "development_plan": 70}}
    # The evaluated center cannot file one about itself; bad input is refused; nothing is stored.
    assert assert_error(c.post("/api/v1/evaluations/observations", headers=center, json=interview),
                        403)["field"] == "center_id"
    for bad, field in ((dict(interview, scores={"team_collaboration": 120}), "scores.team_collaboration"),
                       (dict(interview, scores={"support_rating": 4}), "scores.support_rating"),
                       (dict(interview, scores={}), "scores"),
                       (dict(interview, observed_on=f"{YEAR - 1}-06-01"), "observed_on"),
                       (dict(interview, kind="mystery_shopper", scores={"support_rating": 4.5}),
                        "scores.support_rating")):
        assert assert_error(c.post("/api/v1/evaluations/observations", headers=assoc, json=bad), 400)["field"] == field
    assert_error(c.post("/api/v1/evaluations/observations", headers=assoc, json=dict(interview, kind="gossip")), 422)
    assert _rows(domain_world) == 0

    before = _items(c, assoc)
    assert before["team_collaboration"]["raw"] is None and before["support_rating"]["raw"] is None
    for scores in ({"team_collaboration": 80, "development_plan": 70}, {"team_collaboration": 90}):
        filed = c.post("/api/v1/evaluations/observations", headers=assoc, json=dict(interview, scores=scores))
        assert filed.status_code == 201, filed.text
        assert filed.json()["kind"] == "interview" and filed.json()["evaluator_role"] == "association_coordinator"
    shopper = c.post("/api/v1/evaluations/observations", headers=assoc,
                     json={**base, "kind": "mystery_shopper", "summary": "以企业身份咨询电芯针刺试验，答复及时",
                           "scores": {"support_rating": 4}})
    assert shopper.status_code == 201, shopper.text
    after = _items(c, assoc)
    assert after["team_collaboration"]["raw"] == 85.0 and after["team_collaboration"]["origin"] == "observations"
    assert after["development_plan"]["raw"] == 70.0
    assert after["support_rating"]["raw"] == [0.0, 1.0, 0.0, 0.0, 0.0]
    listed = c.get(f"/api/v1/centers/{CENTER}/observations", headers=center)
    assert listed.status_code == 200 and len(listed.json()) == 3  # the center reads what was filed about it


def test_the_page_files_an_interview_and_the_center_sees_it_without_the_forms(domain_client: TestClient,
                                                                              domain_world: World) -> None:
    page = TestClient(domain_client.app)
    assert form_login(page, "coord-assoc").status_code == 303
    shown = page.get(f"/evaluation/{CENTER}")
    assert 'id="interview-form"' in shown.text and 'id="shopper-form"' in shown.text
    bad = page.post(f"/evaluation/{CENTER}/observations", follow_redirects=False,
                    data={"kind": "interview", "period": str(YEAR), "observed_on": china_time.today().isoformat(),
                          "s_team_collaboration": "abc", "summary": "访谈"})
    assert form_error(bad) and _rows(domain_world) == 0
    done = page.post(f"/evaluation/{CENTER}/observations", follow_redirects=False,
                     data={"kind": "interview", "period": str(YEAR), "observed_on": china_time.today().isoformat(),
                           "s_team_collaboration": "75", "s_development_plan": "", "summary": "与中心主任访谈"})
    assert done.status_code == 303 and not form_error(done), done.headers
    listed = page.get(f"/evaluation/{CENTER}")
    assert 'data-kind="interview"' in listed.text and "与中心主任访谈" in listed.text and "记录已保存" in listed.text
    center = TestClient(domain_client.app)
    assert form_login(center, "coord-center").status_code == 303
    own = center.get(f"/evaluation/{CENTER}")
    assert 'data-kind="interview"' in own.text and 'id="interview-form"' not in own.text
    refused = center.post(f"/evaluation/{CENTER}/observations", follow_redirects=False,
                          data={"kind": "interview", "period": str(YEAR), "observed_on": china_time.today().isoformat(),
                                "s_team_collaboration": "100", "summary": "自评访谈"})
    assert form_error(refused) and _rows(domain_world) == 1
