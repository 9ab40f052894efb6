"""Helpers for the UI tests: a catalog where a battery need has two candidate providers, the tiny embedder on the
app, and a browser-style login through the form."""

from __future__ import annotations

import html
import re
from types import SimpleNamespace
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from matcher.schemas import MatcherConfig
from tests.api.apihelpers import PASSWORD, kb_records
from tests.matcher.matcher_helpers import NgramEmbedder

# A second provider for battery safety tests, so a coordinator has a choice and alternates.
CENTER3 = {"type": "center", "id": "plat-gd-battery", "name": "广东省新能源电池检测公共服务平台",
           "kind": "public_service_platform", "region": "广东省佛山市", "industries": ["动力电池"],
           "qualifications": ["CMA"]}
CAP3 = {"type": "capability", "id": "cap-3", "center_id": "plat-gd-battery", "title": "动力电池热失控与安全性能检测",
        "description": "电芯热失控、针刺、过充安全试验，出具CMA检测报告。", "service_types": ["inspection_testing"],
        "industries": ["动力电池"], "qualifications": ["CMA"]}

NEED_TEXT = "我们是常州一家动力电池企业，电芯需要做热失控试验，要求出具CMA检测报告。"
ANSWER_TEXT = "预算5万元，希望12月底前完成"


def ui_kb_records() -> list[dict[str, Any]]:
    return [*kb_records(), CENTER3, CAP3]


def use_tiny_embedder(app: FastAPI) -> None:
    """Match with the character-bigram embedder instead of loading e5 (~20 s); the same place the API reads."""
    try:
        from api.matching import MatcherSetup  # the JSON API's matcher setup, when present
    except ImportError:
        app.state.matcher = SimpleNamespace(config=MatcherConfig(), embedder=NgramEmbedder(), top_k=5)
    else:
        app.state.matcher = MatcherSetup(embedder=NgramEmbedder())


def form_login(client: TestClient, username: str, password: str = PASSWORD) -> Any:
    client.cookies.clear()
    return client.post("/login", data={"username": username, "password": password, "next": "/"},
                       follow_redirects=False)


def signed_in(client: TestClient, username: str, lang: str = "zh") -> TestClient:
    """A browser of its own on the same app, signed in through the form, its pages in ``lang``."""
    ui = TestClient(client.app)
    assert form_login(ui, username).status_code == 303
    ui.cookies.set("lang", lang)
    return ui


def ui_chat(ui: TestClient, text: str, session_id: str | None = None) -> dict[str, Any]:
    """One message of the chat page as its script sends it; the reply and the card."""
    answer = ui.post("/ui/intake/message", json={"text": text, "session_id": session_id})
    assert answer.status_code == 200, answer.text
    data: dict[str, Any] = answer.json()
    return data

def page_words(page: str) -> str:
    """A page's words as a person reads them: tags left out, spaces run together."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def facts_row(page: str, label: str) -> str:
    """The words of the row ``label`` of a page's facts list (``<dl class="facts">``), as a person reads them."""
    facts = re.search(r'<dl class="facts">(.*?)</dl>', page, re.S)
    assert facts, page[:2000]
    row = re.search(rf"<dt>{label}</dt><dd>(.*?)</dd>", facts.group(1), re.S)
    assert row, facts.group(1)
    return page_words(row.group(1)).strip()


def center_reads(c: TestClient, headers: dict[str, str], need_id: str, review_id: str, eng: str | None = None, *,
                 center: str = "qic-js-battery", username: str = "coord-center") -> dict[str, str]:
    """Every response a proposed (or accepted) center gets that concerns a need, by door: its API calls and its
    pages, zh and en (the doors that answer it 200). The secrecy tests read what leaks through any of them
    (test_api_confidential_explanation, test_api_enterprise_name_seen)."""
    got = {
        "api review": c.get(f"/api/v1/reviews/{review_id}", headers=headers),
        "api reviews": c.get("/api/v1/reviews", headers=headers),
        "api need": c.get(f"/api/v1/needs/{need_id}", headers=headers),
        "api needs": c.get("/api/v1/needs", headers=headers),
        "api opportunities": c.get(f"/api/v1/centers/{center}/opportunities", headers=headers),
        "api team": c.get(f"/api/v1/centers/{center}/team", params={"need_id": need_id}, headers=headers),
        "api experts": c.get("/api/v1/experts/match", params={"need_id": need_id}, headers=headers),
        "api inbox": c.get("/api/v1/inbox", headers=headers),
    }
    if eng:
        got["api engagement"] = c.get(f"/api/v1/engagements/{eng}", headers=headers)
        got["api engagements"] = c.get("/api/v1/engagements", headers=headers)
        got["api messages"] = c.get(f"/api/v1/engagements/{eng}/messages", headers=headers)
    out = {k: r.text for k, r in got.items() if r.status_code == 200}
    for lang in ("zh", "en"):
        page = signed_in(c, username, lang)
        paths = [f"/review/{review_id}", "/review", f"/centers/{center}/opportunities", "/inbox", f"/needs/{need_id}"]
        paths += [f"/engagements/{eng}", "/engagements"] if eng else []
        for path in paths:
            r = page.get(path)
            assert r.status_code == 200, (path, r.status_code)
            out[f"{lang} {path}"] = r.text
        experts = page.get(f"/needs/{need_id}/experts")  # a door only where the role may match experts
        assert experts.status_code in (200, 403), experts.status_code
        if experts.status_code == 200:
            out[f"{lang} experts"] = experts.text
    return out
