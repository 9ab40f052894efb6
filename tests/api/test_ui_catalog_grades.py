"""The public catalog shows a grade only where an evaluation gives it under the provider's own rules (a new user's
trial, 2026-11-29: the catalog showed a tier such as 合格 beside providers, as if every one had been graded). A
provider never evaluated says so plainly, "尚未评价" / "Not yet evaluated"; a rated one shows its stars, and the tier
(seed 003 art. 14's 优秀 / 良好 / 合格 / 不合格) only where its rules grade by it (a Guangdong service station), as the
evaluation report does (``providers.profiles.report_grading``): a Jiangsu quality inspection center's rules set no
tier, so none is shown for it, by the page or by the API."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from core.db import session_scope
from evaluation.models import EvaluationRun
from tests.api.apihelpers import World
from tests.api.uihelpers import page_words
from tests.kb.kbhelpers import do_import, write_jsonl

STATION = {"type": "center", "id": "sst-gd-probe", "name": "佛山家电科技服务站", "kind": "service_station",
           "region": "广东省佛山市", "industries": ["家电"]}
QIC = "qic-js-battery"  # Jiangsu: its rules (seed 000) grade no tier
TIERS = ("优秀", "良好", "合格", "不合格")


def _rate(world: World, center_id: str) -> None:
    with session_scope(world.settings) as session:
        session.add(EvaluationRun(center_id=center_id, period="2026", hierarchy_id="seed001",
                                  hierarchy_sha256="0" * 64, complete=True, total=66.0, stars=3, tier="pass",
                                  party="third", evaluator_name="第三方评价机构", inputs={}, result={}))


def _cards(page: str) -> dict[str, str]:
    """Each catalog card's words, by the center id its link names."""
    return {cid: page_words(body) for body in re.findall(r'<li class="card">(.*?)</li>', page, re.S)
            for cid in re.findall(r'href="/centers/([^"]+)"', body)[:1]}


def test_a_grade_is_shown_only_where_an_evaluation_gives_it(domain_client: TestClient, domain_world: World,
                                                            tmp_path: Path) -> None:
    assert do_import(domain_world.settings, write_jsonl(tmp_path / "more.jsonl", [STATION])).ok
    c = domain_client
    cards = _cards(c.get("/?lang=zh").text)
    assert set(cards) >= {QIC, STATION["id"]}
    for cid, words in cards.items():  # nobody evaluated yet: each says so, and no grade
        assert "尚未评价" in words and not any(t in words for t in TIERS) and "★" not in words, (cid, words)
    english = _cards(c.get("/?lang=en").text)
    assert all("Not yet evaluated" in w and "pass" not in w for w in english.values()), english
    _rate(domain_world, QIC)
    _rate(domain_world, STATION["id"])
    cards = _cards(c.get("/?lang=zh").text)
    assert "★★★☆☆" in cards[QIC] and "尚未评价" not in cards[QIC], cards[QIC]
    assert not any(t in cards[QIC] for t in TIERS), cards[QIC]  # Jiangsu's rules grade no tier
    assert "★★★☆☆ 合格" in cards[STATION["id"]], cards[STATION["id"]]  # seed 003 art. 14
    assert all("尚未评价" in w for cid, w in cards.items() if cid not in (QIC, STATION["id"])), cards
    listed = {x["id"]: x["rating"] for x in c.get("/api/v1/centers", params={"limit": 100}).json()["items"]}
    assert listed[QIC]["stars"] == 3 and listed[QIC]["tier_zh"] is None and listed[QIC]["tier_en"] is None
    assert listed[STATION["id"]]["tier_zh"] == "合格" and listed[STATION["id"]]["tier_en"] == "pass"
    page = page_words(c.get(f"/centers/{QIC}?lang=zh").text)
    assert "3 星（满分 5 星）" in page and not any(t in page for t in TIERS), page
    assert "合格" in page_words(c.get(f"/centers/{STATION['id']}?lang=zh").text)
