"""Structured filings (issue 29, item 5): the annual report asks for seed 002 四(一)'s five contents, seed 004 七(三)
asks for the capability plan, a filing missing a part is refused naming it with nothing stored, and the periodic
evaluation closes only on a completed rating run — by flows and at the terminal (the API and the page:
tests/api/test_api_provider_filings.py), one flow."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from core.cli import app
from core.db import session_scope
from core.errors import InnodockError
from core.settings import Settings
from evaluation.schemas import ScoreInput
from flows import evaluations, obligations
from flows import providers as flow
from flows.events import MemoryOutbox
from providers.models import ProviderLifecycle
from tests.providers.providerhelpers import ASSOC, QIC, STATION, STATION_COORD, person, scaled_inputs, seed

MET = {"type": "center", "id": "met-jx-tungsten", "name": "江西省钨与稀土产业计量测试中心", "kind": "metrology_center",
       "region": "江西省赣州市", "industries": ["钨与稀土"], "qualifications": ["CMA"]}
FIVE = {"capability": "CMA 扩项 12 个参数，能力验证 3 次全部满意", "management": "管理评审一次，内审两次",
        "business": "出具报告 4200 份，服务企业 310 家", "research": "承担省级科研项目 2 项，发布团体标准 1 项",
        "social_responsibility": "免费为中小企业开放仪器 600 机时"}
QIC_COORD = person(STATION_COORD.role, center_id="qic-sh-ic", name="wang")


def _operating(settings: Settings, tmp_path: Path) -> dict[tuple[str, str], Any]:
    seed(settings, tmp_path, [QIC, STATION, MET])
    with session_scope(settings) as session:
        flow.sync(session=session)
    with session_scope(settings) as session:
        for row in session.query(ProviderLifecycle):
            row.operating_since = date(2024, 6, 1)
    with session_scope(settings) as session:
        made = obligations.ensure_calendar(session=session, year=2026)
    return {(o.center_id, o.kind): o for o in made}


def _file(settings: Settings, who: Any, obligation_id: int, content: dict[str, Any]) -> Any:
    with session_scope(settings) as session:
        return obligations.file(session=session, principal=who, obligation_id=obligation_id, content=content,
                                today=date(2026, 3, 20), outbox=MemoryOutbox())


def _refused(settings: Settings, who: Any, obligation_id: int, content: dict[str, Any]) -> InnodockError:
    with pytest.raises(InnodockError) as refused:
        _file(settings, who, obligation_id, content)
    with session_scope(settings) as session:  # nothing stored, the obligation still open
        for center_id in (QIC["id"], STATION["id"], MET["id"]):
            assert obligations.filings(session=session, principal=ASSOC, center_id=center_id) == []
    return refused.value


def test_the_annual_report_asks_for_its_five_contents_naming_the_one_missing(settings: Settings,
                                                                              tmp_path: Path) -> None:
    owed = _operating(settings, tmp_path)
    report = owed[("qic-sh-ic", "annual_report")]
    with session_scope(settings) as session:
        asked = obligations.parts(session=session, principal=QIC_COORD, obligation_id=report.id,
                                  today=date(2026, 3, 20))
    assert [p.zh for p in asked] == ["能力保持情况", "管理运行情况", "业务开展情况", "科研创新情况", "社会责任履行情况"]
    assert {p.clause for p in asked} == {"seed 002 四(一)"}
    text_only = _refused(settings, QIC_COORD, report.id, {"text": "2025 年度工作报告全文"})
    assert text_only.field == "content.parts.capability" and "能力保持情况" in text_only.message
    four = _refused(settings, QIC_COORD, report.id, {"parts": {k: v for k, v in FIVE.items()
                                                              if k != "social_responsibility"}})
    assert four.field == "content.parts.social_responsibility" and four.code == "filing_part_missing"
    assert "社会责任履行情况" in four.message and "seed 002 四(一)" in four.message
    blank = _refused(settings, QIC_COORD, report.id, {"parts": {**FIVE, "research": "   "}})
    assert blank.field == "content.parts.research"
    stranger = _refused(settings, QIC_COORD, report.id, {"parts": {**FIVE, "weather": "晴"}})
    assert stranger.field == "content.parts.weather"
    # A station's plan asks for its text, as before (seed 003 art. 12 names no contents).
    assert _refused(settings, STATION_COORD, owed[("sta-gd-foshan", "annual_plan")].id, {}).field == "content.text"
    filed = _file(settings, QIC_COORD, report.id, {"parts": FIVE, "attachment_note": "附：报告 PDF"})
    assert filed.content["parts"] == FIVE and filed.content["attachment_note"] == "附：报告 PDF"
    assert filed.content["text"].startswith("能力保持情况：CMA 扩项")


def test_a_metrology_center_files_its_capability_plan_in_its_three_parts(settings: Settings, tmp_path: Path) -> None:
    owed = _operating(settings, tmp_path)
    plan = owed[("met-jx-tungsten", "capability_plan")]
    assert plan.clause.startswith("seed 004 七(三)")
    coord = person(STATION_COORD.role, center_id="met-jx-tungsten", name="xu")
    missing = _refused(settings, coord, plan.id, {"parts": {"plan": "2026—2028 能力后续建设规划",
                                                            "key_projects": "钨粉粒度计量标准装置建标"}})
    assert missing.field == "content.parts.progress" and "规划实施进度" in missing.message
    filed = _file(settings, coord, plan.id, {"parts": {"plan": "2026—2028 能力后续建设规划", "progress": "完成 40%",
                                                       "key_projects": "钨粉粒度计量标准装置建标"}})
    assert set(filed.content["parts"]) == {"plan", "progress", "key_projects"}


def _run(settings: Settings, who: Any, period: str, *, own: bool = False, partial: bool = False) -> int:
    raw = scaled_inputs(STATION["id"], 1.0, own=own)
    if partial:
        raw = {**raw, "values": dict(list(raw["values"].items())[:5])}
    with session_scope(settings) as session:
        return evaluations.evaluate(session=session, principal=who, center_id=STATION["id"], period=period,
                                    inputs=ScoreInput.model_validate(raw), today=date(2026, 12, 1),
                                    outbox=MemoryOutbox()).id


def test_the_three_year_evaluation_closes_only_on_a_completed_rating_run(settings: Settings, tmp_path: Path) -> None:
    owed = _operating(settings, tmp_path)  # operating since 2024: 2024–2026 is the first three-year cycle
    evaluation = owed.get((STATION["id"], "evaluation"))
    assert evaluation is not None and evaluation.period == "2026" and evaluation.clause == "seed 003 art. 14"
    words = _refused(settings, ASSOC, evaluation.id, {"text": "三年评估已完成，结论良好"})
    assert (words.field, words.code) == ("content.run_id", "rating_required")
    own = _run(settings, STATION_COORD, "2026", own=True)
    assert _refused(settings, ASSOC, evaluation.id, {"run_id": own}).code == "rating_required"
    incomplete = _run(settings, ASSOC, "2026", partial=True)
    assert _refused(settings, ASSOC, evaluation.id, {"run_id": incomplete}).code == "rating_incomplete"
    old = _run(settings, ASSOC, "2023")
    assert _refused(settings, ASSOC, evaluation.id, {"run_id": old}).code == "rating_out_of_period"
    assert _refused(settings, ASSOC, evaluation.id, {"run_id": 999_999}).field == "content.run_id"
    rated = _run(settings, ASSOC, "2024..2026")
    filed = _file(settings, ASSOC, evaluation.id, {"run_id": str(rated)})
    assert filed.content["run_id"] == rated
    with session_scope(settings) as session:
        assert obligations.rating_runs(session=session, principal=ASSOC, center_id=STATION["id"])[0].id == rated


# ---- the same flow at the terminal ----

@pytest.fixture
def terminal(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    monkeypatch.setenv("INNODOCK_HOME", str(settings.home))
    if settings.database_url:
        monkeypatch.setenv("INNODOCK_DATABASE_URL", settings.database_url)
    else:
        monkeypatch.delenv("INNODOCK_DATABASE_URL", raising=False)
    yield settings


def test_the_terminal_files_through_the_same_flow(terminal: Settings, tmp_path: Path) -> None:
    owed = _operating(terminal, tmp_path)
    report = owed[("qic-sh-ic", "annual_report")].id
    who = "center_coordinator:wang@qic-sh-ic"
    parts = [a for k, v in FIVE.items() if k != "research" for a in ("--part", f"{k}={v}")]
    refused = CliRunner().invoke(app, ["provider", "file", str(report), "--as", who, "--today", "2026-03-20",
                                       *parts])
    assert refused.exit_code != 0 and getattr(refused.exception, "field", "") == "content.parts.research"
    with session_scope(terminal) as session:
        assert obligations.filings(session=session, principal=ASSOC, center_id="qic-sh-ic") == []
    done = CliRunner().invoke(app, ["provider", "file", str(report), "--as", who, "--today", "2026-03-20",
                                    *parts, "--part", f"research={FIVE['research']}", "--json"])
    assert done.exit_code == 0, done.output
    with session_scope(terminal) as session:
        [filed] = obligations.filings(session=session, principal=ASSOC, center_id="qic-sh-ic")
    assert filed.content["parts"] == FIVE
