"""The 办事指南 around the chat and after submitting (issue 30, item 6): what to prepare, the steps with who handles
each and how long (api.pages.ui_guide, the machine's names), and for a need waiting for review the association that
reviews it (the enterprise's own) and the documented period (Settings.review_expected_workdays)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api.pages import ui_guide
from core.settings import Settings
from flows import workflow
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, accept_first, submitted_need
from tests.api.uihelpers import form_login


def _browser(c: TestClient, username: str) -> TestClient:
    ui = TestClient(c.app)
    assert form_login(ui, username).status_code == 303
    return ui


def test_the_intake_guide_and_the_submission_say_who_and_how_long(domain_client: TestClient,
                                                                  domain_world: World) -> None:
    """Around the chat: what to prepare, the steps with who handles each and how long; after submitting, the
    association that reviews the need (the enterprise's own) and the documented period."""
    c, as_ = domain_client, Logins(domain_client)
    days = Settings().review_expected_workdays  # the default the test world keeps
    ent = _browser(c, "ent-a")
    intake = ent.get("/intake?new=1").text
    guide = re.search(r'<details class="panel guide" id="intake-guide" open>.*?</details>', intake, re.S)
    assert guide, "the guide is open before a conversation starts"
    rows = re.findall(r'<tr data-step="([a-z_]+)"><th scope="row">([^<]+)</th><td>([^<]+)</td><td>([^<]+)</td>',
                      guide.group(0))
    names = dict(workflow.figure1_steps("zh"))
    assert [r[0] for r in rows] == [s.key for s in ui_guide.INTAKE_STEPS]
    assert all(name == names[key] and who and time for key, name, who, time in rows)
    assert f"协会审核约 {days} 个工作日" in guide.group(0) and "CMA" in guide.group(0)
    assert "Have at hand" in _browser(c, "ent-a").get("/intake?new=1&lang=en").text

    _, reviewed = submitted_need(c, as_("ent-a"))
    accepted = accept_first(c, as_("coord-assoc"), reviewed)  # a need already reviewed: no guide for it
    need_id, _ = submitted_need(c, as_("ent-a"))
    mine = ent.get("/needs").text
    card = re.search(rf'id="{need_id}".*?</li>\n', mine, re.S)
    assert card and accepted
    said = re.search(r'<p class="guide submitted-guide" role="note">(.*?)</p>', card.group(0), re.S)
    assert said and f"由「质量协会」审核，通常在 {days} 个工作日内完成" in said.group(1), said
    assert mine.count("submitted-guide") == 1  # the accepted need has none
    # the status heads the guide, and is not said again on a line of its own above it
    assert said.group(1).startswith("<strong>等待协调员审核</strong>"), said.group(1)
    assert '<p class="small">等待协调员审核</p>' not in card.group(0)
