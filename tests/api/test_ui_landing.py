"""Where a center's coordinator lands after signing in (the provider's life walked as a new user, 2026-11-28, "Left"):
an applicant's coordinator was sent to the review queue, which is empty and stays empty until its provider serves,
while what it has to do next (give a missing material, build, ask for acceptance) is on its own provider's page. Now
a center whose provider serves starts at its inbox (not the association's review queue, the center's day walked
again on 2026-11-29); one that has applied, is being built or awaits
acceptance starts at its provider's page; one that has not applied starts at the providers' list, which says so and
links the application."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from accounts import service as auth
from accounts.vocab import OrgKind, Role
from api.pages.ui_auth import home_for
from core.db import session_scope
from tests.api.apihelpers import PASSWORD, World
from tests.api.domainhelpers import Logins
from tests.api.uihelpers import form_login

SENSOR = {"id": "qic-sh-sensor", "name": "上海市智能传感器产品质量检验中心", "kind": "quality_inspection_center",
          "region": "上海市浦东新区"}


def test_a_center_coordinator_starts_where_its_provider_stands(client: TestClient, world: World) -> None:
    ui = TestClient(client.app)
    assert form_login(ui, "coord-center").headers["location"] == "/inbox"  # its provider serves: its inbox
    with session_scope(world.settings) as session:
        org = auth.create_org(session=session, kind=OrgKind.center, name=SENSOR["name"], center_id=SENSOR["id"])
        auth.create_user(session=session, org_id=org.id, username="sensor-lin", password=PASSWORD,
                         role=Role.center_coordinator, display_name="林工")
    assert form_login(ui, "sensor-lin").headers["location"] == "/providers"  # not applied yet
    assert "not-applied" in ui.get("/providers").text

    assoc = Logins(client)("coord-assoc")
    applied = client.post("/api/v1/providers", headers=assoc, json={"center": SENSOR, "materials": {
        "written_application": "书面申请", "preliminary_review": "初审意见", "recommendation": "推荐函"}})
    assert applied.status_code == 201, applied.text
    assert form_login(ui, "sensor-lin").headers["location"] == "/providers/qic-sh-sensor"
    assert ui.get("/login", follow_redirects=False).headers["location"] == "/providers/qic-sh-sensor"
    assert ui.get("/providers/qic-sh-sensor").status_code == 200
    # a place asked for is still honoured
    asked = ui.post("/login", data={"username": "sensor-lin", "password": PASSWORD, "next": "/inbox"},
                    follow_redirects=False)
    assert asked.headers["location"] == "/inbox"


def _nav(ui: TestClient, path: str) -> dict[str, str]:
    page = ui.get(path)
    assert page.status_code == 200, page.text
    return {key: href for href, key in re.findall(r'<a href="([^"]+)" data-nav="([^"]+)"', page.text)}


def test_the_navigation_offers_a_center_what_its_provider_stands_for(client: TestClient, world: World) -> None:
    """The navigation of a center whose provider does not serve yet offers its provider's page (or the list that
    links the application), never the review queue, the engagements, the opportunities or 机构评价, which stay empty
    or refuse until it serves (the provider's life walked as a new user, 2026-11-28, "Left": the navigation offered
    an applicant 机构评价 before its provider was in the catalog)."""
    ui = TestClient(client.app)
    form_login(ui, "coord-center")
    serving = _nav(ui, "/review")
    assert {"review", "engagements", "opportunities", "evaluation", "providers", "inbox"} <= set(serving), serving
    assert serving["evaluation"] == "/evaluation/qic-js-battery"
    with session_scope(world.settings) as session:
        org = auth.create_org(session=session, kind=OrgKind.center, name=SENSOR["name"], center_id=SENSOR["id"])
        auth.create_user(session=session, org_id=org.id, username="sensor-lin", password=PASSWORD,
                         role=Role.center_coordinator, display_name="林工")
    form_login(ui, "sensor-lin")
    before = _nav(ui, "/providers")
    assert not {"review", "engagements", "opportunities", "evaluation"} & set(before), before
    assert before["providers"] == "/providers" and "inbox" in before
    applied = client.post("/api/v1/providers", headers=Logins(client)("coord-assoc"), json={
        "center": SENSOR, "materials": {"written_application": "书面申请", "preliminary_review": "初审意见",
                                       "recommendation": "推荐函"}})
    assert applied.status_code == 201, applied.text
    after = _nav(ui, "/providers/qic-sh-sensor")
    assert not {"review", "engagements", "opportunities", "evaluation"} & set(after), after
    assert after["providers"] == "/providers/qic-sh-sensor"


def test_a_serving_centers_coordinator_lands_on_its_inbox_in_both_languages(client: TestClient, world: World) -> None:
    """A center's day starts at its inbox (its notices: proposals to confirm, filings due, findings, complaints), not
    at 审核队列, the association's review queue (the center's day walked again on 2026-11-29, "Left"); the
    association's coordinator still starts at the queue. Both languages land on the same page, in their words."""
    for lang, heading in (("zh", "<h1>待办通知"), ("en", "<h1>Inbox")):
        ui = TestClient(client.app)
        ui.cookies.set("lang", lang)
        landed = ui.post("/login", data={"username": "coord-center", "password": PASSWORD, "next": "/"})
        assert landed.status_code == 200 and landed.url.path == "/inbox", (lang, landed.url)
        assert heading in landed.text, landed.text[:2000]
        again = ui.get("/login", follow_redirects=False)  # already signed in: the same start
        assert again.headers["location"] == "/inbox"
        assoc = TestClient(client.app)
        assoc.cookies.set("lang", lang)
        assert assoc.post("/login", data={"username": "coord-assoc", "password": PASSWORD,
                                          "next": "/"}).url.path == "/review"


