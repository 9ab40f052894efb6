"""The obligations calendar (issue 14 step 4): working days on China's official calendar, each kind's yearly
obligations, filing and reviewing forms, the daily announcement (once a day), the refusals, and the reviewed plan
answering its evaluation item."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from authz.vocab import Role
from core.db import session_scope
from core.errors import ConflictError, InnodockError, NotFoundError, PermissionDeniedError
from core.settings import Settings
from flows import entries, evaluations, obligations
from flows import providers as flow
from flows.events import MemoryOutbox, Parties
from outbox.vocab import DomainEvent
from providers import obligations as provider_obligations
from providers.models import Filing, ProviderLifecycle
from providers.workdays import COVERED, add_workdays
from tests.providers.providerhelpers import ASSOC, QIC, STATION, STATION_COORD, person, seed


@pytest.mark.parametrize("start", [date(2026, 1, 23), date(2026, 2, 12), date(2026, 4, 30), date(2026, 9, 24),
                                   date(2026, 9, 30), date(2025, 12, 31)])
@pytest.mark.parametrize("days", [1, 5, 10])
def test_working_days_agree_with_the_official_calendar(start: date, days: int) -> None:
    found = add_workdays(start, days)
    assert not found.estimated and chinese_calendar.is_workday(found.due_on)
    assert len(chinese_calendar.get_workdays(start + timedelta(days=1), found.due_on)) == days


def test_beyond_the_calendars_years_weekdays_are_counted_and_said_to_be_estimated() -> None:
    assert COVERED == (2004, 2026)
    found = add_workdays(date(2026, 12, 30), 5)
    assert found.estimated and found.due_on == date(2027, 1, 6)  # Thu 31 Dec, then Fri 1 Jan … Wed 6 Jan
    assert not add_workdays(date(2026, 12, 1), 5).estimated


def _operating(settings: Settings, tmp_path: Path, since: date) -> None:
    seed(settings, tmp_path, [QIC, STATION])
    with session_scope(settings) as session:
        for center_id in ("sta-gd-foshan", "qic-sh-ic"):
            flow.provider(session=session, principal=ASSOC, center_id=center_id, today=since)
    # Imported as operating; say since when, as an acceptance would.
    with session_scope(settings) as session:
        for row in session.query(ProviderLifecycle):
            row.operating_since = since


def test_each_kind_owes_its_years_obligations_once(settings: Settings, tmp_path: Path) -> None:
    _operating(settings, tmp_path, date(2025, 6, 1))
    with session_scope(settings) as session:
        made = obligations.ensure_calendar(session=session, year=2026)
        again = obligations.ensure_calendar(session=session, year=2026)
        later = obligations.ensure_calendar(session=session, year=2027)
    got = {(o.center_id, o.kind, o.period, o.due_on) for o in made}
    assert got == {
        ("sta-gd-foshan", "annual_plan", "2026", date(2026, 2, 28)),  # seed 003 art. 12: 3月前
        ("sta-gd-foshan", "annual_report", "2025", date(2026, 2, 28)),
        ("sta-gd-foshan", "annual_supervision", "2026", date(2026, 12, 31)),  # art. 13
        ("qic-sh-ic", "annual_report", "2025", date(2026, 3, 31)),  # seed 002 四(一)
    }
    assert again == []
    assert ("sta-gd-foshan", "evaluation", "2027") in {(o.center_id, o.kind, o.period) for o in later}  # 2025–2027


def test_filing_reviewing_and_the_refusals(settings: Settings, tmp_path: Path) -> None:
    _operating(settings, tmp_path, date(2025, 6, 1))
    today = date(2026, 2, 20)
    with session_scope(settings) as session:
        made = {o.kind: o for o in obligations.ensure_calendar(session=session, year=2026)
                if o.center_id == "sta-gd-foshan"}
        plan = made["annual_plan"]
        # Another center's obligation, reached by its own id, does not exist for it: the missing one's answer, word
        # for word (a center is public and "not yours", issue 16; what belongs to it and is reached by its own id
        # stays 404, the route-rules audit of 2026-11-28)
        with pytest.raises(NotFoundError) as stranger:
            obligations.file(session=session, principal=person(Role.center_coordinator, center_id="qic-sh-ic"),
                             obligation_id=plan.id, content={"text": "x"}, today=today, outbox=MemoryOutbox())
        with pytest.raises(NotFoundError) as missing:
            obligations.file(session=session, principal=person(Role.center_coordinator, center_id="qic-sh-ic"),
                             obligation_id=plan.id + 10_000, content={"text": "x"}, today=today, outbox=MemoryOutbox())
        assert (stranger.value.message, stranger.value.field) == (missing.value.message, missing.value.field)
        with pytest.raises(PermissionDeniedError):  # supervision is the association's to record
            obligations.file(session=session, principal=STATION_COORD, obligation_id=made["annual_supervision"].id,
                             content={"text": "x"}, today=today, outbox=MemoryOutbox())
        with pytest.raises(InnodockError) as empty:
            obligations.file(session=session, principal=STATION_COORD, obligation_id=plan.id, content={"text": " "},
                             today=today, outbox=MemoryOutbox())
        assert empty.value.field == "content.text"
        filed = obligations.file(session=session, principal=STATION_COORD, obligation_id=plan.id,
                                 content={"text": "2026 年计划：开展陶瓷砖防滑性能提升攻关，组织两期标准宣贯培训。"},
                                 today=today, outbox=MemoryOutbox())
        with pytest.raises(ConflictError):
            obligations.file(session=session, principal=STATION_COORD, obligation_id=plan.id,
                             content={"text": "again"}, today=today, outbox=MemoryOutbox())
        with pytest.raises(PermissionDeniedError):  # the provider's own side does not review its plan
            obligations.review(session=session, principal=person(Role.admin, center_id="sta-gd-foshan"),
                               filing_id=filed.id, score=90, note=None, outbox=MemoryOutbox())
        obligations.review(session=session, principal=ASSOC, filing_id=filed.id, score=82, note="计划具体可行",
                           outbox=MemoryOutbox())
        with pytest.raises(InnodockError) as past:
            obligations.create(session=session, principal=ASSOC, center_id="sta-gd-foshan", kind="rectification",
                               period="2026-1", due_on=today - timedelta(days=1), title="整改报告",
                               clause="seed 003 art. 16", today=today, outbox=MemoryOutbox())
        assert past.value.code == "deadline_in_past"
        listed = entries.obligations(session=session, principal=STATION_COORD, today=date(2026, 3, 1),
                                     center_id="sta-gd-foshan")
    state = {o.kind: o for o in listed}
    assert state["annual_plan"].done_on == today and not state["annual_plan"].overdue
    assert state["annual_report"].overdue and state["annual_report"].done_on is None  # due 28 Feb, not filed

    # The reviewed plan answers the plan item of seed 001's internal operation, marked as from the records.
    with session_scope(settings) as session:
        run = evaluations.evaluate(session=session, principal=ASSOC, center_id="sta-gd-foshan", period="2026",
                                   inputs=None, outbox=MemoryOutbox())
    item = next(i for d in run.result["dimensions"] for ind in d["indicators"] for i in ind["items"]
                if i["id"] == "development_plan")
    assert item["raw"] == 82 and item["origin"] == "records" and "1 份审核评分" in item["note"]


def test_the_daily_announcement_goes_out_once_a_day(settings: Settings, tmp_path: Path) -> None:
    _operating(settings, tmp_path, date(2025, 6, 1))
    outbox = MemoryOutbox()
    with session_scope(settings) as session:
        first = obligations.announce_due(session=session, today=date(2026, 2, 20), outbox=outbox)
        again = obligations.announce_due(session=session, today=date(2026, 2, 20), outbox=outbox)
        next_day = obligations.announce_due(session=session, today=date(2026, 2, 21), outbox=outbox)
    # Due within 14 days on 20 February: the station's plan and report (28 February); the center's report is not.
    assert (first, again, next_day) == (2, 0, 2)
    event, payload, parties = outbox.events[0]
    assert event == DomainEvent.obligation_due and parties == Parties(enterprise_id=None, center_id="sta-gd-foshan")
    assert payload["days_left"] == 8 and payload["overdue"] is False and payload["due_on"] == "2026-02-28"
    with session_scope(settings) as session:  # after the due date: overdue, with the days counted
        assert obligations.announce_due(session=session, today=date(2026, 3, 2), outbox=outbox) == 2
    assert outbox.events[-1][1]["days_left"] == -2 and outbox.events[-1][1]["overdue"] is True


def test_a_returned_filings_day_is_said_in_china_time() -> None:
    """Reviewing a filing already returned names the day it was returned: its day in China, where the association
    returned it, not the server's UTC day (17:30 UTC on 1 March is 01:30 on 2 March in Beijing)."""
    row = Filing(returned_at=datetime(2026, 3, 1, 17, 30, tzinfo=UTC))
    with pytest.raises(ConflictError) as refused:
        provider_obligations._decided(row)
    assert "2026-03-02" in str(refused.value) and "2026-03-01" not in str(refused.value)
