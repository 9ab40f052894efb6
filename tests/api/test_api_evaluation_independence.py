"""Independent evaluation over HTTP and on the page (issue 14 step 5, seed 001 §5.2.7; issue 16 step 4): a run posted
answers who evaluated it; a self-assessment posing as an independent evaluation is a 403 naming ``party``, a party
the API does not know a 422, the association filing a self-assessment a 400, and no rating yet a 404; the page starts
runs for each party and links their reports; the public catalog's JSON and pages show the independent rating, never
the self-assessment. The rules themselves (what is stored, which run rates, what a run leaves behind) are
tests/flows/test_evaluations.py's."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.auth.deps import SESSION_COOKIE
from api.pages.ui_common import ERROR_COOKIE
from core import china_time
from core.db import session_scope
from evaluation.models import EvaluationRun
from evaluation.service import quality_priors
from tests.api.apihelpers import World, assert_error, login
from tests.api.domainhelpers import Logins, rating_inputs
from tests.api.formhelpers import form_error

CENTER = "qic-js-battery"
CENTER_NAME = "江苏省动力电池产品质量检验中心"


def _runs(world: World) -> int:
    with session_scope(world.settings) as session:
        return int(session.scalar(select(func.count()).select_from(EvaluationRun)) or 0)


def _priors(world: World) -> dict[str, float]:
    with session_scope(world.settings) as session:
        return quality_priors(session=session)


def _refused(response: Any, status: int, field: str) -> None:
    assert assert_error(response, status)["field"] == field


def _as(c: TestClient, token: str, method: str, path: str, after: Any = None, **kw: Any) -> Any:
    """A request as ``token``'s user alone; ``after``: the form post whose answer led here (its error cookie goes
    along, as a browser's would)."""
    c.cookies.clear()
    c.cookies.set(SESSION_COOKIE, token)
    if after is not None and after.cookies.get(ERROR_COOKIE):
        c.cookies.set(ERROR_COOKIE, after.cookies[ERROR_COOKIE])
    try:
        return c.request(method, path, follow_redirects=False, **kw)
    finally:
        c.cookies.clear()


