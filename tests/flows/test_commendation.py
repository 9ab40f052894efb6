"""Incentive management (seed 002 四(二) 激励管理, seed 003 art. 15 宣传推广; issue 14 step 6): the association's
commendation of an operating provider is a lifecycle decision (``flows.providers.advance``), read by the public
through ``flows.catalog.commendations`` until a step away from good standing clears it; the provider cannot commend
itself, and a refused step changes nothing. How the catalog, the pages and the feed show it over HTTP is
tests/api/test_api_commendation.py's."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core import china_time
from core.db import session_scope
from core.errors import InnodockError, PermissionDeniedError
from flows import catalog
from flows import providers as providers_flow
from providers.schemas import Commendation, LifecycleDetail
from tests.flows.flowhelpers import Flows
from tests.providers.providerhelpers import decision

CENTER = "qic-js-battery"
TODAY = china_time.today()
COMMEND = decision("2026 年度评价为优秀·激励管理", TODAY, "苏质协〔2026〕30号", period="2026")


def _lifecycle(flows: Flows) -> LifecycleDetail:
    with session_scope(flows.settings) as session:
        return providers_flow.provider(session=session, principal=flows("coord-assoc"), center_id=CENTER,
                                       today=TODAY)[1]


def _advance(flows: Flows, who: str, transition: str, version: int, payload: dict[str, object]) -> object:
    with session_scope(flows.settings) as session:
        return providers_flow.advance(session=session, principal=flows(who), center_id=CENTER, transition=transition,
                                      version=version, payload=payload, today=TODAY, outbox=flows.outbox)


def _public(flows: Flows) -> dict[str, Commendation]:
    with session_scope(flows.settings) as session:
        return catalog.commendations(session=session, center_ids=[CENTER, "met-js-length"])


def test_a_commendation_is_decided_by_the_association_and_shown_until_cleared(flows: Flows) -> None:
    version = _lifecycle(flows).version
    assert _public(flows) == {}

    # The provider's own coordinator cannot commend it; a malformed period is refused naming it; nothing changes.
    with pytest.raises(PermissionDeniedError):
        _advance(flows, "coord-center", "commend", version, COMMEND)
    with pytest.raises(InnodockError) as bad:
        _advance(flows, "coord-assoc", "commend", version, {**COMMEND, "period": ["2026"]})
    assert bad.value.field == "payload.period"
    assert _lifecycle(flows).version == version and _lifecycle(flows).commended_on is None

    done = _advance(flows, "coord-assoc", "commend", version, COMMEND)
    life = _lifecycle(flows)
    assert done is not None and life.state == "operating" and life.commended_on == TODAY
    assert life.commended_for == "2026" and life.flags == []  # no flag: matching is not moved by it
    assert _public(flows) == {CENTER: Commendation(commended_on=TODAY, period="2026")}

    # A step away from good standing ends it.
    deadline = (TODAY + timedelta(days=60)).isoformat()
    _advance(flows, "coord-assoc", "order_rectification", version + 1,
             decision("年度监督发现问题", TODAY, "苏质协〔2026〕31号", deadline=deadline))
    life = _lifecycle(flows)
    assert life.state == "rectifying" and life.commended_on is None
    assert _public(flows) == {}
