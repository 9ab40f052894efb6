"""The scope matrix (issue 17): every route of the app, every kind of caller, and what each must be refused.

The expectations are read from ``authz.tables.ACTIONS`` (the spec the docs print) by this file's own small reading,
not by asking ``authz.policy``: what is checked is that every route is wired to the rule it names and that the
guard holds for every credential — anonymous, each role's session, keys with every single scope, keys with all of
their role's scopes (refused where only people may act), and a browser key.

The second half walks every GET route and page again with the ids of a real confidential need, its engagement, a
message and its file, and searches each answer (headers too, so a download's file name counts) for markers planted
in each confidential field (the need's text, product and redactions; the enterprise's name; a message's body and its
attachment's name and content), as the callers with no right to them: the other enterprise (session and key), a
proposed center that was not accepted (person and key), the accepted center before the details are opened to it
(which may read the thread it is party to), the association's integration keys, and anonymous visitors. No webhook
payload carries a marker either.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, inspect, select, table

from accounts import service as auth
from accounts.models import Org
from accounts.vocab import KEY_ROLE, ROLE_SCOPES, OrgKind, Role, Scope
from api.auth.deps import AUTHZ_ACTION, SESSION_COOKIE
from authz.tables import ACTIONS
from authz.vocab import AuthorityBody
from core.db import get_engine, session_scope
from outbox.models import WebhookDelivery
from outbox.vocab import DomainEvent
from tests.api.apihelpers import PASSWORD, World, bearer, login, second_association
from tests.api.domainhelpers import submitted_need
from tests.api.onetrip import one_trip

# FastAPI's own documentation routes carry no dependency to mark; they show the schema, no data.
FRAMEWORK_ROUTES = frozenset({"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"})
SECRET = "PROJECT-WAXWING"


@dataclass(frozen=True)
class RouteInfo:
    method: str
    path: str
    action: str
    query: tuple[str, ...] = ()  # required query parameters (``need_id`` of a team proposal or an expert ranking)

    @property
    def is_page(self) -> bool:
        """Browser pages and the small JSON endpoints their scripts call: cookie-only, never a bearer."""
        return not self.path.startswith("/api/") and self.path not in ("/healthz", "/readyz")

    @property
    def redirects_to_login(self) -> bool:
        return self.is_page and not self.path.startswith("/ui/")


def _flat(routes: list[Any]) -> Iterator[Any]:
    # FastAPI ≥ 0.160 keeps included routers as lazy branches; their effective routes carry the merged dependencies.
    for route in routes:
        if hasattr(route, "effective_route_contexts"):
            yield from route.effective_route_contexts()
        else:
            yield route


def _markers(dependant: Any) -> list[str]:
    found = [getattr(dependant.call, AUTHZ_ACTION)] if hasattr(dependant.call, AUTHZ_ACTION) else []
    for sub in dependant.dependencies:
        found += _markers(sub)
    return found


def _required_query(dependant: Any) -> list[str]:
    found = [p.alias for p in dependant.query_params if p.field_info.is_required()]
    for sub in dependant.dependencies:
        found += _required_query(sub)
    return found


def routes_of(app: FastAPI) -> tuple[list[RouteInfo], list[str]]:
    """Every (method, path) with the one action it names, and the paths that name none or several."""
    infos: list[RouteInfo] = []
    unmarked: list[str] = []
    for route in _flat(app.routes):
        path = getattr(route, "path", "")
        if not hasattr(route, "dependant"):
            if path not in FRAMEWORK_ROUTES and path != "/static":
                unmarked.append(f"{path} (not an API route)")
            continue
        actions = set(_markers(route.dependant))
        if len(actions) != 1:
            unmarked.append(f"{sorted(route.methods)} {path}: {sorted(actions) or 'no action'}")
            continue
        action, query = actions.pop(), tuple(_required_query(route.dependant))
        infos += [RouteInfo(method, path, action, query) for method in sorted(route.methods) if method != "HEAD"]
    return infos, unmarked


def test_every_route_names_one_action_of_the_table(domain_client: TestClient) -> None:
    infos, unmarked = routes_of(domain_client.app)  # type: ignore[arg-type]
    assert unmarked == []
    assert len(infos) > 90  # the walk saw the whole app, not one router
    assert {i.action for i in infos} <= set(ACTIONS)
    # Every non-public action of the table guards some route (a row no route uses is a rule nobody enforces), but
    # declassifying, which is the edit route's body turning ``confidential`` off (checked in ``check_need_write``), and
    # writing as of another day, which is a write route's ``?today=`` (checked in ``api.views.providers._write_day``).
    assert {a for a, r in ACTIONS.items() if not r.public} - {i.action for i in infos} == {"need.declassify",
                                                                                          "clock.override"}


# ---- callers ----

def test_every_action_says_what_a_key_needs() -> None:
    """A scope, or people only: no third state (issue 31: internal records were read by any key because their rows
    named neither). The one named exception, "who am I", reads only the caller's own credential."""
    neither = [a for a, r in ACTIONS.items() if not r.public and not r.scopes and not r.people_only]
    assert neither == ["auth.me"] and ACTIONS["auth.me"].own_identity
    assert [a for a, r in ACTIONS.items() if r.own_identity] == ["auth.me"]
    # What a browser key may do: public and feed actions, whatever its organisation's role.
    assert {a for a, r in ACTIONS.items() if r.for_browser_keys} == {"public.read", "feed.read"}


