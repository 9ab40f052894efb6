"""A center coordinator's entry forms in real headless Chromium: a refused profile and a refused new expert come back
with every wrong field marked at once, each reason beside its own box in the page's language, and everything typed
still in the form; nothing waits for approval ("Forms lose input on errors", the product brief;
``flows.entries.submit_form``). Screenshots ``entry-errors-…`` in test-artifacts/ui/."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.api.browserhelpers import BROWSER_MARKS, People, go, see, shot

pytestmark = BROWSER_MARKS

EDIT = "/providers/qic-js-battery/edit"


def test_the_entry_forms_mark_every_wrong_field_at_once_and_keep_what_was_typed(people: People) -> None:
    center = people.login("demo-center")
    go(center, EDIT)
    form = center.locator("#profile-form")
    typed = {"region": "江苏省无锡市", "capacity": "很多", "staff_total": "十", "staff_innovation": "二十",
             "note": "人员调整"}
    form.locator("textarea[name=description]").fill("动力电池安全检测，新增储能电池")
    for name, value in typed.items():
        form.locator(f"input[name={name}]").fill(value)
    with center.expect_navigation():
        form.locator("button[type=submit]").click()

    form = center.locator("#profile-form")
    see(center.locator("p.error[role=alert]").first, "有 2 处需要改正")
    for name, words in {"capacity": "“很多”应为", "staff_innovation": "不能多于总人数"}.items():
        field = form.locator(f"[name={name}]")
        expect(field).to_have_attribute("aria-invalid", "true")
        note = form.locator(f"#field-error-{name}")
        expect(note).to_be_visible()
        expect(note).to_contain_text(words)
        expect(field).to_have_attribute("aria-describedby", f"field-error-{name}")
    expect(form.locator(".field-error")).to_have_count(2)
    for name, value in typed.items():  # what was typed is all there
        expect(form.locator(f"input[name={name}]")).to_have_value(value)
    expect(form.locator("textarea[name=description]")).to_have_value("动力电池安全检测，新增储能电池")
    shot(center, "entry-errors-1-profile")

    # a new expert: the name left out and the years past 80, both at once, in English
    english = people.login("demo-center", lang="en")
    go(english, EDIT)
    english.locator("details.expert-new summary").click()
    expert = english.locator("details.expert-new form")
    expert.locator("input[name=years_experience]").fill("九十")
    expert.locator("input[name=fields]").fill("电池安全; 热失控")
    with english.expect_navigation():
        expert.locator("button[type=submit]").click()
    expert = english.locator("details.expert-new form")  # opened again by ui_console.js
    see(english.locator("p.error[role=alert]").first, "2 fields need correcting")
    expect(expert.locator("#field-error-name")).to_contain_text("required")
    expect(expert.locator("#field-error-years_experience")).to_contain_text("80")
    expect(expert.locator("input[name=years_experience]")).to_have_value("九十")
    expect(expert.locator("input[name=fields]")).to_have_value("电池安全; 热失控")
    expect(expert.locator(".field-error").first).to_have_id("field-error-name")  # in the form's order
    shot(english, "entry-errors-2-expert-en")
    go(center, "/changes")
    expect(center.locator("[data-change]")).to_have_count(0)  # nothing waits for approval
