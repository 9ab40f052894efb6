"""Decisions about a provider announce themselves (issue 29, item 7): a lifecycle step, an entry change approved or
refused, an obligation set by hand, a filing received and reviewed, and a rectification order each send an inbox
notice to the parties who must know and a webhook (``outbox.vocab.DomainEvent``), from the one flow that takes the
decision; the other center and the enterprises hear nothing. The reported bug first: "the center is never told of a
rectification order"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from authz.vocab import OrgKind, Role
from core import china_time
from core.db import session_scope
from core.errors import ConflictError
from flows import entries, inbox, obligations, webhooks
from flows import providers as providers_flow
from inbox.schemas import NoticeKind, NoticeOut
from outbox.models import WebhookDelivery
from outbox.vocab import DomainEvent
from tests.flows.flowhelpers import Flows
from tests.kb.kbhelpers import CAP
from tests.providers.providerhelpers import decision

CENTER = "qic-js-battery"
TODAY = china_time.today()
# Every organisation's own receiver, subscribed to every event: who is sent what is the test.
RECEIVERS = {"assoc": "coord-assoc", "assoc2": "coord-assoc2", "center": "coord-center", "center2": "coord-center2",
             "a": "ent-a"}


@pytest.fixture
def world(flows: Flows) -> Flows:
    """The world of tests/flows, with the other center's coordinator, a second association's, and a webhook receiver
    for each organisation."""
    flows.add_org("center2", OrgKind.center, "稀土中心", "met-jx-rare")
    flows.add_person("coord-center2", flows.orgs["center2"], Role.center_coordinator)
    flows.add_org("assoc2", OrgKind.association, "另一质量协会")
    flows.add_person("coord-assoc2", flows.orgs["assoc2"], Role.association_coordinator)
    with session_scope(flows.settings) as session:
        providers_flow.sync(session=session)
        for short, who in RECEIVERS.items():
            webhooks.subscribe(session=session, principal=flows(who), org_id=None,
                               url=f"http://127.0.0.1:9/{short}", events=list(DomainEvent), allow_private=True)
    return flows


def _notices(flows: Flows, who: str) -> list[NoticeOut]:
    with session_scope(flows.settings) as session:
        return list(inbox.notices(session=session, principal=flows(who)).items)


def _sent(flows: Flows, event: DomainEvent) -> dict[str, list[dict[str, Any]]]:
    """The webhooks queued for ``event``, by the receiving organisation's short name."""
    short = {org_id: name for name, org_id in flows.orgs.items()}
    out: dict[str, list[dict[str, Any]]] = {}
    with session_scope(flows.settings) as session:
        for row in session.scalars(select(WebhookDelivery).where(WebhookDelivery.event == event.value)
                                   .order_by(WebhookDelivery.created_at, WebhookDelivery.id)):
            out.setdefault(short[row.org_id], []).append(dict(row.payload))
    return out


def _nobody_else(flows: Flows, *told: str) -> None:
    """The unrelated organisations (the other center, the enterprises) have no notice at all."""
    for who in ("coord-center2", "ent-a", "ent-b"):
        if who not in told:
            assert _notices(flows, who) == [], who


def _advance(flows: Flows, transition: str, payload: dict[str, Any]) -> None:
    with session_scope(flows.settings) as session:
        version = providers_flow.provider(session=session, principal=flows("coord-assoc"), center_id=CENTER,
                                          today=TODAY)[1].version
        providers_flow.advance(session=session, principal=flows("coord-assoc"), center_id=CENTER,
                               transition=transition, version=version, payload=payload, today=TODAY,
                               outbox=flows.outbox)


