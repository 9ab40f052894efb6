"""Items the knowledge base answers are read from it (issue 14 step 5): qualifications, experts, their titles."""

from __future__ import annotations

from core.db import session_scope
from core.settings import Settings
from evaluation.catalog_facts import catalog_facts
from evaluation.schemas import ScoreInput
from evaluation.service import evaluate_center
from kb.models import Center, Expert
from kb.schemas import CenterRecord, ExpertRecord
from kb.vocab import TitleLevel


def _expert(n: int, title: TitleLevel | None, center: str | None = "C1",
            pools: list[str] | None = None) -> ExpertRecord:
    return ExpertRecord(id=f"x{n}", name=f"专家{n}", center_id=center, title_level=title, pools=pools)


def test_the_facts_and_what_is_not_read() -> None:
    center = CenterRecord(id="C1", name="测试中心", kind="quality_inspection_center", qualifications=["CMA", "CNAS"])
    team = [_expert(1, TitleLevel.senior), _expert(2, TitleLevel.associate_senior), _expert(3, TitleLevel.intermediate),
            _expert(4, None)]
    pooled = [_expert(5, TitleLevel.senior, center=None, pools=["省协会专家库"]), team[0]]
    facts = catalog_facts(center, team, pooled)
    assert facts["qualifications"].value == 2 and "CMA、CNAS" in facts["qualifications"].note
    assert facts["expert_pool_size"].value == 5  # each person once, the team's own and the pool's
    assert facts["senior_title_share"].value == 100.0 * 2 / 3  # of the three whose title is known
    assert set(facts) == {"qualifications", "expert_pool_size", "senior_title_share"}
    assert catalog_facts(CenterRecord(id="C2", name="空", kind="quality_inspection_center"), [], []) == {}


def test_a_run_reads_the_catalog_unless_the_input_says_otherwise(eval_settings: Settings) -> None:
    with session_scope(eval_settings) as session:
        center = session.get(Center, "C001")
        assert center is not None
        center.qualifications = ["CMA", "CNAS", "CATL"]
        session.add_all([Expert(id="e1", name="甲", center_id="C001", title_level="senior"),
                         Expert(id="e2", name="乙", center_id="C001", title_level="intermediate")])
    with session_scope(eval_settings) as session:
        _, result = evaluate_center(session=session, center_id="C001", period="2026", outcomes=[])
        items = {it["id"]: it for d in result["dimensions"] for i in d["indicators"] for it in i["items"]}
        assert (items["qualifications"]["raw"], items["qualifications"]["origin"]) == (3.0, "kb")
        assert (items["expert_pool_size"]["raw"], items["senior_title_share"]["raw"]) == (2.0, 50.0)
        _, typed = evaluate_center(session=session, center_id="C001", period="2026", outcomes=[],
                                   inputs=ScoreInput(values={"qualifications": 7}))
        kept = {it["id"]: it for d in typed["dimensions"] for i in d["indicators"] for it in i["items"]}
        assert (kept["qualifications"]["raw"], kept["qualifications"]["origin"]) == (7.0, "input")
        _, off = evaluate_center(session=session, center_id="C001", period="2026", outcomes=[], use_catalog=False)
        none = {it["id"]: it for d in off["dimensions"] for i in d["indicators"] for it in i["items"]}
        assert none["qualifications"]["raw"] is None
