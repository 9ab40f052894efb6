"""Issue 14 end to end, through the flows: a science & technology service station from its application through the
approval, the acceptance and an annual report, then into rectification and on to revocation; each step shows up in
matching (the status the catalog shows, the flags and their penalty, the exclusion), with the tiny hashing embedder
so no model is loaded."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from core.db import session_scope
from core.settings import Settings
from flows import knowledge, matching, obligations
from flows import providers as flow
from flows.events import MemoryOutbox
from flows.matching import MatcherSetup
from matcher import service as matcher_service
from matcher.schemas import MatchQuery, MatchResult
from tests.kb.kbhelpers import write_jsonl
from tests.matcher.matcher_helpers import NgramEmbedder
from tests.providers.providerhelpers import ASSOC, STATION, STATION_CAP, STATION_COORD, STATION_MATERIALS, decision

NEED = "我们是佛山的陶瓷砖生产企业，想提升陶瓷砖吸水率和破坏强度的质量水平，需要质量提升咨询和标准培训。"
OTHER = {"type": "center", "id": "psp-gd-ceramics", "name": "广东省陶瓷产品公共技术服务平台",
         "kind": "public_service_platform", "region": "广东省佛山市", "industries": ["建筑陶瓷"]}
OTHER_CAP = {"type": "capability", "id": "cap-psp-1", "center_id": "psp-gd-ceramics",
             "title": "陶瓷砖吸水率与破坏强度检测及质量改进",
             "service_types": ["inspection_testing", "training_consulting"], "industries": ["建筑陶瓷"]}
POOL = [{"type": "expert", "id": f"pool-{i}", "name": f"池内专家{i}", "pools": ["广东省质促会专家库"],
         "degree": "master", "years_experience": 8} for i in range(10)]
SETUP = MatcherSetup(embedder=NgramEmbedder())


def _match(settings: Settings, today: date) -> MatchResult:
    with session_scope(settings) as session:
        [result] = matching.match_needs(session=session, settings=settings, setup=SETUP,
                                        needs=[MatchQuery(text=NEED)], top_k=5, today=today)
    return result


def _station(result: MatchResult) -> Any:
    return next((m for m in result.matches if m.center_id == STATION["id"]), None)


def _flags(match: Any) -> set[str]:
    return {getattr(r, "flag", "") for r in match.reasons if getattr(r, "rule", "") in ("lifecycle", "compliance")}


def _advance(settings: Settings, transition: str, payload: dict[str, Any], today: date, who: Any = ASSOC) -> str:
    with session_scope(settings) as session:
        version = flow.provider(session=session, principal=ASSOC, center_id=STATION["id"], today=today)[1].version
        return flow.advance(session=session, principal=who, center_id=STATION["id"], transition=transition,
                            version=version, payload=payload, today=today, outbox=MemoryOutbox()).state


@pytest.mark.slow  # 3–9 s: matching at each of seven steps
def test_a_station_from_application_to_revocation_in_matching(settings: Settings, tmp_path: Path) -> None:
    try:
        _journey(settings, tmp_path)
    finally:
        matcher_service.reset()


def _journey(settings: Settings, tmp_path: Path) -> None:
    day = date(2026, 3, 2)
    with session_scope(settings) as session:
        assert knowledge.import_files(session=session, paths=[write_jsonl(tmp_path / "kb.jsonl", [
            OTHER, OTHER_CAP, *POOL])], replace=False).ok
        record = {k: v for k, v in STATION.items() if k != "type"}
        flow.apply(session=session, principal=ASSOC, center={**record, "staff_full_time": 1, "staff_part_time": 2},
                   materials={}, construction=False)
        assert knowledge.import_files(session=session, paths=[write_jsonl(tmp_path / "cap.jsonl", [STATION_CAP])],
                                      replace=False).ok
    matching.sync_index(setup=SETUP, settings=settings)

    # Applied, not yet accepted (申请中): never a candidate (a new user's trial, 2026-11-29: it was proposed, flagged).
    assert _station(_match(settings, day)) is None
    _advance(settings, "start_review", {"materials": STATION_MATERIALS}, day)
    # Under review: still an application, not yet approved (申请评审中): never a candidate either (a new user's trial,
    # 2026-11-29: it was proposed as preparing, flagged).
    assert _station(_match(settings, day)) is None

    _advance(settings, "approve_build", decision("资料核实无误，签订共建协议", day, "粤质促〔2026〕8号",
                                                 experts=["黄工"], opinion="同意建站"), day)
    building = _station(_match(settings, day))
    assert _flags(building) == set()  # preparing, no lifecycle flag: a station's seed sets no building period
    _advance(settings, "request_acceptance", {"summary": "场所、人员、制度到位"}, day, who=STATION_COORD)
    assert _advance(settings, "pass_acceptance", decision("核准挂牌", day, "粤科协备〔2026〕21号",
                                                          experts=["省科协"], opinion="同意"), day) == "operating"
    operating = _station(_match(settings, day))
    assert _flags(operating) == set() and not any(getattr(r, "flag", "") == "preparing" for r in operating.reasons)

    # The next year: the annual summary of 2026 is due by the end of February 2027 (seed 003 art. 12); it is filed
    # and reviewed, and the calendar shows it done.
    report_day = date(2027, 2, 10)
    with session_scope(settings) as session:
        due = {o.kind: o for o in obligations.ensure_calendar(session=session, year=2027)
               if o.center_id == STATION["id"]}
        assert due["annual_report"].period == "2026" and due["annual_report"].due_on == date(2027, 2, 28)
        filed = obligations.file(session=session, principal=STATION_COORD, obligation_id=due["annual_report"].id,
                                 content={"text": "2026 年服务陶瓷企业 23 家，开展标准宣贯 4 次。"}, today=report_day,
                                 outbox=MemoryOutbox())
        obligations.review(session=session, principal=ASSOC, filing_id=filed.id, score=85, note="完成良好",
                           outbox=MemoryOutbox())

    # Rectification: still operating, flagged and penalised against the score it had.
    rect_day = date(2027, 4, 1)
    _advance(settings, "order_rectification", decision("年度监督发现专家队伍流失", rect_day, "粤质促〔2027〕5号",
                                                       deadline=(rect_day + timedelta(days=60)).isoformat()),
             rect_day)
    rectifying = _station(_match(settings, rect_day))
    assert rectifying is not None and _flags(rectifying) == {"rectifying"}
    assert rectifying.score < operating.score
    lifecycle_reason = next(r for r in rectifying.reasons if getattr(r, "rule", "") == "lifecycle")
    assert "限期整改中" in lifecycle_reason.text and getattr(lifecycle_reason, "delta", 0) < 0

    # Revocation: the catalog shows it withdrawn, and matching never proposes it.
    revoke_day = rect_day + timedelta(days=70)
    assert _advance(settings, "revoke", decision("整改期满仍不达标", revoke_day, "粤质促〔2027〕19号"),
                    revoke_day) == "revoked"
    final = _match(settings, revoke_day)
    assert _station(final) is None
    assert any(e.center_id == STATION["id"] and e.rule == "status" for e in final.excluded)
    assert any(m.center_id == OTHER["id"] for m in final.matches)
