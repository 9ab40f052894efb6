"""A deciding authority oversees the providers in its jurisdiction, read only (a new user's trial, 2026-11-29: the
bureau's nav held only the decisions and its inbox, and /providers, the dashboard, its export and the evaluations all
answered 403). The rule is ``authz.policy``'s: the actions an officer may attempt (``provider.list``,
``provider.dashboard``, ``evaluation.read`` beside ``provider.record``), the providers it reads (``oversees``), and the
writes and the needs it never reaches."""

from __future__ import annotations

import pytest

from accounts.vocab import OrgKind, Role
from authz import policy
from authz.principal import Principal
from core.errors import NotFoundError, PermissionDeniedError

OFFICER = Principal(org_id="bureau-sh", org_kind=OrgKind.authority, org_name="上海市市场监督管理局",
                    role=Role.authority_officer, via="session", user_id="u9", authority_body="municipal_bureau",
                    jurisdiction="上海市")
CENTER = Principal(org_id="c1", org_kind=OrgKind.center, org_name="中心", role=Role.center_coordinator, via="session",
                   user_id="u2", center_id="qic-sh-a")
ASSOC = Principal(org_id="assoc", org_kind=OrgKind.association, org_name="协会", role=Role.association_coordinator,
                  via="session", user_id="u3")

READS = ("provider.list", "provider.record", "provider.dashboard", "evaluation.read", "decision.read")
# What an officer never does through these pages: the association's and the provider's work, and any need's.
WRITES = ("provider.apply", "provider.decide", "provider.edit", "provider.approve", "provider.file", "provider.read",
          "evaluation.run", "need.read", "need.list", "engagement.read", "engagement.act", "review.read",
          "feed.read", "kb.manage")


@pytest.mark.parametrize("action", READS)
def test_an_officer_reads_the_oversight_actions(action: str) -> None:
    assert policy.refusal(OFFICER, action) == "ok"


@pytest.mark.parametrize("action", WRITES)
def test_an_officer_writes_nothing_and_reads_no_need(action: str) -> None:
    assert policy.refusal(OFFICER, action) == "forbidden"
    with pytest.raises(PermissionDeniedError):
        policy.authorize(OFFICER, action)


def test_an_officer_oversees_its_jurisdiction_only() -> None:
    assert policy.oversees(OFFICER, center_id="qic-sh-a", region="上海市宝山区")
    assert not policy.oversees(OFFICER, center_id="qic-js-b", region="江苏省常州市")
    assert not policy.oversees(OFFICER, center_id="qic-x", region=None)
    with pytest.raises(PermissionDeniedError) as refused:
        policy.check_overseen(OFFICER, center_id="qic-js-b", region="江苏省常州市")
    assert refused.value.field == "jurisdiction"
    missing = NotFoundError("评价不存在 / no such run", field="run_id")
    with pytest.raises(NotFoundError):  # a run reached by its id: as a missing one
        policy.check_overseen(OFFICER, center_id="qic-js-b", region="江苏省常州市", hide=missing)
    policy.check_overseen(OFFICER, center_id="qic-sh-a", region="上海市宝山区")


def test_the_others_oversee_as_before() -> None:
    assert policy.oversees(CENTER, center_id="qic-sh-a", region=None)
    assert not policy.oversees(CENTER, center_id="qic-sh-b", region="上海市")
    assert policy.oversees(ASSOC, center_id="qic-js-b", region="江苏省常州市")
    for action in ("provider.list", "evaluation.read"):
        assert policy.refusal(CENTER, action) == policy.refusal(ASSOC, action) == "ok"
    assert policy.refusal(CENTER, "provider.dashboard") == "forbidden"
