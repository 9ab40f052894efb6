"""The deciding authorities (issue 29, item 3): a decision that a provider's rules profile gives to an authority (seed
002 四(二): Shanghai's municipal bureau orders a rectification) is prepared by the association and taken by that
authority's officer; the association can no longer take it once the authority is on the platform, an officer of
another jurisdiction or another body cannot take it, and the center hears of the order in its inbox and by webhook.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from authz import policy
from authz.tables import AU, PROVIDER_TRANSITION_ROLES
from authz.vocab import AuthorityBody, OrgKind, Role
from core import china_time
from core.db import session_scope
from core.errors import InnodockError, PermissionDeniedError
from flows import accounts as accounts_flow
from flows import authorities, decisions, inbox, webhooks
from flows import providers as providers_flow
from inbox.schemas import NoticeKind
from outbox.models import WebhookDelivery
from outbox.vocab import DomainEvent
from providers import profiles
from providers.machine import transitions
from tests.flows.flowhelpers import Flows
from tests.kb.kbhelpers import do_import, write_jsonl
from tests.providers.providerhelpers import decision

SH = "qic-sh-newmat"
SH_CENTER = {"type": "center", "id": SH, "name": "上海市新材料产品质量检验中心", "kind": "quality_inspection_center",
             "region": "上海市宝山区", "industries": ["新材料"], "qualifications": ["CMA"]}
TODAY = china_time.today()
DUE = TODAY + timedelta(days=90)


def _authority(flows: Flows, short: str, name: str, body: AuthorityBody, jurisdiction: str, user: str) -> None:
    with session_scope(flows.settings) as session:
        flows.orgs[short] = accounts_flow.create_org(session=session, kind=OrgKind.authority, name=name,
                                                     authority_body=body, jurisdiction=jurisdiction).id
    flows.add_person(user, flows.orgs[short], Role.authority_officer)


@pytest.fixture
def world(flows: Flows, tmp_path: Any) -> Flows:
    """The tests/flows world with a Shanghai center (under seed 002's profile, the default of its kind) and its
    coordinator, who subscribed a webhook to every event."""
    assert do_import(flows.settings, write_jsonl(tmp_path / "sh.jsonl", [SH_CENTER])).ok
    flows.add_org("sh", OrgKind.center, "上海新材料中心", SH)
    flows.add_person("coord-sh", flows.orgs["sh"], Role.center_coordinator)
    with session_scope(flows.settings) as session:
        providers_flow.sync(session=session)
        webhooks.subscribe(session=session, principal=flows("coord-sh"), org_id=None, url="http://127.0.0.1:9/sh",
                           events=list(DomainEvent), allow_private=True)
    return flows


@pytest.fixture
def bureaus(world: Flows) -> Flows:
    """Shanghai's municipal bureau; Hangzhou's (another jurisdiction); Baoshan's district bureau (another body)."""
    _authority(world, "bureau-sh", "上海市市场监督管理局", AuthorityBody.municipal_bureau, "上海市", "officer-sh")
    _authority(world, "bureau-hz", "杭州市市场监督管理局", AuthorityBody.municipal_bureau, "浙江省杭州市", "officer-hz")
    _authority(world, "bureau-bs", "宝山区市场监督管理局", AuthorityBody.district_bureau, "上海市宝山区", "officer-bs")
    return world


def _state(flows: Flows, center_id: str = SH) -> tuple[str, int]:
    with session_scope(flows.settings) as session:
        view = providers_flow.provider(session=session, principal=flows("coord-assoc"), center_id=center_id,
                                       today=TODAY)[1]
        return view.state, view.version


def _advance(flows: Flows, who: str, transition: str, payload: dict[str, Any], center_id: str = SH) -> None:
    version = _state(flows, center_id)[1]
    with session_scope(flows.settings) as session:
        providers_flow.advance(session=session, principal=flows(who), center_id=center_id, transition=transition,
                               version=version, payload=payload, today=TODAY, outbox=flows.outbox)


def _prepare(flows: Flows, transition: str = "order_rectification") -> int:
    with session_scope(flows.settings) as session:
        return decisions.prepare(session=session, principal=flows("coord-assoc"), center_id=SH, transition=transition,
                                 grounds="定期评估考核不合格：检测报告差错率偏高",
                                 payload={"deadline": DUE.isoformat()}, outbox=flows.outbox).id


def _take(flows: Flows, who: str, proposal_id: int, accept: bool = True, note: str | None = None) -> None:
    with session_scope(flows.settings) as session:
        decisions.take(session=session, principal=flows(who), proposal_id=proposal_id, accept=accept, today=TODAY,
                       outbox=flows.outbox, payload={"decided_on": TODAY.isoformat(),
                                                     "decision_document": "沪市监〔2026〕88号"}, note=note)


def _rectification_order() -> dict[str, Any]:
    return decision("定期评估考核不合格", TODAY, "沪质协〔2026〕5号", deadline=DUE.isoformat())


def test_before_its_bureau_is_on_the_platform_the_association_decides_as_before(world: Flows) -> None:
    _advance(world, "coord-assoc", "order_rectification", _rectification_order())
    assert _state(world)[0] == "rectifying"


def test_the_association_can_no_longer_take_a_decision_the_profile_gives_to_the_bureau(bureaus: Flows) -> None:
    before = _state(bureaus)
    for who in ("coord-assoc", "admin"):
        with pytest.raises(PermissionDeniedError) as refused:
            _advance(bureaus, who, "order_rectification", _rectification_order())
        assert refused.value.field == "transition"
        assert "市市场监督管理局" in str(refused.value)
    proposal_id = _prepare(bureaus)
    with pytest.raises(PermissionDeniedError), session_scope(bureaus.settings) as session:
        providers_flow.decide_proposal(session=session, principal=bureaus("coord-assoc"), proposal_id=proposal_id,
                                       accept=True, today=TODAY, outbox=bureaus.outbox,
                                       payload=decision("x", TODAY, "沪质协〔2026〕6号"))
    assert _state(bureaus) == before
    # a decision Shanghai's profile leaves to the association it still takes: none is listed for a Jiangsu center
    # under Shanghai's rules, whose region lies outside the profile's jurisdiction
    _advance(bureaus, "coord-assoc", "order_rectification", _rectification_order(), center_id="qic-js-battery")
    assert _state(bureaus, "qic-js-battery")[0] == "rectifying"


def test_a_bureau_of_another_jurisdiction_or_another_body_cannot_take_it(bureaus: Flows) -> None:
    proposal_id = _prepare(bureaus)
    before = _state(bureaus)
    with pytest.raises(PermissionDeniedError) as elsewhere:
        _take(bureaus, "officer-hz", proposal_id)
    assert elsewhere.value.field == "jurisdiction"
    with pytest.raises(PermissionDeniedError) as district:
        _take(bureaus, "officer-bs", proposal_id)
    assert district.value.field == "transition"
    with pytest.raises(PermissionDeniedError):  # nor decline it for the bureau
        _take(bureaus, "officer-hz", proposal_id, accept=False)
    with pytest.raises(PermissionDeniedError) as by_hand:  # nor fire the step by hand
        _advance(bureaus, "officer-hz", "order_rectification", _rectification_order())
    assert by_hand.value.field == "jurisdiction"
    with pytest.raises(PermissionDeniedError) as not_given:  # a Jiangsu center's decision is no Shanghai bureau's:
        _advance(bureaus, "officer-sh", "order_rectification", _rectification_order(), center_id="qic-js-battery")
    # outside the jurisdiction under Shanghai's rules, another body's decision under Jiangsu's (its host's)
    assert not_given.value.field in ("jurisdiction", "transition")
    assert _state(bureaus) == before
    with session_scope(bureaus.settings) as session:
        assert [p.proposal.id for p in decisions.waiting(session=session, principal=bureaus("officer-sh"))] == \
            [proposal_id]
        assert decisions.waiting(session=session, principal=bureaus("officer-hz")) == []
        assert decisions.waiting(session=session, principal=bureaus("officer-bs")) == []


def test_prepared_by_the_association_and_taken_by_the_bureau_the_center_hears_at_once(bureaus: Flows) -> None:
    proposal_id = _prepare(bureaus)
    assert _state(bureaus)[0] == "operating"  # prepared is not decided
    _take(bureaus, "officer-sh", proposal_id)
    assert _state(bureaus)[0] == "rectifying"
    with session_scope(bureaus.settings) as session:
        detail = providers_flow.provider(session=session, principal=bureaus("coord-assoc"), center_id=SH,
                                         today=TODAY)[1]
        notices = list(inbox.notices(session=session, principal=bureaus("coord-sh")).items)
        sent = {row.event: dict(row.payload) for row in session.scalars(
            select(WebhookDelivery).where(WebhookDelivery.org_id == bureaus.orgs["sh"]))}
    last = detail.events[-1]
    assert (last.transition, last.actor_role, last.decision_document) == \
        ("order_rectification", "authority_officer", "沪市监〔2026〕88号")
    assert detail.rectification_deadline == DUE
    assert any(n.kind == NoticeKind.rectification for n in notices)
    assert sent[DomainEvent.rectification_ordered.value]["deadline"] == DUE.isoformat()
    assert sent[DomainEvent.rectification_ordered.value]["ordered_by"] == "上海市市场监督管理局"
    assert any(n.title_zh.startswith("上海市市场监督管理局责令") for n in notices)
    assert sent[DomainEvent.provider_status_changed.value]["state"] == "rectifying"
    assert sent[DomainEvent.provider_status_changed.value]["proposal_id"] == proposal_id
    with session_scope(bureaus.settings) as session:  # the bureau decided: the association is told (it did not act)
        told = [n for n in inbox.notices(session=session, principal=bureaus("coord-assoc")).items
                if n.kind == NoticeKind.decision]
    assert [("责令限期整改" in n.title_zh, n.read) for n in told] == [(True, False)], told


def test_a_prepared_decision_tells_the_officers_of_the_authority_that_takes_it(bureaus: Flows) -> None:
    """The bureau covering the provider finds it in its inbox, linking to /decisions; another jurisdiction's bureau
    of the same body, another body's and the provider do not."""
    proposal_id = _prepare(bureaus)
    with session_scope(bureaus.settings) as session:
        seen = {who: [n for n in inbox.notices(session=session, principal=bureaus(who)).items
                      if n.link == "/decisions"]
                for who in ("officer-sh", "officer-hz", "officer-bs", "coord-sh", "coord-assoc")}
    [notice] = seen["officer-sh"]
    assert notice.link == "/decisions"
    assert "上海市新材料产品质量检验中心" in notice.title_zh and "责令限期整改" in notice.title_zh
    assert str(proposal_id) == notice.refs["proposal_id"]
    assert seen["officer-hz"] == seen["officer-bs"] == seen["coord-sh"] == seen["coord-assoc"] == []


def test_the_bureau_may_send_a_prepared_decision_back(bureaus: Flows) -> None:
    proposal_id = _prepare(bureaus)
    with session_scope(bureaus.settings) as session:  # the provider's record beside it, for the bureau it waits on
        records = decisions.records(session=session, principal=bureaus("officer-sh"), today=TODAY)
        assert list(records) == [SH] and records[SH].state == "operating" and records[SH].events
        assert decisions.records(session=session, principal=bureaus("officer-hz"), today=TODAY) == {}
    for blank in (None, "  "):  # with its reason only: the association acts on it
        with pytest.raises(InnodockError) as bare:
            _take(bureaus, "officer-sh", proposal_id, accept=False, note=blank)
        assert bare.value.field == "note"
    _take(bureaus, "officer-sh", proposal_id, accept=False, note="请补充抽查报告的原件")
    assert _state(bureaus)[0] == "operating"
    with session_scope(bureaus.settings) as session:
        assert decisions.waiting(session=session, principal=bureaus("officer-sh")) == []
        # kept on record for the bureau that returned it and the association, with the reason; not another city's
        for who in ("officer-sh", "coord-assoc"):
            done = decisions.decided(session=session, principal=bureaus(who))
            assert [(d.proposal.id, d.proposal.status, d.proposal.decision_note) for d in done] == [
                (proposal_id, "declined", "请补充抽查报告的原件")]
        assert decisions.decided(session=session, principal=bureaus("officer-hz")) == []
        # its notice is done: the officer's badge no longer counts it
        assert [n.done for n in inbox.notices(session=session, principal=bureaus("officer-sh")).items
                if n.link == "/decisions"] == [True]
        assert inbox.unread(session=session, principal=bureaus("officer-sh")) == 0


def test_what_the_profile_leaves_to_the_association_is_not_prepared_for_an_authority(bureaus: Flows) -> None:
    with pytest.raises(InnodockError) as refused:
        _prepare(bureaus, "withdraw")  # seed 002 names no authority for a withdrawal
    assert refused.value.field == "transition"


def test_an_authority_officer_has_no_part_in_needs_and_engagements(bureaus: Flows) -> None:
    officer = bureaus("officer-sh")
    for action in ("engagement.act", "engagement.read", "need.read", "review.read", "provider.decide",
                   "provider.read", "feed.read"):
        assert policy.refusal(officer, action) == "forbidden", action
    assert policy.refusal(officer, "decision.take") == "ok"
    assert policy.refusal(bureaus("coord-assoc"), "decision.take") == "forbidden"


def test_an_authority_org_names_its_body_and_jurisdiction_and_only_it_does(flows: Flows) -> None:
    with session_scope(flows.settings) as session:
        for kind, body, where, field in ((OrgKind.authority, None, "上海市", "authority_body"),
                                         (OrgKind.authority, AuthorityBody.municipal_bureau, None, "jurisdiction"),
                                         (OrgKind.association, AuthorityBody.municipal_bureau, "上海市",
                                          "authority_body")):
            with pytest.raises(InnodockError) as refused:
                accounts_flow.create_org(session=session, kind=kind, name="某局", authority_body=body,
                                         jurisdiction=where)
            assert refused.value.field == field


def test_every_decision_a_profile_gives_cites_a_clause_and_a_step_the_authority_may_fire() -> None:
    for profile in profiles.profiles().values():
        for d in profile.authorities.items:
            assert d.transition in transitions() and AU in PROVIDER_TRANSITION_ROLES[d.transition], (profile.id, d)
            assert d.clause.startswith("seed "), (profile.id, d)
    assert profiles.get("shanghai_qic").decider("order_rectification").body == AuthorityBody.municipal_bureau  # type: ignore[union-attr]


def test_jurisdiction_is_a_region_prefix_and_a_host_covers_its_own_provider() -> None:
    bureau = AuthorityBody.municipal_bureau
    assert policy.covers("上海市", bureau, center_id="c", region="上海市宝山区")
    assert not policy.covers("上海市", bureau, center_id="c", region=None)
    assert not policy.covers("江苏省常州市", bureau, center_id="c", region="江苏省无锡市")
    assert not policy.covers("", bureau, center_id="c", region="上海市宝山区")
    assert policy.covers("c", AuthorityBody.host_organisation, center_id="c", region=None)
    assert not policy.covers("上海市", AuthorityBody.host_organisation, center_id="c", region="上海市宝山区")


def test_a_jurisdiction_or_region_written_without_its_suffix_matches_the_same_way() -> None:
    """江苏 / 江苏南京 read as 江苏省 / 江苏省南京市 on either side (intake's gazetteer), and 江西 never covers 江苏."""
    bureau = AuthorityBody.provincial_bureau
    for jurisdiction, region in (("江苏南京", "江苏省南京市玄武区"), ("江苏", "江苏省南京市"),
                                 ("江苏省南京市", "江苏南京玄武区"), ("江苏省", "江苏无锡"), ("南京", "江苏省南京市"),
                                 ("江苏省无锡市", "江苏省江阴市"), ("上海", "上海市宝山区"),
                                 ("上海市宝山区", "上海宝山区")):
        assert authorities.covers(jurisdiction, bureau, center_id="c", region=region), (jurisdiction, region)
    for jurisdiction, region in (("江西", "江苏省南京市"), ("江苏", "江西省南昌市"), ("江西省", "江苏南京"),
                                 ("江苏南京", "江苏省无锡市"), ("江苏省常州市", "江苏无锡"), ("江苏", None),
                                 ("", "江苏省")):
        assert not authorities.covers(jurisdiction, bureau, center_id="c", region=region), (jurisdiction, region)
    assert authorities.covers("c", AuthorityBody.host_organisation, center_id="c", region=None)
    assert not authorities.covers("江苏", AuthorityBody.host_organisation, center_id="c", region="江苏省南京市")


def test_a_provider_whose_region_is_written_without_its_suffix_is_its_bureaus_to_decide(world: Flows,
                                                                                    tmp_path: Any) -> None:
    """A center whose region reads 上海宝山区 lies in 上海市's jurisdiction: its bureau is told, sees it and takes
    it."""
    short = "qic-sh-short"
    assert do_import(world.settings, write_jsonl(tmp_path / "short.jsonl", [
        {**SH_CENTER, "id": short, "name": "上海市某材料检验中心", "region": "上海宝山区"}])).ok
    with session_scope(world.settings) as session:
        providers_flow.sync(session=session)
    _authority(world, "bureau-sh", "上海市市场监督管理局", AuthorityBody.municipal_bureau, "上海市", "officer-sh")
    with session_scope(world.settings) as session:
        proposal_id = decisions.prepare(session=session, principal=world("coord-assoc"), center_id=short,
                                        transition="order_rectification", grounds="定期评估考核不合格",
                                        payload={"deadline": DUE.isoformat()}, outbox=world.outbox).id
    with session_scope(world.settings) as session:
        assert [n.link for n in inbox.notices(session=session, principal=world("officer-sh")).items] == ["/decisions"]
        assert [p.proposal.id for p in decisions.waiting(session=session, principal=world("officer-sh"))] == \
            [proposal_id]
    _take(world, "officer-sh", proposal_id)
    assert _state(world, short)[0] == "rectifying"


def test_an_officer_whose_jurisdiction_is_written_without_its_suffix_takes_the_decision(world: Flows) -> None:
    """The officer's own jurisdiction (上海宝山区) is read as 上海市宝山区 when the rule checks the taking too."""
    _authority(world, "bureau-sh", "上海市市场监督管理局", AuthorityBody.municipal_bureau, "上海宝山区", "officer-sh")
    proposal_id = _prepare(world)
    _take(world, "officer-sh", proposal_id)
    assert _state(world)[0] == "rectifying"


def test_a_jurisdiction_is_said_in_the_pages_language() -> None:
    """The English decisions page read "(jurisdiction: 上海市)" (the authority officer's day walked as a new user,
    2026-11-28); a district no English name is known for stays as written rather than widened to its city (a
    municipality's district has one: test_jurisdiction_english)."""
    assert decisions.jurisdiction_label("上海市", "en") == "Shanghai"
    assert decisions.jurisdiction_label("江苏省常州市", "en") == "Changzhou, Jiangsu"
    assert decisions.jurisdiction_label("江苏省南京市栖霞区", "en") == "江苏省南京市栖霞区"
    assert decisions.jurisdiction_label("上海市", "zh") == "上海市"
    assert decisions.jurisdiction_label(None, "en") == ""