def test_the_api_records_the_evaluator_and_keeps_self_assessments_out_of_the_rating(domain_client: TestClient,
                                                                                    domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    center, assoc = as_("coord-center"), as_("coord-assoc")
    own = c.post("/api/v1/evaluations", headers=center, json={"center_id": CENTER, "period": "2024"})
    assert own.status_code == 201, own.text
    body = own.json()
    assert body["party"] == "self" and body["counts_as_rating"] is False
    assert body["evaluator"]["role"] == "center_coordinator" and body["evaluator"]["name"] == "电池中心"
    assert body["evaluator"]["org"]
    # The center asking to be an independent evaluator of itself: 403; a party nobody knows: 422; the association
    # filing the center's self-assessment: 400. Each names the field, and nothing is stored.
    before = _runs(domain_world)
    _refused(c.post("/api/v1/evaluations", headers=center,
                    json={"center_id": CENTER, "period": "2024", "party": "third"}), 403, "party")
    _refused(c.post("/api/v1/evaluations", headers=center,
                    json={"center_id": CENTER, "period": "2024", "party": "fourth"}), 422, "party")
    _refused(c.post("/api/v1/evaluations", headers=assoc,
                    json={"center_id": CENTER, "period": "2024", "party": "self"}), 400, "party")
    assert _runs(domain_world) == before
    # No rating yet: 404; the association's run is it.
    rated = c.get(f"/api/v1/centers/{CENTER}/evaluations/latest", headers=center, params={"rating": "true"})
    assert_error(rated, 404)
    second = c.post("/api/v1/evaluations", headers=assoc, json={"center_id": CENTER, "period": "2024"})
    assert second.status_code == 201 and second.json()["party"] == "second", second.text
    assert second.json()["counts_as_rating"] is True and second.json()["evaluator"]["role"] == "association_coordinator"
    rating = c.get(f"/api/v1/centers/{CENTER}/evaluations/latest", headers=center, params={"rating": "true"}).json()
    assert rating["run_id"] == second.json()["run_id"]
    report = c.get(f"/api/v1/evaluations/{body['run_id']}/report", headers=center)
    assert report.status_code == 200 and "评价机构（机构自评）" in report.text


def test_the_page_starts_runs_for_each_party_and_links_their_reports(domain_client: TestClient,
                                                                     domain_world: World) -> None:
    c = domain_client
    center, assoc = login(c, "coord-center"), login(c, "coord-assoc")
    page = _as(c, center, "GET", f"/evaluation/{CENTER}")
    assert page.status_code == 200 and 'id="run-form"' in page.text and "提交自评" in page.text
    assert 'name="party"' not in page.text and 'id="no-rating"' in page.text
    # A center's run from its page is its self-assessment.
    done = _as(c, center, "POST", f"/evaluation/{CENTER}/runs", data={"period": "2024"})
    assert done.status_code == 303 and done.headers["location"] == f"/evaluation/{CENTER}", done.text
    shown = _as(c, center, "GET", f"/evaluation/{CENTER}")
    assert 'id="self-assessment"' in shown.text and 'id="no-rating"' in shown.text
    assert 'data-party="self"' in shown.text and "自评仅供参考" in shown.text
    # Bad input: a bad period, a values file that is not the format; each said on the page, nothing stored.
    before = _runs(domain_world)
    bad = _as(c, center, "POST", f"/evaluation/{CENTER}/runs", data={"period": "20x0"})
    assert bad.status_code == 303 and form_error(bad)
    again = _as(c, center, "GET", bad.headers["location"], after=bad)
    assert re.search(r'role="alert">[^<]*(评价期|period)', again.text), again.text
    junk = _as(c, center, "POST", f"/evaluation/{CENTER}/runs", data={"period": "2024"},
               files={"inputs": ("values.json", b'{"values": {"x": "many"}, "extra": 1}', "application/json")})
    assert junk.status_code == 303 and form_error(junk)
    assert "指标数值文件无法读取" in _as(c, center, "GET", junk.headers["location"], after=junk).text
    assert _runs(domain_world) == before and _priors(domain_world) == {}

    # The association: second or third party, with a values file; its run is the rating and the matcher's prior.
    form = _as(c, assoc, "GET", f"/evaluation/{CENTER}?lang=en")
    assert form.status_code == 200 and 'name="party"' in form.text and "Run an evaluation" in form.text
    values = json.dumps({"values": {}}).encode()
    # a third party names its independent evaluator (evaluation.independence, seed 001 §5.2.3 / §5.2.7)
    third = _as(c, assoc, "POST", f"/evaluation/{CENTER}/runs",
                data={"period": "2024", "party": "third", "evaluator_name": "江南质量评价研究院"},
                files={"inputs": ("values.json", values, "application/json")})
    assert third.status_code == 303 and not form_error(third), third.headers
    page = _as(c, assoc, "GET", f"/evaluation/{CENTER}")
    assert 'id="rating"' in page.text and 'data-party="third"' in page.text and "第三方评价" in page.text
    run_ids = [int(x) for x in re.findall(r'<tr class="run" data-run="(\d+)"', page.text)]
    assert len(run_ids) == 2
    report = _as(c, assoc, "GET", f"/evaluation/runs/{run_ids[0]}/report")
    assert report.status_code == 200 and "评价机构（第三方评价）" in report.text and "third-party" not in report.text
    assert f"被评价方：{CENTER_NAME}" in report.text  # the provider the run is about, named
    english = _as(c, assoc, "GET", f"/evaluation/runs/{run_ids[0]}/report?lang=en")
    assert "Evaluator (third-party evaluation)" in english.text and "评价机构" not in english.text
    assert form_error(_as(c, assoc, "POST", f"/evaluation/{CENTER}/runs", data={"period": "2024", "party": "self"}))
    # The association reaches the page from the provider's own page.
    assert 'id="evaluation-link"' in _as(c, assoc, "GET", f"/providers/{CENTER}").text
    # Another center's run is a 404 page for the center coordinator, as a missing one.
    assert _as(c, center, "GET", "/evaluation/runs/999999/report").status_code == 404
    assert _as(c, center, "GET", "/evaluation/met-jx-rare").status_code == 403


def test_the_public_sees_the_independent_rating_never_the_self_assessment(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    full = rating_inputs()
    own = c.post("/api/v1/evaluations", headers=as_("coord-center"),
                 json={"center_id": CENTER, "period": "2024", "inputs": full})
    assert own.status_code == 201 and own.json()["complete"] and own.json()["stars"], own.text
    public = c.get(f"/api/v1/centers/{CENTER}")
    assert public.status_code == 200 and public.json()["rating"] is None
    page = c.get(f"/centers/{CENTER}")
    assert page.status_code == 200 and "尚无第二方或第三方评价" in page.text and "★" not in page.text
    # The catalog's list too (issue 14 step 7): no rating from a self-assessment, by API or on the page.
    listed = c.get("/api/v1/centers", params={"limit": 100}).json()["items"]
    assert next(x for x in listed if x["id"] == CENTER)["rating"] is None and "★" not in c.get("/").text
    rated = c.post("/api/v1/evaluations", headers=as_("coord-assoc"),
                   json={"center_id": CENTER, "period": "2024", "inputs": full, "party": "third",
                         "evaluator_name": "江南质量评价研究院"})
    assert rated.status_code == 201, rated.text
    shown = c.get(f"/api/v1/centers/{CENTER}").json()["rating"]
    assert shown["stars"] == rated.json()["stars"] and shown["party"] == "third" and shown["period"] == "2024"
    # no tier: a Jiangsu center's rules (seed 000) grade none, so the catalog shows none (flows.catalog.ratings)
    assert shown["tier_zh"] is None and shown["tier_en"] is None and shown["evaluator"]
    listed = c.get("/api/v1/centers", params={"limit": 100}).json()["items"]
    assert next(x for x in listed if x["id"] == CENTER)["rating"] == shown
    assert all(x["rating"] is None for x in listed if x["id"] != CENTER)
    catalog = c.get("/", params={"q": "动力电池"}).text
    assert f"{shown['stars']} 星（满分 5 星）" in catalog and "★" in catalog
    en = c.get(f"/centers/{CENTER}?lang=en")
    assert f"{shown['stars']} of 5 stars" in en.text and "third-party evaluation" in en.text


def test_a_period_not_begun_is_refused_whether_posted_or_uploaded(domain_client: TestClient,
                                                                  domain_world: World) -> None:
    """The evaluation walked as a new user (2026-11-28): the forms refused a period to come, but the API and the
    page's JSON upload stored its run, which became the provider's rating. Both now answer on ``period``, nothing
    stored (the rule: ``flows.evaluations.begun_period``)."""
    c, as_ = domain_client, Logins(domain_client)
    to_come = str(china_time.today().year + 1)
    full = rating_inputs()
    for who, body in (("coord-assoc", {"inputs": full, "party": "third"}), ("coord-assoc", {"inputs": full}),
                      ("coord-center", {})):
        refused = c.post("/api/v1/evaluations", headers=as_(who), json={"center_id": CENTER, "period": to_come, **body})
        error = assert_error(refused, 400)
        assert error["field"] == "period" and to_come in error["message"] and "尚未开始" in error["message"]
    assoc = login(c, "coord-assoc")
    values = json.dumps(full).encode()
    upload = _as(c, assoc, "POST", f"/evaluation/{CENTER}/runs", data={"period": to_come, "party": "third"},
                 files={"inputs": ("values.json", values, "application/json")})
    assert upload.status_code == 303 and form_error(upload)
    said = _as(c, assoc, "GET", upload.headers["location"], after=upload).text
    assert re.search(r'role="alert">[^<]*评价期 ' + to_come + " 尚未开始", said), said
    assert _runs(domain_world) == 0 and _priors(domain_world) == {}
