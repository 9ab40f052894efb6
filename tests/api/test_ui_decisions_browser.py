"""The deciding authorities in real headless Chromium (issue 29, item 3): seed 002 四(二) gives a Shanghai center's
rectification to the municipal bureau, so the association prepares the order on ``/decisions`` and the demo bureau's
user (``demo-bureau``, 上海市市场监督管理局) takes it there; the center's coordinator then finds the order in its inbox,
and its webhook subscription has the events queued. A bureau of another jurisdiction sees nothing to decide, and the
association's own decision form is refused. Screenshots in test-artifacts/ui/ named ``decisions-…``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from accounts import service as auth
from authz.vocab import AuthorityBody, OrgKind, Role
from core import china_time
from core.db import session_scope
from core.settings import Settings
from flows import providers as providers_flow
from flows import webhooks
from outbox.models import WebhookDelivery
from outbox.vocab import DomainEvent
from tests.api.browserhelpers import BROWSER_MARKS, LiveServer, People, go, see, seed_world, serve, shot
from tests.kb.kbhelpers import do_import, write_jsonl

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]

SH = "qic-sh-newmat"
SH_CENTER = {"type": "center", "id": SH, "name": "上海市新材料产品质量检验中心", "kind": "quality_inspection_center",
             "region": "上海市宝山区", "industries": ["新材料"], "qualifications": ["CMA"]}
PASSWORD = "shanghai-zhongxin-2026"
DUE = china_time.today() + timedelta(days=120)
WORLD: dict[str, Settings] = {}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The shared UI world (with the demo accounts, the demo bureau among them), a Shanghai center with its
    coordinator and webhook subscription, and Hangzhou's municipal bureau with a user."""
    home: Path = tmp_path_factory.mktemp("decisions-home")
    settings, passwords = seed_world(home)
    assert do_import(settings, write_jsonl(home / "sh.jsonl", [SH_CENTER])).ok
    with session_scope(settings) as session:
        providers_flow.sync(session=session)
        center = auth.create_org(session=session, kind=OrgKind.center, name=SH_CENTER["name"], center_id=SH)
        auth.create_user(session=session, org_id=center.id, username="sh-center", password=PASSWORD,
                         role=Role.center_coordinator, display_name="上海新材料中心协调员")
        hz = auth.create_org(session=session, kind=OrgKind.authority, name="杭州市市场监督管理局",
                             authority_body=AuthorityBody.municipal_bureau, jurisdiction="浙江省杭州市")
        auth.create_user(session=session, org_id=hz.id, username="hz-bureau", password=PASSWORD,
                         role=Role.authority_officer, display_name="杭州市场监管局用户")
    with session_scope(settings) as session:
        user = auth.find_user(session=session, username="sh-center")
        assert user is not None
        token, _ = auth.start_session(session=session, user_id=user.id, hours=1)
        webhooks.subscribe(session=session, principal=auth.actor_for_session(session=session, token=token),
                           org_id=None, url="http://127.0.0.1:9/sh-center", events=list(DomainEvent),
                           allow_private=True)
    passwords.update({"sh-center": PASSWORD, "hz-bureau": PASSWORD})
    WORLD["settings"] = settings
    with serve(settings, passwords) as server:
        yield server


def _confirming(page: Page) -> None:
    page.once("dialog", lambda d: d.accept())