def test_the_center_is_told_of_a_rectification_order_at_once_in_its_inbox_and_by_webhook(world: Flows) -> None:
    due = TODAY + timedelta(days=60)
    _advance(world, "order_rectification", decision("年度监督发现检测报告差错率偏高", TODAY, "苏质协〔2026〕31号",
                                                    deadline=due.isoformat()))
    [order] = [n for n in _notices(world, "coord-center") if n.kind == NoticeKind.rectification]
    assert due.isoformat() in order.title_zh and not order.read and order.link == f"/providers/{CENTER}"
    # The center's inbox holds the order once: the status change's notice goes to the associations alone …
    assert [n.kind for n in _notices(world, "coord-center")] == [NoticeKind.rectification]
    # … but not to the association that ordered it: it is not told of its own act as new (its website still hears)
    assert _notices(world, "coord-assoc") == [] == _notices(world, "admin")
    [status] = _notices(world, "coord-assoc2")  # another association is told
    assert status.kind == NoticeKind.decision and "责令限期整改" in status.title_zh and "限期整改" in status.title_zh
    assert set(_sent(world, DomainEvent.provider_status_changed)) == {"assoc", "assoc2", "center"}
    assert _sent(world, DomainEvent.rectification_ordered)["center"][0]["deadline"] == due.isoformat()
    _nobody_else(world)


def test_every_lifecycle_decision_tells_the_provider_and_the_association_and_the_websites(world: Flows) -> None:
    _advance(world, "suspend", decision("监督检查发现未按规定开展检测", TODAY, "苏质协〔2026〕32号"))
    for who in ("coord-center", "coord-assoc2"):
        [told] = _notices(world, who)
        assert told.kind == NoticeKind.decision and "暂停" in told.title_zh and told.link == f"/providers/{CENTER}"
    # the association that decided is not told of its own act as new, in its inbox; its website hears it
    assert _notices(world, "coord-assoc") == [] == _notices(world, "admin")
    assert "贵机构" in _notices(world, "coord-center")[0].title_zh  # the provider reads it as its own
    sent = _sent(world, DomainEvent.provider_status_changed)
    assert set(sent) == {"assoc", "assoc2", "center"}  # the associations' websites, the provider's own: nobody else
    [payload] = sent["assoc"]
    assert payload == {"center_id": CENTER, "center_name": "江苏省动力电池产品质量检验中心",
                       "kind": payload["kind"], "transition": "suspend", "previous_state": "operating",
                       "state": "suspended", "status": "suspended", "version": payload["version"],
                       "decided_on": TODAY.isoformat(), "proposal_id": None, "rectification_deadline": None}
    _nobody_else(world)
    # The next decision updates the provider's one status notice, unread again.
    with session_scope(world.settings) as session:
        inbox.mark_read(session=session, principal=world("coord-center"))
    _advance(world, "reinstate", decision("整改到位", TODAY, "苏质协〔2026〕33号"))
    [again] = _notices(world, "coord-center")
    assert "恢复运行" in again.title_zh and "运行" in again.title_zh and not again.read and again.count == 2
    # In the order decided (the lifecycle's version): a query without ORDER BY has no order on PostgreSQL.
    told = sorted(_sent(world, DomainEvent.provider_status_changed)["assoc"], key=lambda p: p["version"])
    assert [p["state"] for p in told] == ["suspended", "operating"]


def test_an_entry_change_approved_or_refused_is_told_to_the_provider_only(world: Flows) -> None:
    records = [{**CAP, "title": "动力电池单体热失控试验（含针刺）"}]
    ids = []
    for _ in range(2):
        with session_scope(world.settings) as session:
            view, result = entries.submit(session=session, principal=world("coord-center"), center_id=CENTER,
                                          records=entries.records_from(records), today=TODAY)
            assert view is not None, result.issues
            ids.append(view.id)
    with session_scope(world.settings) as session:
        entries.decide(session=session, principal=world("coord-assoc"), change_id=ids[0], approve=False,
                       note="资质证书编号缺失", outbox=world.outbox)
    with session_scope(world.settings) as session:
        entries.decide(session=session, principal=world("coord-assoc"), change_id=ids[1], approve=True,
                       outbox=world.outbox)
    titles = sorted(n.title_zh for n in _notices(world, "coord-center"))
    assert titles == ["协会已批准贵机构提交的目录信息变更，已生效",
                      "协会未批准贵机构提交的目录信息变更：资质证书编号缺失"]
    assert _notices(world, "coord-assoc") == []  # it decided: nothing to act on
    sent = _sent(world, DomainEvent.entry_change_decided)
    assert [(p["change_id"], p["approved"], p["note"]) for p in sent["center"]] == [
        (ids[0], False, "资质证书编号缺失"), (ids[1], True, None)]
    assert set(sent) == {"assoc", "assoc2", "center"}  # every association hears of a provider
    _nobody_else(world)
    with session_scope(world.settings) as session, pytest.raises(ConflictError):  # refused: nothing announced
        entries.decide(session=session, principal=world("coord-assoc"), change_id=ids[1], approve=True,
                       outbox=world.outbox)
    assert len(_sent(world, DomainEvent.entry_change_decided)["center"]) == 2


