"""The web UI through TestClient: each role reaches its pages only, pages speak Chinese and English, and the whole
intake → review → accept → result flow works through the forms and the chat's JSON endpoints."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.config import ApiConfig
from core.db import session_scope
from core.settings import Settings
from evaluation import service as evaluation
from evaluation.schemas import ScoreInput
from matcher import service as matcher
from tests.api.apihelpers import World, build_world
from tests.api.uihelpers import ANSWER_TEXT, NEED_TEXT, form_login, ui_kb_records, use_tiny_embedder
from tests.kb.kbhelpers import do_import, write_jsonl

EXAMPLES = Path(__file__).resolve().parents[2] / "evaluation" / "examples"


@pytest.fixture
def ui_world(settings: Settings, tmp_path: Path) -> Iterator[World]:
    assert do_import(settings, write_jsonl(tmp_path / "kb.jsonl", ui_kb_records())).ok
    yield build_world(settings)
    matcher.reset()


@pytest.fixture
def ui(ui_world: World) -> Iterator[TestClient]:
    app = create_app(ui_world.settings, ApiConfig(deliver_in_process=False))
    use_tiny_embedder(app)
    with TestClient(app) as c:
        yield c


def _logged_in(client: TestClient, username: str) -> None:
    response = form_login(client, username)
    assert response.status_code == 303, response.text
    assert client.cookies.get("innodock_session")


def _review_id(html: str) -> str:
    found = re.search(r'href="/review/(rev[^"]+)"', html)
    assert found, html
    return found.group(1)


PAGES = {
    "/intake": {"enterprise"},
    "/needs": {"enterprise"},
    "/review": {"center_coordinator", "association_coordinator", "admin"},
    "/engagements": {"enterprise", "center_coordinator", "association_coordinator", "admin"},
    "/evaluation/qic-js-battery": {"center_coordinator", "association_coordinator", "admin"},
}
USERS = {"ent-a": "enterprise", "coord-center": "center_coordinator", "coord-assoc": "association_coordinator",
         "admin": "admin"}


def test_anonymous_visitors_are_sent_to_login(ui: TestClient) -> None:
    for path in PAGES:
        response = ui.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=" + path.replace("/", "%2F"))
    page = ui.get("/login?next=/review")
    assert page.status_code == 200
    assert "登录 innodock" in page.text and 'value="/review"' in page.text


def test_an_ended_session_goes_back_to_login(ui: TestClient) -> None:
    _logged_in(ui, "ent-a")
    token = ui.cookies.get("innodock_session")
    ui.post("/logout")
    ui.cookies.set("innodock_session", token or "")
    response = ui.get("/needs", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=%2Fneeds"
    ui.cookies.set("innodock_session", "is_not-a-real-token")
    assert ui.get("/intake", follow_redirects=False).status_code == 303


def test_an_enterprise_lands_on_its_needs_once_it_has_any(ui: TestClient) -> None:
    """Issue 30, item 6: a login lands each role on its worklist; an enterprise with needs on its needs, newest first
    (an old draft used to open first), one with none on the chat."""
    assert form_login(ui, "ent-a").headers["location"] == "/intake"
    started = ui.post("/ui/intake/message", json={"text": "电机轴承断裂，想做失效分析"})
    assert started.status_code == 200, started.text
    ui.post("/logout", follow_redirects=False)
    ui.cookies.clear()
    assert form_login(ui, "ent-a").headers["location"] == "/needs"
    assert ui.get("/login", follow_redirects=False).headers["location"] == "/needs"  # logged in already
    assert form_login(ui, "coord-assoc").headers["location"] == "/review"


@pytest.mark.parametrize("username", list(USERS))
def test_each_role_sees_only_its_pages(ui: TestClient, username: str) -> None:
    _logged_in(ui, username)
    role = USERS[username]
    for path, roles in PAGES.items():
        response = ui.get(path, follow_redirects=False)
        if role in roles:
            assert response.status_code == 200, (path, response.text[:300])
            assert "text/html" in response.headers["content-type"]
        else:
            assert response.status_code == 403, path
            assert "无权访问" in response.text
    nav = ui.get("/engagements").text
    assert ('href="/intake"' in nav) == (role == "enterprise")
    assert ('href="/review"' in nav) == (role != "enterprise")


def test_center_coordinator_sees_only_its_own_evaluation(ui: TestClient) -> None:
    _logged_in(ui, "coord-center")
    assert ui.get("/evaluation/qic-js-battery").status_code == 200
    # Another center exists in the public catalog: the page says it is not theirs (never "机构不存在"), in HTML.
    other = ui.get("/evaluation/met-jx-rare")
    assert other.status_code == 403 and other.headers["content-type"].startswith("text/html")
    assert "只能查看本机构" in other.text and "机构不存在" not in other.text and "your own" not in other.text


def test_login_form_errors_and_logout(ui: TestClient) -> None:
    wrong = form_login(ui, "ent-a", "not-the-password")
    assert wrong.status_code == 401
    assert "用户名或密码不正确" in wrong.text and not ui.cookies.get("innodock_session")
    ok = form_login(ui, "ent-a")
    assert ok.status_code == 303 and ok.headers["location"] == "/intake"
    assert ui.get("/intake").status_code == 200
    out = ui.post("/logout", follow_redirects=False)
    assert out.status_code == 303
    ui.cookies.clear()
    assert ui.get("/intake", follow_redirects=False).status_code == 303


def test_login_keeps_only_local_next_targets(ui: TestClient) -> None:
    ui.cookies.clear()
    response = ui.post("/login", data={"username": "coord-assoc", "password": "correct-horse-battery",
                                       "next": "//evil.example.org/x"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/review"
    response = ui.post("/login", data={"username": "coord-assoc", "password": "correct-horse-battery",
                                       "next": "/engagements"}, follow_redirects=False)
    assert response.headers["location"] == "/engagements"


def test_cross_site_posts_are_refused(ui: TestClient) -> None:
    ui.cookies.clear()
    forged = ui.post("/login", data={"username": "ent-a", "password": "correct-horse-battery"},
                     headers={"Origin": "https://evil.example.org"}, follow_redirects=False)
    assert forged.status_code == 403 and not ui.cookies.get("innodock_session")
    _logged_in(ui, "ent-a")
    forged = ui.post("/ui/intake/message", json={"text": NEED_TEXT}, headers={"Origin": "https://evil.example.org"})
    assert forged.status_code == 403
    assert forged.json()["error"]["message"].startswith("拒绝跨站请求")


@pytest.mark.parametrize("lang,expect,absent", [("zh", "描述您的技术难题", "Describe your technical problem"),
                                                ("en", "Describe your technical problem", "描述您的技术难题")])
def test_pages_render_in_chinese_and_english(ui: TestClient, lang: str, expect: str, absent: str) -> None:
    _logged_in(ui, "ent-a")
    page = ui.get(f"/intake?lang={lang}")
    assert expect in page.text and absent not in page.text
    assert f'lang="{"zh-CN" if lang == "zh" else "en"}"' in page.text
    assert ui.cookies.get("lang") == lang
    needs = ui.get("/needs").text  # the cookie keeps the language
    assert ("我的需求" in needs) == (lang == "zh") and ("My needs" in needs) == (lang == "en")
    _logged_in(ui, "coord-assoc")  # a new login starts from a clean cookie jar
    board = ui.get(f"/engagements?lang={lang}").text
    assert ("<h2>技术、商务沟通 " in board) == (lang == "zh") and ("<h2>communicating " in board) == (lang == "en")


def test_chat_replies_follow_the_language_the_person_chose(ui: TestClient) -> None:
    """Issue 27: the page's language is the person's choice, and the chat answers in it whatever language a message
    is typed in (a Chinese message on the English page was answered in Chinese); with no choice made, each message
    is answered in its own language, as before."""
    _logged_in(ui, "ent-a")
    ui.get("/intake?lang=en")  # the switch sets the cookie
    zh_on_en = ui.post("/ui/intake/message", json={"text": "电机轴承断裂，想做失效分析，在常州"}).json()
    assert zh_on_en["question"] and not re.search(r"[\u4e00-\u9fff]{4}", zh_on_en["question"])
    followed = ui.post("/ui/intake/message", json={"text": "预算五万元", "session_id": zh_on_en["session_id"]}).json()
    assert "Budget" in followed["turns"][-1]["text"] or "budget" in followed["turns"][-1]["text"]
    ui.get("/intake?lang=zh&new=1")
    en_on_zh = ui.post("/ui/intake/message", json={"text": "Our bearings crack after a month, we need a failure "
                                                           "analysis in Suzhou"}).json()
    assert re.search(r"[\u4e00-\u9fff]{4}", en_on_zh["question"])
    ui.cookies.delete("lang")  # no choice made: the message's own language, though the page's script sends its own
    en_alone = ui.post("/ui/intake/message?lang=zh", json={"text": "Our bearings crack after a month, we need a "
                                                                    "failure analysis in Suzhou"}).json()
    assert not re.search(r"[\u4e00-\u9fff]{4}", en_alone["question"])


def test_chat_fills_the_need_and_another_tenant_cannot_continue_it(ui: TestClient) -> None:
    _logged_in(ui, "ent-a")
    first = ui.post("/ui/intake/message", json={"text": NEED_TEXT})
    assert first.status_code == 200, first.text
    data = first.json()
    fields = {row["key"]: row["value"] for row in data["need"]}
    assert fields["service_types"] == "热失控试验 → 检验检测"  # the enterprise's words beside the category
    assert fields["region"] == "江苏省常州市"
    assert fields["qualifications"] == "CMA"
    # Read by the rules: the row carries no mark of which reader read it (only a model's suggestion is marked).
    assert {row["key"]: row["source"] for row in data["need"]}["service_types"] == "deterministic"
    assert all(row["source_label"] is None for row in data["need"])
    # the reply says what the message was read as, then asks the open question
    assert data["question"] and data["turns"][-1]["text"].startswith("已记下：服务类型 热失控试验 → 检验检测；")
    assert data["turns"][-1]["text"].endswith("\n" + data["question"])
    second = ui.post("/ui/intake/message", json={"text": ANSWER_TEXT, "session_id": data["session_id"]}).json()
    fields = {row["key"]: row["value"] for row in second["need"]}
    assert fields["budget"] == "约5万元"  # as every page says a budget (flows.needs.budget_said)
    assert fields["deadline"] and fields["deadline"].endswith("-12-31")
    page = ui.get(f"/intake?s={data['session_id']}").text
    assert NEED_TEXT in page and "约5万元" in page  # a reload shows the conversation so far
    assert "规则读取" not in page and "模型建议" not in page

    _logged_in(ui, "ent-b")
    stolen = ui.post("/ui/intake/message", json={"text": "预算10万", "session_id": data["session_id"]})
    assert stolen.status_code == 404
    assert ui.post("/ui/intake/submit", json={"session_id": data["session_id"]}).status_code == 404
    assert NEED_TEXT not in ui.get(f"/intake?s={data['session_id']}").text
    _logged_in(ui, "coord-assoc")
    assert ui.post("/ui/intake/message", json={"text": NEED_TEXT}).status_code == 403


def test_intake_review_accept_and_the_enterprise_sees_the_provider(ui: TestClient) -> None:
    _logged_in(ui, "ent-a")
    data = ui.post("/ui/intake/message", json={"text": NEED_TEXT}).json()
    ui.post("/ui/intake/message", json={"text": ANSWER_TEXT, "session_id": data["session_id"]})
    submitted = ui.post("/ui/intake/submit", json={"session_id": data["session_id"]})
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["proposals"] >= 2
    again = ui.post("/ui/intake/submit", json={"session_id": data["session_id"]}).json()
    assert again["review_id"] == submitted.json()["review_id"]  # a double click does not queue it twice
    mine = ui.get("/needs").text
    assert "等待协调员审核" in mine and NEED_TEXT in mine

    _logged_in(ui, "coord-assoc")
    queue = ui.get("/review").text
    review_id = _review_id(queue)
    assert review_id == submitted.json()["review_id"] and "甲公司" in queue
    page = ui.get(f"/review/{review_id}").text
    for text in ("为什么推荐", "相关能力条目", "关键词", "适用的规则", "热失控",
                 "江苏省动力电池产品质量检验中心", "广东省新能源电池检测公共服务平台"):
        assert text in page, text
    assert "技术细节" not in page and "dense_cosine" not in page  # the matcher's internals are for admins only
    version = int(re.search(r'name="version" value="(\d+)"', page).group(1))  # type: ignore[union-attr]
    # Decline the Guangdong platform, then a stale accept is refused, then the current one goes through.
    declined = ui.post(f"/review/{review_id}/reject", data={"reason": "no_capacity", "text": "排期已满",
                                                             "center_id": "plat-gd-battery", "version": version},
                       follow_redirects=False)
    assert declined.status_code == 303 and "error" not in declined.headers["location"]
    stale = ui.post(f"/review/{review_id}/accept", data={"center_id": "qic-js-battery", "version": version},
                    follow_redirects=True)
    assert "已被他人处理" in stale.text
    accepted = ui.post(f"/review/{review_id}/accept", data={"center_id": "qic-js-battery", "version": version + 1},
                       follow_redirects=False)
    assert accepted.status_code == 303 and accepted.headers["location"].startswith("/engagements/")
    engagement = ui.get(accepted.headers["location"]).text
    assert "技术、商务沟通" in engagement and "达成一致" in engagement

    _logged_in(ui, "ent-a")
    mine = ui.get("/needs").text
    assert "江苏省动力电池产品质量检验中心" in mine and "已接受" in mine
    assert "广东省新能源电池检测公共服务平台" in mine and "机构无余力承接" in mine and "排期已满" in mine


def test_engagement_buttons_fire_allowed_transitions_with_the_version(ui: TestClient) -> None:
    _logged_in(ui, "ent-a")
    data = ui.post("/ui/intake/message", json={"text": NEED_TEXT}).json()
    review_id = ui.post("/ui/intake/submit", json={"session_id": data["session_id"]}).json()["review_id"]
    _logged_in(ui, "coord-assoc")
    page = ui.get(f"/review/{review_id}").text
    version = int(re.search(r'name="version" value="(\d+)"', page).group(1))  # type: ignore[union-attr]
    path = ui.post(f"/review/{review_id}/accept", data={"center_id": "qic-js-battery", "version": version,
                                                       "alternates": ["plat-gd-battery"]},
                   follow_redirects=False).headers["location"]
    detail = ui.get(path).text
    assert 'value="reach_agreement"' in detail and 'value="terminate"' in detail
    assert 'value="submit_plan"' not in detail  # only the steps allowed now
    moved = ui.post(f"{path}/advance", data={"transition": "reach_agreement", "version": 1}, follow_redirects=True)
    assert "达成一致" in moved.text and 'class="error"' not in moved.text
    replay = ui.post(f"{path}/advance", data={"transition": "reach_agreement", "version": 1}, follow_redirects=True)
    assert 'class="error"' in replay.text and "error=" not in str(replay.url)  # the same click again is stale: said
    assert 'class="error"' not in ui.get(path).text  # once: a reload shows the page without it
    board = ui.get("/engagements").text
    assert 'data-state="agreed"' in board and "江苏省动力电池产品质量检验中心" in board
    _logged_in(ui, "ent-b")
    assert ui.get(path).status_code == 404  # another enterprise's engagement


def test_evaluation_page_shows_scores_stars_and_radar(ui: TestClient, ui_world: World) -> None:
    values = json.loads((EXAMPLES / "seed001_full_inputs.json").read_text(encoding="utf-8"))
    values.pop("center_id", None), values.pop("center_name", None)
    with session_scope(ui_world.settings) as session:
        evaluation.evaluate_center(session=session, center_id="qic-js-battery", period="2026",
                                   inputs=ScoreInput.model_validate(values), use_pipeline=False)
    _logged_in(ui, "coord-assoc")
    page = ui.get("/evaluation/qic-js-battery").text
    assert "一级指标得分" in page and 'src="data:image/png;base64,' in page
    assert page.count("<tr><th>T") == 4
    assert re.search(r'class="stars" aria-label="星级 [1-5]"', page)
    en = ui.get("/evaluation/qic-js-battery?lang=en").text
    assert "First-level scores" in en


def test_every_page_names_its_icon_and_the_icon_is_served(ui: TestClient) -> None:
    """Walk finding: every page's browser asked for /favicon.ico and got a 404; each page now names its icon."""
    page = ui.get("/login").text
    assert '<link rel="icon" type="image/svg+xml" href="/static/favicon.svg">' in page
    icon = ui.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.text.startswith("<svg") and 'viewBox="0 0 32 32"' in icon.text
