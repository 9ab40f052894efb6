"""The web UI in real headless Chromium against a real uvicorn server: an enterprise describes a need in the chat and
submits it, a coordinator opens the explanation and accepts a match, the enterprise sees the result; and the chat on
a phone-sized screen. Screenshots go to test-artifacts/ui/ (gitignored).

The server matches with the tiny character-bigram embedder (tests/matcher/matcher_helpers.py) put on
``app.state.matcher``, the same place the app keeps its matcher setup, so no model is loaded.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from api.app import create_app
from api.config import ApiConfig
from api.demo import ensure_demo_accounts
from core.db import dispose_engines, session_scope
from core.settings import Settings
from evaluation import service as evaluation
from evaluation.schemas import ScoreInput
from matcher import service as matcher
from tests.api.uihelpers import ANSWER_TEXT, NEED_TEXT, ui_kb_records, use_tiny_embedder
from tests.kb.kbhelpers import do_import, write_jsonl

CHROMIUM = "/usr/bin/chromium"
EXAMPLES = Path(__file__).resolve().parents[2] / "evaluation" / "examples"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "ui"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-proxy-server"]
CJK = re.compile(r"[\u4e00-\u9fff]")
TIMEOUT_MS = 20_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None,
                       reason=f"{CHROMIUM} is missing: install Debian's chromium (scripts/setup.sh --test)"),
]


@dataclass
class LiveServer:
    url: str
    passwords: dict[str, str]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    import uvicorn

    home = tmp_path_factory.mktemp("ui-home")
    settings = Settings(home=home)
    assert do_import(settings, write_jsonl(home / "kb.jsonl", ui_kb_records())).ok
    with session_scope(settings) as session:
        demo = ensure_demo_accounts(session=session)
        inputs = json.loads((EXAMPLES / "seed001_full_inputs.json").read_text(encoding="utf-8"))
        inputs.pop("center_id", None), inputs.pop("center_name", None)
        evaluation.evaluate_center(session=session, center_id="qic-js-battery", period="2026",
                                   inputs=ScoreInput.model_validate(inputs), use_pipeline=False)
    passwords = {a.username: a.password for a in demo.accounts}
    app = create_app(settings, ApiConfig(deliver_in_process=False))
    use_tiny_embedder(app)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", passwords)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        matcher.reset()
        dispose_engines()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _login(page: Any, server: LiveServer, username: str) -> None:
    page.goto(f"{server.url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", server.passwords[username])
    page.click("#login-form button[type=submit]")
    page.wait_for_load_state()


def _shot(page: Any, name: str, *, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.evaluate("window.scrollTo(0, 0)")  # a full-page capture of a scrolled page repeats the sticky header
    page.screenshot(path=str(path), full_page=full_page)
    assert path.stat().st_size > 5_000
    return path


def _field(page: Any, key: str) -> Any:
    return page.locator(f'#need-fields dd[data-field="{key}"] .value')


def _source(page: Any, key: str) -> Any:
    return page.locator(f'#need-fields dd[data-field="{key}"] .src')


def _say(page: Any, text: str) -> None:
    count = page.locator("#turns li.assistant").count()
    page.fill("#chat-input", text)
    page.click("#chat-send")
    page.wait_for_function(f"document.querySelectorAll('#turns li.assistant').length > {count}", timeout=TIMEOUT_MS)


def _assert_chinese(page: Any) -> None:
    text = page.inner_text("body")
    assert len(CJK.findall(text)) > 20, text[:300]
    assert page.get_attribute("html", "lang") == "zh-CN"


def test_need_to_accepted_match_in_the_browser(live_server: LiveServer, browser: Any) -> None:
    from playwright.sync_api import expect

    enterprise = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    ent = enterprise.new_page()
    ent.set_default_timeout(TIMEOUT_MS)
    _login(ent, live_server, "demo-enterprise")
    expect(ent).to_have_url(re.compile(r"/intake$"))
    expect(ent.locator("h1")).to_have_text("描述您的技术难题")

    _say(ent, NEED_TEXT)
    expect(_field(ent, "service_types")).to_have_text("检验检测")
    expect(_field(ent, "region")).to_have_text("江苏省常州市")
    expect(_field(ent, "qualifications")).to_have_text("CMA")
    expect(_source(ent, "service_types")).to_have_text("规则读取")  # who read it: no LLM is configured here
    expect(_source(ent, "deadline")).to_be_hidden()  # nothing read yet, nothing to attribute
    expect(ent.locator("#next-question")).not_to_have_text("—")
    _say(ent, ANSWER_TEXT)
    expect(_field(ent, "budget")).to_have_text("50,000 元")
    expect(_field(ent, "deadline")).to_have_text(re.compile(r"^\d{4}-12-31$"))
    _assert_chinese(ent)
    _shot(ent, "1-enterprise-chat")

    ent.click("#submit-need")
    ent.wait_for_url(re.compile(r"/needs"))
    card = ent.locator("li.card").first
    expect(card).to_contain_text("等待协调员审核")
    expect(card).to_contain_text(NEED_TEXT)

    coordinator = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    co = coordinator.new_page()
    co.set_default_timeout(TIMEOUT_MS)
    _login(co, live_server, "demo-association")
    expect(co).to_have_url(re.compile(r"/review$"))
    item = co.locator("#queue li.review-item").first
    expect(item).to_contain_text("常州示例新能源材料有限公司")
    item.locator("a.button").click()
    co.wait_for_url(re.compile(r"/review/rev"))
    proposal = co.locator('li.proposal[data-center="qic-js-battery"]')
    expect(proposal).to_contain_text("江苏省动力电池产品质量检验中心")
    proposal.locator("details.explain summary").click()
    explanation = proposal.locator("details.explain")
    expect(explanation.locator(".evidence.passages")).to_be_visible()
    expect(explanation).to_contain_text("相关能力条目")
    expect(explanation).to_contain_text("动力电池单体热失控试验")
    expect(explanation).to_contain_text("共同关键词")
    expect(explanation).to_contain_text("得分构成")
    _assert_chinese(co)
    _shot(co, "2-coordinator-review")
    proposal.locator('input[name="alternates"][value="plat-gd-battery"]').check()
    proposal.locator("button.accept").click()
    co.wait_for_url(re.compile(r"/engagements/"))
    expect(co.locator("#state")).to_have_text("技术、商务沟通")
    expect(co.locator("#advance-form button[value=reach_agreement]")).to_have_text("达成一致")
    _shot(co, "3-coordinator-engagement")

    ent.reload()
    card = ent.locator("li.card").first
    expect(card.locator(".provider")).to_contain_text("江苏省动力电池产品质量检验中心")
    expect(card).to_contain_text("已接受")
    _assert_chinese(ent)
    _shot(ent, "4-enterprise-result")
    enterprise.close()
    coordinator.close()


def test_chat_on_a_phone_sized_screen(live_server: LiveServer, browser: Any) -> None:
    from playwright.sync_api import expect

    phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                has_touch=True, locale="zh-CN")
    page = phone.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    _login(page, live_server, "demo-enterprise")
    page.goto(f"{live_server.url}/intake")
    _say(page, "我们是佛山的陶瓷企业，需要对釉面砖做耐磨性检测，三个月内完成。")
    expect(_field(page, "service_types")).to_have_text("检验检测")
    # One column: nothing wider than the screen, and the structured need below the chat.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    chat = page.locator("section.chat").bounding_box()
    card = page.locator("aside.need-card").bounding_box()
    assert chat and card and card["y"] >= chat["y"] + chat["height"] - 1 and card["width"] <= 390
    _assert_chinese(page)
    _shot(page, "5-phone-chat")
    phone.close()


def test_evaluation_page_with_radar_chart(live_server: LiveServer, browser: Any) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1024, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    _login(page, live_server, "demo-center")
    page.click('header nav a[data-nav="evaluation"]')
    page.wait_for_url(re.compile(r"/evaluation/qic-js-battery$"))
    expect(page.locator("table.scores tr")).to_have_count(4)
    expect(page.locator("table.scores")).to_contain_text("一级指标得分")
    radar = page.locator("img.radar")
    expect(radar).to_be_visible()
    expect(page.locator(".stars")).to_contain_text("★")
    assert page.evaluate("document.querySelector('img.radar').naturalWidth") > 200
    _assert_chinese(page)
    _shot(page, "6-evaluation")
    context.close()
