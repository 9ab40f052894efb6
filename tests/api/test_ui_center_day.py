"""A provider center's day tried as a new user (2026-11-28): the faults a rendered page showed, each checked on the
page's HTML and failing without its fix (the faults in the pages' behaviour are in test_ui_center_day_browser.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from accounts.demo import DEMO_PASSWORDS
from api.app import create_app
from api.config import ApiConfig
from core.db import dispose_engines, session_scope
from flows import catalog
from flows.matching import MatcherSetup
from matcher import service as matcher
from tests.api.centerdayhelpers import CENTER, CenterDay, center_day_world
from tests.api.uihelpers import form_login
from tests.matcher.matcher_helpers import NgramEmbedder

WORLD: dict[str, CenterDay] = {}


@pytest.fixture(scope="module")
def center(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    day = center_day_world(tmp_path_factory.mktemp("center-day-pages"))
    WORLD["day"] = day
    app = create_app(day.settings, ApiConfig(deliver_in_process=False),
                     matcher=MatcherSetup(embedder=NgramEmbedder()))
    try:
        with TestClient(app) as client:
            assert form_login(client, "demo-center", DEMO_PASSWORDS["demo-center"]).status_code == 303
            yield client
    finally:
        matcher.reset()
        dispose_engines()


def _page(client: TestClient, path: str, lang: str) -> str:
    client.cookies.set("lang", lang)
    answer = client.get(path)
    assert answer.status_code == 200, answer.text[:300]
    return answer.text


def _one(html: str, pattern: str) -> str:
    found = re.search(pattern, html, re.S)
    assert found, pattern
    return found.group(0)


def test_a_withheld_client_is_named_by_its_reference_and_the_engagement_by_its_need(center: TestClient) -> None:
    day = WORLD["day"]
    html = _page(center, f"/engagements/{day.engagement}", "zh")
    client = _one(html, r'<span id="client">.*?\n')
    assert day.client_ref in client and "未说明" not in client and "名称暂不公开" in client
    heading = _one(html, r"<h1>.*?</h1>")
    assert "江苏省动力电池及储能产品质量检验中心" not in heading and "需求" in heading  # the need's public title
    english = _page(center, f"/engagements/{day.engagement}", "en")
    assert "name withheld" in _one(english, r'<span id="client">.*?\n')


def test_an_obligation_titled_in_both_languages_shows_the_page_s_half(center: TestClient) -> None:
    report = r'<tr class="obligation[^"]*"[^>]*data-period="2026Q4".*?</tr>'
    row = _one(_page(center, f"/providers/{CENTER}", "zh"), report)
    assert "2026Q4 季度服务情况报告" in row and "quarterly service report" not in row
    english = _page(center, f"/providers/{CENTER}", "en")
    row = _one(english, report)
    assert "2026Q4 quarterly service report" in row and "季度服务情况报告" not in row
    assert "Stage: " in english and "Stage：" not in english  # the page's own colon, not a Chinese one


def test_an_opportunity_says_why_it_fits(center: TestClient) -> None:
    day = WORLD["day"]
    card = _one(_page(center, f"/centers/{CENTER}/opportunities", "zh"),
                rf'<li class="card opportunity"[^>]*data-need="{day.public_need}".*?</li>\s*\n\s*(?:</ol>|<li)')
    assert "为何相符" in card and 'class="terms"' in card
    assert "<label" in card.split('class="help-form"')[1]  # the note says what it is for in a label, not a placeholder
    english = _page(center, f"/centers/{CENTER}/opportunities", "en")
    assert "Why it fits" in english
    assert "(lead)" in english and "（lead）" not in english  # no Chinese brackets on the English page


def test_the_entry_form_speaks_in_words(center: TestClient) -> None:
    html = _page(center, f"/providers/{CENTER}/edit", "zh")
    values = re.findall(r'name="service_types" value="([^"]*)"', html)
    assert values and all(not re.search(r"[a-z]+_[a-z]+", v) for v in values), values
    assert "检验检测" in " ".join(values)
    assert "inspection_testing" not in _one(html, r"服务类型（[^）]*）")
    english = _page(center, f"/providers/{CENTER}/edit", "en")
    profile = _one(english, r'<form[^>]*id="profile-form".*?</form>')
    labels = re.findall(r"<label>([^<]+)<input", profile)
    assert "Full-time staff " in labels and "all " not in labels and "full-time " not in labels, labels
    # The entry's profile is the provider's, not a person's: "个人信息" / "Your details" were the account page's words
    heading = r'<h2>([^<]*)</h2>\s*<form[^>]*id="profile-form"'
    assert [re.findall(heading, page) for page in (html, english)] == [["机构简介"], ["Profile"]]


def test_more_full_time_staff_than_staff_in_all_is_refused_naming_the_field(center: TestClient) -> None:
    """500 full-time of 120 in all was taken (the center's day, 2026-11-28): refused, the field named in words and
    marked, nothing changed."""
    before = _page(center, f"/providers/{CENTER}/edit", "zh")
    center.cookies.set("lang", "zh")
    answer = center.post(f"/providers/{CENTER}/edit", data={"record_type": "center", "staff_total": "120",
                                                            "staff_full_time": "500"}, follow_redirects=False)
    assert answer.status_code == 303 and "done=" not in answer.headers["location"], answer.headers
    page = center.get(answer.headers["location"]).text
    assert "专职人员 500 人，多于全部人员 120 人" in page, page[:2000]
    assert 'data-form-error-field="staff_full_time"' in page, page[:2000]
    assert _page(center, f"/providers/{CENTER}/edit", "zh").count('value="500"') == before.count('value="500"')


def test_the_entry_change_review_names_the_center_the_person_and_the_fields_in_words(center: TestClient) -> None:
    """/changes and /changes/N showed "条目变更审核 #1 · qic-js-battery", the submitter as
    "center_coordinator:demo-center@…", and rows "center qic-js-battery | staff_total | 120 | 130" under a column
    headed 条件 / Rule (a new user in Chromium, 2026-11-29): now the center's name, the person by name and role
    (api.pages.ui_people), each field by the edit form's own label, the column named for what it holds."""
    center.cookies.set("lang", "zh")
    sent = center.post(f"/providers/{CENTER}/edit", data={"record_type": "center", "staff_total": "130"},
                       follow_redirects=False)
    assert sent.status_code == 303 and "done=waits" in sent.headers["location"], sent.headers
    association = TestClient(center.app)
    assert form_login(association, "demo-association", DEMO_PASSWORDS["demo-association"]).status_code == 303
    with session_scope(WORLD["day"].settings) as session:
        name = catalog.center(session=session, center_id=CENTER).name
    for lang, staff, heading, profile in (("zh", "总人数", "条目", "机构简介"),
                                          ("en", "Staff in all", "Entry", "Profile")):
        listed = _page(association, "/changes", lang)
        card = _one(listed, r'<li class="card change-item".*?</li>')
        assert name in card and ">#" in card and "center_coordinator:" not in card and "@" not in card, card
        change = re.search(r'href="/changes/(\d+)"', card)
        assert change, card
        page = _page(association, f"/changes/{change.group(1)}", lang)
        main = page.split("<main", 1)[1]
        assert name in _one(main, r"<h1>.*?</h1>") and CENTER not in _one(main, r"<h1>.*?</h1>"), main[:600]
        assert "center_coordinator:" not in main and "demo-center" not in main, main[:1500]
        row = _one(main, r'<tr class="diff-row".*?</tr>')
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        assert [c.strip() for c in cells[:2]] == [profile, staff], cells
        assert "130" in cells[3], cells
        head = _one(main, r'<table class="diff">.*?</tr>')
        assert f"<th>{heading}</th>" in head and "条件" not in head and "Rule" not in head, head
