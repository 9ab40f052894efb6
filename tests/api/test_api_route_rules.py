"""The rules the older routes follow, walked over every route of the app (the route-rules audit of 2026-11-28).

``tests/api/test_api_scope_matrix.py`` walks every route for the action it names and the credentials the table
refuses, and every GET for the markers of a confidential need. This file walks them again for the other rules a new
route must keep (docs/api.md, "Route rules, audited 2026-11-28"):

- a state-changing request that carries the session cookie and comes from another site is refused (403) before
  anything is written, on every unsafe route, page or API (the CSRF rule);
- an organisation's own things reached by their ids (inbox notices, webhook subscriptions and deliveries, keys,
  consents, jobs) are nobody else's: another enterprise, a center, a second association and an authority officer
  get 403 or 404 from every route that takes such an id, read or write, and nothing changes;
- a page's form refuses bad input with a 4xx or the page again (a 303 back with the error), never a 500.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import params
from fastapi.testclient import TestClient
from sqlalchemy import inspect, select, table, text

from accounts import service as auth
from accounts.vocab import OrgKind, Role
from api.auth.common import get_login_throttle, get_register_throttle
from api.auth.deps import SESSION_COOKIE
from api.idempotency import get_idempotency
from api.intake_setup import get_intake
from api.pages.ui_common import ERROR_COOKIE, read_error_cookie
from api.rate_limits import SharedPace
from authz.tables import ACTIONS
from authz.vocab import AuthorityBody
from core.db import get_engine, session_scope
from flows import obligations
from flows import providers as providers_flow
from outbox import queue
from tests.api.apihelpers import PASSWORD, World, bearer, login, second_association
from tests.api.domainhelpers import Logins, submitted_need, under_shanghai_rules
from tests.api.onetrip import one_trip
from tests.api.test_api_scope_matrix import RouteInfo, _flat, _markers, routes_of
from tests.providers.test_providers_filings import FIVE

EVIL = "https://evil.example.org"
# Bookkeeping a request may write whatever it is answered: the audit log (a refusal is audited), a session's
# last use, the migrations' own table, the paces' and the login throttle's counts (a refused request counts too, as a
# throttle counts attempts: api.rate_limits, accounts.throttle).
_NOT_STATE = frozenset({"authz_audit", "alembic_version", "api_session", "api_pace", "accounts_throttle"})


def snapshot(world: World) -> dict[str, str]:
    """Every table's rows, hashed per table: what a refused request must leave exactly as it was (an update counts,
    not only a new row). The jobs this process's thread still runs are let finish first: a job an earlier request
    queued (a report, a webhook pass) writes its row as it starts and ends, and would otherwise be read as the change
    of whichever request happened to be walked meanwhile."""
    queue.finish_in_process()
    engine = get_engine(world.settings)
    names = [n for n in inspect(engine).get_table_names() if n not in _NOT_STATE]
    found: dict[str, str] = {}
    with engine.connect() as conn:
        for name in sorted(names):
            rows = sorted(json.dumps([str(v) for v in row], ensure_ascii=False)
                          for row in conn.execute(select(text("*")).select_from(table(name))))
            found[name] = hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()
    return found


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(n for n in after if before.get(n) != after[n])


def _fill(path: str, ids: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: ids.get(m.group(1), "nope"), path)


def _app_routes(c: TestClient) -> list[Any]:
    """The app's routes as the scope matrix reads them (included routers' effective routes)."""
    return list(_flat(c.app.routes))  # type: ignore[attr-defined]


def _public_json_routes(c: TestClient) -> set[str]:
    """The API's public routes that read a JSON body (login, registration): no session for a forged request to ride
    on, so no cookie guard; their body is their guard."""
    return {r.path for r in _app_routes(c) if hasattr(r, "dependant") and r.path.startswith("/api/")
            and r.methods & {"POST", "PUT", "PATCH", "DELETE"} and _markers(r.dependant) == ["public.read"]
            and r.dependant.body_params
            and not any(isinstance(f.field_info, (params.Form, params.File)) for f in r.dependant.body_params)}


def _unsafe(infos: list[RouteInfo]) -> list[RouteInfo]:
    return [i for i in infos if i.method in ("POST", "PUT", "PATCH", "DELETE")]


# ---- CSRF: a forged cross-site request with the session cookie ----

@pytest.mark.slow  # every route, several callers or values each (over 5 s on a loaded 2-core machine)
def test_every_unsafe_route_refuses_a_cross_site_request_with_the_cookie(domain_client: TestClient,
                                                                         domain_world: World) -> None:
    """Every POST, PUT, PATCH and DELETE of the app, pages and API alike, sent by a browser from another site with a
    logged-in admin's cookie (``Origin`` of another host, or only ``Sec-Fetch-Site: cross-site``): 403, nothing
    written. The same request from the page's own site is not refused as forged (what it then does is each route's
    business), so the walk reaches the guard, not a 404 of a missing route."""
    c = domain_client
    infos, _ = routes_of(c.app)  # type: ignore[arg-type]
    unsafe = _unsafe(infos)
    assert len(unsafe) > 100  # the whole app, pages and API
    json_only = _public_json_routes(c)
    assert {"/api/v1/auth/login", "/api/v1/auth/register"} <= json_only
    token = login(c, "admin")
    before = snapshot(domain_world)
    wrong: list[str] = []
    for route in unsafe:
        if route.path in json_only:
            continue  # below
        # The login form has no cookie guard (no session yet) and checks the site itself, with its fields filled.
        form = {"username": "admin", "password": PASSWORD} if route.path == "/login" else {"x": "1"}
        for forged in ({"Origin": EVIL}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}):
            c.cookies.clear()
            c.cookies.set(SESSION_COOKIE, token)
            answer = c.request(route.method, _fill(route.path, {}), headers=forged, data=form,
                               follow_redirects=False)
            if answer.status_code != 403:
                wrong.append(f"{route.method} {route.path} with {forged}: {answer.status_code}")
    c.cookies.clear()
    assert wrong == [], "\n".join(wrong)
    assert changed(before, snapshot(domain_world)) == []
    # The API's public routes with a body (login, registration) act for nobody logged in, and an association's
    # website may call them with its CORS origin; what keeps another site's page from forging them is that they read
    # JSON only, which a page of another site cannot send without the preflight CORS refuses it: a form or a
    # text/plain body is a 422.
    for path in sorted(json_only):
        body = json.dumps({"username": "admin", "password": PASSWORD, "org_name": "丁公司"})
        for kwargs in ({"data": {"username": "admin", "password": PASSWORD}},
                       {"content": body, "headers": {"Content-Type": "text/plain", "Origin": EVIL}}):
            kwargs.setdefault("headers", {"Origin": EVIL})
            assert c.post(path, **kwargs).status_code == 422, (path, kwargs)
    c.cookies.clear()
    assert changed(before, snapshot(domain_world)) == []


# ---- an organisation's own things, reached by their ids ----

# Per path parameter: whose thing the walk fills in, and who must not reach it. Enterprise A's notice, webhook
# subscription and delivery, key, consent and chat; the battery center's evaluation run and the report job it queued.
A_OWN = ("notification_id", "subscription_id", "delivery_id", "key_id", "consent_id", "session_id", "invitation_id")
# The battery center's run and job, its pending change to its entry, its annual report and the filing against it.
CENTER_OWN = ("run_id", "job_id", "change_id", "obligation_id", "filing_id")
# Path parameters whose objects another test holds to their rules: needs, reviews, engagements and their files and
# complaints by the scope matrix's need-to-know walk and the flows' tests; a finding by test_api_improvement.py
# (another center's: 404 as a missing one); a lifecycle proposal by test_api_authorities.py (another authority's or
# jurisdiction's: 403 on the object); common problems are the deployment's, built from published needs' public views
# (docs/api.md, tenancy); centers and capabilities are public (a center coordinator asking for another center's is
# told "not yours", ``check_own_center``); the rest name no object (a step, an open-or-close verb, a documentation
# asset). An invitation link's token is itself the credential (test_account_colleagues.py: an unknown, used,
# withdrawn or replaced link answers alike, 404 naming ``token``).
WALKED_ELSEWHERE = frozenset({"need_id", "review_id", "engagement_id", "file_id", "feedback_id", "finding_id",
                              "proposal_id", "group_id", "center_id", "capability_id", "transition", "verb", "name",
                              "token"})
# A body each write route takes, so that what answers is the object's rule, not the body's validation.
BODIES: dict[str, dict[str, Any]] = {
    "/api/v1/intake/sessions/{session_id}/messages": {"text": "还需要做盐雾试验"},
    "/api/v1/intake/sessions/{session_id}/fields": {"title": "改掉的标题"},
    "/api/v1/evaluations/{run_id}/report-jobs": {"fmt": "html"},
}


def _own_things(c: TestClient, world: World, as_: Logins) -> dict[str, str]:
    """Enterprise A's things and the battery center's, each made through the API as its owner would."""
    a = as_("ent-a")
    subscribed = c.post("/api/v1/webhooks/subscriptions", headers=a,
                        json={"url": "http://127.0.0.1:9/hook", "events": ["need.published", "match.accepted"]})
    assert subscribed.status_code == 201, subscribed.text
    need_id, review_id = submitted_need(c, a)
    review = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()
    accepted = c.post(f"/api/v1/reviews/{review_id}/accept", headers=as_("coord-assoc"),
                      json={"center_id": "qic-js-battery", "version": review["version"]})
    assert accepted.status_code == 200, accepted.text
    notices = c.get("/api/v1/inbox", headers=a).json()["items"]
    deliveries = c.get("/api/v1/webhooks/deliveries", headers=a).json()["items"]
    consent = c.post("/api/v1/consents", headers=a, json={"association_org_id": world.orgs["assoc"]})
    assert consent.status_code == 201, consent.text
    chat = c.post("/api/v1/intake/sessions", headers=a, json={"text": "电芯需要做针刺试验，常州"})
    assert chat.status_code == 201, chat.text
    invited = c.post("/api/v1/org/invitations", headers=a, json={"display_name": "张工"})
    assert invited.status_code == 201, invited.text
    center = as_("coord-center")
    run = c.post("/api/v1/evaluations", headers=center, json={"center_id": "qic-js-battery", "period": "2025"})
    assert run.status_code in (200, 201), run.text
    run_id = str(run.json()["run_id"])
    job = c.post(f"/api/v1/evaluations/{run_id}/report-jobs", headers=center, json={"fmt": "html"})
    assert job.status_code == 202, job.text
    assert notices and deliveries
    # its annual report with parts is Shanghai's (seed 002 四(一)); a Jiangsu center carries it only by that choice
    under_shanghai_rules(world.settings)
    with session_scope(world.settings) as session:
        providers_flow.sync(session=session)
        calendar = obligations.ensure_calendar(session=session, year=2026)
    report = next(o.id for o in calendar if o.center_id == "qic-js-battery" and o.kind == "annual_report")
    filed = c.post(f"/api/v1/providers/obligations/{report}/filings", headers=center, json={"parts": FIVE})
    assert filed.status_code == 201, filed.text
    proposed = c.post("/api/v1/providers/qic-js-battery/changes", headers=center, json={
        "records": [{"type": "capability", "id": "cap-1", "title": "动力电池单体及模组热失控试验"}]})
    assert proposed.status_code == 201, proposed.text
    # An enterprise registering through the first association, waiting for its review.
    registered = c.post("/api/v1/auth/register", json={"org_name": "丁公司", "username": "ding-boss",
                                                       "password": "Zq8-lanhu-dingzi", "association_id":
                                                       world.orgs["assoc"]})
    assert registered.status_code == 201, registered.text
    found = {"notification_id": notices[0]["id"], "subscription_id": subscribed.json()["id"],
            "delivery_id": deliveries[0]["id"], "key_id": world.key_ids["ent-a-key"],
            "consent_id": consent.json()["id"], "session_id": chat.json()["id"], "run_id": run_id,
            "invitation_id": invited.json()["id"],
            "job_id": job.json()["id"], "need_id": need_id, "review_id": review_id,
            "engagement_id": accepted.json()["engagement_id"], "center_id": "qic-js-battery",
            "obligation_id": report, "filing_id": filed.json()["id"], "change_id": proposed.json()["change"]["id"],
            "org_id": registered.json()["org"]["id"], "user_id": registered.json()["users"][0]["id"]}
    return {name: str(value) for name, value in found.items()}


def _finished(c: TestClient, headers: dict[str, str], job_id: str) -> None:
    """The job once finished or failed, read through the API (a guard against hanging, not a timing check)."""
    deadline = time.monotonic() + 120
    while c.get(f"/api/v1/jobs/{job_id}", headers=headers).json()["status"] not in ("finished", "failed"):
        assert time.monotonic() < deadline
        time.sleep(0.05)


MISSING = "999999"  # an id no thing has (the integer ids' routes take it too)


def _refusal(answer: Any, ids: dict[str, str], names: list[str]) -> tuple[Any, ...]:
    """What a refusal tells its reader, the asked ids masked: the status, where a page sends the browser back and
    the error it leaves there (a form's refusal is a 303 with the error in a cookie), the API's error."""
    def masked(text: str) -> str:
        for name in names:
            text = text.replace(ids[name], "<id>")
        return text

    left = read_error_cookie(answer.cookies.get(ERROR_COOKIE, "")) if answer.status_code == 303 else {}
    error = answer.json().get("error", {}) if answer.headers.get("content-type", "").startswith(
        "application/json") else {}
    return (answer.status_code, masked(answer.headers.get("location", "")), masked(str(left.get("message", ""))),
            left.get("field"), error.get("code"), error.get("field"), masked(str(error.get("message", ""))))


def _outsiders(world: World) -> None:
    """Another center's coordinator, a second association, and a deciding authority's officer."""
    second_association(world)
    with session_scope(world.settings) as session:
        other = auth.create_org(session=session, kind=OrgKind.center, name="稀土计量中心", center_id="met-jx-rare")
        auth.create_user(session=session, org_id=other.id, username="coord-other", password=PASSWORD,
                         role=Role.center_coordinator)
        # A bureau of another jurisdiction: the one covering the battery center oversees it and reads its evaluation
        # runs and reports (test_api_bureau_oversight.py), so it is no outsider to them.
        bureau = auth.create_org(session=session, kind=OrgKind.authority, name="杭州市市场监督管理局",
                                 authority_body=AuthorityBody.municipal_bureau, jurisdiction="浙江省杭州市")
        auth.create_user(session=session, org_id=bureau.id, username="officer", password=PASSWORD,
                         role=Role.authority_officer)


@pytest.mark.slow  # every route, several callers or values each (over 5 s on a loaded 2-core machine)
def test_no_route_reaches_another_organisations_things_by_their_ids(domain_client: TestClient,
                                                                    domain_world: World) -> None:
    """Every route that takes the id of an organisation's own thing (an inbox notice, a webhook subscription or
    delivery, a key, a consent, a chat, an invitation; a center's evaluation run, report job, entry change,
    obligation and filing; a registration waiting for its association), read or write, page or API, asked with that
    thing's real id by everyone who is not its owner (another enterprise, the centers, the association's coordinator
    where the thing is the organisation's alone, a second association, an authority officer): refused exactly as the
    same request for an id nothing has (403 by the table, or the missing one's 404 word for word; a page's form goes
    back with the same error), and nothing changes."""
    c = domain_client
    as_ = Logins(c)
    _outsiders(domain_world)
    ids = _own_things(c, domain_world, as_)
    not_a = ["ent-b", "coord-center", "coord-other", "coord-assoc2", "officer"]
    # The association coordinator is an outsider to what is the enterprise's alone (its notices, subscriptions,
    # deliveries, keys, chats), not to a consent given to its association.
    outsiders = {name: [*not_a, "coord-assoc"] for name in A_OWN if name != "consent_id"}
    outsiders["consent_id"] = not_a
    outsiders.update({name: ["ent-a", "ent-b", "coord-other", "officer"] for name in CENTER_OWN})
    # A job is its organisation's alone (its result lists the needs and providers of the tenants it ran for): no
    # association's staff reads a center's, only the platform operator.
    outsiders["job_id"] = [*outsiders["job_id"], "coord-assoc", "coord-assoc2"]
    # A registration waiting for its association (and its user): no other association's staff reviews it (issue 31).
    outsiders.update({name: ["ent-a", "coord-center", "coord-assoc2", "officer"] for name in ("org_id", "user_id")})
    infos, _ = routes_of(c.app)  # type: ignore[arg-type]
    # Every path parameter of the app is walked here or by a walk named above: a route that takes the id of a new
    # kind of thing is held to the rule from its first day.
    params_ = {m for i in infos for m in re.findall(r"\{(\w+)\}", i.path)}
    unwalked = params_ - set(outsiders) - WALKED_ELSEWHERE
    assert unwalked == set(), f"ids of a new kind of thing {sorted(unwalked)}: make one and add it to A_OWN or " \
                              "CENTER_OWN here, or name the test that holds it in WALKED_ELSEWHERE"
    walked = [i for i in infos if any("{" + name + "}" in i.path for name in outsiders)]
    assert {"/api/v1/inbox/{notification_id}/read", "/inbox/{notification_id}/open",
            "/api/v1/webhooks/deliveries/{delivery_id}/retry", "/api/v1/org/keys/{key_id}/revoke",
            "/account/keys/{key_id}/revoke", "/consents/{consent_id}/revoke", "/api/v1/jobs/{job_id}/file",
            "/evaluation/runs/{run_id}/report"} <= {i.path for i in walked}
    for who in {w for names in outsiders.values() for w in names}:
        as_(who)  # logged in before the snapshot (a login writes the user's last login)
    _finished(c, as_("coord-center"), ids["job_id"])  # the report job ran to its end (it writes its row)
    before = snapshot(domain_world)
    wrong: list[str] = []
    for route in walked:
        names = [n for n in outsiders if "{" + n + "}" in route.path]
        for who in sorted({w for n in names for w in outsiders[n]}):
            token = as_(who)["Authorization"].removeprefix("Bearer ")
            c.cookies.clear()
            kwargs: dict[str, Any] = {"follow_redirects": False}
            if route.is_page:
                c.cookies.set(SESSION_COOKIE, token)
                if route.method != "GET":
                    kwargs["data"] = {}
            else:
                kwargs["headers"] = bearer(token)
                if route.method in ("POST", "PATCH", "PUT"):
                    kwargs["json"] = BODIES.get(route.path, {})
            answer = c.request(route.method, _fill(route.path, ids), **kwargs)
            # The same request for a thing that does not exist: another's must be answered word for word alike,
            # so nobody learns that its id exists (authz.policy: a tenant object is 404, never 403).
            missing = c.request(route.method, _fill(route.path, {**ids, **{n: MISSING for n in names}}), **kwargs)
            said, said_missing = _refusal(answer, ids, names), _refusal(missing, {n: MISSING for n in names}, names)
            if answer.status_code not in (303, 403, 404) or said != said_missing:
                wrong.append(f"{route.method} {route.path} as {who}: {said}, for a missing one {said_missing}")
    c.cookies.clear()
    assert wrong == [], "\n".join(wrong)
    assert changed(before, snapshot(domain_world)) == []
    # The registration waiting for the first association is told to its staff, and to no other association's.
    assert "丁公司" in c.get("/api/v1/inbox", headers=as_("coord-assoc")).text
    assert "丁公司" not in c.get("/api/v1/inbox", headers=as_("coord-assoc2")).text
    # The owner reaches each (the walk above was not refused for want of a real id).
    a = as_("ent-a")
    assert c.get(f"/api/v1/webhooks/deliveries/{ids['delivery_id']}", headers=a).status_code == 200
    assert c.get(f"/api/v1/org/keys/{ids['key_id']}", headers=a).status_code == 200
    assert c.get(f"/api/v1/intake/sessions/{ids['session_id']}", headers=a).status_code == 200
    assert c.get(f"/api/v1/jobs/{ids['job_id']}", headers=as_("coord-center")).status_code == 200


# ---- bad input on the pages' forms ----

# The pages' forms are not in the OpenAPI document, so schemathesis (tests/api/test_api_domain_fuzz.py) never sends
# them anything; this walk does. Values a person may type, or a tampered form send, in every field a form declares
# and in the names the forms that read themselves whole look for.
JUNK = ("", "abc", "-1", "0", "１２", "1e309", "9" * 40, "2026-02-30", "x" * 5000, "null", "\u200b", "{}", "[1]")
WHOLE_FORM_NAMES = ("kind", "scheme", "item", "tested_on", "result", "note", "observed_on", "period", "summary",
                    "party", "text", "run_id", "evaluator_org_id", "version", "center_id", "scores.x", "values.x",
                    "values.satisfaction_rate", "alternates", "transition", "reasons", "reason")
# Who sends each form: the first of these the route's action admits (authz.tables.ACTIONS).
SENDERS = (("admin", Role.admin), ("coord-assoc", Role.association_coordinator),
           ("coord-center", Role.center_coordinator), ("ent-a", Role.enterprise), ("officer", Role.authority_officer))
# Forms that end the sender's own login or start one: not sent junk here (their refusals are tested on their own).
NOT_FUZZED = frozenset({"/login", "/logout", "/register"})


def _form_names(dependant: Any) -> list[str]:
    names = [f.alias for f in dependant.body_params]
    for sub in dependant.dependencies:
        names += _form_names(sub)
    return names


@pytest.mark.slow  # every route, several callers or values each (over 5 s on a loaded 2-core machine)
def test_no_page_form_answers_bad_input_with_a_server_error(domain_client: TestClient, domain_world: World) -> None:
    """Every page's POST, sent by a person its action admits, with real ids in its path and junk in every field
    (empty, words where numbers go, full-width digits, an impossible date, 5,000 characters, a zero-width space…):
    the page again, a 303 back to the form with the error, or a 4xx — never a 500."""
    c = domain_client
    as_ = Logins(c)
    _outsiders(domain_world)
    ids = _own_things(c, domain_world, as_)
    ids.update({"org_id": domain_world.orgs["b"], "user_id": domain_world.users["ent-b"], "transition": "withdraw",
                "verb": "open", "feedback_id": "1", "file_id": "1"})
    forms: list[tuple[str, str, list[str]]] = []
    for route in _app_routes(c):
        path = getattr(route, "path", "")
        if not hasattr(route, "dependant") or "POST" not in route.methods or path.startswith("/api/") \
                or path in NOT_FUZZED:
            continue
        action = _markers(route.dependant)[0]
        rule = ACTIONS[action]
        sender = next(name for name, role in SENDERS if rule.public or role in rule.roles)
        forms.append((path, sender, _form_names(route.dependant)))
    assert len(forms) > 60
    crashed: list[str] = []
    seen: dict[int, int] = {}
    _finished(c, as_("coord-center"), ids["job_id"])  # the report job ran to its end (it writes its row)
    half: list[str] = []
    for _, sender, _ in forms:
        as_(sender)  # logged in before the walk: a login writes, and the state after one form is the next one's before
    state = snapshot(domain_world)
    one_language: list[str] = []  # a form's error in both languages (the page shows its own half)
    for path, sender, names in forms:
        token = as_(sender)["Authorization"].removeprefix("Bearer ")
        before = state  # nothing sent since the last form's snapshot (see the API walk above)
        refused = True
        for junk in JUNK:
            c.cookies.clear()
            c.cookies.set(SESSION_COOKIE, token)
            data = {name: junk for name in (*names, *WHOLE_FORM_NAMES) if name != "files" and name != "inputs"}
            try:
                answer = c.post(_fill(path, ids), data=data, follow_redirects=False)
            except Exception as exc:  # the test client raises what the app did not handle
                crashed.append(f"{path} as {sender} with {junk[:12]!r}: {type(exc).__name__}: {str(exc)[:160]}")
                continue
            seen[answer.status_code] = seen.get(answer.status_code, 0) + 1
            # A form refused goes back with its error (a 303 leaving it in a cookie), or answers a 4xx page.
            refused = refused and (answer.status_code >= 400 or ERROR_COOKIE in answer.cookies)
            left = read_error_cookie(answer.cookies.get(ERROR_COOKIE, "")).get("message")
            if left and not _both_languages(str(left)):
                one_language.append(f"{path} as {sender}: {left}")
            if answer.status_code >= 500:
                crashed.append(f"{path} as {sender} with {junk[:12]!r}: {answer.status_code}")
        state = snapshot(domain_world)
        if refused and (moved := changed(before, state)):
            half.append(f"{path}: {moved}")
    c.cookies.clear()
    assert crashed == [], "\n".join(crashed)
    assert half == [], "\n".join(half)  # refused every time: nothing stored, not even half
    assert sorted(set(one_language)) == [], "\n".join(sorted(set(one_language)))
    assert seen.get(303, 0) > 100 and seen.get(422, 0) > 100  # forms were reached, and refused by their checks


# The API's JSON bodies as the page walk sends forms: schemathesis runs as an association coordinator and as nobody,
# so a route only an enterprise, a center or an authority may call (the chat, consents, one's own profile, interest,
# a decision taken) answers it 403 before its body is read. Here each route's body goes in as someone it admits.
JSON_JUNK: tuple[Any, ...] = (None, "", "abc", -1, 0, 10**30, 1e308, True, [], {}, ["x"], {"x": 1}, "x" * 5000,
                              "2026-02-30", "１２")


def _both_languages(message: str) -> bool:
    """"中文 / English": Chinese, then the English after the slash."""
    return bool(re.search(r"[\u4e00-\u9fff][^/]*/.*[A-Za-z]{2,}", message))


def _json_fields(dependant: Any) -> list[str]:
    names: list[str] = []
    for f in dependant.body_params:
        model = getattr(f.field_info, "annotation", None) or getattr(f, "type_", None)
        fields = getattr(model, "model_fields", None)
        names += list(fields) if fields else [f.alias]
    for sub in dependant.dependencies:
        names += _json_fields(sub)
    return names


@pytest.mark.slow  # every route, several callers or values each (over 5 s on a loaded 2-core machine)
def test_no_api_route_answers_bad_json_with_a_server_error(domain_client: TestClient, domain_world: World) -> None:
    """Every API POST, PUT, PATCH and DELETE, sent by a person its action admits, with real ids in its path: each
    field of its body in turn given a value of the wrong kind (null, a word, a huge or negative number, a list, an
    object, 5,000 characters, an impossible date, full-width digits), the others left out: a 4xx, never a 500."""
    c = domain_client
    as_ = Logins(c)
    _outsiders(domain_world)
    ids = _own_things(c, domain_world, as_)
    ids.update({"transition": "withdraw", "feedback_id": "1", "file_id": "1"})
    _finished(c, as_("coord-center"), ids["job_id"])  # the report job ran to its end (it writes its row)
    crashed: list[str] = []
    half: list[str] = []
    one_language: list[str] = []
    tried = 0
    for name, _ in SENDERS:
        as_(name)  # logged in before the walk: a login writes, and the state after one route is the next one's before
    state = snapshot(domain_world)
    for route in _app_routes(c):
        path = getattr(route, "path", "")
        if not hasattr(route, "dependant") or not path.startswith("/api/") or path == "/api/v1/auth/logout" \
                or not route.methods & {"POST", "PUT", "PATCH", "DELETE"}:
            continue
        rule = ACTIONS[_markers(route.dependant)[0]]
        sender = next(name for name, role in SENDERS if rule.public or role in rule.roles)
        method = sorted(route.methods & {"POST", "PUT", "PATCH", "DELETE"})[0]
        headers = as_(sender)
        # Nothing is sent between one route's last request and the next one's first: the snapshot after one is the
        # snapshot before the next (taken once, not twice; snapshot() lets the queued jobs finish first).
        before = state
        refused = True
        for name in _json_fields(route.dependant) or ["x"]:
            for junk in JSON_JUNK:
                tried += 1
                try:
                    answer = c.request(method, _fill(path, ids), headers=headers, json={name: junk})
                except Exception as exc:  # the test client raises what the app did not handle
                    crashed.append(f"{method} {path} as {sender} with {name}={junk!r:.20}: {type(exc).__name__}: "
                                   f"{str(exc)[:160]}")
                    continue
                refused = refused and answer.status_code >= 400
                if answer.status_code >= 400 and not _both_languages(answer.json()["error"]["message"]):
                    one_language.append(f"{method} {path} with {name}={junk!r:.20}: {answer.json()['error']}")
                if answer.status_code >= 500:
                    crashed.append(f"{method} {path} as {sender} with {name}={junk!r:.20}: {answer.status_code}")
        state = snapshot(domain_world)
        # Refused every time: nothing stored, not even half (the key's last use aside, kept to the minute).
        if refused and (moved := [t for t in changed(before, state) if t != "api_key"]):
            half.append(f"{method} {path}: {moved}")
    assert crashed == [], "\n".join(crashed)
    assert half == [], "\n".join(half)
    assert sorted(set(one_language)) == [], "\n".join(sorted(set(one_language)))
    assert tried > 1000


# ---- what a page offers is what its route admits ----

def test_a_page_offers_a_form_to_whom_the_policy_admits(domain_client: TestClient) -> None:
    """The provider's opportunities page decided who sees "can help" by a check of its own (the caller's center is
    this one), beside the route's rule (``opportunity.help``: the center's coordinators and admins): an admin, whom
    the route takes, was never offered the form. Now the page asks ``authz.policy.permits``, the route's rule."""
    c = domain_client
    as_ = Logins(c)
    need_id, _ = submitted_need(c, as_("ent-a"))
    offered: dict[str, bool] = {}
    for who in ("coord-center", "admin", "coord-assoc"):
        c.cookies.clear()
        c.cookies.set(SESSION_COOKIE, as_(who)["Authorization"].removeprefix("Bearer "))
        page = c.get("/centers/qic-js-battery/opportunities")
        assert page.status_code == 200 and f'data-need="{need_id}"' in page.text, who
        offered[who] = f'action="/centers/qic-js-battery/opportunities/{need_id}/help"' in page.text
    c.cookies.clear()
    assert offered == {"coord-center": True, "admin": True, "coord-assoc": False}
    # ... and the admin's form goes through, as the API's call does.
    c.cookies.set(SESSION_COOKIE, as_("admin")["Authorization"].removeprefix("Bearer "))
    done = c.post(f"/centers/qic-js-battery/opportunities/{need_id}/help", data={"note": "协会代为登记"},
                  follow_redirects=False)
    c.cookies.clear()
    assert done.status_code == 303 and "form_error" not in done.headers.get("set-cookie", "")


