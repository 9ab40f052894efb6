"""The harness for browser tests: a real uvicorn server in a thread, Debian's Chromium driven by Playwright, one
browser context (its own cookies) per person, screenshots named for the step, and waits that never sleep.

A browser test module takes ``browser``, ``people`` and ``live_server`` from ``tests/api/conftest.py``: the
server on the shared world (:func:`serve_world`), one per module (module scope)::

    pytestmark = BROWSER_MARKS

    def test_something(people):
        page = people.login("demo-enterprise")          # 1366×900, Chinese
        phone = people.login("demo-center", viewport=PHONE, lang="en")

A module whose world needs more (a need in review, another provider) defines its own module-scoped ``live_server``:
:func:`seed_world`, what it adds, then :func:`serve`.

The server matches with the tiny character-bigram embedder (``tests.matcher.matcher_helpers.NgramEmbedder``), so no
model is loaded. Nothing here waits on the clock: Playwright's ``expect`` and ``wait_for_url`` retry until their
timeout, which is generous so a busy 2-core machine still passes, and the server's socket is listening before its
thread starts, so the first request queues in the kernel instead of racing the start-up.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Response,
    ViewportSize,
    expect,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

from accounts import service as auth
from accounts.demo import DEMO_PASSWORDS
from accounts.vocab import OrgKind, Role
from api.app import create_app
from api.config import ApiConfig
from core.db import dispose_engine, dispose_engines, mark_migrated, session_scope
from core.settings import Settings
from evaluation import service as evaluation
from evaluation.schemas import ScoreInput
from flows import accounts as accounts_flow
from flows.matching import MatcherSetup
from matcher import service as matcher
from tests.api.domainhelpers import AGREEMENT, DELIVERY, EXPERT2
from tests.api.uihelpers import CENTER3, NEED_TEXT, ui_kb_records
from tests.kb.kbhelpers import do_import, write_jsonl
from tests.matcher.matcher_helpers import NgramEmbedder

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-proxy-server"]
ARTIFACTS = REPO / "test-artifacts" / "ui"
EXAMPLES = REPO / "evaluation" / "examples"
# Generous: every wait returns as soon as its condition holds, so a long timeout costs nothing when things work.
TIMEOUT_MS = 30_000
# Playwright's assertions (``expect(…).to_be_visible()``) keep their own timeout, 5 s, whatever the context's: on a
# busy 2-core machine a page that renders in more (Swagger UI with helpers on both cores, 2026-11-29) failed a test
# that passes alone. Every browser test imports this module, so every assertion waits as long as any other wait.
expect.set_options(timeout=TIMEOUT_MS)
DESKTOP: ViewportSize = {"width": 1366, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
LOCALES = {"zh": "zh-CN", "en": "en-US"}
CJK = re.compile(r"[\u4e00-\u9fff]")
# CI sets this (.ci/run): there a missing Chromium fails the browser tests instead of skipping them.
REQUIRE_BROWSER = os.environ.get("INNODOCK_REQUIRE_BROWSER") == "1"

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None and not REQUIRE_BROWSER,
                       reason=f"{CHROMIUM} is missing: install Debian's chromium (scripts/setup.sh --test)"),
]

# A second provider's coordinator, for the journeys where the need moves to another center.
SECOND_CENTER_USER = "demo-center-gd"
SECOND_CENTER_PASSWORD = "pingtai-yanshi-2026"


@dataclass
class LiveServer:
    url: str
    passwords: dict[str, str] = field(default_factory=dict)
    settings: Settings | None = None  # the server's own (its data folder and database)


# The shared world, seeded once per test process (:func:`_seeded_template`) and copied into each module's home.
_SEEDED: list[tuple[Path, dict[str, str]]] = []


def seed_world(home: Path) -> tuple[Settings, dict[str, str]]:
    """The catalog the UI tests share (two battery providers, two experts at the demo center so a team can be
    formed), the demo accounts, a coordinator for the second provider, and an evaluation of the demo center.

    Why a copy: every browser module starts from this same world, and seeding it (a catalog import, the demo
    accounts, an evaluation through the scoring code) cost each of some seventy modules its own seconds; a copy of
    the home seeded once in this process is the same database, files and passwords, and each module still gets its
    own, which it changes as it likes."""
    template, passwords = _seeded_template(home.parent / "seeded-world-template")
    shutil.copytree(template, home, dirs_exist_ok=True)
    settings = Settings(home=home)
    mark_migrated(settings.db_url)  # a copy of a migrated file (as tests/conftest.py's sqlite_settings does)
    return settings, dict(passwords)


def _seeded_template(home: Path) -> tuple[Path, dict[str, str]]:
    """The home :func:`seed_world` copies, seeded at ``home`` on the first call in this process (its engine closed,
    so the file is whole on disk before any copy)."""
    if not _SEEDED:
        settings, passwords = _seed(home)
        dispose_engine(settings.db_url)
        _SEEDED.append((home, passwords))
    return _SEEDED[0]


def _seed(home: Path) -> tuple[Settings, dict[str, str]]:
    home.mkdir(parents=True, exist_ok=True)
    settings = Settings(home=home)
    assert do_import(settings, write_jsonl(home / "kb.jsonl", [*ui_kb_records(), EXPERT2])).ok
    with session_scope(settings) as session:
        demo = accounts_flow.demo_accounts(session=session)
        org = auth.create_org(session=session, kind=OrgKind.center, name=str(CENTER3["name"]),
                              center_id=str(CENTER3["id"]))
        auth.create_user(session=session, org_id=org.id, username=SECOND_CENTER_USER,
                         password=SECOND_CENTER_PASSWORD, role=Role.center_coordinator,
                         display_name=f"{CENTER3['name']}协调员")
        inputs = json.loads((EXAMPLES / "seed001_full_inputs.json").read_text(encoding="utf-8"))
        inputs.pop("center_id", None), inputs.pop("center_name", None)
        evaluation.evaluate_center(session=session, center_id="qic-js-battery", period="2026",
                                   inputs=ScoreInput.model_validate(inputs), use_pipeline=False)
    passwords = {a.username: a.password for a in demo.accounts}
    passwords[SECOND_CENTER_USER] = SECOND_CENTER_PASSWORD
    return settings, passwords


@contextmanager
def serve(settings: Settings, passwords: dict[str, str]) -> Iterator[LiveServer]:
    """The app on a real uvicorn server in a thread, on a socket bound and listening before the thread starts."""
    app = create_app(settings, ApiConfig(deliver_in_process=False), matcher=MatcherSetup(embedder=NgramEmbedder()))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        # Blocks until the app answers (the request waits in the listen queue while it starts); no polling.
        with urllib.request.urlopen(f"{url}/healthz", timeout=TIMEOUT_MS / 1000) as answer:
            assert answer.status == 200, "the live server did not come up"
        yield LiveServer(url, passwords, settings)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
        matcher.reset()
        dispose_engines()


@contextmanager
def serve_world(home: Path) -> Iterator[LiveServer]:
    settings, passwords = seed_world(home)
    with serve(settings, passwords) as server:
        yield server


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless (never ``playwright install``)."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class People:
    """One browser context per person, so each has their own cookies; all closed at the end of the test."""

    def __init__(self, browser: Browser, server: LiveServer) -> None:
        self.browser, self.server = browser, server
        self._contexts: list[BrowserContext] = []

    def open(self, *, viewport: ViewportSize = DESKTOP, lang: str = "zh") -> Page:
        """A new page in a context of its own, with nobody logged in; phone-sized viewports act as a phone."""
        phone = viewport["width"] < 600
        context = self.browser.new_context(viewport=viewport, locale=LOCALES[lang], accept_downloads=True,
                                           is_mobile=phone, has_touch=phone, device_scale_factor=2 if phone else 1)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        context.add_cookies([{"name": "lang", "value": lang, "url": self.server.url}])
        self._contexts.append(context)
        return context.new_page()

    def login(self, username: str, *, viewport: ViewportSize = DESKTOP, lang: str = "zh") -> Page:
        """A page logged in as ``username`` through the login form, on the page the login lands on."""
        page = self.open(viewport=viewport, lang=lang)
        page.goto(f"{self.server.url}/login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", self.server.passwords[username])
        page.click("#login-form button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)
        return page

    def close(self) -> None:
        for context in self._contexts:
            context.close()
        self._contexts.clear()


def go(page: Page, path: str) -> Response | None:
    """Open a local path of the live server in this page; the main document's response."""
    base = re.match(r"https?://[^/]+", page.url)
    assert base, page.url
    return page.goto(base.group(0) + path)


