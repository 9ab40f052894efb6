"""Accepting a provider nobody can log in for, in real headless Chromium (a new user, 2026-11-29: an association
accepted a center still being built and the engagement opened at once, with nobody to take it up). The review page
marks the proposal as the assign-by-hand picker marks such a provider, and 接受 asks first: dismissed, nothing
happens; confirmed, the engagement opens. A proposal somebody can act for is accepted without a question (the
other browser walks). Screenshots ``accept-unreachable-…`` in test-artifacts/ui/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from accounts import service as auth
from accounts.models import User
from core.db import session_scope
from tests.api.browserhelpers import (
    BROWSER_MARKS,
    SECOND_CENTER_USER,
    LiveServer,
    People,
    engagement_through,
    go,
    seed_world,
    serve,
    shot,
)

pytestmark = [*BROWSER_MARKS]

STATE: dict[str, Any] = {}
NOBODY = "plat-gd-battery"  # proposed for the demo need; its one coordinator has left (below)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home: Path = tmp_path_factory.mktemp("accept-unreachable-home")
    settings, passwords = seed_world(home)
    with session_scope(settings) as session:  # the second provider's one coordinator leaves: nobody can act for it
        user = session.scalar(select(User).where(User.username == SECOND_CENTER_USER))
        assert user is not None
        auth.set_user_active(session=session, user_id=user.id, active=False)
    STATE["review"] = engagement_through(settings, None, [])  # the demo enterprise's need, waiting for review
    with serve(settings, passwords) as server:
        yield server


def test_the_association_is_shown_how_to_invite_a_provider_nobody_can_answer_for(people: People) -> None:
    """A new user's trial (2026-11-30): four of five proposals had no coordinator account. They stay proposed (the
    association may invite them; the enterprise is not told they were found, flows.need_progress.found_for_you), and
    the review page says how: an administrator opens the provider's organisation to invite a coordinator (its page
    when it has one, else the new organisation's form with the center chosen); a coordinator is told to ask one."""
    page = people.login("demo-association")
    go(page, f"/review/{STATE['review']}")
    card = page.locator(f'li.proposal[data-center="{NOBODY}"]')
    expect(card.locator(".invite-provider")).to_have_text("请管理员为该机构开通账号并邀请其协调员")
    expect(card.locator(".invite-provider a")).to_have_count(0)
    expect(page.locator(f'li.proposal:not([data-center="{NOBODY}"]) .invite-provider')).to_have_count(0)
    admin = people.login("demo-admin", lang="en")
    go(admin, f"/review/{STATE['review']}")
    link = admin.locator(f'li.proposal[data-center="{NOBODY}"] .invite-provider a')
    expect(link).to_have_text("Open its organisation and invite a coordinator")
    shot(admin, "accept-unreachable-invite-en")
    link.click()
    admin.wait_for_url(re.compile(r"/admin/orgs/[^/?#]+"))
    expect(admin.locator("body")).to_contain_text("广东省新能源电池检测公共服务平台")
    # a provider with no organisation yet: the new organisation's form, the center chosen
    go(admin, "/admin/orgs?center_id=met-jx-rare")
    expect(admin.locator('#org-form select[name="center_id"]')).to_have_value("met-jx-rare")
    expect(admin.locator('#org-form select[name="kind"]')).to_have_value("center")
    shot(admin, "accept-unreachable-new-org-en")


def test_accepting_a_provider_nobody_can_log_in_for_asks_first(people: People) -> None:
    page = people.login("demo-association")
    go(page, f"/review/{STATE['review']}")
    card = page.locator(f'li.proposal[data-center="{NOBODY}"]')
    expect(card.locator(".pick-unreachable")).to_have_text("暂无协调员，无人能登录办理")
    others = page.locator(f'li.proposal:not([data-center="{NOBODY}"])')
    expect(others.locator(".pick-unreachable")).to_have_count(0)
    shot(page, "accept-unreachable-marked")
    asked: list[str] = []
    answers = [False, True]
    page.on("dialog", lambda d: (asked.append(d.message), d.accept() if answers.pop(0) else d.dismiss()))
    card.locator("button.accept").click()
    expect(card.locator("button.accept")).to_be_visible()  # dismissed: still the review, nothing sent
    assert len(asked) == 1 and "目前没有能登录办理的协调员" in asked[0] and "确定仍要接受吗" in asked[0], asked
    go(page, f"/review/{STATE['review']}")
    expect(page.locator(f'li.proposal[data-center="{NOBODY}"] button.accept')).to_be_visible()  # still pending
    page.locator(f'li.proposal[data-center="{NOBODY}"] button.accept').click()
    page.wait_for_url(re.compile(r"/engagements/"))
    assert len(asked) == 2, asked
    expect(page.locator("#state")).to_have_text("技术、商务沟通")
    shot(page, "accept-unreachable-confirmed")
