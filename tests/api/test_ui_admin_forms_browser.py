"""The administrator's forms in real headless Chromium: a new organisation, a key and a password reset refused say
every wrong field at once, each beside its own box, keep what was typed, and make nothing; a key's scopes refused
outline the scopes' group (its fieldset), not the first box alone (ui_console.js's markField outlined one box, as if
it alone were wrong). Screenshots ``admin-forms-…`` in test-artifacts/ui/ (the window as the page came back)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from accounts.vocab import OrgKind
from core.db import session_scope
from flows import accounts as accounts_flow
from tests.api.browserhelpers import ARTIFACTS, BROWSER_MARKS, People, go

pytestmark = BROWSER_MARKS  # the shared world's server (tests/api/conftest.py: live_server)


def _org_page(people: People) -> str:
    """The demo enterprise's organisation page, read from the server's own database."""
    assert people.server.settings is not None
    with session_scope(people.server.settings) as session:
        orgs, _ = accounts_flow.list_orgs(session=session, kind=OrgKind.enterprise, limit=10)
    return f"/admin/orgs/{orgs[0].id}"


def _window(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _submit(page: Page, form: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").click()


def test_a_key_refused_marks_each_field_and_the_scopes_group_whole(people: People) -> None:
    admin = people.login("demo-admin")
    go(admin, _org_page(people))
    form = admin.locator("#key-form")
    form.locator("input[name=name]").fill("官网")
    form.locator("input[name=scopes]").nth(1).check()  # not feed:read: a browser key may hold feed:read alone
    form.locator("input[name=expires_days]").fill("九千天")
    form.locator("textarea[name=cors_origins]").fill("https://example.cn")
    _submit(admin, "#key-form")

    form = admin.locator("#key-form")
    expect(form.locator("#field-error-scopes")).to_contain_text("feed:read")
    expect(form.locator("#field-error-expires_days")).to_contain_text("九千天")
    expect(form.locator("fieldset.invalid")).to_have_count(1)  # the scopes' group, outlined whole
    expect(form.locator("fieldset > legend + #field-error-scopes")).to_have_count(1)  # its reason under its legend
    expect(form.locator("input[name=scopes]").nth(1)).to_be_focused()  # the box chosen, not the first
    expect(form.locator("fieldset")).to_have_attribute("aria-invalid", "true")
    expect(form.locator("input[name=scopes].invalid")).to_have_count(0)  # no box outlined alone
    expect(form.locator("input[name=scopes][aria-invalid]")).to_have_count(0)
    expect(form.locator("input[name=expires_days]")).to_have_attribute("aria-invalid", "true")
    expect(form.locator("input[name=name]")).to_have_value("官网")  # what was typed, kept
    expect(form.locator("input[name=scopes]").nth(1)).to_be_checked()
    expect(form.locator("textarea[name=cors_origins]")).to_have_value("https://example.cn")
    form.locator("fieldset").scroll_into_view_if_needed()
    _window(admin, "admin-forms-1-key")
    expect(admin.locator("#org-keys table tbody tr")).to_have_count(0)  # no key made


def test_a_new_organisation_refused_in_english_marks_each_field(people: People) -> None:
    admin = people.login("demo-admin", lang="en")
    go(admin, "/admin/orgs")
    form = admin.locator("#org-form")
    form.locator("select[name=kind]").select_option("authority")
    form.locator("input[name=credit_code]").fill("12345")
    _submit(admin, "#org-form")

    form = admin.locator("#org-form")
    for field in ("name", "credit_code", "authority_body", "jurisdiction"):
        expect(form.locator(f"#field-error-{field}")).to_be_visible()
        expect(form.locator(f"[name={field}]")).to_have_attribute("aria-invalid", "true")
    expect(form.locator("#field-error-credit_code")).to_contain_text("Only an enterprise has a credit code")
    expect(form.locator("#field-error-credit_code")).not_to_contain_text("企业")  # the page's language alone
    expect(admin.locator("p.error[role=alert]")).to_contain_text("4 fields need correcting")
    expect(form.locator("select[name=kind]")).to_have_value("authority")
    expect(form.locator("input[name=credit_code]")).to_have_value("12345")
    form.scroll_into_view_if_needed()
    _window(admin, "admin-forms-2-org-en")


def test_a_password_reset_refused_says_every_reason_beside_its_box(people: People) -> None:
    admin = people.login("demo-admin")
    go(admin, _org_page(people))
    reset = admin.locator("form.reset-form").first
    reset.locator("input[name=password]").fill("12345678")
    with admin.expect_navigation():
        reset.locator("button[type=submit]").click()
    reset = admin.locator("form.reset-form").first
    note = reset.locator("#field-error-password")
    expect(note).to_contain_text("过于常见")
    expect(note).to_contain_text("只有数字")
    expect(reset.locator("input[name=password]")).to_have_attribute("aria-invalid", "true")
    expect(admin.locator("#user-form .field-error")).to_have_count(0)  # the new-user form's password untouched
    reset.scroll_into_view_if_needed()
    _window(admin, "admin-forms-3-reset")
