"""The enterprise's satisfaction form on a closed engagement names the stars and the complaint together, and keeps
nothing of a refused submit; the API names both too ("Forms lose input on errors", the product brief). A complaint
without stars stays allowed. The page's form goes back to the engagement with each field's error
(``api.pages.ui_common.redirect``), where ``ui_console.js`` puts back what was typed."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.pages.ui_common import ERROR_COOKIE, read_error_cookie
from core.db import session_scope
from core.settings import Settings
from pipeline.models import FeedbackRecord
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, engagement_until
from tests.api.uihelpers import signed_in


def _form_fields(response: Any) -> dict[str, str]:
    said = read_error_cookie(response.cookies.get(ERROR_COOKIE) or "")
    return dict(said.get("fields") or ([[said["field"], said["message"]]] if said.get("field") else []))


def _feedback(settings: Settings) -> int:
    with session_scope(settings) as session:
        return int(session.scalar(select(func.count()).select_from(FeedbackRecord)) or 0)


def test_the_satisfaction_form_names_the_stars_and_the_complaint_together(domain_client: TestClient,
                                                                          domain_world: World) -> None:
    c = domain_client
    eng = engagement_until(c, Logins(c))
    ent = signed_in(c, "ent-a")
    before = _feedback(domain_world.settings)
    refused = ent.post(f"/engagements/{eng}/feedback", data={"satisfaction": "9", "complaint": "报告晚了" * 501},
                       follow_redirects=False)
    assert refused.status_code == 303 and refused.headers["location"].startswith(f"/engagements/{eng}")
    fields = _form_fields(refused)
    assert set(fields) == {"satisfaction", "complaint"}, fields
    assert "满意度" in fields["satisfaction"] and "2000" in fields["complaint"]
    assert _feedback(domain_world.settings) == before
    # the same complaint twice and stars that are not a number: both said
    filed = ent.post(f"/engagements/{eng}/feedback", data={"complaint": "报告晚了三天"}, follow_redirects=False)
    assert filed.status_code == 303 and not _form_fields(filed)  # a complaint without stars is allowed
    again = ent.post(f"/engagements/{eng}/feedback", data={"satisfaction": "很好", "complaint": "报告晚了三天"},
                     follow_redirects=False)
    assert set(_form_fields(again)) == {"satisfaction", "complaint"}, _form_fields(again)
    assert _feedback(domain_world.settings) == before + 1
    # the page it leads to marks both and lists them
    ent.cookies.set(ERROR_COOKIE, again.cookies[ERROR_COOKIE])
    page = ent.get(f"/engagements/{eng}").text
    assert "2 处需要改正" in page


def test_the_feedback_api_names_the_stars_and_the_complaint_together(domain_client: TestClient,
                                                                     domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, as_)
    before = _feedback(domain_world.settings)
    refused = c.post(f"/api/v1/engagements/{eng}/feedback", headers=as_("ent-a"),
                     json={"satisfaction": 9, "complaint": "报告晚了" * 501})
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert {f["field"] for f in error["fields"]} == {"satisfaction", "complaint"}, error
    assert error["field"] == "satisfaction"  # the first, as before
    assert _feedback(domain_world.settings) == before

