"""One notice per need or engagement, titled, with the navigation's unread count (issue 30, item 4), and no event
that asks someone to act without telling them: the walk over every event and every engagement state."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from accounts import service as auth
from accounts.schemas import OrgOut
from authz.principal import Principal
from authz.vocab import OrgKind, Role
from core.db import session_scope
from core.settings import Settings
from flows import access, inbox
from flows.announce import OUTBOX
from flows.events import Parties
from flows.notices import notices_for
from inbox.schemas import NoticeKind
from intake import service as intake
from intake.schemas import Enterprise, Need
from outbox.models import WebhookDelivery
from outbox.service import create_subscription
from outbox.vocab import DomainEvent
from pipeline import machine
from pipeline.vocab import TURN

TITLE = "储能电池包失效分析"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "ui.md"
# Events nobody's inbox needs, each with why: the table in docs/ui.md says the same.
HEARD_BY_NOBODY = {DomainEvent.need_published: "public: the catalog and the webhook subscribers hear it",
                   DomainEvent.need_unpublished: "public: the feed's subscribers drop the need from their copies"}


def _world(settings: Settings) -> tuple[Principal, Principal, str]:
    """An association with two coordinators and an enterprise's need titled :data:`TITLE`."""
    with session_scope(settings) as session:
        assoc = auth.create_org(session=session, kind=OrgKind.association, name="江苏省产业技术服务协会")
        ent = auth.create_org(session=session, kind=OrgKind.enterprise, name="常州蓝星电池")
        people = [auth.create_user(session=session, org_id=assoc.id, username=name, password="Xq7-long-pass-2026",
                                   role=Role.association_coordinator) for name in ("wang", "liming")]
        need = intake.save_need(session=session, enterprise_id=ent.id, need=Need(
            text="储能电池包夏天高温报警，想做失效分析", title=TITLE, sources={"title": "user"},
            enterprise=Enterprise(id=ent.id, name=ent.name)))
        return (*[Principal(org_id=assoc.id, org_kind=OrgKind.association, org_name=assoc.name,
                            role=Role.association_coordinator, via="session", user_id=p.id, username=p.username)
                  for p in people], need.id or "")  # type: ignore[return-value]


def _propose(settings: Settings, need_id: str, center: str, round_: int = 1) -> None:
    with session_scope(settings) as session:
        OUTBOX.record(session=session, event=DomainEvent.review_proposed,
                      payload={"review_id": "rev-1", "need_id": need_id, "center_id": center, "round": round_},
                      parties=Parties(enterprise_id=None, center_id=center, need_id=need_id))


def test_five_proposals_for_a_need_are_one_notice_with_its_title_a_count_and_a_badge_of_one(
        settings: Settings) -> None:
    wang, li, need_id = _world(settings)
    for i in range(5):
        _propose(settings, need_id, f"center-{i}")
    with session_scope(settings) as session:
        page = inbox.notices(session=session, principal=wang)
        assert [(n.title_zh, n.count, n.link, n.read) for n in page.items] == [
            (f"「{TITLE}」有 5 个推荐机构待审核", 5, "/review/rev-1", False)]
        assert page.items[0].title_en == f"Proposed providers to review for “{TITLE}”: 5"
        assert inbox.unread(session=session, principal=wang) == 1 == inbox.unread(session=session, principal=li)
        inbox.mark_read(session=session, principal=wang)
        assert inbox.unread(session=session, principal=wang) == 0  # each person reads their own copy
        assert inbox.unread(session=session, principal=li) == 1
        first_time = page.items[0].created_at
    _propose(settings, need_id, "center-5")  # a later proposal: the same notice, counting six, unread again, newer
    with session_scope(settings) as session:
        page = inbox.notices(session=session, principal=wang)
        assert [(n.title_zh, n.count, n.read) for n in page.items] == [(f"「{TITLE}」有 6 个推荐机构待审核", 6, False)]
        assert page.items[0].created_at >= first_time and page.unread == 1
        assert inbox.unread(session=session, principal=wang) == 1
    for center in ("center-6", "center-7"):  # a re-match: the same notice, counting the new round's proposals
        _propose(settings, need_id, center, round_=2)
    with session_scope(settings) as session:
        page = inbox.notices(session=session, principal=wang)
        assert [(n.title_zh, n.count) for n in page.items] == [(f"「{TITLE}」有 2 个推荐机构待审核", 2)]