@dataclass(frozen=True)
class Caller:
    name: str
    role: Role | None  # None: anonymous
    scopes: frozenset[Scope]
    person: bool
    headers: dict[str, str]
    cookie: str | None = None
    browser: bool = False  # a key with CORS origins: its secret sits in web pages


def _callers(client: TestClient, world: World, *, every_single_scope: bool = True) -> list[Caller]:
    """Anonymous, each role's person, and each organisation's keys: one with all its role's scopes and one for each
    single scope (``every_single_scope``), or only the first single one."""
    callers = [Caller("anonymous", None, frozenset(), False, {})]
    for username, role in [("ent-a", Role.enterprise), ("coord-center", Role.center_coordinator),
                           ("coord-assoc", Role.association_coordinator), ("admin", Role.admin)]:
        token = login(client, username)
        callers.append(Caller(username, role, ROLE_SCOPES[role], True, bearer(token), cookie=token))
    with session_scope(world.settings) as session:
        for org, kind in [("a", OrgKind.enterprise), ("center", OrgKind.center), ("assoc", OrgKind.association)]:
            role = KEY_ROLE[kind]
            every = sorted(ROLE_SCOPES[role])
            singles = [[s] for s in every] if every_single_scope else [[every[0]]]
            for scopes in [every, *singles]:
                created = auth.create_api_key(session=session, org_id=world.orgs[org], name="matrix",
                                              scopes=list(scopes))
                callers.append(Caller(f"{org}-key:" + ",".join(scopes), role, frozenset(scopes), False,
                                      bearer(created.secret)))
    callers.append(Caller("browser-key", Role.association_coordinator, frozenset({Scope.feed_read}), False,
                          {**bearer(world.keys["browser"]), "Origin": "https://site.example.org"}, browser=True))
    return callers


def expected_refusal(route: RouteInfo, caller: Caller) -> int | None:
    """What the table says this caller gets from this route before any object is looked at: 401/403/303, or None
    when the caller may attempt it. Read from the table's fields here, not from ``authz.policy``."""
    rule = ACTIONS[route.action]
    if rule.public:
        return None  # public pages ignore an Authorization header: it is not a login there
    if route.is_page and caller.cookie is None and "Authorization" in caller.headers:
        return 403  # the other pages are for a person's browser; a key is refused outright
    if route.is_page:
        if caller.role is None:
            return 303 if route.redirects_to_login else 401
    elif caller.role is None:
        return 401
    assert caller.role is not None
    if caller.role not in rule.roles or not rule.scopes <= caller.scopes:
        return 403
    if rule.people_only and not caller.person:
        return 403
    if caller.browser and not (rule.public or rule.scopes == {Scope.feed_read}):
        return 403  # a key whose secret sits in web pages reads the feed and public data only
    return None


