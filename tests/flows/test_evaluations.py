"""Independent evaluation and what a run leaves behind (issue 14 step 5, seed 001 §5.2.7;
``flows.evaluations.evaluate_with_aftermath``): the evaluator is recorded; a center's own run is its self-assessment,
which leaves no findings and no proposal and is never the rating the matcher ranks by or the public reads; a
self-assessment posing as an independent evaluation is refused with nothing stored. The HTTP answers and the pages are
tests/api/test_api_evaluation_independence.py's."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from core.db import session_scope
from core.errors import InnodockError, NotFoundError, PermissionDeniedError
from evaluation.schemas import EvaluatorParty, RunView, ScoreInput
from flows import catalog, evaluations, matching
from flows.evaluations import Evaluated
from tests.flows.flowhelpers import Flows
from tests.providers.providerhelpers import scaled_inputs

CENTER = "qic-js-battery"
EXAMPLES = Path(__file__).resolve().parents[2] / "evaluation" / "examples"


def _evaluate(flows: Flows, who: str, period: str = "2024", inputs: dict[str, Any] | None = None,
              party: EvaluatorParty | None = None, center_id: str = CENTER) -> Evaluated:
    # a third-party run names its independent evaluator (evaluation.independence, seed 001 §5.2.3 / §5.2.7)
    outside = "江南质量评价研究院" if party == EvaluatorParty.third_party else None
    with session_scope(flows.settings) as session:
        return evaluations.evaluate_with_aftermath(
            session=session, principal=flows(who), center_id=center_id, period=period, party=party,
            inputs=ScoreInput.model_validate(inputs) if inputs is not None else None, outbox=flows.outbox,
            evaluator_name=outside)


def _runs(flows: Flows) -> list[RunView]:
    with session_scope(flows.settings) as session:
        return evaluations.center_evaluation(session=session, principal=flows("coord-assoc"), center_id=CENTER).runs


def _latest(flows: Flows, rating_only: bool = False) -> RunView:
    with session_scope(flows.settings) as session:
        return evaluations.latest(session=session, principal=flows("coord-center"), center_id=CENTER,
                                  rating_only=rating_only)


def _ratings(flows: Flows) -> dict[str, float]:
    with session_scope(flows.settings) as session:
        return matching.live_signals(session=session).ratings


def _full_inputs() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / "seed001_full_inputs.json").read_text(encoding="utf-8"))
    data.pop("center_id", None)
    data.pop("report", None)
    return data


def test_the_evaluator_is_recorded_and_a_self_assessment_is_never_the_rating(flows: Flows) -> None:
    own = _evaluate(flows, "coord-center").run
    assert own.party == "self" and own.counts_as_rating is False
    assert own.evaluator_role == "center_coordinator" and own.evaluator_name == "电池中心"
    assert own.evaluator_org == flows.orgs["center"]
    # The center asking to be an independent evaluator of itself, outright or in its report: refused, nothing stored.
    before = len(_runs(flows))
    for party, inputs in ((EvaluatorParty.second_party, None), (EvaluatorParty.third_party, None),
                          (None, {"values": {}, "report": {"evaluator_kind": "第三方评价"}})):
        with pytest.raises(PermissionDeniedError) as posing:
            _evaluate(flows, "coord-center", inputs=inputs, party=party)
        assert posing.value.field == "party"
    # The association cannot file the center's self-assessment, nor contradict its own run in the report.
    with pytest.raises(InnodockError) as not_self:
        _evaluate(flows, "coord-assoc", party=EvaluatorParty.self_assessment)
    assert not_self.value.field == "party" and not isinstance(not_self.value, PermissionDeniedError)
    with pytest.raises(InnodockError) as contradicted:
        _evaluate(flows, "coord-assoc", party=EvaluatorParty.second_party,
                  inputs={"values": {}, "report": {"evaluator_kind": "第三方"}})
    assert contradicted.value.field == "inputs.report.evaluator_kind"
    assert len(_runs(flows)) == before
    # Only the association's run is the rating.
    with pytest.raises(NotFoundError):
        _latest(flows, rating_only=True)
    second = _evaluate(flows, "coord-assoc").run
    assert second.party == "second" and second.counts_as_rating is True
    assert second.evaluator_role == "association_coordinator"
    again = _evaluate(flows, "coord-center", period="2025").run
    latest = _latest(flows)
    assert latest.id == again.id and latest.party == "self"
    assert _latest(flows, rating_only=True).id == second.id
    with session_scope(flows.settings) as session:
        report = evaluations.report_html(session=session, principal=flows("coord-center"), run_id=again.id)
    assert "评价机构（机构自评）" in report and "self-assessment" not in report


def test_a_self_assessment_leaves_nothing_behind_and_a_rating_run_its_findings(flows: Flows) -> None:
    """The provider's own analysis is its own (seed 001 §5.2.7): however weak, no finding and no proposal."""
    own = _evaluate(flows, "coord-center", inputs=scaled_inputs(CENTER, 0.2, own=True))
    assert not own.run.counts_as_rating
    assert own.aftermath.findings == [] and own.aftermath.consequence is None and own.aftermath.proposal is None
    rated = _evaluate(flows, "coord-assoc", inputs=scaled_inputs(CENTER, 0.2))
    assert rated.aftermath.findings and all(f.run_id == rated.run.id for f in rated.aftermath.findings)
    assert rated.aftermath.proposal is not None and rated.aftermath.proposal.transition == "order_rectification"
    again = _evaluate(flows, "coord-assoc", period="2025", inputs=scaled_inputs(CENTER, 0.2))
    assert again.aftermath.proposal is None  # the same proposal already waits for the association: once is enough