def test_a_batch_of_proposals_tells_the_same_and_reads_the_need_once(settings: Settings,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """``record_many`` (a submission's one event per proposed center) writes what five ``record`` calls write, and
    reads the need's serving associations and its titles once for the five (issue 33)."""
    wang, _li, need_id = _world(settings)
    with session_scope(settings) as session:
        create_subscription(session=session, org_id=wang.org_id, url="http://127.0.0.1:9/hook",
                            events=[DomainEvent.review_proposed], allow_private=True)
    reads: list[str] = []
    for module, name in ((access, "associations_of_need"), (intake, "get_need"), (intake, "center_view")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, _name=name, **kw: (reads.append(_name),
                                                                                     _real(*a, **kw))[1])
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(" ".join(statement.split()))

    with session_scope(settings) as session:
        engine = session.get_bind()
        sa_event.listen(engine, "before_cursor_execute", seen)
        try:
            OUTBOX.record_many(session=session, events=[
                (DomainEvent.review_proposed, {"review_id": "rev-1", "need_id": need_id, "center_id": f"center-{i}",
                                               "round": 1},
                 Parties(enterprise_id=None, center_id=f"center-{i}", need_id=need_id)) for i in range(5)])
        finally:
            sa_event.remove(engine, "before_cursor_execute", seen)
    assert sorted(reads) == ["associations_of_need", "center_view", "get_need"]
    # The association's grouped notice is found once and written once for the five, not once each.
    inbox_rows = [st for st in statements if re.search(r"\binbox_notification\b", st)]
    assert [st.split()[0] for st in inbox_rows] == ["SELECT", "INSERT"], inbox_rows
    # ... and the subscriptions of the orgs the five concern are read once, each event's deliveries made from them.
    assert len([st for st in statements if st.startswith("SELECT") and "FROM api_webhook_subscription" in st]) == 1
    with session_scope(settings) as session:
        page = inbox.notices(session=session, principal=wang)
        assert [(n.title_zh, n.count, n.link) for n in page.items] == [
            (f"「{TITLE}」有 5 个推荐机构待审核", 5, "/review/rev-1")]
        told = [d.payload["center_id"] for d in session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id))]
        assert sorted(told) == [f"center-{i}" for i in range(5)]  # one delivery an event, to the association


def test_a_title_with_braces_is_kept_as_it_is(settings: Settings) -> None:
    orgs = [OrgOut(id="a", kind=OrgKind.association, name="协会", active=True, created_at=datetime.now(UTC))]
    made = notices_for(event=DomainEvent.review_proposed, payload={"need_id": "n", "review_id": "r"}, orgs=orgs,
                       need_title="{count} 与 {x}")
    assert made[0].title_zh.format(count=2) == "「{count} 与 {x}」有 2 个推荐机构待审核"
    long = notices_for(event=DomainEvent.review_proposed, payload={"need_id": "n", "review_id": "r"}, orgs=orgs,
                       need_title="{" * 400)  # a template longer than the title it makes is cut after formatting
    assert long[0].title_zh.format(count=2) == f"「{'{' * 120}」有 2 个推荐机构待审核"


def _orgs() -> list[OrgOut]:
    now = datetime.now(UTC)
    return [OrgOut(id=kind.value, kind=kind, name=kind.value, active=True, created_at=now,
                   center_id="c-1" if kind == OrgKind.center else None) for kind in OrgKind]


PAYLOAD = {"need_id": "n-1", "engagement_id": "e-1", "review_id": "r-1", "center_id": "c-1", "center_name": "某中心",
           "feedback_id": 3, "finding_id": 4, "obligation_id": "o-1", "proposal_id": "7", "transition": "revoke",
           "author_role": "enterprise", "state": "plan_review", "days_overdue": 2, "deadline": "2026-12-01",
           "resolved": True, "indicator_zh": "投诉处理", "indicator_en": "complaint handling"}


@pytest.mark.parametrize("event", list(DomainEvent))
def test_every_event_tells_someone_who_must_act(event: DomainEvent) -> None:
    made = notices_for(event=event, payload=PAYLOAD, orgs=_orgs(), need_title=TITLE)
    if event in HEARD_BY_NOBODY:
        assert made == []
        return
    assert made, f"{event.value} tells nobody"
    for n in made:
        assert n.roles and n.link and n.group, n  # addressed, linked, grouped per item
        assert TITLE in n.title_zh or n.kind not in {NoticeKind.proposal, NoticeKind.your_turn, NoticeKind.matched,
                                                     NoticeKind.complaint, NoticeKind.sent_back}, n


@pytest.mark.parametrize("state", [s for s in machine.states() if machine.allowed_transitions(s)])
def test_every_engagement_state_with_a_next_step_tells_whoever_has_it(state: str) -> None:
    made = notices_for(event=DomainEvent.engagement_state_changed, payload={**PAYLOAD, "state": state},
                       orgs=_orgs(), need_title=TITLE)
    assert made, f"an engagement at {state} tells nobody"
    if state == "awaiting_countersignature":  # the agreement waits for the enterprise's countersignature
        assert [n for n in made if n.org_id == OrgKind.enterprise.value and "会签" in n.title_zh]