def _fill(path: str, ids: dict[str, str], query: tuple[str, ...] = ()) -> str:
    """The path with its ids, and the required query parameters the walk has ids for (``?need_id=…``)."""
    filled = re.sub(r"\{(\w+)\}", lambda m: ids.get(m.group(1), "nope"), path)
    given = [f"{name}={ids[name]}" for name in query if name in ids]
    return filled + ("?" + "&".join(given) if given else "")


def _send(client: TestClient, route: RouteInfo, caller: Caller, ids: dict[str, str]) -> Any:
    client.cookies.clear()
    headers = dict(caller.headers)
    if route.is_page and caller.cookie is not None:
        headers.pop("Authorization")
        client.cookies.set(SESSION_COOKIE, caller.cookie)
    kwargs: dict[str, Any] = {"headers": headers, "follow_redirects": False}
    if route.method in ("POST", "PATCH", "PUT"):
        kwargs["json"] = {}
    try:
        return client.request(route.method, _fill(route.path, ids), **kwargs)
    finally:
        client.cookies.clear()


def _row_counts(world: World) -> dict[str, int]:
    """Rows per table, except the audit log (refusals are audited) and a website key's pace (api_pace: every request
    a key makes counts toward its allowance, a refused one too, as a throttle counts attempts; api.rate_limits)."""
    engine = get_engine(world.settings)
    names = [n for n in inspect(engine).get_table_names() if n not in ("authz_audit", "alembic_version", "api_pace")]
    with engine.connect() as conn:
        return {n: conn.execute(select(func.count()).select_from(table(n))).scalar_one() for n in names}


@pytest.mark.slow  # ~4,800 requests on SQLite, ~1,900 on PostgreSQL
def test_every_route_refuses_whom_the_table_refuses(domain_client: TestClient, domain_world: World) -> None:
    """Every route against every caller on SQLite. On PostgreSQL every route against every kind of caller, with one
    single-scope key an organisation instead of one a scope: which scope a route asks for is read from the table and
    checked by the one guard, whatever the database, and the SQLite pass tries each; what PostgreSQL adds is its
    queries (the key's and session's lookups, the lists let through), which the smaller set runs as well. The full
    matrix there cost ≈ 80 s of each CI run."""
    c = domain_client
    infos, _ = routes_of(c.app)  # type: ignore[arg-type]
    callers = _callers(c, domain_world, every_single_scope=domain_world.settings.db_url.startswith("sqlite"))
    before = _row_counts(domain_world)
    wrong: list[str] = []
    allowed_lists = 0
    for route in infos:
        for caller in callers:
            expected = expected_refusal(route, caller)
            if expected is None:
                if route.method != "GET" or "{" in route.path or caller.role is None:
                    continue  # what an allowed caller may do to one object is the flows' tests' business
                answer = _send(c, route, caller, {})
                allowed_lists += 1
                if answer.status_code in (401, 403):
                    wrong.append(f"{route.method} {route.path} as {caller.name}: {answer.status_code}, expected "
                                 f"to be let through")
                continue
            answer = _send(c, route, caller, {})
            got = answer.status_code
            if got != expected:
                wrong.append(f"{route.method} {route.path} as {caller.name}: {got}, expected {expected}")
            elif expected == 303:
                assert answer.headers["location"].startswith("/login")
    assert wrong == [], "\n".join(wrong)
    assert allowed_lists > 20
    assert _row_counts(domain_world) == before  # nothing refused wrote anything


def test_the_table_itself_says_what_the_seeds_and_the_findings_say() -> None:
    """Spot checks of the table against the rules it encodes, so the matrix is not only self-consistent."""
    assert Role.center_coordinator not in ACTIONS["review.decide"].roles  # only the association docks (§5.1.3)
    assert Role.center_coordinator not in ACTIONS["assignment.run"].roles  # no center sees others' scores
    assert ACTIONS["need.declassify"].people_only and Role.association_coordinator not in ACTIONS[
        "need.declassify"].roles
    assert ACTIONS["engagement.act"].people_only and ACTIONS["review.read"].people_only
    assert ACTIONS["admin.accounts"].roles == {Role.admin}
    assert ACTIONS["feed.read"].scopes == {Scope.feed_read}
    assert Scope.feed_read not in ROLE_SCOPES[Role.enterprise]


