"""Every seed 001 item has one source (issue 29, item 1): ``evaluation.sources`` lists each item of the hierarchy
exactly once, every record row names a function that really computes it, the records, filings and catalog fill
exactly the record rows, the docs print the module's own table, and a value out of its range is refused naming it."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from core.errors import InnodockError
from evaluation import sources
from evaluation.catalog_facts import catalog_facts
from evaluation.files import read_outcomes
from evaluation.hierarchy import load_hierarchy
from evaluation.records import FILING_KEYS, PROFICIENCY_KEY, RECORD_KEYS, FilingOutcome, ProficiencyOutcome
from evaluation.schemas import ScoreInput
from evaluation.service import merge_record_values

ROOT = Path(__file__).resolve().parents[2]


def _items() -> dict[str, Any]:
    return {it.id: it for _, _, it in load_hierarchy().items()}


def test_every_item_of_the_hierarchy_has_exactly_one_source() -> None:
    rows = [s.item for s in sources.SOURCES]
    assert sorted(rows) == sorted(_items()) and len(rows) == len(set(rows)) == 57
    sources.check_sources()
    kinds = {k: sum(1 for s in sources.SOURCES if s.kind == k) for k in ("record", "form", "self")}
    assert kinds == {"record": 19, "form": 8, "self": 30}
    # Only a record names a function; every function it names exists and gives the key the row reads.
    for s in sources.SOURCES:
        if s.kind != "record":
            assert s.function is None and s.key is None, s.item
            continue
        module, name = str(s.function).rsplit(".", 1)
        assert callable(getattr(importlib.import_module(module), name)), s.item
        if s.function == sources.RECORDS:
            assert s.key in RECORD_KEYS and _items()[s.item].record_key == s.key
        if s.function == sources.FILINGS:
            assert s.key in FILING_KEYS.values() and _items()[s.item].record_key == s.key
        if s.function == sources.PROFICIENCY:  # seed 001 names none: the mapping is this project's reading
            assert s.key == PROFICIENCY_KEY and s.reading and "本项目的解读" in s.reading
        if s.function == sources.QUESTIONNAIRE:
            assert _items()[s.item].normalisation.method == "five_grade"


def test_a_table_missing_or_repeating_an_item_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "SOURCES", sources.SOURCES[1:])
    monkeypatch.setattr(sources, "BY_ITEM", {s.item: s for s in sources.SOURCES})
    with pytest.raises(InnodockError, match="qualifications"):
        sources.check_sources()
    monkeypatch.setattr(sources, "SOURCES", (*sources.SOURCES, sources.SOURCES[0]))
    with pytest.raises(InnodockError, match="listed twice"):
        sources.check_sources()


def test_the_records_filings_and_catalog_fill_exactly_the_record_rows() -> None:
    h = load_hierarchy()
    outcomes = read_outcomes(ROOT / "evaluation" / "examples" / "seed001_records.jsonl")
    # Every client answered every question once, so each five-grade item has votes.
    outcomes = [o.model_copy(update={"answers": {q: 4 for q in ("equipment_adequacy", "quality_eval_rating",
                                                              "training_rating", "support_rating",
                                                              "value_for_money")}}) for o in outcomes]
    filings = [FilingOutcome(kind="annual_plan", period="2026", filed_on="2026-01-10", score=80),
               FilingOutcome(kind="annual_report", period="2026", filed_on="2026-12-20", score=70)]
    center = SimpleNamespace(qualifications=["CMA", "CNAS"], expert_pools=[])
    team = [SimpleNamespace(id="e1", title_level="senior"), SimpleNamespace(id="e2", title_level="intermediate")]
    facts = catalog_facts(center, team, [])  # type: ignore[arg-type]
    tested = [ProficiencyOutcome(item="电池容量", tested_on="2026-05-10", result="satisfactory")]
    merged, _, _ = merge_record_values(h, ScoreInput(), outcomes, center_id="C001", period="2026",
                                             filings=filings, catalog=facts, proficiency=tested)
    filled = {k for k, v in merged.values.items() if v is not None}
    assert filled == {s.item for s in sources.SOURCES if s.kind == "record"}


def test_the_docs_print_the_table_of_the_module() -> None:
    text = (ROOT / "docs" / "evaluation.md").read_text(encoding="utf-8")
    table = sources.markdown_table()
    assert table in text, "docs/evaluation.md: regenerate the table with evaluation.sources.markdown_table()"
    assert table.count("\n| `") == 57


@pytest.mark.parametrize(("item", "raw", "ok"), [
    ("papers", "12", 12.0), ("papers", "1.5", None), ("papers", "-1", None), ("papers", "abc", None),
    ("senior_title_share", "100", 100.0), ("senior_title_share", "101", None),
    ("industry_research_base", "1", 1.0), ("industry_research_base", "2", None),
    ("team_collaboration", "82.5", 82.5), ("team_collaboration", "120", None),
    ("premises_area", "1800.5", 1800.5), ("premises_area", "nan", None),
    ("equipment_adequacy", "12, 18，6,3,1", [12.0, 18.0, 6.0, 3.0, 1.0]), ("equipment_adequacy", "1,2,3", None),
    ("overall_satisfaction", "0.5", None),
])
def test_a_value_is_checked_against_its_unit_and_range_naming_the_item(item: str, raw: str, ok: Any) -> None:
    it = _items()[item]
    if ok is not None:
        assert sources.check_value(it, raw) == ok
        return
    with pytest.raises(InnodockError) as refused:
        sources.check_value(it, raw)
    assert refused.value.field == f"values.{item}" and it.name_zh in refused.value.message


def test_the_example_inputs_pass_the_form_checks() -> None:
    """The worked example's values are all in range: the form accepts what the JSON upload scores."""
    data = json.loads((ROOT / "evaluation" / "examples" / "seed001_full_inputs.json").read_text(encoding="utf-8"))
    items = _items()
    for key, value in data["values"].items():
        sources.check_value(items[key], value)
