"""The matcher's bulk ratings (one query per match) agree with the per-center prior, newest complete run winning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.db import session_scope
from core.settings import Settings
from evaluation.schemas import ScoreInput
from evaluation.service import evaluate_center, quality_prior, quality_priors, stars_to_unit
from tests.evaluation.test_eval_service import outcomes


def test_bulk_priors_match_the_per_center_prior(eval_settings: Settings, center_inputs: dict[str, Any],
                                                records_path: Path) -> None:
    with session_scope(eval_settings) as session:
        assert quality_priors(session=session) == {}
        evaluate_center(session=session, center_id="C001", period="2025",
                        inputs=ScoreInput.model_validate(center_inputs), outcomes=outcomes(records_path))
        evaluate_center(session=session, center_id="C001", period="2026",
                        inputs=ScoreInput.model_validate(center_inputs), outcomes=[])
        bulk = quality_priors(session=session)
        one = quality_prior(session=session)
        assert set(bulk) <= {"C001"} and ("C001" in bulk) == (one("C001") is not None)
        assert bulk.get("C001") == one("C001")
        assert "unknown" not in bulk and one("unknown") is None



def test_bulk_priors_follow_the_stars_of_complete_runs(eval_settings: Settings, center_inputs: dict[str, Any],
                                                       records_path: Path) -> None:
    with session_scope(eval_settings) as session:
        _, result = evaluate_center(session=session, center_id="C001", period="2026",
                                    inputs=ScoreInput.model_validate(center_inputs), outcomes=outcomes(records_path))
        bulk = quality_priors(session=session)
    if result["complete"]:
        assert bulk == {"C001": stars_to_unit(result["stars"]["stars"])}
    else:
        assert bulk == {}