# ---- need-to-know: markers planted in every confidential field, searched in every answer ----

# One marker per kind of confidential thing, so a leak says what leaked.
NEED_MARK = SECRET  # the need's text, product, industry and redactions
NAME_MARK = "WAXWING-ENTERPRISE"  # the enterprise's name
THREAD_MARK = "WAXWING-THREAD"  # a message's body, its attachment's name and content


def _ids(c: TestClient, world: World, as_: Any) -> dict[str, str]:
    """A confidential need proposed to the battery center but assigned to the rare-earth center (the battery center:
    proposed, not accepted; the rare-earth center: accepted, details not opened), with a message and a file on its
    engagement, and an intake chat."""
    with session_scope(world.settings) as session:
        session.get(Org, world.orgs["a"]).name = f"{NAME_MARK}储能有限公司"  # type: ignore[union-attr]
        other = auth.create_org(session=session, kind=OrgKind.center, name="稀土计量中心", center_id="met-jx-rare")
        auth.create_user(session=session, org_id=other.id, username="coord-other", password=PASSWORD,
                         role=Role.center_coordinator)
    a = as_("ent-a")
    need_id, review_id = submitted_need(c, a, confidential=True, redactions=[SECRET], product=f"{SECRET}电芯",
                                        industry=f"动力电池 {SECRET}",
                                        text=f"{SECRET}电芯针刺后热失控，需要按GB 38031做热失控试验")
    review = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()
    assert "qic-js-battery" in {p["center_id"] for p in review["proposals"]}
    assigned = c.post(f"/api/v1/reviews/{review_id}/assign", headers=as_("coord-assoc"),
                      json={"center_id": "met-jx-rare", "note": "企业点名", "version": review["version"],
                            "confirm_no_coordinator": True})  # nobody logs in for it here
    assert assigned.status_code == 200, assigned.text
    engagement_id = assigned.json()["engagement_id"]
    posted = c.post(f"/api/v1/engagements/{engagement_id}/messages", headers=a,
                    data={"body": f"{THREAD_MARK} 请先看样品照片"},
                    files=[("files", (f"{THREAD_MARK}.txt", f"样品批号 {THREAD_MARK}".encode(), "text/plain"))])
    assert posted.status_code == 201, posted.text
    chat = c.post("/api/v1/intake/sessions", headers=a, json={"text": f"{SECRET}电芯需要热失控试验"})
    assert chat.status_code == 201, chat.text
    return {"need_id": need_id, "review_id": review_id, "engagement_id": engagement_id,
            "file_id": posted.json()["files"][0]["id"], "session_id": chat.json()["id"], "center_id": "qic-js-battery",
            "org_id": world.orgs["a"], "user_id": world.users["ent-a"]}