# ---- a refused form goes back to the form ----

def test_a_refused_step_on_a_user_goes_back_to_the_page_of_its_form(domain_client: TestClient,
                                                                     domain_world: World) -> None:
    """The forms on an organisation's page that act on one of its users (reset the password, disable, enable, end
    the sessions) went back to the list of organisations when refused, where neither the form nor its field is: the
    error showed away from what was typed (``ui_console.js`` puts what was typed back only into the form that was
    sent). Now back to the organisation's page, the field marked; done, there too as before."""
    c = domain_client
    as_ = Logins(c)
    c.cookies.set(SESSION_COOKIE, as_("admin")["Authorization"].removeprefix("Bearer "))
    org, user = domain_world.orgs["b"], domain_world.users["ent-b"]
    form = f'action="/admin/users/{user}/password"'
    assert form in c.get(f"/admin/orgs/{org}").text  # the form lives on the organisation's page
    refused = c.post(f"/admin/users/{user}/password", data={"password": "password1"}, follow_redirects=False)
    assert refused.status_code == 303 and refused.headers["location"] == f"/admin/orgs/{org}"
    left = read_error_cookie(refused.cookies[ERROR_COOKIE])
    assert left["field"] == "password" and _both_languages(str(left["message"]))
    c.cookies.set(ERROR_COOKIE, refused.cookies[ERROR_COOKIE])
    back = c.get(refused.headers["location"])
    assert form in back.text and "data-form-error" in back.text
    done = c.post(f"/admin/users/{user}/sessions/end", follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/admin/orgs/{org}"
    assert c.post("/admin/users/no-such-user/disable", follow_redirects=False).status_code == 404
    c.cookies.clear()


# ---- a retried creation ----

def _takes_idempotency_key(dependant: Any) -> bool:
    return dependant.call is get_idempotency or any(_takes_idempotency_key(s) for s in dependant.dependencies)


def test_every_creation_an_integration_may_retry_takes_an_idempotency_key(domain_client: TestClient,
                                                                          domain_world: World) -> None:
    """``Idempotency-Key`` (docs/api.md, "Repeating a request safely"; ``api.idempotency``: "POSTs that create
    something") on every API route that creates (answers 201) and that an integration's key may call, so a network
    retry never makes a second thing: a need, and — added without it — a chat (with its draft need) and a webhook
    subscription (every event then delivered twice). Walked, then tried on the two that lacked it."""
    c = domain_client
    creating = sorted(f"{r.path}" for r in _app_routes(c) if hasattr(r, "dependant") and "POST" in r.methods
                      and r.path.startswith("/api/") and getattr(r, "status_code", None) == 201
                      and not ACTIONS[_markers(r.dependant)[0]].public
                      and not ACTIONS[_markers(r.dependant)[0]].people_only)
    assert "/api/v1/needs" in creating
    lacking = [p for p in creating
               if not _takes_idempotency_key(next(r for r in _app_routes(c) if getattr(r, "path", "") == p
                                                  and "POST" in r.methods).dependant)]
    assert lacking == []
    key = bearer(domain_world.keys["ent-a-key"])
    for path, body in (("/api/v1/intake/sessions", {"text": "储能电芯需要做针刺试验"}),
                       ("/api/v1/webhooks/subscriptions", {"url": "http://127.0.0.1:9/hook",
                                                           "events": ["need.published"]})):
        first = c.post(path, headers={**key, "Idempotency-Key": "retry-1"}, json=body)
        assert first.status_code == 201, first.text
        made = snapshot(domain_world)
        again = c.post(path, headers={**key, "Idempotency-Key": "retry-1"}, json=body)
        assert again.status_code == 201 and again.json() == first.json(), path
        assert again.headers.get("Idempotent-Replayed") == "true"
        # Nothing more than the first made (the key's last use aside, kept to the minute).
        assert [t for t in changed(made, snapshot(domain_world)) if t != "api_key"] == []
        other = c.post(path, headers={**key, "Idempotency-Key": "retry-1"}, json={**body, "text": "另一件事"}
                       if "text" in body else {**body, "events": ["match.accepted"]})
        assert other.status_code == 422 and other.json()["error"]["field"] == "Idempotency-Key"


# ---- guessing ----

def _throttled(dependant: Any) -> bool:
    return dependant.call in (get_login_throttle, get_register_throttle) or any(
        _throttled(sub) for sub in dependant.dependencies)


def test_every_public_route_that_takes_a_password_or_makes_an_account_is_throttled(domain_client: TestClient) -> None:
    """Failed logins back off per (username, address) and registrations per address (docs/api.md, threat model):
    every public unsafe route but logging out (which takes nothing to guess), page and API, goes through one of those
    throttles — the invitation's acceptance, added since, among them. (A password change is throttled inside the one
    call both doors make, ``api.auth.common.change_own_password``.)"""
    c = domain_client
    routes = [r for r in _app_routes(c) if hasattr(r, "dependant") and r.methods & {"POST", "PUT", "PATCH"}
              and _markers(r.dependant)[0] == "public.read" and r.path not in ("/logout", "/api/v1/auth/logout")]
    assert {"/login", "/api/v1/auth/login", "/register", "/api/v1/auth/register"} <= {r.path for r in routes}
    assert [r.path for r in routes if not _throttled(r.dependant)] == []


# ---- the chat's pace ----

# What each chat route is sent (``{session}``: the chat's id), as the page's script or an integration sends it.
CHAT_BODIES: dict[str, dict[str, Any]] = {
    "/api/v1/intake/sessions": {"text": "储能电芯需要做针刺试验"},
    "/api/v1/intake/sessions/{session_id}/messages": {"text": "常州"},
    "/api/v1/intake/sessions/{session_id}/fields": {"budget": "5万"},
    "/ui/intake/message": {"session_id": "{session}", "text": "常州"},
    "/ui/intake/fields": {"session_id": "{session}", "changes": {"budget": "5万"}},
}
# Submitting reads nothing on the request (an LLM's pass over the chat is a job queued once per submission), and a
# need is submitted once.
NOT_PACED = frozenset({"/ui/intake/submit"})


def _reads_with_intake(dependant: Any) -> bool:
    return dependant.call is get_intake or any(_reads_with_intake(sub) for sub in dependant.dependencies)


def test_every_chat_route_that_reads_is_paced(domain_client: TestClient) -> None:
    """The chat's pace (docs/api.md: chat messages 20 a minute per caller, ``api.shared.paced``) holds on every chat
    route that runs the intake reader on the request, whose questions the LLM phrases where one is configured: the
    chat's messages, and the need card's fields beside it (API and page), which were not paced. The limit is set to
    three and the clock stopped: the fourth request of a caller is a 429 with ``Retry-After``."""
    c = domain_client
    as_ = Logins(c)
    chat_actions = {"intake.chat", "intake.chat_api"}
    reading = sorted(getattr(r, "path", "") for r in _app_routes(c) if hasattr(r, "dependant")
                     and "POST" in r.methods and _markers(r.dependant)[0] in chat_actions
                     and _reads_with_intake(r.dependant) and r.path not in NOT_PACED)
    assert sorted(CHAT_BODIES) == reading
    first = c.post("/api/v1/intake/sessions", headers=as_("ent-a"), json={"text": "储能电芯需要做针刺试验"})
    assert first.status_code == 201, first.text
    chat = first.json()["id"]
    token = as_("ent-a")["Authorization"].removeprefix("Bearer ")
    limiter = c.app.state.chat_limiter  # type: ignore[attr-defined]
    unpaced: list[str] = []
    try:
        for path, body in CHAT_BODIES.items():
            c.app.state.chat_limiter = SharedPace(  # type: ignore[attr-defined]
                limit=3, window_seconds=60.0, what=limiter.what, name=f"chat {path}", settings=limiter.counts.settings)
            c.app.state.chat_limiter.freeze()  # type: ignore[attr-defined]
            sent = json.loads(json.dumps(body).replace("{session}", chat))
            kwargs: dict[str, Any] = {"json": sent}
            if path.startswith("/ui/"):
                c.cookies.set(SESSION_COOKIE, token)
            else:
                kwargs["headers"] = as_("ent-a")
            codes = [c.post(_fill(path, {"session_id": chat}), **kwargs).status_code for _ in range(4)]
            c.cookies.clear()
            if codes[:3] != [codes[0]] * 3 or codes[0] not in (200, 201) or codes[3] != 429:
                unpaced.append(f"{path}: {codes}")
    finally:
        c.app.state.chat_limiter = limiter  # type: ignore[attr-defined]
    assert unpaced == [], "\n".join(unpaced)


@pytest.fixture
def domain_client(domain_client: TestClient) -> TestClient:
    """tests/api/conftest.py's client, each of the walks' thousands of requests one trip into the app's event loop
    instead of about eight (tests/api/onetrip.py): the same requests, answers and checks."""
    return one_trip(domain_client)


@pytest.fixture(autouse=True)
def _no_stray_cookies(domain_client: TestClient) -> Iterator[None]:
    yield
    domain_client.cookies.clear()


