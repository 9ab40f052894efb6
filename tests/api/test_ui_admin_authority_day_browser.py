"""The platform admin's and the authority officer's day walked as a new user (2026-11-28), in real headless Chromium:
the faults found in the pages, each checked here and failing without its fix (docs/ui.md, "The admin's and the
authority officer's day").

- The admin's new organisation, refused (an authority without its body), came back empty: what was typed went into
  the page's kind filter, which posts to the same path by GET, and no field was marked.
- An authority's row in the organisations' list had no type, and its page said neither its body nor its jurisdiction.
- The admin's organisation page scrolled sideways on a phone (a hidden label inside the users' table widened it).
- An enterprise's registration waited unsaid: no notice, nothing where the admin lands.
- Making an organisation, an authority with its power to decide among them, was in no audit log.
- The knowledge base could be imported from the page but not exported; an import said "新增 created: center 2" and a
  refusal "请上传 1–20 个文件 / upload 1–20 files" on either page.
- The officer could not send a prepared decision back without a decision document's number (the field was required
  for both buttons), and a return with no reason went through; the card named the proposer by username, the provider
  by a name that led nowhere, and the English card used Chinese colons; nothing of the provider's record stood beside
  the grounds (its pages are the association's); once decided, the page kept no word of it, and the notice stayed
  unread.

One small world: the UI catalog and demo accounts (the demo bureau, Shanghai's municipal bureau, among them), a
Shanghai provider, and a revocation the association prepared for the bureau. Screenshots ``admin-day-…``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accounts import service as auth
from accounts.schemas import RegistrationIn
from core.db import session_scope
from flows import accounts as accounts_flow
from flows import decisions
from flows import providers as providers_flow
from flows.announce import OUTBOX
from tests.api.browserhelpers import (
    BROWSER_MARKS,
    PHONE,
    LiveServer,
    People,
    dont_see,
    go,
    see,
    seed_world,
    serve,
    shot,
    sideways,
)
from tests.kb.kbhelpers import do_import, write_jsonl

pytestmark = BROWSER_MARKS

SH = "qic-sh-newmat"
SH_NAME = "上海市新材料产品质量检验中心"
SH_CENTER = {"type": "center", "id": SH, "name": SH_NAME, "kind": "quality_inspection_center",
             "region": "上海市宝山区", "industries": ["新材料"], "qualifications": ["CMA"]}
NEW_CENTER = {"type": "center", "id": "qic-nj-test", "name": "南京市新材料测试中心",
              "kind": "quality_inspection_center", "region": "江苏省南京市"}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home: Path = tmp_path_factory.mktemp("admin-day-home")
    settings, passwords = seed_world(home)
    assert do_import(settings, write_jsonl(home / "sh.jsonl", [SH_CENTER])).ok
    with session_scope(settings) as session:
        providers_flow.sync(session=session)
        user = auth.find_user(session=session, username="demo-association")
        assert user is not None
        token, _ = auth.start_session(session=session, user_id=user.id, hours=1)
        decisions.prepare(session=session, principal=auth.actor_for_session(session=session, token=token),
                          center_id=SH, transition="revoke", grounds="出具虚假检测报告，情节严重。", payload={},
                          outbox=OUTBOX)
        accounts_flow.register(session=session, address=None, body=RegistrationIn(
            org_name="苏州某电子有限公司", username="sz-dianzi", password="zhuce-ceshi-2026x"))
    with serve(settings, passwords) as server:
        yield server


def _sideways(page: Page) -> bool:
    return sideways(page) > 0


def test_the_admin_creates_an_authority_and_a_refused_form_keeps_what_was_typed(people: People) -> None:
    admin = people.login("demo-admin")
    with admin.expect_navigation():  # where the admin lands, a registration waiting is said (it makes no notice)
        admin.get_by_role("link", name="有 1 家企业的自助注册等待审核").click()
    see(admin, "苏州某电子有限公司")
    see(admin, "sz-dianzi")
    dont_see(admin, "sz-dianzi · sz-dianzi")  # a user with no display name is named once
    go(admin, "/admin/orgs")
    bureau_row = admin.locator("#orgs tr", has_text="上海市市场监督管理局")
    expect(bureau_row.locator("td").nth(1)).to_have_text("主管部门")  # was blank
    expect(bureau_row.locator("td").nth(2)).to_contain_text("市市场监督管理局 · 上海市")
    form = admin.locator("#org-form")
    form.locator("select[name=kind]").select_option("authority")
    form.locator("input[name=name]").fill("江苏省市场监督管理局")
    form.locator("input[name=jurisdiction]").fill("江苏省")
    with admin.expect_navigation():
        form.get_by_role("button", name="新建组织").click()
    see(admin, "主管部门组织须指定其类别")
    expect(form.locator("select[name=kind]")).to_have_value("authority")
    expect(form.locator("input[name=name]")).to_have_value("江苏省市场监督管理局")
    expect(form.locator("input[name=jurisdiction]")).to_have_value("江苏省")
    expect(form.locator("select[name=authority_body]")).to_have_attribute("aria-invalid", "true")
    expect(admin.locator("#org-filter select[name=kind]")).to_have_value("")  # the filter is left alone
    shot(admin, "admin-day-org-refused")
    form.locator("select[name=authority_body]").select_option("provincial_bureau")
    with admin.expect_navigation():
        form.get_by_role("button", name="新建组织").click()
    expect(admin.locator("#org-authority")).to_have_text(re.compile("主管部门类别：省市场监督管理局 · 辖区：江苏省"))
    go(admin, "/admin/audit")  # the making of an authority is in the security log (it was in none)
    see(admin, "新建了主管部门「江苏省市场监督管理局」（省市场监督管理局，辖区：江苏省）")

    phone = people.login("demo-admin", viewport=PHONE, lang="en")
    go(phone, "/admin/orgs")
    with phone.expect_navigation():
        phone.locator("#orgs a", has_text="常州示例").click()
    see(phone, "Users")
    shot(phone, "admin-day-org-phone-en")
    assert not _sideways(phone), "the organisation's page scrolls sideways at 390 px"


def test_the_knowledge_base_is_exported_and_an_import_is_said_in_the_pages_language(people: People,
                                                                                    tmp_path: Path) -> None:
    admin = people.login("demo-admin", lang="en")
    go(admin, "/kb/upload")
    with admin.expect_navigation():
        admin.locator("#kb-upload-form button[type=submit]").click()
    see(admin.locator(".import-errors"), "upload 1–20 files")
    dont_see(admin.locator(".import-errors"), "请上传")
    admin.set_input_files("#kb-upload-form input[name=files]", str(write_jsonl(tmp_path / "new.jsonl", [NEW_CENTER])))
    with admin.expect_navigation():
        admin.locator("#kb-upload-form button[type=submit]").click()
    expect(admin.locator("#kb-imported")).to_have_text("Imported: added 1 provider")
    with admin.expect_download() as jsonl:
        admin.locator("#kb-export a", has_text=".jsonl").click()
    exported = Path(jsonl.value.path()).read_text(encoding="utf-8")
    assert '"id": "qic-nj-test"' in exported and '"type": "center"' in exported
    with admin.expect_download() as xlsx:
        admin.locator("#kb-export a", has_text=".xlsx").click()
    assert Path(xlsx.value.path()).read_bytes()[:2] == b"PK"  # a workbook is a zip
    shot(admin, "admin-day-kb-en")
    officer = people.login("demo-bureau")
    assert go(officer, "/kb/export?format=jsonl").status == 403  # type: ignore[union-attr]


def test_the_officer_sends_a_decision_back_with_its_reason(people: People) -> None:
    officer = people.login("demo-bureau")
    card = officer.locator(f"#waiting-decisions .proposal[data-center='{SH}']")
    expect(card.get_by_role("link", name=SH_NAME)).to_have_attribute("href", f"/centers/{SH}")
    see(card, "提交人：协会协调员")
    dont_see(card, "demo-association")
    record = card.locator("details.provider-record")  # the provider's stage and history, beside the grounds
    see(record.locator("summary"), "机构档案：当前阶段 运行")
    record.locator("summary").click()
    expect(record.locator("tr[data-transition]")).not_to_have_count(0)
    officer.once("dialog", lambda d: d.accept())
    with officer.expect_navigation():  # no document number, no reason: the reason is asked for, not the number
        card.get_by_role("button", name="退回协会").click()
    card = officer.locator(f"#waiting-decisions .proposal[data-center='{SH}']")
    expect(card.locator("input[name=note]")).to_have_attribute("aria-invalid", "true")
    see(card, "退回时请写明理由")
    shot(officer, "admin-day-officer-return-refused")

    phone = people.login("demo-bureau", viewport=PHONE, lang="en")
    phone_card = phone.locator(f"#waiting-decisions .proposal[data-center='{SH}']")
    see(phone_card, "Prepared by: 协会协调员")
    see(phone, "(jurisdiction: Shanghai)")  # was "上海市"
    dont_see(phone_card, "：")
    shot(phone, "admin-day-officer-phone-en")
    assert not _sideways(phone)

    card.locator("input[name=note]").fill("请附上抽查报告原件后再提交。")
    officer.once("dialog", lambda d: d.accept())
    with officer.expect_navigation():
        card.get_by_role("button", name="退回协会").click()
    see(officer, "目前没有等待决定的事项")
    done = officer.locator("#decided-decisions li[data-status='declined']")  # kept on record, with the reason
    see(done, SH_NAME)
    see(done, "已退回协会")
    see(done, "请附上抽查报告原件后再提交。")
    expect(officer.locator("#unread-badge")).to_have_count(0)  # its notice is done, not counted on
    shot(officer, "admin-day-officer-decided")