def test_an_obligation_set_by_hand_then_filed_and_reviewed_is_told_to_whoever_must_act(world: Flows) -> None:
    due = TODAY + timedelta(days=30)
    with session_scope(world.settings) as session:
        made = obligations.create(session=session, principal=world("coord-assoc"), center_id=CENTER,
                                  kind="rectification_report", period="2026-1", due_on=due,
                                  title="整改情况报告 / rectification report", clause="seed 000 §8.3", today=TODAY,
                                  outbox=world.outbox)
    [owed] = _notices(world, "coord-center")
    assert owed.kind == NoticeKind.obligation
    assert owed.title_zh == f"协会设定了履职事项：整改情况报告，请于 {due} 前完成"
    assert owed.title_en == f"The association set an obligation: rectification report, due {due}"
    assert _notices(world, "coord-assoc") == []
    assert [p["obligation_id"] for p in _sent(world, DomainEvent.obligation_set)["center"]] == [made.id]

    with session_scope(world.settings) as session:
        filed = obligations.file(session=session, principal=world("coord-center"), obligation_id=made.id,
                                 content={"text": "已补做设备期间核查并修订作业指导书。"}, today=TODAY,
                                 outbox=world.outbox)
    [to_review] = _notices(world, "coord-assoc")
    assert to_review.title_zh == "「江苏省动力电池产品质量检验中心」报送了整改情况报告，请审核"
    [received] = _notices(world, "coord-center")  # the obligation's one notice, moved on
    assert received.title_zh == "贵机构报送的整改情况报告已收到，等待协会审核"
    sent = _sent(world, DomainEvent.filing_received)
    assert set(sent) == {"assoc", "assoc2", "center"} and sent["assoc"][0]["filing_id"] == filed.id

    with session_scope(world.settings) as session:
        obligations.review(session=session, principal=world("coord-assoc"), filing_id=filed.id, score=78,
                           note="核查记录不全", outbox=world.outbox)
    [reviewed] = _notices(world, "coord-center")
    assert reviewed.kind == NoticeKind.decision
    assert reviewed.title_zh == "协会审核了贵机构报送的整改情况报告：78 分。核查记录不全"
    assert [(p["score"], p["note"]) for p in _sent(world, DomainEvent.filing_reviewed)["center"]] == [
        (78.0, "核查记录不全")]
    _nobody_else(world)


def test_a_proposal_accepted_is_announced_like_the_step_it_takes(world: Flows) -> None:
    with session_scope(world.settings) as session:
        proposal = providers_flow.propose_transition(session=session, center_id=CENTER, transition="suspend",
                                                     grounds="复评不合格", source="evaluation:run-1",
                                                     proposed_by="association_coordinator:assoc")
    with session_scope(world.settings) as session:
        providers_flow.decide_proposal(session=session, principal=world("coord-assoc"), proposal_id=proposal.id,
                                       accept=True, today=TODAY, outbox=world.outbox,
                                       payload=decision("复评不合格", TODAY, "苏质协〔2026〕34号"))
    [payload] = _sent(world, DomainEvent.provider_status_changed)["center"]
    assert (payload["transition"], payload["state"], payload["proposal_id"]) == ("suspend", "suspended", proposal.id)
    assert [n.kind for n in _notices(world, "coord-center")] == [NoticeKind.decision]
    assert _notices(world, "coord-assoc") == []  # it accepted the proposal: not told of it as new
    assert [n.kind for n in _notices(world, "coord-assoc2")] == [NoticeKind.decision]
    _nobody_else(world)
