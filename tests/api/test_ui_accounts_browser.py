"""The console in real headless Chromium (issue 16's "done when", steps 4-6): an admin creates an organisation and a
key, on a desktop and on a phone; an enterprise registers and waits for the association; ``/docs`` draws Swagger UI
with every request off this machine blocked; and one pass over every page, as each role, desktop and phone, Chinese
and English, runs axe-core in the page and saves a screenshot.

axe-core (``axe.min.js``) comes from the pinned ``axe-playwright-python`` package and is injected with Playwright's
``add_script_tag`` where a page lacks it; in the walk's two axe views it is given to each context once
(``add_init_script``), so every page the context opens has it without sending its 0.5 MB into each page (that sending
was 13.6 of the walk's 114 s, measured at load 7). Only serious and critical violations fail. Swagger UI and ReDoc
are third-party pages and are not axe-checked. The report of every page is written to
``test-artifacts/ui/axe-report.json``.

Each page is opened in three views: Chinese on the desktop, Chinese on the phone and English on the phone. Each is
checked for a failed template, untranslated chrome, sideways scrolling and the phone's menu, and photographed. axe-core
runs in two of them, one per language and one per width (Chinese on the desktop, English on the phone): its rules look
at the markup, which a page's language and width change only through its words and what is hidden. axe was half of
the walk's time (169 of ≈ 320 s measured on a loaded machine, the other half opening pages and taking screenshots).
English on the desktop is not walked: every check it ran is run by another view (its words and template by English on
the phone, where longer English words are likelier to push a page sideways; its layout by Chinese on the desktop), and
it was a quarter of the walk's page views (42 of 168). The journeys that work in English on the desktop
(tests/api/test_ui_chat_browser.py, test_ui_forms_browser.py, test_ui_coverage_browser.py) still photograph it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import axe_playwright_python
import pytest
from playwright.sync_api import Browser, Dialog, Page, Route, expect

from api.auth.deps import SESSION_COOKIE
from tests.api.browserhelpers import (
    ARTIFACTS,
    BROWSER_MARKS,
    DESKTOP,
    PHONE,
    LiveServer,
    People,
    go,
    nav,
    see,
    shot,
    sideways,
)
from tests.api.plainwords import english_in_chrome
from tests.providers.providerhelpers import scaled_inputs

pytestmark = BROWSER_MARKS

AXE_JS = Path(axe_playwright_python.__file__).resolve().parent / "axe.min.js"
BLOCKING = ("serious", "critical")
GOOD = "Zhiliang-Jiance-2031"


def accept_dialogs(page: Page) -> list[str]:
    """Say yes to every confirmation the page asks, keeping what it asked."""
    asked: list[str] = []

    def answer(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    return asked


@pytest.mark.slow  # two logins and a dozen forms, each in a real browser
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_admin_creates_an_organisation_and_a_key(people: People, viewport: Any) -> None:
    tag = "desktop" if viewport == DESKTOP else "phone"
    label = "桌面" if viewport == DESKTOP else "手机"  # names in Chinese: the walk below scans pages for English words
    admin = people.login("demo-admin", viewport=viewport)
    asked = accept_dialogs(admin)
    nav(admin, "admin")
    expect(admin.locator("h1")).to_have_text("组织与账号")
    form = admin.locator("#org-form")
    form.locator("select[name=kind]").select_option("enterprise")
    name = f"无锡精密部件有限公司（{label}）"
    form.locator("input[name=name]").fill(name)
    form.locator("input[name=name]").press("Enter")  # by keyboard: Enter sends the form
    expect(admin.locator("#toast")).to_have_text(re.compile("组织已创建"))
    expect(admin.locator("h1")).to_have_text(name)

    user_form = admin.locator("#user-form")
    user_form.locator("input[name=username]").fill(f"wx-{tag}")
    user_form.locator("input[name=display_name]").fill("周工")
    user_form.locator("input[name=password]").fill("12345678")
    user_form.locator("button[type=submit]").click()
    see(admin.locator("p.error"), "密码")  # the policy answers on the page, in Chinese only
    assert "/" not in admin.locator("p.error").inner_text()
    user_form = admin.locator("#user-form")
    user_form.locator("input[name=username]").fill(f"wx-{tag}")
    user_form.locator("input[name=display_name]").fill("周工")
    user_form.locator("input[name=password]").fill(GOOD)
    user_form.locator("button[type=submit]").click()
    expect(admin.locator("#toast")).to_have_text(re.compile("用户已创建"))
    expect(admin.locator(f'tr[data-user="wx-{tag}"]')).to_contain_text("周工")

    key_form = admin.locator("#key-form")
    expect(key_form.locator('input[value="feed:read"]')).to_have_count(0)  # not an enterprise's scope
    key_form.locator("input[name=name]").fill("ERP 对接")
    key_form.locator('input[value="needs:write"]').check()
    key_form.locator('input[value="results:read"]').check()
    key_form.locator("input[name=expires_days]").fill("365")
    key_form.locator("button[type=submit]").click()
    expect(admin.locator("h1")).to_have_text("密钥已创建")
    secret = admin.locator("#key-secret").input_value()
    assert re.fullmatch(r"ik_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}", secret), secret
    shot(admin, f"accounts-admin-key-created-{tag}")
    me = admin.request.get(re.sub(r"(https?://[^/]+).*", r"\1", admin.url) + "/api/v1/auth/me",
                           headers={"Authorization": f"Bearer {secret}"})
    assert me.ok and sorted(me.json()["scopes"]) == ["needs:write", "results:read"]
    admin.click("text=返回组织")
    expect(admin.locator("#keys")).to_contain_text("ERP 对接")
    assert secret not in admin.content()
    admin.locator("#keys").get_by_role("button", name="吊销 ERP 对接").click()
    expect(admin.locator("#toast")).to_have_text(re.compile("密钥已吊销"))
    assert asked and "吊销后" in asked[-1]
    shot(admin, f"accounts-admin-org-{tag}")
    gone = admin.request.get(re.sub(r"(https?://[^/]+).*", r"\1", admin.url) + "/api/v1/auth/me",
                             headers={"Authorization": f"Bearer {secret}"})
    assert gone.status == 401

    # The knowledge base: a file with an error is refused whole, its error listed by file and line; fixed, it imports.
    nav(admin, "kb_upload")
    center = {"type": "center", "id": f"qic-wx-{tag}", "name": f"无锡市精密部件质量检验中心（{label}）",
              "kind": "quality_inspection_center", "status": "operating", "region": "江苏省无锡市",
              "industries": ["精密部件"], "description": "精密部件几何量与材料性能检测。"}
    capability = {"type": "capability", "id": f"cap-wx-{tag}", "center_id": center["id"], "title": "轴承尺寸检测",
                  "service_types": ["inspection_testing"], "description": "滚动轴承内外径、圆度与游隙检测。"}
    broken = dict(capability, service_types=["magic"])
    lines = [json.dumps(r, ensure_ascii=False) for r in (center, broken)]
    upload = admin.locator("#kb-upload-form")
    upload.locator("input[name=files]").set_input_files(files=[{
        "name": "wuxi.jsonl", "mimeType": "text/plain", "buffer": "\n".join(lines).encode()}])
    upload.locator("button[type=submit]").click()
    see(admin.locator("ul.import-errors"), "wuxi.jsonl:2: service_types.0: 取值 'magic' 不在允许范围")
    assert "not an allowed value" not in admin.locator("ul.import-errors").inner_text()  # the page's language only
    shot(admin, f"accounts-admin-kb-upload-error-{tag}")
    base = re.sub(r"(https?://[^/]+).*", r"\1", admin.url)
    assert admin.request.get(f"{base}/centers/{center['id']}").status == 404  # nothing of the file was written
    lines[1] = json.dumps(capability, ensure_ascii=False)
    upload = admin.locator("#kb-upload-form")
    upload.locator("input[name=files]").set_input_files(files=[{
        "name": "wuxi.jsonl", "mimeType": "text/plain", "buffer": "\n".join(lines).encode()}])
    upload.locator("button[type=submit]").click()
    expect(admin.locator("p.notice.done")).to_be_visible()
    assert admin.request.get(f"{base}/centers/{center['id']}").ok


@pytest.mark.slow
def test_an_enterprise_registers_and_logs_in_once_approved(people: People) -> None:
    visitor = people.open()
    visitor.goto(f"{people.server.url}/login")
    visitor.click("text=还没有账号？自助注册")
    form = visitor.locator("#register-form")
    form.locator("input[name=org_name]").fill("宜兴环保装备有限公司")
    form.locator("input[name=username]").fill("yx-boss")
    form.locator("input[name=password]").fill(GOOD)
    form.locator("input[name=password_again]").fill(GOOD)
    form.locator("button[type=submit]").click()
    see(visitor.locator("#register-done"), "等待协会审核")
    go(visitor, "/login")
    visitor.fill("input[name=username]", "yx-boss")
    visitor.fill("input[name=password]", GOOD)
    visitor.click("#login-form button[type=submit]")
    see(visitor.locator("#login-error"), "等待协会审核")

    assoc = people.login("demo-association")
    nav(assoc, "registrations")
    card = assoc.locator("li.registration", has_text="宜兴环保装备有限公司")
    card.get_by_role("button", name="通过 宜兴环保装备有限公司").click()
    expect(assoc.locator("#toast")).to_have_text(re.compile("已通过注册"))
    visitor.fill("input[name=password]", GOOD)
    visitor.click("#login-form button[type=submit]")
    visitor.wait_for_url(re.compile(r"/intake$"))


@pytest.mark.slow
def test_docs_draw_with_the_network_cut_off(browser: Browser, live_server: LiveServer) -> None:
    context = browser.new_context(viewport=DESKTOP)
    blocked: list[str] = []

    def only_this_machine(route: Route) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if host in ("127.0.0.1", "localhost", "::1"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_this_machine)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("innodock", timeout=30_000)
        # at least ten groups of routes, waited for: Swagger UI draws them one after another
        expect(page.locator(".opblock-tag-section").nth(9)).to_be_visible()
        page.locator(".opblock-tag-section h3").first.click()
        expect(page.locator(".opblock").first).to_be_visible()
        shot(page, "accounts-docs-offline", full_page=False)
        assert blocked == [], blocked  # Swagger UI did not even try to leave the machine
        page.goto(f"{live_server.url}/redoc")
        expect(page.locator("h1").first).to_contain_text("innodock", timeout=30_000)
        expect(page.locator("[role=menuitem]").first).to_be_visible()
        shot(page, "accounts-redoc-offline", full_page=False)
        # ReDoc's bundle asks for its own "by Redocly" logo and drops the image when it cannot load (redoc 2.5.3)
        assert set(blocked) <= {"https://cdn.redoc.ly/redoc/logo-mini.svg"}, blocked
    finally:
        context.close()


# ---- every page, as each role, desktop and phone, Chinese and English: axe-core and a screenshot ----

@dataclass
class Walk:
    violations: list[dict[str, Any]] = field(default_factory=list)
    report: list[dict[str, Any]] = field(default_factory=list)
    sideways: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    english: list[str] = field(default_factory=list)
    pages: int = 0


# What a page shows when its template or script failed: a method's repr, an unfilled placeholder, a Python or
# JavaScript null, an object's default string.
BROKEN_CHROME = re.compile(r"<built-in|\{\{|\}\}|\bNone\b|\bundefined\b|\[object ")


def _axe(page: Page) -> list[dict[str, Any]]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    found: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
        }""")
    return found