def test_the_association_prepares_a_rectification_and_the_bureau_orders_it(people: People) -> None:
    assoc = people.login("demo-association")
    go(assoc, f"/providers/{SH}")
    version = assoc.locator("input[name=version]").first.get_attribute("value")
    # the association's own decision form is refused: the profile gives this decision to the bureau
    refused = assoc.request.post(f"{assoc.url.split('/providers')[0]}/providers/{SH}/advance", form={
        "transition": "order_rectification", "version": version or "1", "grounds": "自行决定",
        "decided_on": china_time.today().isoformat(), "decision_document": "沪质协〔2026〕1号",
        "deadline": DUE.isoformat()}, max_redirects=0)
    assert refused.status == 303
    # the page itself does not offer it: a card names the bureau and leads to the decisions page
    given = assoc.locator("#given-away")
    expect(given).to_contain_text("市场监督管理局")
    expect(given.locator("[data-given='order_rectification']")).to_have_count(1)
    assert assoc.locator("#decide-form select[name=transition] option[value='order_rectification']").count() == 0
    given.scroll_into_view_if_needed()
    shot(assoc, "decisions-provider-given-away")
    with assoc.expect_navigation():
        given.locator("#prepare-link").click()
    form = assoc.locator("#prepare-form")
    form.locator("select[name=center_id]").select_option(SH)
    form.locator("select[name=transition]").select_option("order_rectification")
    form.locator("textarea[name=grounds]").fill("年度评估考核不合格：抽查的检测报告差错率为 3.2%，高于承诺的 1%。")
    form.locator("input[name=deadline]").fill(DUE.isoformat())
    with assoc.expect_navigation():
        form.get_by_role("button", name="提交主管部门").click()
    card = assoc.locator(f"#waiting-decisions .proposal[data-center='{SH}']")
    expect(card).to_contain_text("上海市新材料产品质量检验中心")
    expect(card).to_contain_text("市市场监督管理局")
    assert card.locator("form.take-decision").count() == 0  # the association does not take it
    shot(assoc, "decisions-prepared-association")

    other = people.login("hz-bureau")
    assert other.url.endswith("/decisions")
    see(other, "目前没有等待决定的事项")
    go(other, "/inbox")
    expect(other.locator("main")).not_to_contain_text("协会提交了待决定事项")
    go(other, "/decisions")

    bureau = people.login("demo-bureau")
    assert bureau.url.endswith("/decisions")
    go(bureau, "/inbox")  # told when the association prepared it, linking here; the other jurisdiction is not
    see(bureau, "协会提交了待决定事项")
    shot(bureau, "decisions-bureau-inbox")
    with bureau.expect_navigation():  # opening the notice marks it read and leads to the decisions
        bureau.get_by_role("button", name="协会提交了待决定事项").first.click()
    assert bureau.url.endswith("/decisions")
    card = bureau.locator(f"#waiting-decisions .proposal[data-center='{SH}']")
    expect(card).to_contain_text("限期整改")
    card.locator("input[name=decision_document]").fill("沪市监〔2026〕120号")
    shot(bureau, "decisions-bureau-before")
    _confirming(bureau)
    with bureau.expect_navigation():
        card.get_by_role("button", name="作出决定").click()
    see(bureau, "决定已作出，机构已收到通知")
    see(bureau, "目前没有等待决定的事项")
    shot(bureau, "decisions-bureau-taken")

    center = people.login("sh-center")
    go(center, "/inbox")
    see(center, "上海市市场监督管理局（演示）责令贵机构限期整改")  # who ordered it, not "the association"
    shot(center, "decisions-center-inbox")
    go(center, f"/providers/{SH}")
    see(center, "沪市监〔2026〕120号")
    with session_scope(WORLD["settings"]) as session:
        org = auth.find_org(session=session, ref=SH, kind=OrgKind.center)
        assert org is not None
        events = {row.event for row in session.scalars(select(WebhookDelivery).where(
            WebhookDelivery.org_id == org.id))}
    assert {DomainEvent.rectification_ordered.value, DomainEvent.provider_status_changed.value} <= events


def test_the_association_may_not_take_a_decision_page_meant_for_an_authority(people: People) -> None:
    assoc = people.login("demo-association")
    base = assoc.url.split("/", 3)[:3]
    answer = assoc.request.post("/".join(base) + "/decisions/1/take", form={"accept": "true"}, max_redirects=0)
    assert answer.status == 403
