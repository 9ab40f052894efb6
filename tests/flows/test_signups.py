"""A registration tells whoever approves it, and stops being a to-do once decided (the admin's and the authority
officer's day walked as a new user, 2026-11-28: an enterprise's registration waited unsaid — no notice, no badge).
An enterprise's own registration goes to the association it registered through; a provider's application to the
associations, which decide on it."""

from __future__ import annotations

from pathlib import Path

from accounts import service as accounts
from accounts.schemas import RegistrationIn
from authz.principal import Principal
from authz.vocab import OrgKind, Role
from core.db import session_scope
from core.settings import Settings
from flows import accounts as accounts_flow
from flows import applications, inbox
from flows import providers as providers_flow
from flows.announce import OUTBOX
from tests.providers.providerhelpers import STATION_MATERIALS, TODAY, seed


def _coordinator(org_id: str, name: str) -> Principal:
    return Principal(org_id=org_id, org_kind=OrgKind.association, org_name=name,
                     role=Role.association_coordinator, via="session", user_id=f"u-{org_id}", username=name)


def _kinds(settings: Settings, who: Principal) -> list[tuple[str, bool, bool]]:
    with session_scope(settings) as session:
        return [(n.kind.value, n.read, n.done) for n in inbox.notices(session=session, principal=who).items]


def test_a_registration_tells_its_association_until_it_is_decided(settings: Settings) -> None:
    with session_scope(settings) as session:
        first = accounts.create_org(session=session, kind=OrgKind.association, name="江苏省产业技术服务协会")
        second = accounts.create_org(session=session, kind=OrgKind.association, name="常州市科技服务协会")
    ours, theirs = _coordinator(second.id, "常州"), _coordinator(first.id, "江苏")
    with session_scope(settings) as session:
        made = accounts_flow.register(session=session, address=None, body=RegistrationIn(
            org_name="宜兴环保装备有限公司", username="yx-boss", password="Yixing-huanbao-2026",
            association_id=second.id))
    assert _kinds(settings, ours) == [("registration", False, False)]
    assert _kinds(settings, theirs) == []  # another association does not decide it
    with session_scope(settings) as session:
        item = inbox.notices(session=session, principal=ours).items[0]
        assert item.title_zh == "企业「宜兴环保装备有限公司」提交了自助注册，请审核"
        assert item.link == "/admin/registrations"
        assert item.title_en == "The enterprise “宜兴环保装备有限公司” registered: approve or refuse it"
        assert inbox.unread(session=session, principal=ours) == 1
        accounts_flow.decide_registration(session=session, principal=None, org_id=made.org.id, approve=True)
    assert _kinds(settings, ours) == [("registration", False, True)]  # history, not a to-do


def test_an_application_tells_the_associations_until_its_first_decision(settings: Settings, tmp_path: Path) -> None:
    seed(settings, tmp_path)
    with session_scope(settings) as session:
        org = accounts.create_org(session=session, kind=OrgKind.association, name="广东省质量发展促进会")
    assoc = _coordinator(org.id, "广东")
    head = {"name": "林站长", "middle_management": True, "years_quality": 9, "certificate": "GDQA-ZZ-2026-017",
            "certificate_valid_until": TODAY.replace(year=TODAY.year + 2).isoformat()}
    form = applications.ApplicationForm(center={"id": "sta-gd-sg", "name": "韶关科技服务站", "kind": "service_station",
                                                "region": "广东省韶关市", "head": head},
                                        plaque_name="广东省质量发展促进会（韶关）科技服务站")
    with session_scope(settings) as session:
        applications.apply(session=session, principal=assoc, form=form, today=TODAY)
    with session_scope(settings) as session:
        item = inbox.notices(session=session, principal=assoc).items[0]
        assert (item.kind.value, item.read, item.done) == ("application", False, False)
        assert (item.title_zh, item.link) == ("「韶关科技服务站」提交了机构申请，请审核",
                                              "/providers/sta-gd-sg/application")
        version = providers_flow.provider(session=session, principal=assoc, center_id="sta-gd-sg",
                                          today=TODAY)[1].version
        providers_flow.advance(session=session, principal=assoc, center_id="sta-gd-sg", transition="start_review",
                               version=version, payload={"materials": STATION_MATERIALS}, today=TODAY, outbox=OUTBOX)
    assert ("application", False, True) in _kinds(settings, assoc)  # decided on: history
