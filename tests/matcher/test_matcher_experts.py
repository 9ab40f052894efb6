"""Experts in the index (issue 13 step 4): their own index beside the capabilities', synced by the same build and
incrementally; ranking with dense + lexical evidence and reasons; conflicts of interest listed, never silent;
experts with no text warned about, not indexed, listed apart; team proposals read relevance from the index; provider
ranking untouched by experts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from matcher_helpers import BASE_KB, NgramEmbedder, expert, in_session, write_kb

from core.db import session_scope
from core.settings import Settings
from kb.io.importer import import_records
from kb.io.readers import SourceRecord
from kb.schemas import ExpertRecord
from matcher import service
from matcher.experts import conflict_reason, expert_text, same_organisation
from matcher.index.store import read_manifest
from matcher.schemas import MatchQuery

ROOT = Path(__file__).resolve().parents[2]
LEAD_OK = {"degree": "master", "years_experience": 8, "led_projects": 2}

EXPERTS: list[dict[str, Any]] = [
    expert("x-bat", "周工", center_id="c-bat", title_level="senior", **LEAD_OK,
           fields=["动力电池安全", "热失控机理"], bio="长期从事动力电池热失控试验。熟悉储能电站的消防验收。"),
    expert("x-fail", "沈工", pools=["江苏专家库"], degree="bachelor", years_experience=4,
           fields=["锂电池失效分析"], bio="擅长电芯拆解与失效分析。"),
    expert("x-met", "钱工", center_id="c-met", fields=["压力表检定", "压力传感器校准"], **LEAD_OK),
    expert("x-own", "孙工", affiliation="常州瑞澜储能科技有限公司研发中心", fields=["动力电池热失控"], **LEAD_OK),
    expert("x-listed", "吴工", conflicts=["ent-42"], fields=["电池热失控", "动力电池安全"], **LEAD_OK),
    expert("x-blank", "郑工", center_id="c-bat", **LEAD_OK),  # a name and numbers, nothing to match on
]
NEED = MatchQuery(text="动力电池热失控失效分析", enterprise_name="常州瑞澜储能科技有限公司", enterprise_id="ent-42")


def _records(items: list[dict[str, Any]]) -> list[SourceRecord]:
    return [SourceRecord(location=f"t:{i}", record_type=r["type"], data={k: v for k, v in r.items() if k != "type"})
            for i, r in enumerate(items, 1)]


def test_import_keeps_an_expert_with_no_text_and_warns(settings: Settings) -> None:
    with session_scope(settings) as session:
        result = import_records(session=session, records=_records([*BASE_KB, *EXPERTS]))
    assert result.ok and result.written and result.created["expert"] == len(EXPERTS)
    assert [(w.location, w.field) for w in result.warnings] == [(f"t:{len(BASE_KB) + len(EXPERTS)}", "fields")]
    assert "没有专长、简介、职称或工作单位" in result.warnings[0].reason and "no fields" in result.warnings[0].reason
    # A title alone, or an affiliation alone, is text: no warning.
    with session_scope(settings) as session:
        result = import_records(session=session, records=_records([
            expert("y1", "甲", title_level="senior"), expert("y2", "乙", affiliation="某大学"),
            expert("y3", "丙", title_level="none", bio="  ")]))
    assert [w.location for w in result.warnings] == ["t:3"]


def test_the_build_indexes_experts_apart_and_incrementally(settings: Settings) -> None:
    emb = NgramEmbedder()
    write_kb(settings, [*BASE_KB, *EXPERTS])
    stats = service.build_index(settings=settings, embedder=emb)
    assert stats.manifest is not None and stats.manifest.count == 4 + 3  # capabilities and centers' cards only
    assert stats.experts is not None and stats.experts.added == len(EXPERTS) - 1
    assert stats.experts.skipped == ["x-blank"]
    experts_manifest = read_manifest(service.expert_index_root(settings))
    assert experts_manifest is not None and experts_manifest.count == len(EXPERTS) - 1
    assert experts_manifest.documents == "experts" and experts_manifest.kb_version == stats.manifest.kb_version
    status = service.index_status(settings=settings)
    assert status["experts"]["without_text"] == 1 and status["experts"]["manifest"]["count"] == len(EXPERTS) - 1
    # An unchanged rebuild embeds nothing; one changed bio embeds one document.
    again = service.build_index(settings=settings, embedder=emb, force=True)
    assert again.experts is not None and again.experts.embedded == 0 and again.experts.rebuilt
    write_kb(settings, [expert("x-fail", "沈工", bio="擅长电芯拆解、CT 扫描与失效分析。")])
    before = emb.texts_embedded
    synced = service.build_index(settings=settings, embedder=emb)
    assert synced.experts is not None and (synced.experts.updated, synced.experts.embedded) == (1, 1)
    assert emb.texts_embedded - before == 1
    assert synced.embedded == 0  # the capabilities' index did not move


def test_experts_ranked_with_reasons_and_every_conflict_listed(settings: Settings) -> None:
    emb = NgramEmbedder()
    write_kb(settings, [*BASE_KB, *EXPERTS])
    out = in_session(service.match_experts, settings, need=NEED, embedder=emb, top_k=10)
    ids = [m.expert_id for m in out.matches]
    assert ids == ["x-fail", "x-bat"]  # x-met shares nothing with the need: no evidence, not listed
    assert {"x-own", "x-listed", "x-blank"}.isdisjoint(ids)
    assert {(x.expert_id, x.basis) for x in out.excluded} == {("x-own", "affiliation"), ("x-listed", "conflicts")}
    assert all(x.rule == "conflict_of_interest" and ("利益冲突" in x.reason or "任职于" in x.reason)
               for x in out.excluded)
    assert [(x.expert_id, x.rule) for x in out.without_text] == [("x-blank", "no_text")]
    assert out.considered == len(EXPERTS) - 1 and any("未参与排序" in n for n in out.notes)
    top = out.matches[1]
    kinds = [r.kind for r in top.reasons]
    assert {"passage", "terms", "rule", "seniority", "score"} <= set(kinds)
    fields = next(r for r in top.reasons if r.kind == "passage" and getattr(r, "source", "") == "fields")
    assert fields.fields == ["动力电池安全", "热失控机理"]
    bio = next(r for r in top.reasons if getattr(r, "source", "") == "bio")
    assert "热失控试验" in bio.text and "消防" not in bio.text  # the sentence that matched, not the whole bio
    lead = next(r for r in top.reasons if getattr(r, "rule", "") == "project_lead")
    assert lead.ok is True and "§4.2.1" in lead.text and top.lead_qualified
    staff_only = next(m for m in out.matches if m.expert_id == "x-fail")
    lead_rule = next(r for r in staff_only.reasons if getattr(r, "rule", "") == "project_lead")
    assert lead_rule.ok is False and lead_rule.unmet and not staff_only.lead_qualified
    score = next(r for r in top.reasons if r.kind == "score")
    assert score.dense > 0 and score.lexical > 0
    assert [m.score for m in out.matches] == sorted((m.score for m in out.matches), reverse=True)
    # The same need from another enterprise: nobody is excluded, and the two are ranked.
    other = in_session(service.match_experts, settings, need=NEED.model_copy(
        update={"enterprise_name": "别的公司", "enterprise_id": "ent-7"}), embedder=emb, top_k=10)
    assert other.excluded == [] and {"x-own", "x-listed"} <= {m.expert_id for m in other.matches}
    assert len(in_session(service.match_experts, settings, need=NEED, embedder=emb, top_k=1).matches) == 1


def test_a_conflict_is_listed_even_when_the_expert_would_not_rank(settings: Settings) -> None:
    write_kb(settings, [*BASE_KB, expert("far", "某", fields=["压力表检定"], conflicts=["常州瑞澜储能"])])
    out = in_session(service.match_experts, settings, need=NEED, embedder=NgramEmbedder())
    assert [(x.expert_id, x.basis) for x in out.excluded] == [("far", "conflicts")] and out.matches == []


def test_only_experts_with_no_text_is_said_not_crashed(settings: Settings) -> None:
    write_kb(settings, [*BASE_KB, expert("b1", "甲"), expert("b2", "乙", center_id="c-bat")])
    stats = service.build_index(settings=settings, embedder=NgramEmbedder())
    assert stats.experts is not None and stats.experts.skipped == ["b1", "b2"]
    out = in_session(service.match_experts, settings, need="动力电池", embedder=NgramEmbedder())
    assert out.matches == [] and out.considered == 0
    assert [x.expert_id for x in out.without_text] == ["b1", "b2"]
    assert any("没有可匹配的专家" in n for n in out.notes)


def test_provider_ranking_is_the_same_with_and_without_experts(settings: Settings) -> None:
    emb = NgramEmbedder()
    write_kb(settings, BASE_KB)
    needs = ["动力电池热失控失效分析", "压力表检定", "金属盐雾试验", "电池热失控专家咨询"]
    before = [in_session(service.match, settings, need=n, embedder=emb).to_json(with_exclusions=True)
              for n in needs]
    # Experts whose words are the needs' own words: were they in the providers' index, they would crowd it.
    write_kb(settings, [expert(f"e{i}", f"专家{i}", fields=[n], bio=n * 3) for i, n in enumerate(needs * 10)])
    after = [in_session(service.match, settings, need=n, embedder=emb).to_json(with_exclusions=True)
             for n in needs]
    assert after == before


def test_team_proposal_reads_relevance_from_the_index(settings: Settings) -> None:
    emb = NgramEmbedder()
    write_kb(settings, [*BASE_KB, *EXPERTS])
    service.build_index(settings=settings, embedder=emb)
    embedded = emb.texts_embedded
    p = in_session(service.propose_team, settings, center_id="c-bat", need=NEED, embedder=emb, members=3)
    assert emb.texts_embedded == embedded  # the need is embedded as a query; no expert is embedded again
    assert p.lead is not None and p.lead.expert_id == "x-bat" and p.lead.relevance > 0
    assert any("仅按资格条件排列" in n for n in p.notes)  # x-blank: placed by the rules alone
    assert "x-blank" in {m.expert_id for m in p.members}
    blank = next(m for m in p.members if m.expert_id == "x-blank")
    assert blank.relevance == 0.0


def test_an_expert_added_after_the_build_is_found_without_a_rebuild(settings: Settings) -> None:
    emb = NgramEmbedder()
    write_kb(settings, BASE_KB)
    service.build_index(settings=settings, embedder=emb)
    write_kb(settings, [expert("late", "晚到", fields=["盐雾试验", "腐蚀评价"])])
    out = in_session(service.match_experts, settings, need="金属盐雾腐蚀", embedder=emb)
    assert [m.expert_id for m in out.matches] == ["late"]


@pytest.mark.parametrize(("a", "b", "same"), [
    ("常州瑞澜储能科技有限公司", "常州瑞澜储能科技有限公司", True),
    ("常州瑞澜储能科技有限公司研发中心", "常州瑞澜储能科技有限公司", True),
    ("瑞澜储能", "常州瑞澜储能科技有限公司", True),
    ("常州 瑞澜储能科技 有限公司", "常州瑞澜储能科技股份有限公司", True),
    ("Acme Co., Ltd.", "acme", True),
    ("电池", "常州电池有限公司", False),  # too short to name one organisation
    ("有限公司", "常州瑞澜储能科技有限公司", False),
    ("某大学", "某电池公司", False),
])
def test_same_organisation(a: str, b: str, same: bool) -> None:
    assert same_organisation(a, b) is same and same_organisation(b, a) is same


def test_ids_and_credit_codes_match_exactly() -> None:
    e = ExpertRecord.model_validate({"id": "e", "name": "甲", "conflicts": ["ent-421", "91320400MA1XXXXX0X"]})
    assert conflict_reason(e, MatchQuery(text="x", enterprise_id="ent-42")) is None
    assert conflict_reason(e, MatchQuery(text="x", enterprise_code="91320400ma1xxxxx0x")) == (
        "conflicts", "登记了与需求企业的利益冲突 / lists the requesting enterprise among conflicts of interest")
    assert conflict_reason(e, MatchQuery(text="x")) is None


def test_expert_text_leaves_out_the_name_and_keeps_what_they_know() -> None:
    e = ExpertRecord.model_validate({"id": "e", "name": "周立新", "fields": ["动力电池"], "bio": "简介。",
                                     "title_level": "senior", "affiliation": "某大学"})
    text = expert_text(e)
    assert text is not None and "周立新" not in text
    assert all(part in text for part in ("专长：动力电池", "简介", "职称：正高级", "单位：某大学"))
    assert expert_text(ExpertRecord.model_validate({"id": "e", "name": "甲", "title_level": "none"})) is None


SAMPLE_EXPERTS = ("exp-qic-001", "exp-pool-005", "exp-pool-029", "exp-pool-045", "exp-pool-069", "exp-pool-077")


@pytest.mark.slow
def test_real_default_model_ranks_sample_experts(settings: Settings, e5_home: Path) -> None:
    """The default e5+USE ensemble on six of the sample catalog's experts (one center's, five of the pools'): a
    Chinese and an English need each find the expert who fits, and the battery center's expert who lists the
    enterprise among his conflicts is excluded for it."""
    from matcher.embedding.models import DEFAULT_MODEL, load_embedder

    records = [json.loads(line) for path in sorted((ROOT / "kb" / "sample").glob("*.jsonl"))
               for line in path.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]
    chosen = [r for r in records if r["id"] in (*SAMPLE_EXPERTS, "qic-js-battery") and r["type"] != "capability"]
    write_kb(settings, chosen)
    ens = load_embedder(DEFAULT_MODEL, home=e5_home)
    battery = in_session(service.match_experts, settings, need="储能电池簇热失控风险评估", embedder=ens, top_k=3)
    assert battery.matches[0].expert_id == "exp-qic-001"
    sds = in_session(service.match_experts, settings, embedder=ens, top_k=3,
                     need="We need safety data sheets and GHS labels for our industrial cleaning chemicals")
    assert sds.matches[0].expert_id == "exp-pool-029"
    barred = in_session(service.match_experts, settings, embedder=ens, top_k=3, need=MatchQuery(
        text="储能电池簇热失控风险评估", enterprise_name="常州瑞澜储能科技有限公司"))
    assert [x.expert_id for x in barred.excluded] == ["exp-qic-001"]
    assert "exp-qic-001" not in {m.expert_id for m in barred.matches}