def test_no_role_falls_through_to_the_associations_review_queue(world: World) -> None:
    """Left by the last session: the landing rule sent every role it did not name to 审核队列, so a center's
    coordinator whose account carries no organisation landed on the association's queue, which refuses it. Each role
    starts at its own place whatever its account holds: a center's coordinator without a center where an unlinked
    center starts (the providers' list, ``flows.providers.center_start``), never the queue. (The data model makes
    such an account hard to come by — a user needs an organisation, a center's organisation its kb center — so the
    rule is checked here, not through a login.)"""
    with session_scope(world.settings) as session:
        starts = {role: home_for(role, session=session, org_id=None) for role in Role}
    assert starts[Role.center_coordinator] == "/providers"
    assert starts[Role.enterprise] == "/intake" and starts[Role.authority_officer] == "/decisions"
    assert {role for role, page in starts.items() if page == "/review"} == {Role.association_coordinator, Role.admin}


def test_the_association_coordinator_lands_on_its_queue_from_the_catalogs_front_door(client: TestClient,
                                                                                     world: World) -> None:
    """The association's coordinator landed off its day's work (a new user's trial, 2026-11-30: "the coordinator's
    home page after login is the public catalog rather than their work queue"): signing in from the start page's
    front door, 登录并发布需求 (``/login?next=/intake``, the enterprise's chat), it was sent to the chat, which refuses
    it (403), whose only way on was 返回首页, the public catalog. A place asked for that the role cannot open is not
    honoured: each role starts at its own day's work; an enterprise still goes to the chat it asked for."""
    ui = TestClient(client.app)
    assert 'href="/login?next=/intake"' in ui.get("/").text
    for lang, heading in (("zh", "审核队列"), ("en", "Review queue")):
        ui.cookies.clear()
        ui.cookies.set("lang", lang)
        landed = ui.post("/login", data={"username": "coord-assoc", "password": PASSWORD, "next": "/intake"},
                         follow_redirects=False)
        assert landed.headers["location"] == "/review", (lang, landed.headers)
        assert heading in ui.get("/review").text
        # signed in, the login page sends it there too
        assert ui.get("/login?next=/intake", follow_redirects=False).headers["location"] == "/review"
    asked = ui.post("/login", data={"username": "coord-center", "password": PASSWORD, "next": "/intake"},
                    follow_redirects=False)
    assert asked.headers["location"] == "/inbox"
    ui.cookies.clear()
    enterprise = ui.post("/login", data={"username": "ent-a", "password": PASSWORD, "next": "/intake"},
                         follow_redirects=False)
    assert enterprise.headers["location"] == "/intake"
