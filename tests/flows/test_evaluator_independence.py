"""An independent evaluator is an organisation of its own, and its independence is checked, not declared (issue 29,
item 3; seed 001 §5.2.7 第三方评价): a third-party rating run assigned to an organisation is refused, nothing stored,
when that organisation is the provider, its host organisation, or a client of its engagements in the rated period,
or has experts on its teams then; an organisation with no such link is recorded as the run's evaluator."""

from __future__ import annotations

import pytest

from authz.vocab import AuthorityBody, OrgKind
from core import china_time
from core.db import session_scope
from core.errors import InnodockError
from evaluation.independence import EvaluatorLinks, check_third_party
from evaluation.schemas import EvaluatorParty
from flows import accounts as accounts_flow
from flows import evaluations
from flows.evaluations import Evaluated
from tests.flows.flowhelpers import Flows

CENTER = "qic-js-battery"
THIS_YEAR = str(china_time.today().year)


def _org(flows: Flows, short: str, kind: OrgKind, name: str, **more: str) -> str:
    with session_scope(flows.settings) as session:
        flows.orgs[short] = accounts_flow.create_org(session=session, kind=kind, name=name, **more).id
    return flows.orgs[short]


def _assigned(flows: Flows, org_id: str, period: str = THIS_YEAR,
              party: EvaluatorParty | None = None) -> Evaluated:
    with session_scope(flows.settings) as session:
        return evaluations.evaluate_with_aftermath(session=session, principal=flows("coord-assoc"), center_id=CENTER,
                                                   period=period, inputs=None, outbox=flows.outbox, party=party,
                                                   evaluator_org_id=org_id)


def _runs(flows: Flows) -> int:
    with session_scope(flows.settings) as session:
        return len(evaluations.center_evaluation(session=session, principal=flows("coord-assoc"),
                                                 center_id=CENTER).runs)


def _refused(flows: Flows, org_id: str, period: str = THIS_YEAR) -> str:
    before = _runs(flows)
    with pytest.raises(InnodockError) as refused:
        _assigned(flows, org_id, period)
    assert refused.value.field == "evaluator_org_id"
    assert _runs(flows) == before  # nothing stored
    return str(refused.value)


def test_an_evaluator_without_links_is_recorded_as_the_third_party(flows: Flows) -> None:
    other = _org(flows, "rare", OrgKind.center, "稀土中心", center_id="met-jx-rare")
    run = _assigned(flows, other).run
    assert (run.party, run.evaluator_org, run.evaluator_name) == ("third", other, "稀土中心")


def test_the_provider_itself_and_its_host_are_never_the_third_party(flows: Flows) -> None:
    assert "被评价机构本身" in _refused(flows, flows.orgs["center"])
    host = _org(flows, "host", OrgKind.authority, "电池中心的依托单位", authority_body=AuthorityBody.host_organisation,
                jurisdiction=CENTER)
    assert "依托单位" in _refused(flows, host)


def test_a_client_in_the_rated_period_is_not_independent_but_is_in_another_period(flows: Flows) -> None:
    _, review_id = flows.submitted_need("ent-a")
    flows.accept(review_id, CENTER)
    assert "委托方" in _refused(flows, flows.orgs["a"])
    assert _assigned(flows, flows.orgs["a"], period="2020").run.party == "third"


def test_a_run_assigned_to_an_evaluator_is_a_third_party_one(flows: Flows) -> None:
    other = _org(flows, "rare", OrgKind.center, "稀土中心", center_id="met-jx-rare")
    with pytest.raises(InnodockError) as refused:
        _assigned(flows, other, party=EvaluatorParty.second_party)
    assert refused.value.field == "party"
    with pytest.raises(InnodockError) as missing:
        _assigned(flows, "no-such-org")
    assert missing.value.field == "evaluator_org_id"


def test_experts_shared_in_the_period_are_a_link() -> None:
    with pytest.raises(InnodockError) as refused:
        check_third_party(EvaluatorLinks(org_name="某中心", is_provider=False, is_host=False, client=False,
                                         shared_experts=("exp-9",)))
    assert "exp-9" in str(refused.value) and refused.value.field == "evaluator_org_id"
    check_third_party(EvaluatorLinks(org_name="某中心", is_provider=False, is_host=False, client=False))
