"""Who may be assigned a need by hand (issue 30, item 3): ``flows.reviews.candidates`` and ``check_assignable``, the
one place the API, the review page and ``innodock review assign`` ask. A suspended, revoked or withdrawn provider is
refused on ``center_id``; a provider nobody can act for (no active coordinator of an active organisation) may be
assigned, and says so (``flows.reviews.assign`` then asks for ``confirm_no_coordinator``, as accept does:
tests/flows/test_bad_input_refused.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from accounts import service as accounts
from authz.vocab import OrgKind, Role
from core.db import session_scope
from core.errors import ConflictError, NotFoundError
from core.settings import Settings
from flows import providers as providers_flow
from flows import reviews
from flows.events import MemoryOutbox
from tests.kb.kbhelpers import CENTER, CENTER2, do_import, write_jsonl
from tests.providers.providerhelpers import ASSOC, decision

TODAY = date(2026, 11, 25)
SUSPENDED = {"type": "center", "id": "qic-sd-paused", "name": "山东省暂停检验中心", "kind": "quality_inspection_center",
             "status": "suspended", "region": "山东省济南市"}
WITHDRAWN = {"type": "center", "id": "qic-zj-left", "name": "浙江省已退出检验中心", "kind": "quality_inspection_center",
             "status": "withdrawn", "region": "浙江省杭州市"}
REVOKED = {"type": "center", "id": "qic-ah-revoked", "name": "安徽省被撤销检验中心",
           "kind": "quality_inspection_center", "region": "安徽省合肥市"}
IDLE = {"type": "center", "id": "sta-wx-idle", "name": "无锡市无人值守服务站", "kind": "service_station",
        "region": "江苏省无锡市"}


def _world(settings: Settings, tmp_path: Path) -> None:
    assert do_import(settings, write_jsonl(tmp_path / "kb.jsonl", [CENTER, CENTER2, SUSPENDED, WITHDRAWN, REVOKED,
                                                                     IDLE])).ok
    with session_scope(settings) as session:
        center = accounts.create_org(session=session, kind=OrgKind.center, name=str(CENTER["name"]),
                                     center_id=str(CENTER["id"]))
        accounts.create_user(session=session, org_id=center.id, username="js-coord", password="Xk9#mq2!vLp4",
                             role=Role.center_coordinator)
        # The station has an organisation, but its one coordinator was disabled: nobody can act for it.
        idle = accounts.create_org(session=session, kind=OrgKind.center, name=str(IDLE["name"]),
                                   center_id=str(IDLE["id"]))
        gone = accounts.create_user(session=session, org_id=idle.id, username="wx-coord", password="Xk9#mq2!vLp4",
                                    role=Role.center_coordinator)
        accounts.set_user_active(session=session, user_id=gone.id, active=False)
        version = providers_flow.provider(session=session, principal=ASSOC, center_id=str(REVOKED["id"]),
                                          today=TODAY)[1].version
        providers_flow.advance(session=session, principal=ASSOC, center_id=str(REVOKED["id"]), transition="revoke",
                               version=version, payload=decision("年度考核不合格", TODAY, "苏质促〔2026〕9号"),
                               today=TODAY, outbox=MemoryOutbox())


def test_candidates_say_state_refusal_and_whether_anybody_can_act(sqlite_settings: Settings, tmp_path: Path) -> None:
    _world(sqlite_settings, tmp_path)
    with session_scope(sqlite_settings) as session:
        found = {c.center_id: c for c in reviews.candidates(session=session, today=TODAY)}
    assert set(found) == {str(r["id"]) for r in (CENTER, CENTER2, SUSPENDED, WITHDRAWN, REVOKED, IDLE)}
    assert {cid for cid, c in found.items() if not c.assignable} == {"qic-sd-paused", "qic-zj-left", "qic-ah-revoked"}
    assert found["qic-ah-revoked"].state == "revoked" and found["qic-sd-paused"].state == "suspended"
    assert found["qic-ah-revoked"].refusal is not None and "撤销" in found["qic-ah-revoked"].refusal[0]
    assert found["met-jx-rare"].state == "building" and found["met-jx-rare"].assignable  # preparing: may be assigned
    # Reachable: only the center with an active coordinator; no organisation, or a disabled user, is nobody.
    assert {cid for cid, c in found.items() if c.reachable} == {"qic-js-battery"}
    assert found["sta-wx-idle"].assignable and not found["sta-wx-idle"].reachable
    assert found["qic-js-battery"].province == "江苏省" and found["sta-wx-idle"].province == "江苏省"


@pytest.mark.parametrize("center_id", ["qic-sd-paused", "qic-zj-left", "qic-ah-revoked"])
def test_a_provider_out_of_service_is_refused_on_center_id(sqlite_settings: Settings, tmp_path: Path,
                                                          center_id: str) -> None:
    _world(sqlite_settings, tmp_path)
    with session_scope(sqlite_settings) as session, pytest.raises(ConflictError) as refused:
        reviews.check_assignable(session=session, center_id=center_id, today=TODAY)
    assert refused.value.field == "center_id" and refused.value.code == "provider_not_assignable"
    assert "不能指派" in refused.value.message and "cannot be assigned" in refused.value.message


def test_an_unknown_provider_is_missing_and_a_reachable_one_passes(sqlite_settings: Settings, tmp_path: Path) -> None:
    _world(sqlite_settings, tmp_path)
    with session_scope(sqlite_settings) as session:
        with pytest.raises(NotFoundError) as missing:
            reviews.check_assignable(session=session, center_id="no-such-center", today=TODAY)
        assert missing.value.field == "center_id"
        assert reviews.check_assignable(session=session, center_id="qic-js-battery", today=TODAY).reachable
        assert not reviews.check_assignable(session=session, center_id="sta-wx-idle", today=TODAY).reachable
