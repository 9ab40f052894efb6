"""Expert team proposal: §4.2.1 lead, §4.2.2 members, own team and pools, conflicts, and the no-lead case."""

from __future__ import annotations

from matcher_helpers import NgramEmbedder, center, expert, in_session, write_kb

from core.settings import Settings
from kb.schemas import CenterRecord, ExpertRecord
from matcher import service
from matcher.schemas import MatchQuery
from matcher.team import propose

CENTER = CenterRecord.model_validate({"id": "c1", "name": "电池中心", "kind": "quality_inspection_center",
                                      "expert_pools": ["电池专家库"]})
LEAD_OK = {"degree": "master", "years_experience": 8, "led_projects": 2}


def _e(eid: str, **kw: object) -> ExpertRecord:
    return ExpertRecord.model_validate({"id": eid, "name": kw.pop("name", eid), **kw})


def test_lead_and_members_meet_the_seed_rules() -> None:
    experts = [
        _e("lead-off-topic", center_id="c1", fields=["压力表检定"], **LEAD_OK),
        _e("lead-on-topic", center_id="c1", fields=["动力电池", "热失控", "失效分析"], **LEAD_OK),
        _e("junior", center_id="c1", fields=["动力电池失效分析"], degree="other", years_experience=1),
        _e("staff", pools=["电池专家库"], fields=["电池热失控"], degree="bachelor"),
        _e("staff2", center_id="c1", fields=["电池安全"], degree="other", years_experience=4),
    ]
    relevance = {"lead-off-topic": 0.1, "lead-on-topic": 0.8, "junior": 0.7, "staff": 0.6, "staff2": 0.4}
    p = propose(center=CENTER, experts=experts, query=MatchQuery(text="动力电池热失控失效分析"),
                relevance=relevance, members=3)
    assert p.lead is not None and p.lead.expert_id == "lead-on-topic" and p.lead_exception is None
    member_ids = [m.expert_id for m in p.members]
    assert "junior" not in member_ids  # no bachelor's degree and under three years: fails §4.2.2
    assert set(member_ids) == {"staff", "staff2", "lead-off-topic"}
    assert next(m for m in p.members if m.expert_id == "staff").source == "pool"
    assert any(x["expert_id"] == "junior" for x in p.excluded)


def test_conflicts_of_interest_are_excluded() -> None:
    experts = [
        _e("mine", center_id="c1", affiliation="常州某电池有限公司", fields=["动力电池"], **LEAD_OK),
        _e("listed", center_id="c1", conflicts=["ent-42"], fields=["动力电池"], **LEAD_OK),
        _e("free", center_id="c1", fields=["储能"], **LEAD_OK),
    ]
    q = MatchQuery(text="动力电池检测", enterprise_name="常州某电池有限公司", enterprise_id="ent-42")
    p = propose(center=CENTER, experts=experts, query=q, relevance={"mine": 0.9, "listed": 0.9, "free": 0.1})
    assert p.lead is not None and p.lead.expert_id == "free"
    assert {x["expert_id"] for x in p.excluded} == {"mine", "listed"}
    assert not p.members


def test_no_qualified_lead_offers_best_candidate_with_reasons() -> None:
    experts = [
        _e("a", center_id="c1", degree="bachelor", years_experience=10, led_projects=3, fields=["电池"]),
        _e("b", center_id="c1", degree="bachelor", years_experience=2, fields=["电池"]),
    ]
    p = propose(center=CENTER, experts=experts, query=MatchQuery(text="电池"), relevance={"a": 0.5, "b": 0.5})
    assert p.lead is None
    assert p.lead_exception is not None and p.lead_exception.expert_id == "a"
    assert any("§4.2.1" in n for n in p.notes)
    assert any("硕士" in r for r in p.lead_exception.reasons)
    assert [m.expert_id for m in p.members] == ["b"]


def test_propose_team_reads_team_and_pools_from_kb(settings: Settings, fake_embedder: NgramEmbedder) -> None:
    write_kb(settings, [
        center("c1", "电池中心", expert_pools=["电池专家库"]),
        center("c2", "别的中心"),
        expert("x1", "甲", center_id="c1", fields=["动力电池"], **LEAD_OK),
        expert("x2", "乙", pools=["电池专家库"], fields=["电池"], degree="bachelor"),
        expert("x3", "丙", center_id="c2", fields=["动力电池"], **LEAD_OK),
    ])
    p = in_session(service.propose_team, settings, center_id="c1", need="动力电池", embedder=fake_embedder)
    assert p.lead is not None and p.lead.expert_id == "x1"
    assert [m.expert_id for m in p.members] == ["x2"]