@pytest.mark.parametrize("state", [s for s in machine.states() if machine.allowed_transitions(s)])
def test_an_engagements_step_is_asked_of_the_party_whose_turn_the_page_says_it_is(state: str) -> None:
    # Walk finding (the association's day, 2026-11-29): the coordinator's inbox said "对接项目「…」进入“服务成果验收”，
    # 请办理下一步" (轮到我方办理) for every engagement at the client's acceptance and the provider's delivery, while
    # the engagement's page said it was the enterprise's (the provider's) turn, not "轮到您办理": the association
    # may step in there, but it is not its turn. Who is asked is the page's turn (pipeline.vocab.TURN).
    made = notices_for(event=DomainEvent.engagement_state_changed, payload={**PAYLOAD, "state": state},
                       orgs=_orgs(), need_title=TITLE)
    assert {OrgKind(n.org_id) for n in made if n.kind == NoticeKind.your_turn} == set(TURN[state])


@pytest.mark.parametrize(("event", "kind", "who"), [
    (DomainEvent.need_sent_back, NoticeKind.sent_back, OrgKind.enterprise),
    (DomainEvent.complaint_handled, NoticeKind.complaint_handled, OrgKind.enterprise),
    (DomainEvent.rectification_ordered, NoticeKind.rectification, OrgKind.center),
    (DomainEvent.finding_opened, NoticeKind.finding_opened, OrgKind.center)])
def test_the_new_notices_reach_the_one_who_must_act(event: DomainEvent, kind: NoticeKind, who: OrgKind) -> None:
    made = notices_for(event=event, payload=PAYLOAD, orgs=_orgs(), need_title=TITLE)
    assert [(n.org_id, n.kind) for n in made] == [(who.value, kind)]


def test_the_table_in_the_docs_lists_every_event_and_every_notice_kind() -> None:
    table = DOCS.read_text(encoding="utf-8").split("## Notifications", 1)[1]
    for event in DomainEvent:
        assert re.search(rf"\| `{re.escape(event.value)}` \|", table), event.value
    for kind in NoticeKind:
        assert f"`{kind.value}`" in table, kind.value


def test_a_suspension_is_named_as_the_pages_name_it() -> None:
    """The provider's and the association's notice of a suspension said "now “suspended (our reading)”": the docs'
    note in the machine's name (the admin's and the authority officer's day walked as a new user, 2026-11-28)."""
    made = notices_for(event=DomainEvent.provider_status_changed, payload={
        **PAYLOAD, "transition": "suspend", "state": "suspended"}, orgs=_orgs())
    assert made
    for n in made:
        assert "our reading" not in n.title_en and n.title_en.endswith("“suspended”"), n.title_en
        assert n.title_zh.endswith("“暂停”"), n.title_zh


def test_a_center_reads_a_confidential_needs_title_in_each_language() -> None:
    """A center is told a confidential need under its published title, the platform's words: the English notice said
    "Your center was proposed for a need “新能源领域企业检验检测需求”"; each language's title now says it in that
    language, and the association's notice keeps the need's own title."""
    made = notices_for(event=DomainEvent.review_proposed, payload=PAYLOAD, orgs=_orgs(), need_title=TITLE,
                       center_title=("新能源领域企业检验检测需求", "Testing for an enterprise in new energy"))
    center = next(n for n in made if n.org_id == "center")
    assert center.title_zh == "需求「新能源领域企业检验检测需求」推荐了贵机构，请确认能否承接"
    assert center.title_en == ("Your center was proposed for a need “Testing for an enterprise in new energy”: "
                               "can you take it?")
    association = next(n for n in made if n.org_id == "association")
    assert TITLE in association.title_zh and TITLE in association.title_en


def test_a_calendar_obligations_notice_is_one_language_each() -> None:
    """A calendar obligation's title ends its Chinese half with a full-width bracket ("…（2025）/ the year's …"): the
    notice split it on " / " only, and both inboxes read both languages (the provider's life walked as a new user,
    2026-11-28). The one splitter, ``core.bilingual.in_language``, takes it."""
    title = ("年度装备载体投资情况（新增投资占上一年度检验检测收入比例）（2025）/ the year's equipment investment "
             "(share of last year's testing revenue) (2025)")
    for overdue, days in ((True, -242), (False, 14)):
        made = notices_for(event=DomainEvent.obligation_due, orgs=_orgs(), payload={
            **PAYLOAD, "title": title, "kind": "investment_report", "overdue": overdue, "days_left": days})
        assert made
        for n in made:
            assert "equipment" not in n.title_zh and "年度装备" in n.title_zh, n.title_zh
            assert "年度" not in n.title_en and "equipment investment" in n.title_en, n.title_en
