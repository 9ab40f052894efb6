"""What a new user's trial in real Chromium found on the engagement pages (2026-11-29, the third list), each failing
before its fix: a notice about a step the association took for a party said the party took it."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient

from api.pages.ui_common import notice_said
from authz.vocab import Role
from tests.api.apihelpers import World
from tests.api.domainhelpers import AGREEMENT, Logins, accept_first, step, submitted_need
from tests.api.uihelpers import form_login


def _browser(c: TestClient, username: str, lang: str) -> TestClient:
    ui = TestClient(c.app)
    assert form_login(ui, username).status_code == 303
    ui.cookies.set("lang", lang)
    return ui


def _text(page: str) -> str:
    """The page's words, tags left out, spaces run together."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _notices(c: TestClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    answer = c.get("/api/v1/inbox", headers=headers)
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def test_a_notice_of_a_step_taken_for_a_party_says_who_took_it_and_for_whom(domain_client: TestClient,
                                                                            domain_world: World) -> None:
    # The association's coordinator signed the agreement for the provider, and the enterprise's inbox said
    # "服务机构已签署对接项目「…」的技术服务协议，请核对后会签": the provider had signed nothing
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"))
    eng = accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]  # communicating: the two sides settle it
    step(c, as_("coord-assoc"), eng, "reach_agreement", {})
    told = [n for n in _notices(c, as_("coord-center")) if n["kind"] == "your_turn"]
    assert told, "the provider is told it may sign"
    assert "协会协调员已代企业和服务机构达成一致" in told[0]["title_zh"], told[0]["title_zh"]
    assert ("The association's coordinator recorded “reach agreement” on behalf of the enterprise and the provider"
            in told[0]["title_en"]), told[0]["title_en"]
    step(c, as_("coord-assoc"), eng, "sign_agreement", {"agreement": AGREEMENT})
    told = [n for n in _notices(c, as_("ent-a")) if n["kind"] == "your_turn"]
    assert told
    zh, en = told[0]["title_zh"], told[0]["title_en"]
    assert zh.startswith("协会协调员已代服务机构签署对接项目") and "请核对后会签" in zh, zh
    assert en.startswith("The association's coordinator signed the agreement for the engagement") \
        and "on the provider's behalf" in en, en
    # the engagement page's guide says the same
    for lang, said, wrong in (("zh", "协会协调员代服务机构签署的协议", "服务机构已签署的协议"),
                              ("en", "the association's coordinator signed on the provider's behalf",
                               "the agreement the provider signed")):
        page = _text(_browser(c, "ent-a", lang).get(f"/engagements/{eng}").text)
        assert said in page and wrong not in page, (lang, page[:2000])
    # a step the provider takes itself is said as before
    step(c, as_("ent-a"), eng, "countersign", {})
    step(c, as_("coord-center"), eng, "form_team", {"team": {"lead": "exp-1", "members": ["exp-2"]}})
    own = [n for n in _notices(c, as_("coord-center")) if n["kind"] == "your_turn"]
    assert own and "代" not in own[0]["title_zh"].split("「")[0], own[0]["title_zh"]


def test_the_toast_after_a_step_taken_for_a_party_says_for_whom() -> None:
    # "已办理：签订技术服务协议" after the association's coordinator signed for the provider
    assert notice_said("notice_step_sign_agreement", "zh", Role.association_coordinator) == \
        "已办理：代机构签订技术服务协议"
    assert notice_said("notice_step_sign_agreement", "en", Role.association_coordinator) == \
        "Done: sign the agreement on behalf of the provider"
    assert notice_said("notice_step_sign_agreement", "zh", Role.center_coordinator) == "已办理：签订技术服务协议"
