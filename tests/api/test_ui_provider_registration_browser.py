"""A new provider's first day, in real headless Chromium (a new user's trial, 2026-11-29: a 服务机构 could not get an
account through the pages): an institution registers itself as an applicant provider, the association approves the
registration, the applicant logs in, lands on the providers' list, files its application, and its page says 申请中;
the public catalog does not list it before the application is accepted. Screenshots ``provider-register-…``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.api.browserhelpers import BROWSER_MARKS, LiveServer, People, dont_see, go, see, seed_world, serve, shot

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]

USERNAME = "qingyuan-zhan"
PASSWORD = "Beijiang-Shenqing-2026"
NAME = "清远市质量技术促进中心"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings, passwords = seed_world(tmp_path_factory.mktemp("provider-register"))
    with serve(settings, {**passwords, USERNAME: PASSWORD}) as server:
        yield server


def test_an_institution_registers_as_an_applicant_provider_and_applies(people: People) -> None:
    visitor = people.open()
    visitor.goto(f"{people.server.url}/register")
    form = visitor.locator("#register-form")
    form.get_by_label("申请成为服务机构").check()
    form.locator("input[name=org_name]").fill(NAME)
    form.locator("input[name=username]").fill(USERNAME)
    form.locator("input[name=display_name]").fill("清远站联络员")
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("input[name=password_again]").fill(PASSWORD)
    shot(visitor, "provider-register-1-form")
    with visitor.expect_navigation():
        form.get_by_role("button", name="提交注册").click()
    see(visitor.locator("#register-done"), "第一步提交申请")
    shot(visitor, "provider-register-2-sent")

    assoc = people.login("demo-association")
    go(assoc, "/admin/registrations")
    card = assoc.locator("li.registration", has_text=NAME)
    see(card, "申请成为服务机构")
    shot(assoc, "provider-register-3-waiting")
    with assoc.expect_navigation():
        card.get_by_role("button", name=f"通过 {NAME}", exact=True).click()

    page = people.login(USERNAME)
    page.wait_for_url("**/providers")
    page.locator("#apply-link").click()
    page.wait_for_url("**/providers/apply")
    choose = page.locator("#apply-choose")
    choose.locator("select[name=kind]").select_option("other")
    choose.locator("input[name=region]").fill("广东省清远市")
    with page.expect_navigation():
        choose.get_by_role("button", name="下一步").click()
    apply = page.locator("#apply-form")
    apply.locator("input[name=name]").fill(NAME)
    apply.locator("input[name=industries]").fill("新材料")
    apply.locator("input[name=contact_name]").fill("清远站联络员")
    shot(page, "provider-register-4-application")
    with page.expect_navigation():
        apply.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/application")
    see(page.locator("#application-state"), "申请")
    center_id = page.url.rsplit("/providers/", 1)[1].split("/")[0]
    assert center_id.startswith("applicant-")
    go(page, f"/providers/{center_id}")
    see(page.locator("main"), "申请中")
    dont_see(page.locator("main"), "筹建中")
    shot(page, "provider-register-5-applying")

    # not public before the application is accepted
    go(visitor, "/?q=清远")
    dont_see(visitor.locator("main"), NAME)
    answer = go(visitor, f"/centers/{center_id}")
    assert answer is not None and answer.status == 404
    expect(visitor.locator("main")).to_contain_text("不存在")