def see(target: Page | Locator, text: str | re.Pattern[str]) -> None:
    """Wait until ``target`` (a page or a locator) shows ``text``; Playwright retries, nothing sleeps."""
    locator = target.locator("body") if isinstance(target, Page) else target
    expect(locator).to_contain_text(text, timeout=TIMEOUT_MS)


def dont_see(target: Page | Locator, text: str | re.Pattern[str]) -> None:
    locator = target.locator("body") if isinstance(target, Page) else target
    expect(locator).not_to_contain_text(text, timeout=TIMEOUT_MS)


def say(page: Page, text: str) -> None:
    """Send one chat message on the intake page and wait for the assistant's answer to appear."""
    count = page.locator("#turns li.assistant").count()
    page.fill("#chat-input", text)
    page.click("#chat-send")
    expect(page.locator("#turns li.assistant")).to_have_count(count + 1, timeout=TIMEOUT_MS)


def need_field(page: Page, key: str) -> Locator:
    """One row of the structured need beside the chat."""
    return page.locator(f'#need-fields dd[data-field="{key}"] .value')


def need_source(page: Page, key: str) -> Locator:
    """The label saying who read a field (rules, LLM, both, the user); hidden while the field is empty."""
    return page.locator(f'#need-fields dd[data-field="{key}"] .src')


SHOT_ATTEMPTS = 3


