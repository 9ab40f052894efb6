"""The association coordinator's day tried as a new user (2026-11-28): the faults the rendered review page showed,
checked on the page as the server renders it (the browser's own checks are in test_ui_coordinator_day_browser.py).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.config import ApiConfig
from core.settings import Settings
from matcher import service as matcher
from tests.api.apihelpers import World, build_world
from tests.api.uihelpers import NEED_TEXT, form_login, ui_kb_records, use_tiny_embedder
from tests.kb.kbhelpers import do_import, write_jsonl

GD = "广东省新能源电池检测公共服务平台"
UNFIT = "南京一家医疗器械公司，想申请高新技术企业认定，需要机构辅导。"


@pytest.fixture
def ui(settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    assert do_import(settings, write_jsonl(tmp_path / "kb.jsonl", ui_kb_records())).ok
    world: World = build_world(settings)
    app = create_app(world.settings, ApiConfig(deliver_in_process=False))
    use_tiny_embedder(app)
    with TestClient(app) as c:
        yield c
    matcher.reset()


def _as(ui: TestClient, username: str) -> None:
    assert form_login(ui, username).status_code == 303


def _submitted(ui: TestClient, text: str) -> str:
    """A need of 甲公司 through the chat page, submitted: its review's id."""
    _as(ui, "ent-a")
    session_id = ui.post("/ui/intake/message", json={"text": text}).json()["session_id"]
    submitted = ui.post("/ui/intake/submit", json={"session_id": session_id})
    assert submitted.status_code == 200, submitted.text
    review_id: str = submitted.json()["review_id"]
    return review_id


def _version(page: str) -> int:
    found = re.search(r'name="version" value="(\d+)"', page)
    assert found, page[:500]
    return int(found.group(1))


def _error(page: str) -> str:
    found = re.search(r'<p class="error" role="alert">([^<]*)</p>', page)
    return html.unescape(found.group(1)) if found else ""


def test_a_declined_alternate_is_named_and_no_empty_alternates_box(ui: TestClient) -> None:
    review_id = _submitted(ui, NEED_TEXT)
    _as(ui, "coord-assoc")
    page = ui.get(f"/review/{review_id}").text
    seen = _version(page)
    assert ui.post(f"/review/{review_id}/reject", data={"reason": "no_capacity", "text": "排期已满",
                                                        "center_id": "plat-gd-battery", "version": seen},
                   follow_redirects=False).status_code == 303
    # The remaining proposal has nobody left to keep as its alternate: no empty box.
    assert "<legend>备选机构</legend>" not in ui.get(f"/review/{review_id}").text
    # A tab opened before the decline accepts with the declined one as the alternate.
    refused = ui.post(f"/review/{review_id}/accept", data={"center_id": "qic-js-battery", "version": seen + 1,
                                                           "alternates": "plat-gd-battery"}).text
    assert GD in _error(refused) and "plat-gd-battery" not in _error(refused), _error(refused)
    assert "declined in this round" not in _error(refused), _error(refused)  # one language on the page
    # A re-match from that tab is stale: said plainly, with no id and no version number.
    stale = _error(ui.post(f"/review/{review_id}/rematch", data={"note": "再匹配", "version": seen}).text)
    assert "已被他人处理" in stale and review_id not in stale and "版本" not in stale, stale


def test_a_round_sent_back_as_unclear_needs_its_question(ui: TestClient) -> None:
    review_id = _submitted(ui, NEED_TEXT)
    _as(ui, "coord-assoc")
    page = ui.get(f"/review/{review_id}").text
    assert "选“需求不清，需补充”时需求退回企业" in page
    refused = ui.post(f"/review/{review_id}/reject", data={"reason": "need_unclear", "text": "  ",
                                                           "version": _version(page)}).text
    assert "说明" in _error(refused) and "待审核" in refused
    sent = ui.post(f"/review/{review_id}/reject", data={"reason": "need_unclear", "text": "请写明电芯型号",
                                                        "version": _version(page)}).text
    assert "整轮驳回：需求不清，需补充（请写明电芯型号）" in sent
    assert "whole round: need unclear (请写明电芯型号)" in ui.get(f"/review/{review_id}?lang=en").text


def test_no_proposal_is_said_and_the_english_picker_names_places_in_english(ui: TestClient) -> None:
    review_id = _submitted(ui, UNFIT)
    _as(ui, "coord-assoc")
    page = ui.get(f"/review/{review_id}").text
    assert '<ol class="proposals">' in page and "本轮没有推荐机构" in page
    english = ui.get(f"/review/{review_id}?lang=en").text
    assert "No provider was proposed in this round" in english
    picker = english[english.index('id="assign-list"'):english.index('name="note" maxlength="2000" required')]
    assert "<h4>Jiangxi</h4>" in picker and "Ganzhou, Jiangxi" in picker
    assert not re.search(r"<h4>[^<]*[\u4e00-\u9fff]", picker), picker


def test_a_score_out_of_range_says_the_item_and_what_is_wrong(ui: TestClient) -> None:
    """The refusal read "“服务范围（可检产品/参数数）”（项）" alone: the page split it at the name's own " / "."""
    _as(ui, "coord-assoc")
    form = {"period": "2026", "party": "second", "service_scope": "-5"}
    zh = _error(ui.post("/evaluation/qic-js-battery/rating-runs", data=form).text)
    assert zh == "“服务范围（可检产品/参数数）”（项）应在 0–1000000 之间", zh  # the unit's raw bound (seed001.yaml)
    ui.cookies.set("lang", "en")
    en = _error(ui.post("/evaluation/qic-js-battery/rating-runs", data=form).text)
    assert en.endswith("should lie in 0–1000000") and not re.search(r"[\u4e00-\u9fff]", en), en
