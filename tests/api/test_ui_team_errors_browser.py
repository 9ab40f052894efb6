"""The team form in real headless Chromium: a lead below seed 000 §4.2.1 and a member below §4.2.2(1) are refused at
once, each reason beside its own control, the lead's in view when the page comes back (nobody scrolls), the choices
kept, no team formed. A new user's trial (2026-11-29, /tmp/trial9 c06) chose 钱浩 and read the right message, but
the page came back at its top with no error on its first screen. Screenshots ``team-errors-…`` in test-artifacts/ui/
are of the window as the page came back, not scrolled to the top."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.api.browserhelpers import (
    ARTIFACTS,
    BROWSER_MARKS,
    LiveServer,
    People,
    engagement_through,
    go,
    seed_world,
    serve,
)
from tests.api.domainhelpers import AGREEMENT
from tests.kb.kbhelpers import do_import, write_jsonl

pytestmark = BROWSER_MARKS

# Below §4.2.1 as a lead (bachelor, intermediate, 3 years, nothing led); below §4.2.2(1) as a member.
JUNIOR = {"type": "expert", "id": "exp-junior", "name": "钱浩", "center_id": "qic-js-battery",
          "title_level": "intermediate", "degree": "bachelor", "years_experience": 3, "led_projects": 0}
NOVICE = {"type": "expert", "id": "exp-novice", "name": "孙强", "center_id": "qic-js-battery", "degree": "other",
          "years_experience": 1}
STATE: dict[str, Any] = {}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home = tmp_path_factory.mktemp("ui-team-errors-home")
    settings, passwords = seed_world(home)
    assert do_import(settings, write_jsonl(home / "juniors.jsonl", [JUNIOR, NOVICE])).ok
    STATE["engagement"] = engagement_through(settings, "qic-js-battery", [
        ("demo-enterprise", "reach_agreement", {}), ("demo-center", "sign_agreement", {"agreement": AGREEMENT}),
        ("demo-enterprise", "countersign", {})])
    with serve(settings, passwords) as server:
        yield server


def _window(page: Page, name: str) -> None:
    """The window as it is (browserhelpers.shot scrolls to the top first, which is what this test is about)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _send_team(page: Page, lead: str, members: list[str]) -> None:
    form = page.locator("form.team-form")
    form.locator("select[name=lead]").select_option(lead)
    for box in form.locator("input[name=members]").all():
        box.set_checked(box.get_attribute("value") in members)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_a_junior_lead_and_a_novice_member_are_said_together_beside_their_controls(people: People) -> None:
    center = people.login("demo-center")
    page = f"/engagements/{STATE['engagement']}"
    go(center, page)
    _send_team(center, "exp-junior", ["exp-novice", "exp-2"])

    form = center.locator("form.team-form")
    lead_note = form.locator("#field-error-lead")
    expect(lead_note).to_contain_text("项目负责人 钱浩 不符合")
    expect(lead_note).to_be_in_viewport()  # where the page came back to, nobody scrolling
    expect(form.locator("select[name=lead]")).to_have_attribute("aria-invalid", "true")
    expect(form.locator("#field-error-members")).to_contain_text("成员 孙强 不符合")
    expect(form.locator("fieldset.invalid")).to_have_count(1)  # the members' list marked as a whole
    expect(form.locator("select[name=lead]")).to_have_value("exp-junior")  # the choices kept
    expect(form.locator("input[name=members][value=exp-novice]")).to_be_checked()
    expect(form.locator("input[name=members][value=exp-2]")).to_be_checked()
    _window(center, "team-errors-1-lead-and-member")

    # the lead alone: its reason beside it, in view, the page's top line not said twice
    _send_team(center, "exp-junior", ["exp-2"])
    form = center.locator("form.team-form")
    expect(form.locator("#field-error-lead")).to_be_in_viewport()
    expect(form.locator("#field-error-lead")).to_contain_text("4.2.1")
    expect(form.locator(".field-error")).to_have_count(1)
    _window(center, "team-errors-2-lead-alone")
    expect(center.locator("form.team-form")).to_have_count(1)  # no team formed: the step is still to take