def shot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """A screenshot named for the step, under test-artifacts/ui/ (gitignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.evaluate("window.scrollTo(0, 0)")  # a full-page capture of a scrolled page repeats the sticky header
    for attempt in range(1, SHOT_ATTEMPTS + 1):
        try:
            page.screenshot(path=str(path), full_page=full_page)
            break
        except PlaywrightError as error:
            # On a busy CI machine Chromium's compositor now and then fails a full-page capture with "Unable to
            # capture screenshot" (CI run of 2026-11-29, test_ui_colleagues_browser); the page itself is fine. Let
            # it paint two frames and capture again: event-driven, no sleep.
            if "Unable to capture screenshot" not in str(error) or attempt == SHOT_ATTEMPTS:
                raise
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert path.stat().st_size > 5_000, f"{path} looks empty"
    return path


def sideways(page: Page) -> int:
    """How many px the page is wider than its screen (0 or less: none). Measured against the viewport's width, not
    ``window.innerWidth``: in a phone context (``is_mobile``) the layout viewport widens to hold what overflows and
    the page is zoomed out, so innerWidth grows with the page and ``scrollWidth - innerWidth`` is 0 on a page twice
    the phone's width."""
    viewport = page.viewport_size
    assert viewport is not None
    return int(page.evaluate("() => document.documentElement.scrollWidth")) - viewport["width"]


def assert_chinese(page: Page) -> None:
    text = page.inner_text("body")
    assert len(CJK.findall(text)) > 20, text[:300]
    assert page.get_attribute("html", "lang") == "zh-CN"


def nav(page: Page, key: str) -> None:
    """Follow a link of the navigation as a person would: on a phone the navigation is folded into a menu, opened
    first with its button."""
    toggle = page.locator("header .menu-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    page.click(f'header nav a[data-nav="{key}"]')


def api_login(client: TestClient, username: str) -> dict[str, str]:
    """A demo user's bearer header, by the API's login; the client keeps no session cookie of it."""
    answer = client.post("/api/v1/auth/login", json={"username": username, "password": DEMO_PASSWORDS[username]})
    assert answer.status_code == 200, answer.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {answer.json()['token']}"}


# Seed 000 Figure 1 from the agreement to accepted results, by the demo users: what a page that comes after
# acceptance (the client's questionnaire, the next rating run) needs behind it. For ``engagement_through``.
TO_ACCEPTED: list[tuple[str, str, dict[str, Any]]] = [
    ("demo-enterprise", "reach_agreement", {}), ("demo-center", "sign_agreement", {"agreement": AGREEMENT}),
    ("demo-enterprise", "countersign", {}),
    ("demo-center", "form_team", {"team": {"lead": "exp-1", "members": ["exp-2"]}}),
    ("demo-center", "submit_plan", {"plan": "按 GB 38031 第 8.2 条做单体热失控试验"}),
    ("demo-association", "approve_plan", {"opinion": "方案可行"}),
    ("demo-center", "submit_results", {"delivery": DELIVERY}),
    ("demo-enterprise", "pass_acceptance", {"reasons": ["报告完整，结论清楚"]})]


def engagement_through(settings: Settings, center_id: str | None,
                       steps: list[tuple[str, str, dict[str, Any]]], need: dict[str, Any] | None = None) -> str:
    """The demo enterprise's need (tests.api.uihelpers.NEED_TEXT, a test; ``need``: more of its fields) submitted and,
    with a ``center_id``, accepted for it by the demo association and taken through ``steps`` — (demo user,
    transition, payload) — by the API, before a browser test takes over on the pages: the engagement's id, or (no
    ``center_id``) the pending review's."""
    app = create_app(settings, ApiConfig(deliver_in_process=False), matcher=MatcherSetup(embedder=NgramEmbedder()))
    try:
        with TestClient(app) as c:
            def who(username: str) -> dict[str, str]:
                return api_login(c, username)

            ent, assoc = who("demo-enterprise"), who("demo-association")
            need = c.post("/api/v1/needs", headers=ent,
                          json={"text": NEED_TEXT, "service_types": ["inspection_testing"], **(need or {})})
            assert need.status_code == 201, need.text
            review_id: str = c.post(f"/api/v1/needs/{need.json()['id']}/submit", headers=ent).json()["review_id"]
            if center_id is None:
                return review_id
            review = c.get(f"/api/v1/reviews/{review_id}", headers=assoc).json()
            accepted = c.post(f"/api/v1/reviews/{review_id}/accept", headers=assoc,
                              json={"center_id": center_id, "version": review["version"]})
            assert accepted.status_code == 200, accepted.text
            eng: str = accepted.json()["engagement_id"]
            for username, transition, payload in steps:
                headers = who(username)
                version = c.get(f"/api/v1/engagements/{eng}", headers=headers).json()["version"]
                moved = c.post(f"/api/v1/engagements/{eng}/transitions", headers=headers,
                               json={"transition": transition, "version": version, "payload": payload})
                assert moved.status_code == 200, moved.text
            return eng
    finally:
        matcher.reset()
        dispose_engines()
        # The database is still at the newest revision (closing the engines changes no schema): said so, or the
        # live server's app would run Alembic's check again, as on a database never seen.
        mark_migrated(settings.db_url)
