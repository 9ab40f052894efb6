"""Stored evaluations, record feeding and the rating lookup the matcher uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.db import session_scope
from core.errors import InnodockError, NotFoundError
from core.settings import Settings
from evaluation.models import EvaluationScore
from evaluation.records import EngagementOutcome
from evaluation.schemas import ScoreInput
from evaluation.service import (
    MAX_RUN_ID,
    evaluate_center,
    get_run,
    latest_run,
    pipeline_outcomes,
    quality_prior,
    rating_for,
    stars_to_unit,
)


def outcomes(path: Path) -> list[EngagementOutcome]:
    return [EngagementOutcome.model_validate_json(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_records_fill_result_items_and_rating_is_stored(
    eval_settings: Settings, center_inputs: dict[str, Any], records_path: Path
) -> None:
    with session_scope(eval_settings) as session:
        assert rating_for(session=session, center_id="C001") is None
        run_id, result = evaluate_center(
            session=session, center_id="C001", period="2026",
            inputs=ScoreInput.model_validate(center_inputs), outcomes=outcomes(records_path),
        )
    assert result["complete"]
    items = {it["id"]: it for d in result["dimensions"] for i in d["indicators"] for it in i["items"]}
    assert items["on_time_rate"]["origin"] == "records" and items["on_time_rate"]["note"] == "11 项中 10 项 / 10 of 11"
    assert items["papers"]["origin"] == "input"
    with session_scope(eval_settings) as session:
        stars, total = rating_for(session=session, center_id="C001") or (None, None)
        assert stars == result["stars"]["stars"] and total == pytest.approx(result["total"])
        rows = session.query(EvaluationScore).filter_by(run_id=run_id).all()
        assert len(rows) == 1 + 4 + 16 + 57


def test_without_records_the_result_is_incomplete_and_not_a_rating(
    eval_settings: Settings, center_inputs: dict[str, Any], records_path: Path
) -> None:
    with session_scope(eval_settings) as session:
        _, result = evaluate_center(
            session=session, center_id="C001", period="2026", inputs=ScoreInput.model_validate(center_inputs),
            use_pipeline=False,
        )
    assert not result["complete"]
    reasons = {m["item"]: m["reason"] for m in result["missing"]}
    assert "on_time_rate" in reasons and "no engagement records" in reasons["on_time_rate"]
    with session_scope(eval_settings) as session:
        assert rating_for(session=session, center_id="C001") is None
        run = latest_run(session=session, center_id="C001")
        assert run is not None and not run.complete
        # a later complete run becomes the rating; an incomplete one after it does not replace it
        evaluate_center(session=session, center_id="C001", period="2026",
                        inputs=ScoreInput.model_validate(center_inputs), outcomes=outcomes(records_path))
        evaluate_center(session=session, center_id="C001", period="2026",
                        inputs=ScoreInput.model_validate(center_inputs))
    with session_scope(eval_settings) as session:
        assert rating_for(session=session, center_id="C001") is not None


def test_unknown_center_and_foreign_input(eval_settings: Settings, center_inputs: dict[str, Any]) -> None:
    with session_scope(eval_settings) as session, pytest.raises(NotFoundError):
        evaluate_center(session=session, center_id="NOPE", period="2026")
    center_inputs["center_id"] = "C002"
    with session_scope(eval_settings) as session, pytest.raises(InnodockError) as info:
        evaluate_center(session=session, center_id="C001", period="2026",
                        inputs=ScoreInput.model_validate(center_inputs))
    assert info.value.field == "center_id"


def test_quality_prior_for_the_matcher(
    eval_settings: Settings, center_inputs: dict[str, Any], records_path: Path
) -> None:
    assert [stars_to_unit(s) for s in (1, 3, 5)] == [0.0, 0.5, 1.0]
    with pytest.raises(InnodockError):
        stars_to_unit(6)
    with session_scope(eval_settings) as session:
        prior = quality_prior(session=session)
        assert prior("C001") is None and prior("unknown") is None
        _, result = evaluate_center(session=session, center_id="C001", period="2026",
                                    inputs=ScoreInput.model_validate(center_inputs), outcomes=outcomes(records_path))
        assert prior("C001") == stars_to_unit(result["stars"]["stars"])


def test_pipeline_records_are_read_when_no_outcomes_are_given(
    eval_settings: Settings, center_inputs: dict[str, Any]
) -> None:
    with session_scope(eval_settings) as session:
        found = pipeline_outcomes(session=session, center_id="C001")
        assert found == []  # a fresh database has no engagements
        _, result = evaluate_center(
            session=session, center_id="C001", period="2026", inputs=ScoreInput.model_validate(center_inputs)
        )
    reasons = {m["item"]: m["reason"] for m in result["missing"]}
    assert "no engagement closed in 2026" in reasons["first_pass_acceptance_rate"]
    assert "no engagement closed in 2026" in reasons["support_projects"]


@pytest.mark.parametrize("run_id", [0, -1, MAX_RUN_ID + 1, 999_999_999_999])
def test_a_run_id_past_the_column_names_no_run(eval_settings: Settings, run_id: int) -> None:
    """PostgreSQL refuses to compare an INTEGER column with 999999999999 (a provider's filing form answered 500 with
    it as its rating run; the route rules' junk walk found it): such a number is a missing run, on either database."""
    with session_scope(eval_settings) as session, pytest.raises(NotFoundError) as refused:
        get_run(session=session, run_id=run_id)
    assert refused.value.field == "run_id"
