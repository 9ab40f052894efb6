"""A filing's step in the provider's history carries its date (a new user's trial, 2026-11-29: the 决定日期 of a
filing was blank on the provider's page after the association decided on it). The association's review and its
return for revision are its decisions, dated the day it took them; a record the association files itself (a
station's annual supervision, seed 003 art. 13) is its decision, dated the day it was filed. A provider's own plan
or report is no decision: its row says when it was filed in the history's time, and no 决定日期."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from core import china_time
from core.db import session_scope
from core.settings import Settings
from flows import obligations
from flows.events import MemoryOutbox
from providers import service as providers
from tests.providers.providerhelpers import ASSOC, STATION, STATION_COORD
from tests.providers.test_providers_filings import _file, _operating

FILED_ON = date(2026, 3, 20)  # the day _file files on


def _dated(settings: Settings, center_id: str) -> list[tuple[str, date | None]]:
    with session_scope(settings) as session:
        return [(e.transition, e.decided_on) for e in providers.history(session=session, center_id=center_id)
                if e.transition.endswith("_filing")]


def test_the_association_s_decisions_on_a_filing_are_dated(settings: Settings, tmp_path: Path) -> None:
    owed = _operating(settings, tmp_path)
    station = STATION["id"]
    plan = _file(settings, STATION_COORD, owed[(station, "annual_plan")].id, {"text": "2026 年服务计划"})
    with session_scope(settings) as session:
        returned = obligations.return_filing(session=session, principal=ASSOC, filing_id=plan.id,
                                             reason="服务目标缺少量化指标", outbox=MemoryOutbox())
        assert returned.returned_at is not None
        returned_on = china_time.today(returned.returned_at)
    again = _file(settings, STATION_COORD, owed[(station, "annual_plan")].id, {"text": "2026 年服务计划（修订）"})
    with session_scope(settings) as session:
        reviewed = obligations.review(session=session, principal=ASSOC, filing_id=again.id, score=85, note=None,
                                      outbox=MemoryOutbox())
        assert reviewed.reviewed_at is not None
        reviewed_on = china_time.today(reviewed.reviewed_at)
    _file(settings, ASSOC, owed[(station, "annual_supervision")].id, {"text": "年度监督指导：运行良好"})
    assert _dated(settings, station) == [("file_filing", None), ("return_filing", returned_on),
                                         ("file_filing", None), ("review_filing", reviewed_on),
                                         ("file_filing", FILED_ON)]
