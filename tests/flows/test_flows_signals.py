"""The caller's side of matching (``flows.matching``): reading a query from free text, and the pipeline's and
evaluation's signals the matcher is handed as plain data (it imports neither)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from core.db import session_scope
from core.settings import Settings
from evaluation.schemas import ScoreInput
from evaluation.service import evaluate_center
from flows import matching
from tests.pipeline.pipeline_helpers import CENTER_ID, OTHER_CENTER_ID, open_engagement, seed_kb


def test_query_from_text_keeps_region_and_qualifications_not_guessed_types() -> None:
    q = matching.query_from_text("我们在苏州，想找就近的机构做锂电池失效分析，需要CMA和CNAS报告，要签保密协议",
                                today=date(2026, 11, 21))
    assert q.region.province == "江苏省" and q.region.city == "苏州市"
    assert {"CMA", "CNAS"} <= set(q.qualifications)
    assert q.service_types == []  # read from free text, a type is a guess, not a confirmed rule
    assert q.text.startswith("我们在苏州")


def test_live_signals_on_an_empty_database(sqlite_settings: Settings) -> None:
    with session_scope(sqlite_settings) as session:
        signals = matching.live_signals(session=session)
        assert signals.open_counts == {} and signals.ratings == {}
        assert signals.open_engagements()("qic-js-battery") == 0
        assert signals.quality_prior()("qic-js-battery") is None


def test_live_signals_read_open_engagements_and_ratings(sqlite_settings: Settings) -> None:
    seed_kb(sqlite_settings)
    open_engagement(sqlite_settings)
    examples = Path(__file__).resolve().parents[2] / "evaluation" / "examples"
    inputs = json.loads((examples / "seed001_full_inputs.json").read_text(encoding="utf-8"))
    inputs.pop("center_id", None)
    with session_scope(sqlite_settings) as session:
        _run, result = evaluate_center(session=session, center_id=CENTER_ID, period="2026",
                                       inputs=ScoreInput.model_validate(inputs), use_pipeline=False)
    assert result["complete"]
    with session_scope(sqlite_settings) as session:
        signals = matching.live_signals(session=session)
        open_engagements, prior = signals.open_engagements(), signals.quality_prior()
        assert open_engagements(CENTER_ID) == 1 and open_engagements(OTHER_CENTER_ID) == 0
        rating = prior(CENTER_ID)
        assert rating is not None and 0.0 <= rating <= 1.0
        assert prior(OTHER_CENTER_ID) is None
