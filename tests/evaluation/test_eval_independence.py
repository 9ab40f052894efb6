"""Seed 001 §5.2.7's evaluators: a provider's own run is a self-assessment, kept and marked, never its rating; a
report cannot name a more independent evaluator than the run was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from core.db import session_scope
from core.errors import InnodockError, PermissionDeniedError
from core.settings import Settings
from evaluation.independence import claimed_party, counts_as_rating, party_for
from evaluation.models import EvaluationRun
from evaluation.schemas import EvaluatorParty, EvaluatorRef, ScoreInput
from evaluation.service import evaluate_center, latest_run, quality_priors, rating_for, stars_to_unit
from tests.evaluation.test_eval_service import outcomes

SELF, SECOND, THIRD = EvaluatorParty.self_assessment, EvaluatorParty.second_party, EvaluatorParty.third_party


@pytest.mark.parametrize(("own_staff", "asked", "text", "expected"), [
    (True, None, None, SELF),
    (True, SELF, "机构自评", SELF),
    (False, None, None, SECOND),
    (False, THIRD, None, THIRD),
    (False, None, "第三方评价机构", THIRD),
    (False, SECOND, "第二方测评", SECOND),
    (False, None, "协会组织的评价", SECOND),  # names no party: the run's own
])
def test_the_party_a_run_is_recorded_as(own_staff: bool, asked: EvaluatorParty | None, text: str | None,
                                        expected: EvaluatorParty) -> None:
    assert party_for(own_staff=own_staff, asked=asked, claimed_text=text) == expected


@pytest.mark.parametrize(("asked", "text"),
                         [(SECOND, None), (THIRD, None), (None, "第三方评价"), (None, "second party")])
def test_a_self_assessment_cannot_pose_as_an_independent_evaluation(asked: EvaluatorParty | None,
                                                                     text: str | None) -> None:
    with pytest.raises(PermissionDeniedError) as refused:
        party_for(own_staff=True, asked=asked, claimed_text=text)
    assert refused.value.field == "party"


def test_nobody_else_files_a_providers_self_assessment_nor_contradicts_the_run() -> None:
    with pytest.raises(InnodockError) as by_other:
        party_for(own_staff=False, asked=SELF)
    assert by_other.value.field == "party" and not isinstance(by_other.value, PermissionDeniedError)
    with pytest.raises(InnodockError) as contradicted:
        party_for(own_staff=False, asked=SECOND, claimed_text="第三方")
    assert contradicted.value.field == "inputs.report.evaluator_kind"


def test_claims_and_ratings() -> None:
    assert claimed_party("自我评价") == SELF and claimed_party("Third-party evaluator") == THIRD
    assert claimed_party("") is None and claimed_party(None) is None
    assert not counts_as_rating("self") and counts_as_rating("second") and counts_as_rating(THIRD)


def _runs(settings: Settings) -> int:
    with session_scope(settings) as session:
        return int(session.scalar(select(func.count()).select_from(EvaluationRun)) or 0)


def test_a_self_assessment_is_kept_but_never_becomes_the_rating(eval_settings: Settings,
                                                                 center_inputs: dict[str, Any],
                                                                 records_path: Path) -> None:
    given = ScoreInput.model_validate(center_inputs).model_copy(update={"report": None})  # its report says 第三方
    me = EvaluatorRef(role="center_coordinator", id="u-1", org="org-c001", name="C001 中心")
    with session_scope(eval_settings) as session:
        own_id, own = evaluate_center(session=session, center_id="C001", period="2026", inputs=given,
                                      outcomes=outcomes(records_path), own_staff=True, evaluator=me)
        assert own["complete"] and own["stars"]
        run = latest_run(session=session, center_id="C001")
        assert run is not None and run.id == own_id and run.party == "self" and not run.counts_as_rating
        assert (run.evaluator_role, run.evaluator_id, run.evaluator_org, run.evaluator_name) == (
            "center_coordinator", "u-1", "org-c001", "C001 中心")
        assert run.inputs["report"]["evaluator_kind"] == "机构自评 self-assessment"
        # The matcher's prior and the rating see nothing: the provider graded itself.
        assert quality_priors(session=session) == {} and rating_for(session=session, center_id="C001") is None
        assert latest_run(session=session, center_id="C001", rating_only=True) is None

        assoc = EvaluatorRef(role="association_coordinator", id="u-2", org="org-assoc", name="省质量协会")
        second_id, second = evaluate_center(session=session, center_id="C001", period="2026", inputs=given,
                                            outcomes=outcomes(records_path), evaluator=assoc)
        expected = {"C001": stars_to_unit(second["stars"]["stars"])}
        assert quality_priors(session=session) == expected
        # A later self-assessment leaves the rating with the association's run.
        evaluate_center(session=session, center_id="C001", period="2027", inputs=given,
                        outcomes=outcomes(records_path), own_staff=True, evaluator=me)
        assert quality_priors(session=session) == expected
        rated = latest_run(session=session, center_id="C001", rating_only=True)
        assert rated is not None and rated.id == second_id and rated.party == "second"
        assert rated.inputs["report"]["evaluator_kind"] == "第二方测评 second-party evaluation"
        assert rated.inputs["report"]["evaluator"]["name"] == "省质量协会"
        # The example's own report names a third party: recorded as one, and it rates.
        third_id, _ = evaluate_center(session=session, center_id="C001", period="2026",
                                      inputs=ScoreInput.model_validate(center_inputs), outcomes=outcomes(records_path),
                                      evaluator=assoc)
        third = latest_run(session=session, center_id="C001", rating_only=True)
        assert third is not None and third.id == third_id and third.party == "third"


def test_a_refused_run_stores_nothing(eval_settings: Settings, center_inputs: dict[str, Any]) -> None:
    posing = dict(center_inputs, report={**(center_inputs.get("report") or {}), "evaluator_kind": "第三方评价"})
    with session_scope(eval_settings) as session, pytest.raises(PermissionDeniedError):
        evaluate_center(session=session, center_id="C001", period="2026",
                        inputs=ScoreInput.model_validate(posing), outcomes=[], own_staff=True)
    assert _runs(eval_settings) == 0
