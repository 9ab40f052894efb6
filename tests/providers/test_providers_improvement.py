"""The improvement loop (issue 14 step 6; seed 000 §8.2–8.3), through the flows: a station's failed evaluation leaves
findings and proposes rectification; the association accepts; the station plans and reports its corrective actions;
the re-checks close them and propose passing the re-check, back to operating. A second station fails its re-check
after the deadline and is proposed for revocation. Each step shows in matching; nothing moves without the
association's decision; and the provider never re-checks itself."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from core.bilingual import in_language
from core.db import session_scope
from core.errors import ConflictError, InnodockError, PermissionDeniedError
from core.settings import Settings
from evaluation.hierarchy import load_hierarchy
from evaluation.schemas import ScoreInput
from flows import evaluations, improvement, knowledge, matching
from flows import providers as flow
from flows.events import MemoryOutbox
from flows.matching import MatcherSetup
from matcher import service as matcher_service
from matcher.schemas import MatchQuery
from outbox.vocab import DomainEvent
from providers import profiles
from providers.improvement import (
    FINDING_BELOW,
    RECTIFICATION_DAYS,
    consequence,
    due_after_rectification,
    findings_from,
    graded_measure,
)
from tests.kb.kbhelpers import write_jsonl
from tests.matcher.matcher_helpers import NgramEmbedder
from tests.providers.providerhelpers import (
    ASSOC,
    QIC,
    QIC_CAP,
    STATION,
    STATION_CAP,
    STATION_COORD,
    STATION_MATERIALS,
    decision,
    scaled_inputs,
    seed,
)

SETUP = MatcherSetup(embedder=NgramEmbedder())
SENT = MemoryOutbox()  # what the flows announce (cleared by each test that reads it)
POOL = [{"type": "expert", "id": f"pool-{i}", "name": f"池内专家{i}", "pools": ["广东省质促会专家库"],
         "degree": "master", "years_experience": 8} for i in range(10)]
NEED = "我们是佛山的陶瓷砖生产企业，想提升陶瓷砖吸水率和破坏强度的质量水平，需要质量提升咨询和标准培训。"


def _inputs(scale: float, *, own: bool = False) -> ScoreInput:
    return ScoreInput.model_validate(scaled_inputs(STATION["id"], scale, own=own))


def _apply(settings: Settings, tmp: Path) -> None:
    """The station applies (seed 003 art. 6); the rest of the catalog is imported."""
    seed(settings, tmp, [QIC, QIC_CAP])
    with session_scope(settings) as session:
        record = {k: v for k, v in STATION.items() if k != "type"}
        flow.apply(session=session, principal=ASSOC, center={**record, "staff_full_time": 1, "staff_part_time": 2},
                   materials={}, construction=False)
        assert knowledge.import_files(session=session, paths=[write_jsonl(tmp / "cap.jsonl", [STATION_CAP, *POOL])],
                                      replace=False).ok


def _operating(settings: Settings, day: date) -> None:
    for transition, payload in (("start_review", {"materials": STATION_MATERIALS}),
                                ("approve_build", decision("同意建站", day, "粤质促〔2026〕8号", experts=["黄工"],
                                                           opinion="同意")),
                                ("request_acceptance", {"summary": "场所、人员、制度到位"}),
                                ("pass_acceptance", decision("核准挂牌", day, "粤科协备〔2026〕21号",
                                                             experts=["省科协"], opinion="同意"))):
        _advance(settings, transition, payload, day)


def _advance(settings: Settings, transition: str, payload: dict[str, Any], day: date) -> str:
    with session_scope(settings) as session:
        life = flow.provider(session=session, principal=ASSOC, center_id=STATION["id"], today=day)[1]
        who = STATION_COORD if transition == "request_acceptance" else ASSOC
        return flow.advance(session=session, principal=who, center_id=STATION["id"], transition=transition,
                            version=life.version, payload=payload, today=day, outbox=SENT).state


def _state(settings: Settings, day: date) -> str:
    with session_scope(settings) as session:
        return flow.provider(session=session, principal=ASSOC, center_id=STATION["id"], today=day)[1].state


def _evaluate(settings: Settings, scale: float, day: date) -> int:
    with session_scope(settings) as session:
        run = evaluations.evaluate(session=session, principal=ASSOC, center_id=STATION["id"], period=str(day.year),
                                   inputs=_inputs(scale), today=day, outbox=SENT)
        return run.id


def _decide_open(settings: Settings, transition: str, day: date, doc: str) -> str:
    """The association accepts the one open proposal of ``transition`` for the station; the new state."""
    with session_scope(settings) as session:
        [waiting] = [p for p in flow.proposals(session=session, principal=ASSOC)
                     if p.center_id == STATION["id"] and p.transition == transition]
        _, moved = flow.decide_proposal(session=session, principal=ASSOC, proposal_id=waiting.id, accept=True,
                                        today=day, payload={"decided_on": day.isoformat(), "decision_document": doc},
                                        outbox=SENT)
        assert moved is not None
        return moved.state


def _step(settings: Settings, who: Any, finding_id: int, step: str, day: date, **more: Any) -> Any:
    with session_scope(settings) as session:
        version = next(f for f in improvement.findings(session=session, principal=ASSOC, center_id=STATION["id"])
                       if f.id == finding_id).version
        return improvement.step(session=session, principal=who, finding_id=finding_id, step=step, version=version,
                                today=day, outbox=SENT, **more)


def _flags(settings: Settings, day: date) -> set[str]:
    with session_scope(settings) as session:
        [result] = matching.match_needs(session=session, settings=settings, setup=SETUP,
                                        needs=[MatchQuery(text=NEED)], top_k=5, today=day)
    station = next((m for m in result.matches if m.center_id == STATION["id"]), None)
    if station is None:
        return {"excluded"} if any(e.center_id == STATION["id"] for e in result.excluded) else {"absent"}
    return {getattr(r, "flag", "") for r in station.reasons if getattr(r, "rule", "") == "lifecycle"}


def test_a_failed_evaluation_runs_the_loop_to_rectification_and_back(settings: Settings, tmp_path: Path) -> None:
    try:
        _apply(settings, tmp_path)
        matching.sync_index(setup=SETUP, settings=settings)
        _loop(settings)
    finally:
        matcher_service.reset()


def _proposed() -> list[str]:
    return [str(payload["transition"]) for event, payload, _ in SENT.events if event == DomainEvent.transition_proposed]


def _loop(settings: Settings) -> None:
    SENT.events.clear()
    day = date(2026, 3, 2)
    _operating(settings, day)
    assert _flags(settings, day) == set()

    # A failed evaluation: findings, one per indicator under the 合格 cut, and a proposal of rectification. Nothing
    # moves until the association decides.
    eval_day = date(2027, 3, 10)
    _evaluate(settings, 0.2, eval_day)
    with session_scope(settings) as session:
        found = improvement.findings(session=session, principal=STATION_COORD, center_id=STATION["id"])
        waiting = [p for p in flow.proposals(session=session, principal=ASSOC) if p.center_id == STATION["id"]]
    assert found and all(f.state == "open" and f.score < FINDING_BELOW for f in found)
    assert [p.transition for p in waiting] == ["order_rectification"]
    assert waiting[0].payload["deadline"] == (eval_day + timedelta(days=RECTIFICATION_DAYS)).isoformat()
    assert waiting[0].source.startswith("evaluation:run-")
    assert _proposed() == ["order_rectification"]  # the association (and the station) are told
    assert _state(settings, eval_day) == "operating"
    # The same grade again proposes nothing new while the first proposal waits; as the newer rating of the year, its
    # findings supersede the first run's (see test_a_newer_rating_of_the_same_year_supersedes_the_earlier_runs_open_
    # findings), one open finding an indicator still.
    again = _evaluate(settings, 0.2, eval_day)
    with session_scope(settings) as session:
        assert [p.transition for p in flow.proposals(session=session, principal=ASSOC)
                if p.center_id == STATION["id"]] == ["order_rectification"]
        newer = improvement.findings(session=session, principal=ASSOC, center_id=STATION["id"], open_only=True)
    assert [(f.indicator_id, f.score, f.run_id) for f in newer] == [(f.indicator_id, f.score, again) for f in found]
    found = newer

    assert _decide_open(settings, "order_rectification", eval_day, "粤质促〔2027〕6号") == "rectifying"
    assert _flags(settings, eval_day) == {"rectifying"}

    # The station plans each action and reports it done; the association re-checks. A deadline in the past, a step
    # out of order and a re-check by the station itself are refused, and change nothing.
    first = found[0]
    with pytest.raises(InnodockError) as past:
        _step(settings, STATION_COORD, first.id, "plan_action", eval_day, action="补充专家", owner="站长",
              due_on=eval_day)
    assert past.value.field == "due_on"
    with pytest.raises(ConflictError):
        _step(settings, ASSOC, first.id, "pass_recheck", eval_day, note="已整改")
    due = eval_day + timedelta(days=60)
    for f in found:
        planned, _ = _step(settings, STATION_COORD, f.id, "plan_action", eval_day,
                           action=f"针对“{f.indicator_zh}”制定整改方案并落实", owner="站长 梁工", due_on=due)
        assert planned.state == "planned" and planned.due_on == due
        _step(settings, STATION_COORD, f.id, "report_done", eval_day + timedelta(days=30), note="已按方案完成整改")
    with pytest.raises(PermissionDeniedError):
        _step(settings, STATION_COORD, first.id, "pass_recheck", eval_day + timedelta(days=31), note="自查通过")

    # One re-check fails and goes back with a new deadline; then every finding passes, which proposes passing the
    # re-check of the lifecycle: back to operating once the association accepts.
    back, none = _step(settings, ASSOC, first.id, "fail_recheck", eval_day + timedelta(days=31),
                       note="专家名单未更新", due_on=eval_day + timedelta(days=90))
    assert back.state == "planned" and none is None
    _step(settings, STATION_COORD, first.id, "report_done", eval_day + timedelta(days=40), note="名单已更新并报送")
    proposal = None
    for f in found:
        closed, proposal = _step(settings, ASSOC, f.id, "pass_recheck", eval_day + timedelta(days=45),
                                 note="复核通过")
        assert closed.state == "closed"
    assert proposal is not None and proposal.transition == "pass_recheck"
    assert _proposed() == ["order_rectification", "pass_recheck"]
    with session_scope(settings) as session:
        record = next(f for f in improvement.findings(session=session, principal=ASSOC, center_id=STATION["id"])
                      if f.id == first.id)
    assert [e.step for e in record.events] == ["found", "plan_action", "report_done", "fail_recheck", "report_done",
                                              "pass_recheck"]
    assert _decide_open(settings, "pass_recheck", eval_day + timedelta(days=46), "粤质促〔2027〕11号") == "operating"
    assert _flags(settings, eval_day + timedelta(days=46)) == set()


def test_a_failed_recheck_after_the_deadline_proposes_revocation(settings: Settings, tmp_path: Path) -> None:
    try:
        _apply(settings, tmp_path)
        matching.sync_index(setup=SETUP, settings=settings)
        day = date(2026, 3, 2)
        _operating(settings, day)
        eval_day = date(2027, 3, 10)
        _evaluate(settings, 0.2, eval_day)
        assert _decide_open(settings, "order_rectification", eval_day, "粤质促〔2027〕6号") == "rectifying"
        with session_scope(settings) as session:
            first = improvement.findings(session=session, principal=ASSOC, center_id=STATION["id"])[0]
            deadline = flow.provider(session=session, principal=ASSOC, center_id=STATION["id"],
                                     today=eval_day)[1].rectification_deadline
        assert deadline == eval_day + timedelta(days=RECTIFICATION_DAYS)
        # While the provider rectifies, an action is due by the rectification deadline: one due after it cannot be
        # part of rectifying within it (the played year's center was to rectify by 2027-03-18 with eight actions due
        # from 2027-03-28 on; the provider's life walked as a new user, 2026-11-28). Refused, nothing written.
        with pytest.raises(InnodockError) as late_plan:
            _step(settings, STATION_COORD, first.id, "plan_action", eval_day, action="补充专家", owner="站长",
                  due_on=deadline + timedelta(days=1))
        assert late_plan.value.field == "due_on" and late_plan.value.code == "after_rectification_deadline"
        # citing the station's own rules (art. 16 不合格整改), not Shanghai's guidance's 四(二) for every provider
        assert str(deadline) in late_plan.value.message and "第十六条" in late_plan.value.message
        assert "四(二)" not in late_plan.value.message and "上海" not in late_plan.value.message
        _step(settings, STATION_COORD, first.id, "plan_action", eval_day, action="补充专家", owner="站长",
              due_on=deadline)
        _step(settings, STATION_COORD, first.id, "report_done", eval_day + timedelta(days=20), note="已完成")
        # Within the rectification period, a failed re-check sends the action back (due by the deadline too);
        # nothing is proposed.
        with pytest.raises(InnodockError) as late_again:
            _step(settings, ASSOC, first.id, "fail_recheck", eval_day + timedelta(days=25), note="未达标",
                  due_on=deadline + timedelta(days=5))
        assert late_again.value.code == "after_rectification_deadline"
        _, none = _step(settings, ASSOC, first.id, "fail_recheck", eval_day + timedelta(days=25), note="未达标",
                        due_on=deadline - timedelta(days=5))
        assert none is None
        _step(settings, STATION_COORD, first.id, "report_done", deadline - timedelta(days=1), note="再次整改")
        late = deadline + timedelta(days=3)
        _, revoke = _step(settings, ASSOC, first.id, "fail_recheck", late, note="整改期满仍不达标",
                          due_on=late + timedelta(days=30))
        assert revoke is not None and revoke.transition == "revoke"
        # by the station's own rules (its profile's measure), not Shanghai's guidance's 调整退出 (a center's day
        # walked on 2026-11-29)
        assert "《科技服务站管理办法》第二十一条撤销并摘牌" in revoke.grounds and "上海" not in revoke.grounds
        assert "(Rules for science and technology service stations, art. 21) (our reading)" in revoke.grounds
        assert _state(settings, late) == "rectifying"  # proposed, not applied
        assert _decide_open(settings, "revoke", late, "粤质促〔2027〕30号") == "revoked"
        assert _flags(settings, late) == {"excluded"}
    finally:
        matcher_service.reset()


def test_the_grade_decides_the_consequence() -> None:
    def result(tier: str, klass: str, complete: bool = True) -> dict[str, Any]:
        return {"complete": complete, "period": "2027", "tier": {"id": tier, "label_zh": tier},
                "management_class": {"id": klass, "label_zh": klass}}

    day, later = date(2027, 3, 1), date(2027, 12, 1)
    # 重点监管 is a state of its own (seed 002 四(二)): a pass graded for key supervision places the provider there.
    watched = consequence(result=result("pass", "key_supervision"), state="operating", rectification_deadline=None,
                          today=day)
    assert (watched.kind, watched.transition) == ("key_supervision", "place_under_key_supervision")
    assert consequence(result=result("pass", "key_supervision"), state="key_supervision",
                       rectification_deadline=None, today=day).transition is None
    rectify = consequence(result=result("fail", "key_supervision"), state="operating", rectification_deadline=None,
                          today=day)
    assert rectify.transition == "order_rectification" and rectify.deadline == day + timedelta(days=RECTIFICATION_DAYS)
    assert consequence(result=result("fail", "normal"), state="key_supervision", rectification_deadline=None,
                       today=day).transition == "order_rectification"
    assert consequence(result=result("fail", "key_supervision"), state="rectifying",
                       rectification_deadline=date(2027, 9, 1), today=day).transition is None  # under way
    assert consequence(result=result("fail", "key_supervision"), state="rectifying",
                       rectification_deadline=date(2027, 9, 1), today=later).transition == "revoke"
    commend = consequence(result=result("excellent", "incentive"), state="operating", rectification_deadline=None,
                          today=day)
    assert commend.kind == "incentive" and commend.transition == "commend"
    # Under rectification an incentive grade is recorded but proposes nothing: the re-check decides first.
    assert consequence(result=result("excellent", "incentive"), state="rectifying",
                       rectification_deadline=date(2027, 9, 1), today=day).transition is None
    assert consequence(result=result("good", "normal"), state="operating", rectification_deadline=None,
                       today=day).transition is None
    # Seed 003 art. 15: a station graded 良好 is promoted, whatever its class; a center graded so is not. Only a
    # station under Guangdong's rules: one whose rules are not known gets the general rules, not Guangdong's.
    assert consequence(result=result("good", "normal"), state="operating", rectification_deadline=None,
                       today=day, kind="service_station",
                       profile=profiles.get("guangdong_station")).transition == "commend"
    assert consequence(result=result("good", "normal"), state="operating", rectification_deadline=None,
                       today=day, kind="service_station").transition is None
    assert consequence(result=result("good", "normal"), state="operating", rectification_deadline=None,
                       today=day, kind="quality_inspection_center").transition is None
    assert consequence(result=result("fail", "key_supervision", complete=False), state="operating",
                       rectification_deadline=None, today=day).transition is None


def test_findings_are_the_indicators_under_the_pass_cut() -> None:
    result = {"dimensions": [{"indicators": [
        {"id": "a", "name_zh": "甲", "name_en": "A", "score": 59.99},
        {"id": "b", "name_zh": "乙", "name_en": "B", "score": 60.0},
        {"id": "c", "name_zh": "丙", "name_en": "C", "score": None}]}]}
    assert [f.indicator_id for f in findings_from(result)] == ["a"]


def test_a_newer_rating_of_the_same_year_supersedes_the_earlier_runs_open_findings(settings: Settings,
                                                                                   tmp_path: Path) -> None:
    """Seed 000 §8.2 has the center analyse the evaluation's result and improve on it; the provider's rating is its
    newest run (``evaluation.service.latest_run``). A trial rated a center twice in 2026 and its to-do list kept the
    earlier run's scores beside the newer one's, 16 open where the inbox said 1 was found: the newer run of a year
    settles the earlier run's open findings as superseded (kept, with their history, §8.3) and opens its own, so what
    is open is what the newest rating found. Another year's open findings are not the newer run's to settle."""
    _apply(settings, tmp_path)
    _operating(settings, date(2026, 3, 2))
    SENT.events.clear()
    first_run = _evaluate(settings, 0.2, date(2027, 3, 10))
    with session_scope(settings) as session:
        first = improvement.findings(session=session, principal=ASSOC, center_id=STATION["id"])
    assert first and {f.run_id for f in first} == {first_run}
    _step(settings, STATION_COORD, first[0].id, "plan_action", date(2027, 3, 11), action="补充专家", owner="站长",
          due_on=date(2027, 6, 1))

    second_run = _evaluate(settings, 0.45, date(2027, 10, 15))
    with session_scope(settings) as session:
        every = improvement.findings(session=session, principal=ASSOC, center_id=STATION["id"])
        still = improvement.findings(session=session, principal=ASSOC, center_id=STATION["id"], open_only=True)
    earlier = [f for f in every if f.run_id == first_run]
    assert [f.id for f in earlier] == [f.id for f in first]  # kept, not deleted
    assert {f.state for f in earlier} == {"superseded"}
    assert all(f.events[-1].step == "supersede" and str(second_run) in (f.events[-1].note or "") for f in earlier)
    assert earlier[0].action == "补充专家"  # what was planned stays on record
    assert still and {f.run_id for f in still} == {second_run}
    opened = [p for e, p, _ in SENT.events if e == DomainEvent.finding_opened and p["run_id"] == second_run]
    assert len(opened) == len(still)  # the inbox's "本次评价发现 N 项" is what the page lists open

    third_run = _evaluate(settings, 0.2, date(2028, 3, 10))  # another year: the 2027 findings stay
    with session_scope(settings) as session:
        after = improvement.findings(session=session, principal=ASSOC, center_id=STATION["id"], open_only=True)
    assert {f.id for f in still} <= {f.id for f in after}
    assert len({f.indicator_id for f in after}) == len(after)  # one open finding per indicator
    assert third_run not in {f.run_id for f in still}


def test_a_self_assessment_leaves_no_findings(settings: Settings, tmp_path: Path) -> None:
    _apply(settings, tmp_path)
    _operating(settings, date(2026, 3, 2))
    with session_scope(settings) as session:
        run = evaluations.evaluate(session=session, principal=STATION_COORD, center_id=STATION["id"], period="2027",
                                   inputs=_inputs(0.2, own=True), today=date(2027, 3, 10), outbox=SENT)
        assert not run.counts_as_rating and run.complete
        assert improvement.findings(session=session, principal=ASSOC, center_id=STATION["id"]) == []
        assert flow.proposals(session=session, principal=ASSOC) == []


def test_a_good_rating_proposes_a_commendation_the_association_decides(settings: Settings, tmp_path: Path) -> None:
    """激励管理 (seed 002 四(二)) and 宣传推广 (seed 003 art. 15): a strong rating proposes ``commend``; accepted, the
    provider stays operating, commended for that period, and a later rectification ends the commendation."""
    day = date(2026, 12, 1)
    try:
        _apply(settings, tmp_path)
        matching.sync_index(setup=SETUP, settings=settings)
        _commendation(settings, day)
    finally:
        matcher_service.reset()


def _strong() -> ScoreInput:
    """The example's inputs half as good again, rates and ratings capped at 100 (and at the unit's raw bound: a
    yes is 1, a satisfaction mean at most 5): a station graded 良好."""
    raw = scaled_inputs(STATION["id"], 1.0)
    h = load_hierarchy()
    top = {it.id: h.raw_bounds[it.unit].high for _, _, it in h.items()}
    values = {k: (min(100.0, v * 1.5, top[k]) if isinstance(v, (int, float)) and not isinstance(v, bool) and v <= 100
                  else v)
              for k, v in raw["values"].items()}
    return ScoreInput.model_validate({**raw, "values": values})


def _commendation(settings: Settings, day: date) -> None:
    _operating(settings, day)
    with session_scope(settings) as session:
        run = evaluations.evaluate(session=session, principal=ASSOC, center_id=STATION["id"], period="2026",
                                   inputs=_strong(), today=day, outbox=SENT)
    assert run.tier == "good" and run.result["management_class"]["id"] == "normal"
    with session_scope(settings) as session:
        [waiting] = [p for p in flow.proposals(session=session, principal=ASSOC) if p.center_id == STATION["id"]]
    assert waiting.transition == "commend" and waiting.payload == {"period": "2026"}
    assert "宣传推广" in waiting.grounds
    assert _decide_open(settings, "commend", day, "粤质促〔2026〕40号") == "operating"
    with session_scope(settings) as session:
        life = flow.provider(session=session, principal=ASSOC, center_id=STATION["id"], today=day)[1]
    assert (life.commended_on, life.commended_for) == (day, "2026")
    assert life.events[-1].transition == "commend" and life.events[-1].decision_document == "粤质促〔2026〕40号"
    assert _flags(settings, day) == set()  # a commendation is no flag: matching ranks by relevance and rating
    _advance(settings, "order_rectification", {**decision("年度监督发现问题", day, "粤质促〔2026〕41号"),
                                               "deadline": (day + timedelta(days=90)).isoformat()}, day)
    with session_scope(settings) as session:
        life = flow.provider(session=session, principal=ASSOC, center_id=STATION["id"], today=day)[1]
    assert life.commended_on is None and life.commended_for is None


@pytest.mark.parametrize(("profile_id", "transition", "zh", "en", "not_cited"), [
    # A Jiangsu quality inspection center (seed 000): improvement after the evaluation, §8.2; not Shanghai's
    # guidance nor the stations' rules (a center's day walked on 2026-11-29: the demo center was ordered to rectify
    # "依《关于促进上海市…指导意见》四(二)、《科技服务站管理办法》第十六条")
    ("jiangsu_qic", "order_rectification", "《省级产品质量检验中心技术创新服务规范》第8.2条分析评价结果并实施改进",
     "analyse the evaluation and improve (Specification for technical innovation services of provincial "
     "product-quality inspection centers, §8.2)", ["上海", "科技服务站", "Shanghai", "stations"]),
    # A Shanghai center: its guidance alone, not the stations' rules
    ("shanghai_qic", "order_rectification", "《关于促进上海市产品质量检验检测中心建设的指导意见》四(二)限期整改",
     "rectification within a deadline (Guidance on building Shanghai's product-quality inspection and testing "
     "centers, section 4(2))", ["科技服务站", "stations"]),
    # A Guangdong station: its rules' article 16, not Shanghai's guidance
    ("guangdong_station", "order_rectification", "《科技服务站管理办法》第十六条不合格整改",
     "rectification after failing (Rules for science and technology service stations, art. 16)",
     ["上海", "Shanghai"]),
])
def test_a_ratings_consequence_cites_the_providers_own_rules(profile_id: str, transition: str, zh: str, en: str,
                                                              not_cited: list[str]) -> None:
    result = {"complete": True, "period": "2026", "tier": {"id": "fail", "label_zh": "不合格"},
              "management_class": {"id": "key_supervision", "label_zh": "重点监管"}}
    decided = consequence(result=result, state="operating", rectification_deadline=None, today=date(2026, 10, 20),
                          profile=profiles.get(profile_id))
    assert decided.transition == transition
    chinese, english = in_language(decided.grounds, "zh"), in_language(decided.grounds, "en")
    assert chinese == f"2026 评价为不合格·重点监管，依{zh}", decided.grounds
    assert english == f"graded for key supervision or fail: {en}", decided.grounds
    assert not any(word in decided.grounds for word in not_cited), decided.grounds
    # Without a profile of its own (the default, which reads seed 002) the grounds stay as they were
    plain = consequence(result=result, state="operating", rectification_deadline=None, today=date(2026, 10, 20),
                        profile=profiles.get("default"))
    assert plain.grounds == consequence(result=result, state="operating", rectification_deadline=None,
                                        today=date(2026, 10, 20)).grounds


def _graded(tier: str, klass: str) -> dict[str, Any]:
    labels = {"pass": "合格", "fail": "不合格", "excellent": "优秀", "good": "良好", "key_supervision": "重点监管",
              "incentive": "激励管理", "normal": "正常管理"}
    return {"complete": True, "period": "2026", "tier": {"id": tier, "label_zh": labels[tier]},
            "management_class": {"id": klass, "label_zh": labels[klass]}}


# Which consequence a grade calls for is the provider's own rules profile's (a center's day walked on 2026-11-29: a
# Jiangsu center graded 重点监管 was proposed 重点监管, Shanghai's measure, which its standard does not have). Each
# row: profile, grade (tier, class), state, past the rectification deadline?, the transition proposed (None: the
# seed names none), a phrase the grounds must hold.
@pytest.mark.parametrize(("profile_id", "tier", "klass", "state", "late", "transition", "said"), [
    # Shanghai (seed 002 四(二)): 激励管理, 重点监管, 限期整改, 调整退出
    ("shanghai_qic", "pass", "key_supervision", "operating", False, "place_under_key_supervision", "四(二)重点监管"),
    ("shanghai_qic", "fail", "normal", "operating", False, "order_rectification", "四(二)限期整改"),
    ("shanghai_qic", "fail", "normal", "rectifying", True, "revoke", "四(二)调整退出"),
    ("shanghai_qic", "excellent", "incentive", "operating", False, "commend", "四(二)激励管理"),
    ("shanghai_qic", "good", "normal", "operating", False, None, "正常管理"),
    # Jiangsu (seed 000 §8.2): improvement after the evaluation; no key supervision, incentive or revocation
    ("jiangsu_qic", "pass", "key_supervision", "operating", False, None, "未规定"),
    ("jiangsu_qic", "fail", "key_supervision", "operating", False, "order_rectification", "第8.2条"),
    ("jiangsu_qic", "fail", "normal", "rectifying", True, None, "未规定"),
    ("jiangsu_qic", "excellent", "incentive", "operating", False, None, "未规定"),
    # Jiangxi metrology (seed 004 七): a yearly inspection, no measure by grade
    ("jiangxi_metrology", "pass", "key_supervision", "operating", False, None, "未规定"),
    ("jiangxi_metrology", "fail", "normal", "operating", False, None, "未规定"),
    ("jiangxi_metrology", "excellent", "incentive", "operating", False, None, "未规定"),
    # Guangdong stations (seed 003 art. 14–16): four grades; 优秀/良好 promoted, 不合格 rectified
    ("guangdong_station", "pass", "key_supervision", "operating", False, None, "未规定"),
    ("guangdong_station", "good", "normal", "operating", False, "commend", "第十五条"),
    ("guangdong_station", "fail", "normal", "operating", False, "order_rectification", "第十六条"),
    # The default profile reads seed 002's ladder
    ("default", "pass", "key_supervision", "operating", False, "place_under_key_supervision", "本项目的解读"),
    ("default", "fail", "normal", "rectifying", True, "revoke", "本项目的解读"),
])
def test_the_grades_consequence_is_the_providers_own_rules(profile_id: str, tier: str, klass: str, state: str,
                                                          late: bool, transition: str | None, said: str) -> None:
    day = date(2026, 10, 20)
    deadline = day - timedelta(days=1) if late else (day + timedelta(days=30) if state == "rectifying" else None)
    decided = consequence(result=_graded(tier, klass), state=state, rectification_deadline=deadline, today=day,
                          profile=profiles.get(profile_id))
    assert decided.transition == transition, decided
    assert said in in_language(decided.grounds, "zh"), decided.grounds
    english = in_language(decided.grounds, "en")
    assert english and english != decided.grounds, decided.grounds
    if profile_id != "shanghai_qic" and profile_id != "default":
        assert "上海" not in decided.grounds and "Shanghai" not in decided.grounds, decided.grounds
    if transition is None and said == "未规定":
        assert "names no measure" in english, english


def test_a_failed_recheck_after_the_deadline_proposes_only_what_the_profile_names() -> None:
    """flows.improvement proposes the profile's ``fail_after_deadline`` measure after a failed re-check past the
    rectification deadline (the station's revocation is tested above through the flow): a Jiangsu center's standard
    names none, so nothing is proposed; before 9679d19 every provider was proposed seed 002's 调整退出."""
    assert graded_measure(profiles.get("jiangsu_qic"), "fail_after_deadline") is None
    assert graded_measure(profiles.get("jiangxi_metrology"), "fail_after_deadline") is None
    station = graded_measure(profiles.get("guangdong_station"), "fail_after_deadline")
    assert station is not None and station[0] == "revoke" and station[1].endswith("撤销并摘牌（本项目的解读）")
    shanghai = graded_measure(profiles.get("shanghai_qic"), "fail_after_deadline")
    assert shanghai is not None and shanghai[0] == "revoke"
    assert shanghai[1] == "《关于促进上海市产品质量检验检测中心建设的指导意见》四(二)调整退出（本项目的解读）"


# A corrective action due after the rectification deadline is refused citing the provider's own rules profile's
# rectification clause (a center's day walked on 2026-11-29: every provider was refused citing seed 002 四(二)); a
# profile whose seed names no rectification deadline says the deadline is the order's, citing nothing borrowed.
@pytest.mark.parametrize(("profile_id", "zh", "en"), [
    ("shanghai_qic", "（依《关于促进上海市产品质量检验检测中心建设的指导意见》四(二)限期整改）", "section 4(2))"),
    ("jiangsu_qic", "（依《省级产品质量检验中心技术创新服务规范》第8.2条分析评价结果并实施改进）", "§8.2)"),
    ("guangdong_station", "（依《科技服务站管理办法》第十六条不合格整改）", "art. 16)"),
    ("jiangxi_metrology", "责令整改时所定的期限 2027-03-18", "the deadline the rectification order set, 2027-03-18"),
    ("default", "责令整改时所定的期限 2027-03-18", "the deadline the rectification order set, 2027-03-18"),
])
def test_an_action_due_after_the_rectification_deadline_is_refused_by_the_providers_own_rules(
        profile_id: str, zh: str, en: str) -> None:
    refused = due_after_rectification(profiles.get(profile_id), date(2027, 3, 18))
    assert refused.field == "due_on" and refused.code == "after_rectification_deadline"
    chinese, english = in_language(refused.message, "zh"), in_language(refused.message, "en")
    assert "2027-03-18" in chinese and zh in chinese, chinese
    assert "2027-03-18" in english and en in english, english
    if profile_id != "shanghai_qic":
        assert "四(二)" not in refused.message and "上海" not in refused.message, refused.message
        assert "Shanghai" not in refused.message and "section 4(2)" not in refused.message, refused.message
    if profile_id in ("jiangxi_metrology", "default"):
        assert "依" not in chinese and "seed" not in english and "(" not in english, refused.message
