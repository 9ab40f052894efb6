"""``innodock demo-accounts --history`` (issue 30, item 7): a year played through the use cases on the sample
catalog — needs served and one waiting, a complaint confirmed and one open, quarterly reports filed and one overdue,
ratings over two periods with a failing one, its rectification ordered and a corrective action re-checked — so the
dashboard, its charts and the providers' list show it; played once (a second run is refused in one line, nothing
written). In-process, with the tests' tiny embedder in place of e5."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from accounts import service as accounts
from accounts.schemas import Actor
from core import china_time
from core.cli import app
from core.db import session_scope
from core.settings import Settings
from flows import accounts as accounts_flow
from flows import engagements, improvement, provider_console
from flows import inbox as inbox_flow
from flows import needs as needs_flow
from flows.dashboard import provider_dashboard
from matcher import service as matcher
from tests.matcher.matcher_helpers import NgramEmbedder


@pytest.fixture
def terminal(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    monkeypatch.setenv("INNODOCK_HOME", str(settings.home))
    if settings.database_url:
        monkeypatch.setenv("INNODOCK_DATABASE_URL", settings.database_url)
    else:
        monkeypatch.delenv("INNODOCK_DATABASE_URL", raising=False)
    embedder = NgramEmbedder()
    monkeypatch.setattr(matcher, "load_embedder", lambda spec, home, **_: embedder)
    yield settings
    matcher.reset()


def principal_of(session: Session, username: str) -> Actor:
    """A demo account signed in, as a request would carry it."""
    user = accounts.find_user(session=session, username=username)
    assert user is not None
    token, _ = accounts_flow.start_session(session=session, user_id=user.id, hours=1)
    return accounts_flow.actor_for_session(session=session, token=token)


def test_the_demo_year_is_played_through_the_flows_once(terminal: Settings) -> None:
    run = CliRunner()
    assert run.invoke(app, ["kb", "import", "--sample"]).exit_code == 0
    played = run.invoke(app, ["demo-accounts", "--history", "--needs", "3", "--seed", "7"])
    assert played.exit_code == 0, played.output
    assert "demo-enterprise" in played.stdout and "3 项需求 needs, 1 项办结 served" in played.stdout
    assert "评级" in played.output  # the progress bar's last step names went to stderr

    with session_scope(terminal) as session:
        assoc, ent = principal_of(session, "demo-association"), principal_of(session, "demo-enterprise")
        board = provider_dashboard(session=session, principal=assoc, today=china_time.today())
        mine = needs_flow.my_needs(session=session, principal=ent)
        states = sorted(e.state for e in engagements.engagements(session=session, principal=ent)[0])
        findings = improvement.findings(session=session, principal=assoc, center_id="qic-js-battery")
        overdue = provider_console.browse(session=session, principal=assoc, today=china_time.today(),
                                          view=provider_console.ProviderFilter(overdue=True))
    assert len(mine) == 3 and states == ["closed", "plan_review"]
    stages = {s.state: s.count for s in board.stages}
    assert stages["rectifying"] == 1 and board.rectifications[0].center_id == "qic-js-battery"
    assert [o.center_id for o in board.overdue_obligations] == ["qic-js-battery"]
    months = board.obligation_months
    assert sum(m.on_time for m in months) == 2 and sum(m.late for m in months) == 1
    assert sum(m.overdue for m in months) == 1
    battery = next(s for s in board.ratings if s.center_id == "qic-js-battery")
    assert [p.period for p in battery.points] == [str(china_time.today().year - 1), str(china_time.today().year)]
    assert battery.points[0].total > 60 > battery.points[1].total and len(board.ratings) == 5
    assert findings and sum(1 for f in findings if f.state == "closed") == 1
    assert all(f.action for f in findings)  # every corrective action planned
    assert [r.center_id for r in overdue.rows] == ["qic-js-battery"]

    # Played once: scripts/run.sh runs the command at every start, and the second run writes nothing
    again = run.invoke(app, ["demo-accounts", "--history", "--needs", "3"])
    assert again.exit_code == 0 and "演示历史已播放过" in again.stderr
    with session_scope(terminal) as session:
        assert len(needs_flow.my_needs(session=session, principal=principal_of(session, "demo-enterprise"))) == 3
    assert run.invoke(app, ["demo-accounts", "--history", "--needs", "2"]).exit_code != 0  # 3 at the least


def test_the_demo_reports_name_four_periods_on_any_day_of_the_year() -> None:
    """Played on 2026-11-27 (China's day), the demo asked twice for 2026Q2 and stopped: its four requests were 90 days
    apart, and 2026-04-01 and 2026-06-30 are one quarter. Every day of two years, leap day included, is tried."""
    from datetime import date, timedelta

    from flows.demo_history import report_requests

    for offset in range(2 * 366):
        today = date(2027, 1, 1) + timedelta(days=offset)
        asked = report_requests(today)
        assert len({period for _, period in asked}) == 4, (today, asked)
        assert [day for day, _ in asked] == sorted(day for day, _ in asked)
        assert asked[-1][0] + timedelta(days=30) < today  # the last one is overdue


def test_the_demo_asks_for_a_quarter_s_report_after_the_quarter_ends() -> None:
    """A quarterly report is of a quarter gone by: the demo asked for "2026Q4 季度服务情况报告" due 2026-10-31, before
    the quarter ended (a new user's trial, 2026-11-29). Each period it asks for ended before it asks, so before its
    due day (asked + 30 days)."""
    from datetime import date, timedelta

    from flows.demo_history import report_requests

    for offset in range(2 * 366):
        today = date(2027, 1, 1) + timedelta(days=offset)
        for asked, period in report_requests(today):
            year, quarter = int(period[:4]), int(period[-1])
            after = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)  # the quarter's next day
            assert after <= asked, (today, asked, period)


def test_the_played_year_s_notices_and_histories_are_dated_in_it_and_its_settled_steps_read(
        terminal: Settings) -> None:
    """Walking the enterprise's day on a played year (2026-11-29): every notice and history line read the moment the
    demo was played ("2026-11-29 10:56" beside agreements signed in May), and the "已确定承接机构" notices of needs
    closed months ago were new. Each is dated when its step was taken in the year; what the year settled is read,
    what it left open (the need mid-way, the complaint not handled) is live."""
    run = CliRunner()
    assert run.invoke(app, ["kb", "import", "--sample"]).exit_code == 0
    played = run.invoke(app, ["demo-accounts", "--history", "--needs", "4", "--seed", "7"])
    assert played.exit_code == 0, played.output
    today = china_time.today()
    last_step = today - timedelta(days=8)  # the corrective action re-checked: the year's last step
    with session_scope(terminal) as session:
        who = {u: principal_of(session, u) for u in ("demo-enterprise", "demo-center", "demo-association")}
        pages = {u: inbox_flow.notices(session=session, principal=p, limit=500) for u, p in who.items()}
        rows = engagements.engagements(session=session, principal=who["demo-enterprise"])[0]
        lines = {e.id: engagements.history(session=session, principal=who["demo-enterprise"], engagement_id=e.id)
                 for e in rows}
    for user, page in pages.items():
        assert page.items, user
        late = [(n.title_zh, china_time.minute(n.created_at)) for n in page.items
                if china_time.local(n.created_at).date() > last_step]
        assert not late, (user, late)
    for eng, events in lines.items():
        late = [(e.transition, china_time.minute(e.at)) for e in events if china_time.local(e.at).date() > last_step]
        assert not late, (eng, late)
        assert [e.at for e in events] == sorted(e.at for e in events)
    closed = {e.id for e in rows if e.state == "closed"}
    open_ = {e.id for e in rows if e.state != "closed"}
    assert closed and open_
    pages_of_closed = {f"/engagements/{e}" for e in closed}
    for user, page in pages.items():
        settled = [n.title_zh for n in page.items if (n.link or "").split("#")[0] in pages_of_closed
                   and not (n.read or n.done) and n.kind != "complaint"]
        assert not settled, (user, settled)
    # "已确定承接机构" is history once its engagement closed, settled by the close itself (flows.notices.settled_by),
    # for the enterprise and the center alike; the engagement mid-way keeps it
    for user in ("demo-enterprise", "demo-center"):
        matched = [n for n in pages[user].items if n.kind == "matched"]
        assert len(matched) == len(rows), user
        assert [n.done for n in matched] == [n.link in pages_of_closed for n in matched], user
    # the engagement mid-way waits for the association's review of its plan: that is still new
    live = [n for n in pages["demo-association"].items if n.link in {f"/engagements/{e}" for e in open_}]
    assert any(not n.read and not n.done for n in live)
    # the second complaint, made after its engagement closed, is still the center's to handle: new to it
    complaints = [n for n in pages["demo-center"].items if n.kind == "complaint"]
    assert [n.done for n in complaints].count(False) == 1
    assert all(not n.read for n in complaints if not n.done)