def _world(people: People) -> dict[str, str]:
    """A need submitted, matched and accepted, so the review and engagement pages have something to show."""
    ent = people.login("demo-enterprise")
    base = re.sub(r"(https?://[^/]+).*", r"\1", ent.url)
    need = ent.request.post(f"{base}/api/v1/needs", data={
        "text": "我们在常州生产动力电池，电芯需要做针刺和热失控试验，要求CMA报告，预算8万元以内，年底前完成",
        "title": "电芯热失控试验"})
    assert need.ok, need.text()
    need_id = need.json()["id"]
    submitted = ent.request.post(f"{base}/api/v1/needs/{need_id}/submit")
    assert submitted.ok, submitted.text()
    review_id = submitted.json()["review_id"]
    assoc = people.login("demo-association")
    review = assoc.request.get(f"{base}/api/v1/reviews/{review_id}").json()
    accepted = assoc.request.post(f"{base}/api/v1/reviews/{review_id}/accept",
                                  data={"center_id": "qic-js-battery", "version": review["version"]})
    assert accepted.ok, accepted.text()
    second = ent.request.post(f"{base}/api/v1/needs", data={
        "text": "我们是常州的储能电池企业，电池包需要做过充和热失控安全检测，要CMA报告，预算5万元，三个月内完成",
        "title": "电池包安全检测"})
    assert second.ok, second.text()
    waiting = ent.request.post(f"{base}/api/v1/needs/{second.json()['id']}/submit")
    assert waiting.ok, waiting.text()
    second_review = waiting.json()["review_id"]
    # A failing rating run: the provider's page shows its findings and the rectification proposed (issue 14 step 6).
    failed = assoc.request.post(f"{base}/api/v1/evaluations", data={
        "center_id": "qic-js-battery", "period": "2026", "inputs": scaled_inputs("qic-js-battery", 0.2)})
    assert failed.ok, failed.text()
    admin = people.login("demo-admin")
    orgs = admin.request.get(f"{base}/api/v1/admin/orgs?limit=200").json()["items"]
    ids = {"review": second_review, "engagement": accepted.json()["engagement_id"],
           "org": next(o["id"] for o in orgs if o["kind"] == "enterprise"), "run": str(failed.json()["run_id"])}
    people.close()
    return ids


