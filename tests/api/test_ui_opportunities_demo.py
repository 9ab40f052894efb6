"""The demo center's opportunities page in the demo world (a new user's trial in Chromium, 2026-11-29: demo-center's
/centers/qic-js-battery/opportunities read only "暂时没有与贵机构相符的已发布需求"). The page lists the published needs
that fit the center, a confidential one by its published summary alone; a need the association has given to the
center is no opportunity any more (it is on the center's board), and the page says so, with how many needs are
published now, so an empty page is no mystery."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.config import ApiConfig
from core.db import dispose_engines
from flows.matching import MatcherSetup
from matcher import service as matcher
from tests.api.browserhelpers import seed_world
from tests.api.uihelpers import NEED_TEXT
from tests.matcher.matcher_helpers import NgramEmbedder

SECRET = "天枢三号"
CONFIDENTIAL = f"我们在常州做{SECRET}储能电芯，针刺后热失控，需要做动力电池热失控试验，要求出具CMA检测报告。"
PAGE = "/centers/qic-js-battery/opportunities"


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    settings, passwords = seed_world(tmp_path)
    app = create_app(settings, ApiConfig(deliver_in_process=False), matcher=MatcherSetup(embedder=NgramEmbedder()))
    with TestClient(app) as c:
        yield c, passwords
    matcher.reset()
    dispose_engines()


def _login(c: TestClient, passwords: dict[str, str], who: str) -> dict[str, str]:
    c.cookies.clear()
    token = c.post("/api/v1/auth/login", json={"username": who, "password": passwords[who]}).json()["token"]
    c.cookies.clear()
    return {"Authorization": f"Bearer {token}"}


def _submit(c: TestClient, passwords: dict[str, str], **need: Any) -> tuple[str, str]:
    headers = _login(c, passwords, "demo-enterprise")
    made = c.post("/api/v1/needs", headers=headers, json={"service_types": ["inspection_testing"], **need})
    assert made.status_code == 201, made.text
    submitted = c.post(f"/api/v1/needs/{made.json()['id']}/submit", headers=headers)
    assert submitted.status_code == 200, submitted.text
    return str(made.json()["id"]), str(submitted.json()["review_id"])


def _page(c: TestClient, passwords: dict[str, str], lang: str = "zh") -> str:
    c.cookies.clear()
    c.post("/login", data={"username": "demo-center", "password": passwords["demo-center"]})
    html = c.get(f"{PAGE}?lang={lang}").text
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_demo_center_finds_a_fitting_need_and_no_confidential_detail(
        demo: tuple[TestClient, dict[str, str]]) -> None:
    c, passwords = demo
    _submit(c, passwords, text=NEED_TEXT, title="储能电芯热失控试验")
    _submit(c, passwords, text=CONFIDENTIAL, confidential=True, redactions=[SECRET])
    text = _page(c, passwords)
    assert "储能电芯热失控试验" in text and "匹配度" in text
    assert "暂时没有" not in text
    for detail in (SECRET, "针刺", CONFIDENTIAL[:12]):
        assert detail not in text
    assert "目前共有 2 条已发布需求" in text


def test_a_need_given_to_the_center_leaves_the_page_and_the_page_says_where_it_went(
        demo: tuple[TestClient, dict[str, str]]) -> None:
    c, passwords = demo
    _, review_id = _submit(c, passwords, text=NEED_TEXT, title="储能电芯热失控试验")
    headers = _login(c, passwords, "demo-association")
    review = c.get(f"/api/v1/reviews/{review_id}", headers=headers).json()
    accepted = c.post(f"/api/v1/reviews/{review_id}/accept", headers=headers,
                      json={"center_id": "qic-js-battery", "version": review["version"], "alternates": []})
    assert accepted.status_code == 200, accepted.text
    text = _page(c, passwords)
    assert "储能电芯热失控试验" not in text
    assert "暂时没有与贵机构相符的已发布需求" in text
    assert "目前共有 0 条已发布需求" in text
    assert "1 条曾与贵机构相符的需求已交由机构承接或已结束" in text and "对接看板" in text
    english = _page(c, passwords, "en")
    assert "0 needs are published now" in english and "1 need that fitted your center" in english