@pytest.mark.slow  # over 5 s on a loaded 2-core machine (issue 15): a real process, or many requests
def test_no_answer_carries_a_confidential_need_to_whom_has_no_right(domain_client: TestClient,
                                                                    domain_world: World) -> None:
    c = domain_client
    logins: dict[str, dict[str, str]] = {}

    def as_(username: str) -> dict[str, str]:
        if username not in logins:
            logins[username] = bearer(login(c, username))
        return logins[username]

    everything = [e.value for e in DomainEvent]
    second_association(domain_world)
    with session_scope(domain_world.settings) as session:  # a deciding authority's officer (issue 29)
        bureau = auth.create_org(session=session, kind=OrgKind.authority, name="常州市市场监督管理局",
                                 authority_body=AuthorityBody.municipal_bureau, jurisdiction="江苏省常州市")
        auth.create_user(session=session, org_id=bureau.id, username="officer", password=PASSWORD,
                         role=Role.authority_officer)
    for subscriber in (bearer(domain_world.keys["site"]), as_("coord-center"), as_("ent-b"),
                       bearer(domain_world.keys["assoc2-all"]), as_("officer")):
        made = c.post("/api/v1/webhooks/subscriptions", headers=subscriber,
                      json={"url": "http://127.0.0.1:9/hook", "events": everything})
        assert made.status_code == 201, made.text
    ids = _ids(c, domain_world, as_)
    # The owner sees every marker (so the search below would find each if it leaked).
    owner = [c.get(f"/api/v1/needs/{ids['need_id']}", headers=as_("ent-a")).text,
             c.get(f"/api/v1/engagements/{ids['engagement_id']}/messages", headers=as_("ent-a")).text,
             c.get(f"/api/v1/engagements/{ids['engagement_id']}/files/{ids['file_id']}", headers=as_("ent-a")).text]
    assert NEED_MARK in owner[0] and NAME_MARK in owner[0] and THREAD_MARK in owner[1] and THREAD_MARK in owner[2]
    with session_scope(domain_world.settings) as session:
        b_key = auth.create_api_key(session=session, org_id=domain_world.orgs["b"], name="b-all",
                                    scopes=sorted(ROLE_SCOPES[Role.enterprise])).secret
        center_key = auth.create_api_key(session=session, org_id=domain_world.orgs["center"], name="c-all",
                                         scopes=sorted(ROLE_SCOPES[Role.center_coordinator])).secret
    everything_marked = (NEED_MARK, NAME_MARK, THREAD_MARK)
    # Who may not read which: the association's keys read engagements (and so the client's name and the thread)
    # but never a confidential need's details; the accepted center is a party to the thread, not yet to the need.
    outsiders: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
        "ent-b": (as_("ent-b"), everything_marked),
        "ent-b-key": (bearer(b_key), everything_marked),
        "coord-center (proposed, not accepted)": (as_("coord-center"), everything_marked),
        "center-key (proposed, not accepted)": (bearer(center_key), everything_marked),
        "coord-other (accepted, details not opened)": (as_("coord-other"), (NEED_MARK, NAME_MARK)),
        # The association's own keys reach only the needs it acts for (submitted by it, or consented): this one
        # neither (issue 31: before, any association key read every tenant's engagement, thread and files).
        "site-key": (bearer(domain_world.keys["site"]), everything_marked),
        "feed-key": (bearer(domain_world.keys["feed-only"]), everything_marked),
        "browser-key": ({**bearer(domain_world.keys["browser"]), "Origin": "https://site.example.org"},
                        everything_marked),
        # A second association in the same deployment sees nothing of the first's enterprises.
        "coord-assoc2": (as_("coord-assoc2"), everything_marked),
        "assoc2-key": (bearer(domain_world.keys["assoc2-all"]), everything_marked),
        # A deciding authority's officer takes decisions on providers, and reads no need at all.
        "officer": (as_("officer"), everything_marked),
        "anonymous": ({}, everything_marked),
    }
    infos, _ = routes_of(c.app)  # type: ignore[arg-type]
    gets = sorted({(i.path, i.query) for i in infos if i.method == "GET"})
    assert {"/api/v1/engagements/{engagement_id}/messages", "/api/v1/engagements/{engagement_id}/files/{file_id}",
            "/engagements/{engagement_id}/files/{file_id}", "/engagements/{engagement_id}",
            "/review/{review_id}", "/inbox", "/api/v1/experts/match",
            "/needs/{need_id}/experts"} <= {path for path, _ in gets}
    assert ("/api/v1/experts/match", ("need_id",)) in gets  # walked with the confidential need's id
    seen = 0
    leaks: list[str] = []
    opened: list[str] = []  # what a second association's key or the website key got through to
    internal = ("/api/v1/engagements/{", "/api/v1/needs/{", "/api/v1/reviews/{", "/api/v1/consents",
                "/api/v1/providers", "/api/v1/jobs/")
    for who, (headers, marks) in outsiders.items():
        for path, query in gets:
            for carrier in ("bearer", "cookie"):
                c.cookies.clear()
                sent = dict(headers)
                if carrier == "cookie":
                    token = sent.pop("Authorization", "").removeprefix("Bearer ")
                    if not token.startswith("is_"):
                        continue  # only sessions ride in a cookie
                    c.cookies.set(SESSION_COOKIE, token)
                answer = c.get(_fill(path, ids, query), headers=sent, follow_redirects=False)
                c.cookies.clear()
                seen += answer.status_code == 200
                body = answer.content.decode("utf-8", "replace") + json.dumps(dict(answer.headers),
                                                                              ensure_ascii=False)
                leaks += [f"{mark} in {path} as {who} by {carrier}: {answer.status_code}" for mark in marks
                          if mark in body]
                if who in ("assoc2-key", "browser-key") and path.startswith(internal) and \
                        answer.status_code not in (403, 404):
                    opened.append(f"{path} as {who}: {answer.status_code}")
    assert leaks == [], "\n".join(leaks)
    # Every engagement, message, file, history, consent, provider-internal and dashboard route answers a second
    # association's key and the website key with 403 or 404 (issue 31).
    assert opened == [], "\n".join(opened)
    assert seen > 60  # the walk reached real answers, not only refusals
    # The proposed center that was not accepted cannot write to the thread, hand over results or fetch the file
    # either: to it the engagement does not exist, by the API or on the page.
    rows = _row_counts(domain_world)
    eng, proposed = ids["engagement_id"], as_("coord-center")
    for path, form in ((f"/api/v1/engagements/{eng}/messages", {"body": "打扰一下"}),
                       (f"/api/v1/engagements/{eng}/delivery", {"version": "1", "note": "成果"})):
        answer = c.post(path, headers=proposed, data=form,
                        files=[("files", ("r.txt", f"{THREAD_MARK}?".encode(), "text/plain"))])
        assert answer.status_code == 404 and THREAD_MARK not in answer.text, (path, answer.status_code)
    c.cookies.set(SESSION_COOKIE, proposed["Authorization"].removeprefix("Bearer "))
    for path in (f"/engagements/{eng}/messages", f"/engagements/{eng}/delivery"):
        assert c.post(path, data={"body": "打扰一下", "version": "1"}, follow_redirects=False).status_code == 404
    c.cookies.clear()
    assert _row_counts(domain_world) == rows  # nothing written (the audit log aside)
    # The accepted center reads the thread it is party to (the search for the thread's marker is not empty).
    assert THREAD_MARK in c.get(f"/api/v1/engagements/{ids['engagement_id']}/messages",
                                headers=as_("coord-other")).text
    # Nor did any webhook carry a marker, to whoever subscribed (the deliveries were made: the search is not empty).
    with session_scope(domain_world.settings) as session:
        deliveries = list(session.scalars(select(WebhookDelivery)))
        payloads = [json.dumps(d.payload, ensure_ascii=False) for d in deliveries]
        events = {d.event for d in deliveries}
        second = {d.event for d in deliveries if d.org_id == domain_world.orgs["assoc2"]}
        officer = {d.event for d in deliveries if d.org_id == bureau.id}
    assert len(payloads) >= 3 and "engagement.message_posted" in events and "match.accepted" in events
    assert not any(mark in p for p in payloads for mark in everything_marked)
    # The second association hears only what is public (the need published, and leaving the feed when accepted),
    # nothing of the first's work.
    assert second <= {"need.published", "need.unpublished"}
    # an authority hears no engagement's, review's or complaint's events
    assert officer <= {"need.published", "need.unpublished"}


@pytest.fixture
def domain_client(domain_client: TestClient) -> TestClient:
    """tests/api/conftest.py's client, each of the walks' thousands of requests one trip into the app's event loop
    instead of about eight (tests/api/onetrip.py): the same requests, answers and checks."""
    return one_trip(domain_client)


@pytest.fixture(autouse=True)
def _no_stray_cookies(domain_client: TestClient) -> Iterator[None]:
    yield
    domain_client.cookies.clear()