def _pages(ids: dict[str, str]) -> dict[str | None, list[str]]:
    """Every page each role has (None: nobody logged in), including the error pages a person can meet."""
    engagement, review = f"/engagements/{ids['engagement']}", f"/review/{ids['review']}"
    return {
        None: ["/", "/centers/qic-js-battery", "/login", "/register", "/no-such-page"],
        "demo-enterprise": ["/intake", "/needs", "/engagements", engagement, "/inbox", "/account", "/account/keys",
                            "/account/colleagues", "/consents", "/review"],
        "demo-center": ["/review", review, "/engagements", engagement, "/evaluation/qic-js-battery",
                        "/evaluation/plat-gd-battery", "/inbox", "/account", "/providers", "/providers/qic-js-battery"],
        "demo-association": ["/review", review, "/engagements", engagement, "/inbox", "/admin/registrations",
                             "/consents", "/evaluation/qic-js-battery", f"/evaluation/runs/{ids['run']}/report",
                             "/providers", "/providers?state=operating&q=电池", "/providers/qic-js-battery",
                             "/providers/dashboard"],
        "demo-admin": ["/admin/orgs", f"/admin/orgs/{ids['org']}", "/admin/audit", "/account/keys",
                       "/engagements/no-such-engagement"],
    }


def _name(user: str | None, path: str) -> str:
    """A stable file name: the role and the page, with the ids of this run's objects as "one"."""
    path = re.sub(r"/(eng|rev)-[0-9a-f]+|/[0-9a-f]{8}-[0-9a-f-]{27}", "/one", path)
    slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
    return f"page-{(user or 'anonymous').removeprefix('demo-')}-{slug[:40]}"


