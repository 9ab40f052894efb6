"""A new user's trial (2026-11-30) of the rating form ``/evaluation/qic-js-battery/rate``: 服务场地面积 =
99999999999999999999999 was accepted and the report printed '99,999,999,999,999,991,611,392 m²'; reopening the form
for the same period showed it empty ('尚缺 38 项'), so one typo meant typing all 38 values again, and nothing could be
saved half-done.

Every raw value now has a bound where the hierarchy defines it (``seed001.yaml``'s ``raw_bounds``, per unit), refused
as a 4xx naming the item on every door (the form, the self-assessment, the JSON upload, a draft), nothing stored
changed; and the form reopens with the period's values — a saved draft's, or the finished rating's."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.pages.ui_common import NOTICE_COOKIE, notice_said
from core.db import session_scope
from evaluation.hierarchy import load_hierarchy
from evaluation.models import EvaluationDraft, EvaluationRun
from tests.api.apihelpers import World, assert_error, login
from tests.api.domainhelpers import Logins
from tests.api.formhelpers import form_error, form_error_field
from tests.api.test_ui_rating import _as, _typed

CENTER = "qic-js-battery"
ABSURD = "99999999999999999999999"
EXAMPLE = Path(__file__).resolve().parents[2] / "evaluation" / "examples" / "seed001_full_inputs.json"


def _example() -> dict[str, Any]:
    return dict(json.loads(EXAMPLE.read_text(encoding="utf-8"))["values"])


def _stored(world: World) -> tuple[int, list[tuple[str, str, dict[str, Any]]]]:
    """The runs' count and every draft as stored: what a refused submission must leave alone."""
    with session_scope(world.settings) as session:
        runs = int(session.scalar(select(func.count()).select_from(EvaluationRun)) or 0)
        drafts = [(d.center_id, d.period, dict(d.values)) for d in session.scalars(select(EvaluationDraft))]
    return runs, drafts


def test_every_items_unit_has_a_sane_bound_in_the_hierarchy() -> None:
    h = load_hierarchy()
    bounds = h.raw_bounds
    for _, _, item in h.items():
        assert item.unit in bounds, item.id
        bound = bounds[item.unit]
        assert bound.low >= 0 and bound.high is not None and bound.high > bound.low, item.unit
    assert (bounds["%"].low, bounds["%"].high) == (0, 100)
    assert bounds["m²"].high is not None and bounds["m²"].high <= 10_000_000 and not bounds["m²"].whole
    assert all(bounds[u].whole for u in ("项", "人", "次/年", "台套", "票数(五级)", "是/否"))
    assert bounds["万元/年"].high is not None and bounds["万元/年"].high < 1e12


