"""Proficiency testing and comparisons (issue 29, item 4; ``flows.proficiency``): recorded by the association or the
provider's own coordinator, refused for another center's coordinator (403) and for a bad field (named, nothing
stored); the period's share of satisfactory results is the recorded value of ``team_collaboration`` in the rating
form (``evaluation.sources``: this project's reading), before the period's interviews; none in the period leaves the
item asked."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from authz.vocab import OrgKind, Role
from core.db import session_scope
from core.errors import InnodockError, PermissionDeniedError
from evaluation.hierarchy import load_hierarchy
from evaluation.records import ProficiencyOutcome, proficiency_indicators
from evaluation.schemas import ScoreInput
from evaluation.service import merge_record_values
from flows import proficiency, rating_runs
from tests.flows.flowhelpers import Flows

CENTER = "qic-js-battery"
TODAY = date(2026, 11, 26)
GOOD = {"kind": "proficiency_testing", "scheme": "CNAS-T0123 电池容量能力验证", "item": "电池容量",
        "tested_on": "2026-05-10", "result": "satisfactory"}


def _record(flows: Flows, who: str, data: dict[str, Any], center_id: str = CENTER) -> Any:
    with session_scope(flows.settings) as session:
        return proficiency.record(session=session, principal=flows(who), center_id=center_id, data=data,
                                  today=TODAY)


def _results(flows: Flows, who: str = "coord-assoc") -> list[Any]:
    with session_scope(flows.settings) as session:
        return proficiency.results(session=session, principal=flows(who), center_id=CENTER)


def test_the_association_and_the_own_coordinator_record_another_center_may_not(flows: Flows) -> None:
    made = _record(flows, "coord-center", GOOD)
    assert made.result == "satisfactory" and made.center_id == CENTER and made.recorded_by
    _record(flows, "coord-assoc", {**GOOD, "kind": "实验室间比对", "result": "不满意", "note": "z=3.4"})
    rows = _results(flows, "coord-center")
    assert [(r.kind, r.result) for r in rows] == [("interlab_comparison", "unsatisfactory"),
                                                  ("proficiency_testing", "satisfactory")]
    other = flows.add_org("other", OrgKind.center, "稀土计量中心", center_id="met-jx-rare")
    flows.add_person("coord-other", other, Role.center_coordinator)
    with pytest.raises(PermissionDeniedError) as refused:
        _record(flows, "coord-other", GOOD)
    assert refused.value.field == "center_id"
    with pytest.raises(PermissionDeniedError):
        _results(flows, "coord-other")
    with pytest.raises(PermissionDeniedError):
        _record(flows, "ent-a", GOOD)
    assert len(_results(flows)) == 2


@pytest.mark.parametrize(("change", "field"), [
    ({"kind": "self_check"}, "kind"), ({"scheme": "  "}, "scheme"), ({"item": None}, "item"),
    ({"tested_on": "2026-13-01"}, "tested_on"), ({"tested_on": "2026-12-01"}, "tested_on"),
    ({"result": "good"}, "result"), ({"note": "x" * 2001}, "note"), ({"scheme": "x" * 301}, "scheme"),
])
def test_a_bad_field_is_refused_by_name_and_nothing_is_stored(flows: Flows, change: dict[str, Any],
                                                             field: str) -> None:
    with pytest.raises(InnodockError) as refused:
        _record(flows, "coord-assoc", {**GOOD, **change})
    assert refused.value.field == field
    assert _results(flows) == []


def test_the_share_of_satisfactory_results_in_the_period() -> None:
    results = [ProficiencyOutcome(item="电池容量", tested_on=date(2026, 3, 1), result="satisfactory"),
               ProficiencyOutcome(item="内阻", tested_on=date(2026, 6, 1), result="questionable"),
               ProficiencyOutcome(item="电池容量", tested_on=date(2026, 9, 1), result="unsatisfactory"),
               ProficiencyOutcome(item="电池容量", tested_on=date(2026, 10, 1), result="satisfactory"),
               ProficiencyOutcome(item="内阻", tested_on=date(2025, 6, 1), result="satisfactory")]
    got = proficiency_indicators(results, period="2026")["proficiency_satisfactory_rate"]
    assert got.value == 50.0 and got.n == 4 and "2 of 4" in got.note
    assert proficiency_indicators(results, period="2025..2026")["proficiency_satisfactory_rate"].value == 60.0
    none = proficiency_indicators(results, period="2024")["proficiency_satisfactory_rate"]
    assert none.value is None and none.n == 0


def test_a_result_in_the_period_comes_before_interviews_and_an_explicit_value_before_both() -> None:
    h = load_hierarchy()
    results = [ProficiencyOutcome(item="a", tested_on=date(2026, 3, 1), result="satisfactory"),
               ProficiencyOutcome(item="b", tested_on=date(2026, 4, 1), result="unsatisfactory")]
    merged, origins, notes = merge_record_values(h, ScoreInput(), None, center_id="C", period="2026",
                                                 proficiency=results)
    assert merged.values["team_collaboration"] == 50.0 and origins["team_collaboration"] == "records"
    given = ScoreInput(values={"team_collaboration": 90})
    kept, origins, _ = merge_record_values(h, given, None, center_id="C", period="2026", proficiency=results)
    assert kept.values["team_collaboration"] == 90 and "team_collaboration" not in origins
    empty, origins, notes = merge_record_values(h, ScoreInput(), None, center_id="C", period="2030",
                                                proficiency=results)
    assert "team_collaboration" not in empty.values and "2030" in notes["team_collaboration"]


def test_the_rating_form_is_pre_filled_with_the_share(flows: Flows) -> None:
    _record(flows, "coord-center", GOOD)
    _record(flows, "coord-center", {**GOOD, "tested_on": "2026-08-01", "result": "questionable"})
    _record(flows, "coord-center", {**GOOD, "tested_on": "2025-08-01", "result": "unsatisfactory"})
    with session_scope(flows.settings) as session:
        form = rating_runs.rating_form(session=session, principal=flows("coord-assoc"), center_id=CENTER,
                                       period="2026")
        later = rating_runs.rating_form(session=session, principal=flows("coord-assoc"), center_id=CENTER,
                                        period="2024")
    item = next(i for ind in form.indicators for i in ind.items if i.item == "team_collaboration")
    assert item.kind == "record" and item.record_value == "50" and not item.asked
    assert item.record_note is not None and "1 of 2" in item.record_note
    none = next(i for ind in later.indicators for i in ind.items if i.item == "team_collaboration")
    assert none.asked and none.record_value is None