# The views each page is opened in, and the two of them axe-core checks (the module's docstring says why).
WALK_VIEWS = ((DESKTOP, "zh"), (PHONE, "zh"), (PHONE, "en"))
AXE_VIEWS = ((DESKTOP, "zh"), (PHONE, "en"))


@pytest.mark.slow  # ~126 page views, axe-core in two thirds of them
def test_every_page_passes_axe_and_fits_a_phone_in_both_languages(people: People) -> None:
    walk = Walk()
    pages = _pages(_world(people))
    for user, paths in pages.items():
        session: list[Any] = []  # each role logs in once, by the form; its other windows carry that session
        for viewport, lang in WALK_VIEWS:
            if user is None or session:
                page = people.open(viewport=viewport, lang=lang)
                if session:
                    page.context.add_cookies(session)
            else:
                page = people.login(user, viewport=viewport, lang=lang)
                session = [c for c in page.context.cookies() if c["name"] == SESSION_COOKIE]
                assert session, f"{user} logged in without a session cookie"
            if (viewport, lang) in AXE_VIEWS:  # axe-core in each page this context opens from now on, sent once
                page.context.add_init_script(path=str(AXE_JS))
            for path in paths:
                answer = page.goto(people.server.url + path)
                assert answer is not None and answer.status < 500, (user, path)
                assert user is None or urlsplit(page.url).path != "/login", (user, path, lang)  # still logged in
                expect(page.locator("html")).to_have_attribute("lang", "zh-CN" if lang == "zh" else "en")
                found = _axe(page) if (viewport, lang) in AXE_VIEWS else []
                walk.pages += 1
                broken = BROKEN_CHROME.findall(page.locator("body").inner_text())
                if broken:  # a control or a text the template failed to fill (issue 30, item 9)
                    walk.broken.append(f"{user or 'anonymous'} {path} {lang}: {sorted(set(broken))}")
                english = english_in_chrome(page) if lang == "zh" else []
                if english:  # the page's own words in Chinese, users' words apart (issue 30, item 5)
                    walk.english.append(f"{user or 'anonymous'} {path} {viewport['width']}px: {english}")
                where = f"{user or 'anonymous'} {path} {'phone' if viewport == PHONE else 'desktop'} {lang}"
                if (viewport, lang) in AXE_VIEWS:
                    walk.report.append({"page": where, "status": answer.status, "violations": found})
                walk.violations += [{"page": where, **v} for v in found if v["impact"] in BLOCKING]
                if viewport == PHONE:
                    if user is not None and not path.endswith("/report"):  # the menu opens (a report has none)
                        first = page.locator("header nav a[data-nav]").first
                        expect(first).to_be_hidden()
                        page.locator("header .menu-toggle").click()
                        expect(first).to_be_visible()
                        page.locator("header .menu-toggle").click()
                    wide = sideways(page)  # against 390 px: window.innerWidth grows with the page on a phone
                    if wide > 1:
                        walk.sideways.append(f"{where}: {wide}px")
                    shot(page, _name(user, path) + ("-phone" if lang == "zh" else "-en-phone"))
                else:
                    shot(page, f"{_name(user, path)}-{lang}")
            people.close()
    # Keyboard: the first Tab reaches "skip to the content", and it lands in the page's main part.
    page = people.login("demo-admin")
    page.keyboard.press("Tab")
    expect(page.locator("a.skip")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "axe-report.json").write_text(json.dumps(walk.report, ensure_ascii=False, indent=1),
                                               encoding="utf-8")
    assert walk.pages >= 120 and len(walk.report) * 3 == walk.pages * 2
    assert walk.violations == [], json.dumps(walk.violations, ensure_ascii=False, indent=1)
    assert walk.sideways == [], walk.sideways
    assert walk.broken == [], walk.broken
    assert walk.english == [], "\n".join(walk.english)