def test_an_absurd_value_is_refused_naming_its_item_on_every_door_and_nothing_stored_changes(
        domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    assoc_api, center_api = as_("coord-assoc"), as_("coord-center")
    example = _example()
    form = c.get(f"/api/v1/centers/{CENTER}/evaluations/form", params={"period": "2024"}, headers=assoc_api).json()
    asked = {it["item"] for i in form["indicators"] for it in i["items"] if it["asked"]}
    saved = c.post("/api/v1/evaluations/form/draft", headers=assoc_api,
                   json={"center_id": CENTER, "period": "2024", "values": {"papers": 7}})
    assert saved.status_code == 200, saved.text
    before = _stored(domain_world)
    too_big = {"premises_area": float(ABSURD)}
    for path, who, values in (("/api/v1/evaluations/form", assoc_api, {k: example[k] for k in asked}),
                              ("/api/v1/evaluations/form/draft", assoc_api, {"papers": 8}),
                              ("/api/v1/evaluations/self", center_api, {"papers": 3})):
        party = {"party": "second"} if path.endswith("/form") else {}
        sent = c.post(path, headers=who, json={"center_id": CENTER, "period": "2024", **party,
                                               "values": {**values, **too_big}})
        body = assert_error(sent, 400)
        assert body["field"] == "values.premises_area", (path, body)
        assert "服务场地面积" in body["message"] and "premises area" in body["message"], body
    uploaded = c.post("/api/v1/evaluations", headers=assoc_api,
                      json={"center_id": CENTER, "period": "2024", "party": "second",
                            "inputs": {"values": {**example, "papers": 10 ** 12}}})
    assert uploaded.status_code in (400, 422), uploaded.text
    assert "papers" in uploaded.text
    a_share = c.post("/api/v1/evaluations/form/draft", headers=assoc_api,
                     json={"center_id": CENTER, "period": "2024", "values": {"staff_turnover": 101}})
    assert assert_error(a_share, 400)["field"] == "values.staff_turnover"
    a_count = c.post("/api/v1/evaluations/form/draft", headers=assoc_api,
                     json={"center_id": CENTER, "period": "2024", "values": {"partner_units": 2.5}})
    assert assert_error(a_count, 400)["field"] == "values.partner_units"
    # The page: back to the form, the field named, what was typed kept by the page (ui_console.js).
    assoc = login(c, "coord-assoc")
    page = _as(c, assoc, "GET", f"/evaluation/{CENTER}/rate?period=2024").text
    assert re.search(r'name="premises_area" value="[^"]*" min="0" max="\d+"', page), "the field carries its bound"
    typed = _typed(page, example)
    for path in ("rating-runs", "rating-drafts"):
        sent = _as(c, assoc, "POST", f"/evaluation/{CENTER}/{path}",
                   data={**typed, "period": "2024", "party": "second", "premises_area": ABSURD})
        assert sent.status_code == 303 and form_error_field(sent) == "premises_area", (path, form_error(sent))
        assert "/rate?period=2024" in sent.headers["location"]
        assert "服务场地面积" in form_error(sent)
    assert _stored(domain_world) == before


def test_the_form_reopens_with_a_saved_draft_and_then_the_finished_ratings_values(
        domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    assoc_api = as_("coord-assoc")
    example = _example()
    form = c.get(f"/api/v1/centers/{CENTER}/evaluations/form", params={"period": "2023"}, headers=assoc_api).json()
    asked = [it["item"] for i in form["indicators"] for it in i["items"] if it["asked"] and it["value"] is None]
    assert len(asked) > 3
    # A partial draft over the API: saved, not rated, and it says how many are still missing.
    part = {k: example[k] for k in asked[:3]}
    saved = c.post("/api/v1/evaluations/form/draft", headers=assoc_api,
                   json={"center_id": CENTER, "period": "2023", "values": part})
    assert saved.status_code == 200, saved.text
    assert saved.json()["missing"] == len(asked) - 3 and saved.json()["saved"] == 3
    assert c.get(f"/api/v1/centers/{CENTER}/evaluations/latest", headers=assoc_api).status_code == 404
    again = c.get(f"/api/v1/centers/{CENTER}/evaluations/form", params={"period": "2023"}, headers=assoc_api).json()
    values = {it["item"]: it["value"] for i in again["indicators"] for it in i["items"]}
    assert all(values[k] is not None for k in part), values
    # The page: the draft's values in the fields; a draft saved on the page says how many are missing.
    assoc = login(c, "coord-assoc")
    page = _as(c, assoc, "GET", f"/evaluation/{CENTER}/rate?period=2023")
    first = asked[0]
    assert re.search(rf'name="{first}" value="[^"]+"', page.text) or f'name="{first}"' not in page.text
    assert 'formaction="/evaluation/qic-js-battery/rating-drafts"' in page.text
    typed = _typed(page.text, example)
    some = {k: v for k, v in typed.items() if k in part or k == asked[3]}
    sent = _as(c, assoc, "POST", f"/evaluation/{CENTER}/rating-drafts",
               data={"period": "2023", "party": "second", **some})
    assert sent.status_code == 303 and not form_error(sent), form_error(sent)
    assert sent.headers["location"].startswith(f"/evaluation/{CENTER}/rate?period=2023")
    said = notice_said(sent.cookies[NOTICE_COOKIE], "zh")
    assert said is not None and f"尚缺 {len(asked) - 4} 项" in said and "未计算评级" in said, said
    english = notice_said(sent.cookies[NOTICE_COOKIE], "en")
    assert english is not None and f"{len(asked) - 4} items still missing" in english, english
    shown = _as(c, assoc, "GET", sent.headers["location"])
    assert re.search(rf'name="{asked[3]}" value="[^"]+"', shown.text) or f'name="{asked[3]}"' not in shown.text
    # Finished: the rating's values come back to edit, nothing missing.
    done = _as(c, assoc, "POST", f"/evaluation/{CENTER}/rating-runs",
               data={"period": "2023", "party": "second", **typed})
    assert done.status_code == 303 and not form_error(done), form_error(done)
    after = c.get(f"/api/v1/centers/{CENTER}/evaluations/form", params={"period": "2023"}, headers=assoc_api).json()
    assert after["missing"] == []
    reopened = _as(c, assoc, "GET", f"/evaluation/{CENTER}/rate?period=2023").text
    assert re.search(r'name="premises_area" value="[^"]+"', reopened)
    with session_scope(domain_world.settings) as session:  # the finished rating took the draft's place
        assert not list(session.scalars(select(EvaluationDraft).where(EvaluationDraft.period == "2023")))
