"""Record-derived service-result indicators."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from core.errors import InnodockError
from evaluation.records import EngagementOutcome, period_bounds, record_indicators


def load(path: Path) -> list[EngagementOutcome]:
    return [EngagementOutcome.model_validate_json(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_example_records(records_path: Path) -> None:
    ind = record_indicators(load(records_path), center_id="C001", period="2026")
    assert ind["engagements_closed"].value == 12  # the open engagement and 2025 ones are not counted
    assert ind["first_pass_acceptance_rate"].value == pytest.approx(100 * 10 / 12)
    assert ind["on_time_rate"].value == pytest.approx(100 * 10 / 11)  # one has no due date
    assert ind["on_time_rate"].n == 11
    assert ind["mean_satisfaction"].value == pytest.approx(4.2)
    assert ind["complaint_rate"].value == pytest.approx(100 * 2 / 12)
    assert ind["complaint_resolution_rate"].value == pytest.approx(50.0)
    assert ind["repeat_client_rate"].value == pytest.approx(100 * 3 / 9)  # K1, K2 and K3 (K3 from 2025 history)


def test_multi_year_period_and_other_centers(records_path: Path) -> None:
    outcomes = load(records_path)
    assert record_indicators(outcomes, center_id="C001", period="2025..2026")["engagements_closed"].value == 14
    empty = record_indicators(outcomes, center_id="C999", period="2026")
    assert empty["engagements_closed"].value is None
    assert empty["on_time_rate"].value is None and "2026" in empty["on_time_rate"].note


def test_missing_fields_give_none_not_zero() -> None:
    o = [EngagementOutcome(engagement_id="e", center_id="c", client_id="k", closed_on=date(2026, 5, 1))]
    ind = record_indicators(o, center_id="c", period="2026")
    assert ind["first_pass_acceptance_rate"].value is None
    assert ind["mean_satisfaction"].value is None
    assert ind["complaint_rate"].value == 0.0  # complaints default to 0 — recorded as none
    assert ind["complaint_resolution_rate"].value == 100.0 and "no complaints" in ind["complaint_resolution_rate"].note


def test_bad_records_and_periods() -> None:
    with pytest.raises(ValidationError):
        EngagementOutcome(engagement_id="e", center_id="c", client_id="k", complaints=1, complaints_resolved=2)
    with pytest.raises(ValidationError):
        EngagementOutcome(engagement_id="e", center_id="c", client_id="k", satisfaction=6)
    with pytest.raises(InnodockError) as info:
        period_bounds("2026-Q1")
    assert info.value.field == "period"
    with pytest.raises(InnodockError):
        period_bounds("2026..2024")
    for no_year in ("0000", "2024..0000", "9999"):  # the shape of a year, not one the records know: 4xx, not a 500
        with pytest.raises(InnodockError) as info:
            period_bounds(no_year)
        assert info.value.field == "period"
    assert period_bounds("2024..2026") == (date(2024, 1, 1), date(2026, 12, 31))
