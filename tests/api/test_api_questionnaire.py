"""The client's five-grade questionnaire (issue 14 step 5): after acceptance the enterprise answers it once, by the
API or on the engagement page; a second answer, an answer before acceptance, a stranger's answer and an unknown item
are refused with nothing stored; and the answers move the center's score."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from core import china_time
from core.db import session_scope
from pipeline.models import FeedbackRecord
from tests.api.apihelpers import World, assert_error
from tests.api.domainhelpers import Logins, engagement_until
from tests.api.formhelpers import form_error
from tests.api.uihelpers import form_login

CENTER = "qic-js-battery"


def _engagement(c: TestClient, as_: Logins, *, until: str = "pass_acceptance") -> str:
    return engagement_until(c, as_, until=until)


def _answers(world: World) -> int:
    """Questionnaires on record (a survey without one keeps JSON null there, so count in Python)."""
    with session_scope(world.settings) as session:
        return sum(1 for a in session.scalars(select(FeedbackRecord.answers)) if a)


def _score(c: TestClient, assoc: dict[str, str]) -> tuple[dict[str, float | None], dict[str, Any]]:
    """The run's indicator scores and items. The test catalog has none of the self-reported items, so the total
    stays incomplete; the indicators the questionnaire answers are what move."""
    this_year = str(china_time.today().year)
    run = c.post("/api/v1/evaluations", headers=assoc, json={"center_id": CENTER, "period": this_year})
    assert run.status_code == 201, run.text
    dims = run.json()["result"]["dimensions"]
    items = {it["id"]: it for d in dims for i in d["indicators"] for it in i["items"]}
    indicators = {it["id"]: i["score"] for d in dims for i in d["indicators"] for it in i["items"]}
    return indicators, items


def test_the_client_answers_once_after_acceptance_and_the_score_moves(domain_client: TestClient,
                                                                      domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    ent, assoc, center = as_("ent-a"), as_("coord-assoc"), as_("coord-center")
    questions = c.get("/api/v1/questionnaire", headers=ent)
    assert questions.status_code == 200
    ids = [q["item_id"] for q in questions.json()]
    assert {"equipment_adequacy", "support_rating", "value_for_money"} <= set(ids)
    assert all(q["zh"] and q["en"] for q in questions.json())

    early = _engagement(c, as_, until="submit_results")  # delivered, not yet accepted
    assert_error(c.post(f"/api/v1/engagements/{early}/feedback", headers=ent,
                        json={"answers": {"support_rating": 5}}), 409)
    eng = _engagement(c, as_)
    before, before_items = _score(c, assoc)
    assert before_items["support_rating"]["raw"] is None  # nobody has answered yet

    for bad, status in (({"no_such_item": 5}, 400), ({"support_rating": 6}, 422), ({"support_rating": 0}, 422)):
        assert_error(c.post(f"/api/v1/engagements/{eng}/feedback", headers=ent, json={"answers": bad}), status)
    # A party that is not the client, and a stranger: refused (the stranger cannot see the engagement at all).
    assert_error(c.post(f"/api/v1/engagements/{eng}/feedback", headers=center,
                        json={"answers": {"support_rating": 5}}), 403)
    assert_error(c.post(f"/api/v1/engagements/{eng}/feedback", headers=as_("ent-b"),
                        json={"answers": {"support_rating": 5}}), 404)
    assert _answers(domain_world) == 0

    # A satisfaction survey without the questionnaire does not count as answering it.
    stars = c.post(f"/api/v1/engagements/{eng}/feedback", headers=ent, json={"satisfaction": 4})
    assert stars.status_code == 201 and stars.json()["answers"] is None, stars.text
    best = {i: 5 for i in ids if i != "training_rating"}  # no training in this engagement: not applicable
    filed = c.post(f"/api/v1/engagements/{eng}/feedback", headers=ent, json={"answers": best})
    assert filed.status_code == 201 and filed.json()["answers"] == best, filed.text
    again = c.post(f"/api/v1/engagements/{eng}/feedback", headers=ent, json={"answers": {"support_rating": 1}})
    assert assert_error(again, 409)["field"] == "answers"
    assert _answers(domain_world) == 1

    after, after_items = _score(c, assoc)
    support = after_items["support_rating"]
    assert support["raw"] == [1.0, 0.0, 0.0, 0.0, 0.0] and support["origin"] == "records"
    assert support["score"] == 100.0 and after_items["training_rating"]["raw"] is None
    assert after_items["value_for_money"]["raw"] == [1.0, 0.0, 0.0, 0.0, 0.0]
    moved = [k for k in ("support_rating", "value_for_money", "equipment_adequacy") if after[k] != before[k]]
    assert moved and all((after[k] or 0) > (before[k] or 0) for k in moved), (before, after)


def test_the_page_asks_the_questionnaire_once_after_acceptance(domain_client: TestClient,
                                                               domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    eng = _engagement(c, as_)
    page = TestClient(c.app)
    assert form_login(page, "ent-a").status_code == 303
    shown = page.get(f"/engagements/{eng}")
    assert shown.status_code == 200 and 'id="questionnaire-form"' in shown.text
    assert "服务质量问卷" in shown.text and "不适用" in shown.text and 'name="q_support_rating"' in shown.text
    refused = page.post(f"/engagements/{eng}/questionnaire", data={"q_support_rating": "9"}, follow_redirects=False)
    assert refused.status_code == 303 and form_error(refused)
    nothing = page.post(f"/engagements/{eng}/questionnaire", data={"q_support_rating": "na"}, follow_redirects=False)
    assert form_error(nothing)  # every question "not applicable": nothing to send
    assert _answers(domain_world) == 0
    sent = page.post(f"/engagements/{eng}/questionnaire",
                     data={"q_support_rating": "4", "q_value_for_money": "3", "q_training_rating": "na"},
                     follow_redirects=False)
    assert sent.status_code == 303 and not form_error(sent), sent.headers
    after = page.get(f"/engagements/{eng}")
    assert 'id="questionnaire-form"' not in after.text and "已填写服务质量问卷" in after.text
    assert "问卷已提交" in after.text  # the notice
    with session_scope(domain_world.settings) as session:
        stored = [a for a in session.scalars(select(FeedbackRecord.answers)) if a]
    assert stored == [{"support_rating": 4, "value_for_money": 3}]
    center = TestClient(c.app)
    assert form_login(center, "coord-center").status_code == 303
    assert 'id="questionnaire-form"' not in center.get(f"/engagements/{eng}").text
