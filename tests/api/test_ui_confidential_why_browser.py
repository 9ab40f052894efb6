"""A confidential need's review, as its proposed center reads it in real Chromium before the details are opened (a new
user's trial, 2026-11-29): the header was redacted, but 匹配的能力 and the opened 为什么推荐 quoted the evidence and the
key terms the matcher chose by the confidential text. Now nothing of it: no capability, passage or shared term, the
rule lines kept, and 资质要求 names the CMA the rule line names. Screenshot ``confidential-why-1`` in
test-artifacts/ui/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.config import ApiConfig
from core.db import dispose_engines
from flows.matching import MatcherSetup
from matcher import service as matcher
from tests.api.browserhelpers import (
    BROWSER_MARKS,
    LiveServer,
    People,
    api_login,
    dont_see,
    go,
    see,
    seed_world,
    serve,
    shot,
)
from tests.matcher.matcher_helpers import NgramEmbedder

pytestmark = BROWSER_MARKS

TEXT = ("我们在常州做储能电芯，循环约200次后电芯鼓胀，针刺后热失控，需要做动力电池热失控失效分析，"
        "要求出具CMA检测报告。保密")
# the need's words and the demo center's capability (tests/kb/kbhelpers.CAP) the matcher picks by them
SECRET = ("鼓胀", "针刺", "200次", "单体热失控", "GB 38031")
REVIEW: dict[str, str] = {}


def _world(home: Path) -> tuple[object, dict[str, str]]:
    settings, passwords = seed_world(home)
    app = create_app(settings, ApiConfig(deliver_in_process=False), matcher=MatcherSetup(embedder=NgramEmbedder()))
    try:
        with TestClient(app) as c:
            ent = api_login(c, "demo-enterprise")
            made = c.post("/api/v1/needs", headers=ent,
                          json={"text": TEXT, "service_types": ["inspection_testing"], "confidential": True})
            assert made.status_code == 201, made.text
            sent = c.post(f"/api/v1/needs/{made.json()['id']}/submit", headers=ent)
            assert sent.status_code == 200, sent.text
            REVIEW["id"] = str(sent.json()["review_id"])
    finally:
        matcher.reset()
        dispose_engines()
    return settings, passwords


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings, passwords = _world(tmp_path_factory.mktemp("confidential-why-home"))
    with serve(settings, passwords) as server:  # type: ignore[arg-type]
        yield server


def test_the_proposed_center_reads_no_word_of_the_confidential_need(people: People) -> None:
    center = people.login("demo-center")
    go(center, f"/review/{REVIEW['id']}")
    see(center, "详情开放后可见")
    see(center, "具备所需资质 CMA（硬性条件，已满足）")
    marks = center.locator("dl.facts dt", has_text="资质要求").locator("xpath=following-sibling::dd[1]")
    see(marks, "CMA")
    dont_see(marks, "未说明")
    for fold in center.locator("main details").all():
        fold.evaluate("el => el.open = true")
    shot(center, "confidential-why-1")
    body = center.locator("body")
    for word in SECRET:
        dont_see(body, word)
    dont_see(body, "匹配的能力")
