"""A failed acceptance is told to the provider where it reads its next step (a new user's trial, 2026-11-30): the
enterprise clicked 验收未通过 with its reason, and the center read only the generic "服务机构开展技术服务…", the
delivery card "轮次 1" with no result, and the inbox "进入“开展技术服务”". Now the guide's next step and the inbox
notice open with the verdict and the enterprise's words, and each delivery round shows its result."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from flows import workflow
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, engagement_until, step
from tests.api.uihelpers import form_login

REASON = "报告缺少短路试验的温度曲线"


def _notices(c: TestClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = c.get("/api/v1/inbox", headers=headers).json()["items"]
    return [n for n in items if n["kind"] == "your_turn"]


def test_the_center_reads_that_acceptance_failed_and_why(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, as_, until="submit_results")
    step(c, as_("ent-a"), eng, "fail_acceptance", {"reasons": [REASON]})
    ui = TestClient(c.app)
    assert form_login(ui, "coord-center").status_code == 303
    for lang, failed, generic in (("zh", "验收未通过", "服务机构开展技术服务"),
                                  ("en", "not accepted", "The provider carries out")):
        ui.cookies.set("lang", lang)
        page = ui.get(f"/engagements/{eng}").text
        nxt = re.search(r'<p id="next">(.*?)</p>', page, re.S)
        assert nxt, lang
        said = nxt.group(1)
        assert failed in said and REASON in said, (lang, said)
        assert said.index(failed) < said.index(REASON) < said.index(generic), (lang, said)  # at the top
        card = re.search(r'<div class="card delivery-item".*?</div>', page, re.S)
        assert card, lang
        assert failed in card.group(0) and REASON in card.group(0), (lang, card.group(0))
    told = _notices(c, as_("coord-center"))
    assert told, "the center is told it is its turn"
    assert "验收未通过" in told[0]["title_zh"] and REASON in told[0]["title_zh"], told[0]["title_zh"]
    assert "not accepted" in told[0]["title_en"] and REASON in told[0]["title_en"], told[0]["title_en"]
    # Delivered again and accepted: the first round still says it failed, the second that it passed.
    step(c, as_("coord-center"), eng, "submit_results", {"delivery": {
        "note": "补充温度曲线", "files": c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()[
            "deliveries"][0]["files"]}})
    step(c, as_("ent-a"), eng, "pass_acceptance", {"reasons": ["已补充"]})
    ui.cookies.set("lang", "zh")
    page = ui.get(f"/engagements/{eng}").text
    cards = re.findall(r'<div class="card delivery-item".*?</div>', page, re.S)
    assert len(cards) == 2
    assert "验收未通过" in cards[0] and REASON in cards[0]
    assert "验收通过" in cards[1] and "未通过" not in cards[1]
    assert "验收未通过" not in re.search(r'<p id="next">(.*?)</p>', page, re.S).group(1)  # type: ignore[union-attr]


def test_a_reason_that_ends_its_own_sentence_gets_no_second_stop(domain_client: TestClient,
                                                                  domain_world: World) -> None:
    """"…客户那边交代不了。」。服务机构开展技术服务…" on the engagement page, zh and en (a new user's trial,
    2026-11-30): a stop was put after the closing quote around a reason that ends with one. A reason without its own
    stop still gets one."""
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, as_, until="submit_results")
    reason = "温度曲线缺了一半，客户那边交代不了。"
    step(c, as_("ent-a"), eng, "fail_acceptance", {"reasons": [reason]})
    ui = TestClient(c.app)
    assert form_login(ui, "coord-center").status_code == 303
    for lang in ("zh", "en"):
        ui.cookies.set("lang", lang)
        said = re.search(r'<p id="next">(.*?)</p>', ui.get(f"/engagements/{eng}").text, re.S)
        assert said and reason in said.group(1), lang
        assert "。」。" not in said.group(1) and "。”." not in said.group(1), (lang, said.group(1))
    told = _notices(c, as_("coord-center"))[0]
    assert "。」；" not in told["title_zh"] and "。”." not in told["title_en"], told
    assert workflow.failed_acceptance_said(1, ["报告缺少温度曲线"], "zh").endswith("「报告缺少温度曲线」。")
    assert workflow.failed_acceptance_said(1, ["No curve"], "en").startswith(
        "The results of delivery round 1 were not accepted. The reason given: “No curve”. ")