def test_the_public_reads_the_independent_rating_never_the_self_assessment(flows: Flows) -> None:
    full = _full_inputs()
    own = _evaluate(flows, "coord-center", inputs=full).run
    assert own.complete and own.stars

    def public() -> dict[str, Any]:
        with session_scope(flows.settings) as session:
            return {"one": catalog.rating(session=session, center_id=CENTER),
                    "all": catalog.ratings(session=session, center_ids=[CENTER, "met-js-length", "met-jx-rare"])}

    assert public() == {"one": None, "all": {}} and _ratings(flows) == {}  # nor the prior the matcher ranks by
    rated = _evaluate(flows, "coord-assoc", inputs=full, party=EvaluatorParty.third_party).run
    shown = public()["one"]
    assert shown is not None and shown.stars == rated.stars and shown.party == "third" and shown.period == "2024"
    # no tier: the center's rules grade none (only seed 003's stations are graded by tiers: flows.catalog.ratings)
    assert shown.tier_zh is None and shown.tier_en is None and shown.evaluator
    assert public()["all"] == {CENTER: shown}  # the list's rating is the same, and no other provider has one
    assert set(_ratings(flows)) == {CENTER}


def test_a_period_not_begun_is_refused_by_the_one_flow_every_run_goes_through(flows: Flows, tmp_path: Path) -> None:
    """The evaluation walked as a new user (2026-11-28): the forms refused "2027" in 2026, but a run posted, uploaded
    or started at the terminal was stored, and stood as the provider's rating before the year began. The rule is
    ``flows.evaluations.evaluate_with_aftermath``'s (``begun_period``), the day ``today``."""
    values = tmp_path / "values.json"
    values.write_text(json.dumps(_full_inputs(), ensure_ascii=False), encoding="utf-8")
    autumn, spring = date(2026, 11, 28), date(2027, 3, 1)
    for who, party in (("coord-assoc", EvaluatorParty.third_party), ("coord-assoc", None), ("coord-center", None)):
        with session_scope(flows.settings) as session, pytest.raises(InnodockError) as early:
            evaluations.evaluate_with_aftermath(session=session, principal=flows(who), center_id=CENTER,
                                                period="2027", party=party, inputs=None, outbox=flows.outbox,
                                                today=autumn)
        assert early.value.field == "period" and "尚未开始" in early.value.message and "2027" in early.value.message
    with session_scope(flows.settings) as session, pytest.raises(InnodockError) as by_file:
        evaluations.evaluate_from_files(session=session, principal=flows("coord-assoc"), center_id=CENTER,
                                        period="2027..2028", inputs=values, records=None, hierarchy=None,
                                        outbox=flows.outbox, today=autumn)
    assert by_file.value.field == "period"
    assert _runs(flows) == []  # nothing stored
    with session_scope(flows.settings) as session:  # once begun, the same period is rated
        done = evaluations.evaluate_from_files(session=session, principal=flows("coord-assoc"), center_id=CENTER,
                                               period="2027", inputs=values, records=None, hierarchy=None,
                                               outbox=flows.outbox, today=spring).run
    assert done.period == "2027" and done.counts_as_rating
