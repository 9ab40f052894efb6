"""The facts left out for a caller the rule judges by the need's owner alone change none of its decisions.

``flows.access.need_facts`` skips a need's detail grants and its enterprise's consents for an enterprise's people and
the platform operator (``authz.policy.judges_by_owner_alone``, issue 33: two statements a read). That is safe only
while no rule reads them for those callers: every decision on a need is taken here with the sets full and emptied,
for every such caller and every combination of facts, and must come out the same.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import product

import pytest

from accounts.vocab import OrgKind, Role
from authz import policy
from authz.policy import NeedFacts
from authz.principal import Principal
from core.errors import InnodockError

CALLERS = [
    Principal(org_id="ent-a", org_kind=OrgKind.enterprise, org_name="甲企业", role=Role.enterprise, via="session",
              user_id="u1"),
    Principal(org_id="ent-a", org_kind=OrgKind.enterprise, org_name="甲企业", role=Role.enterprise, via="key",
              key_id="k1"),
    Principal(org_id="ent-b", org_kind=OrgKind.enterprise, org_name="乙企业", role=Role.enterprise, via="session",
              user_id="u2"),
    Principal(org_id="platform", org_kind=OrgKind.association, org_name="平台", role=Role.admin, via="session",
              user_id="u3"),
]


def _outcome(decide: object, *args: object, **kwargs: object) -> object:
    try:
        return decide(*args, **kwargs)  # type: ignore[operator]
    except InnodockError as exc:
        return ("refused", exc.code, exc.field)


def _decisions(principal: Principal, facts: NeedFacts) -> list[object]:
    return [policy.acts_for(principal, facts), policy.serves(principal, facts), policy.need_detail(principal, facts),
            _outcome(policy.check_need_read, principal, facts),
            *(_outcome(policy.check_need_write, principal, facts, declassify=d, withdraw=w)
              for d, w in product((False, True), repeat=2))]


@pytest.mark.parametrize("principal", CALLERS, ids=lambda p: f"{p.role.value}-{p.org_id}-{p.via}")
def test_the_grants_and_consents_left_out_change_no_decision(principal: Principal) -> None:
    assert policy.judges_by_owner_alone(principal)
    for enterprise, confidential, submitted_by, accepted, association in product(
            ("ent-a", "ent-b", None), (False, True), (None, "assoc-1", "ent-a"), (None, "qic-1"), (None, "assoc-1")):
        full = NeedFacts(need_id="n1", enterprise_id=enterprise, submitted_by=submitted_by, confidential=confidential,
                         association_id=association, proposed=frozenset({"qic-1", "qic-2"}), accepted=accepted,
                         details_open_to=frozenset({"qic-1"}), consenting_to=frozenset({"assoc-1", "platform"}))
        left_out = replace(full, details_open_to=frozenset(), consenting_to=frozenset())
        assert _decisions(principal, full) == _decisions(principal, left_out), full


def test_the_callers_judged_by_their_grants_or_consents_are_not_among_them() -> None:
    """An association's staff act on consent, a center reads details once opened to it: their facts are read whole."""
    for role, kind in ((Role.association_coordinator, OrgKind.association), (Role.center_coordinator, OrgKind.center)):
        assert not policy.judges_by_owner_alone(Principal(org_id="o", org_kind=kind, org_name="某", role=role,
                                                          via="session", user_id="u"))
