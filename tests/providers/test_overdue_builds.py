"""An overdue build is reminded, then proposed for cancellation (issue 29, item 4; seed 002 二(二)2, 四(二) 严重超期建设
…取消筹建资格): the daily sweep (``innodock inbox overdue``) gives a provider still building past its deadline an
obligation "finish building and ask for acceptance" (announced daily by the obligations' reminders), and 30 days later
proposes ``cancel_build`` to whoever decides it — once each, however often it runs; the days are given, nothing waits
on the clock."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from core.db import session_scope
from core.settings import Settings
from flows import obligations as obligations_flow
from flows import overdue_builds
from flows import providers as flow
from flows.events import MemoryOutbox
from outbox.vocab import DomainEvent
from providers import overdue
from tests.providers.providerhelpers import ASSOC, QIC, STATION, TODAY, decision, seed

CENTER = "qic-sh-ic"


def _building(settings: Settings, tmp_path: Path) -> Any:
    """The Shanghai center applied, reviewed and approved to build today (its deadline 12 months on)."""
    seed(settings, tmp_path, [STATION])
    with session_scope(settings) as session:
        flow.apply(session=session, principal=ASSOC, center=QIC, construction=False, materials={
            "written_application": "沪申〔2026〕2号", "preliminary_review": "区市场监管局初审意见",
            "recommendation": "区人民政府推荐函", "construction_plan": "建设规划",
            "government_support": "资金支持承诺"})
    for transition, payload in (("start_review", {}), ("approve_build", decision(
            "论证通过", TODAY, "沪市监检测〔2026〕20号", experts=["张工", "王工", "赵工"], opinion="同意筹建"))):
        with session_scope(settings) as session:
            version = flow.provider(session=session, principal=ASSOC, center_id=CENTER, today=TODAY)[1].version
            view = flow.advance(session=session, principal=ASSOC, center_id=CENTER, transition=transition,
                                version=version, payload=payload, today=TODAY, outbox=MemoryOutbox())
    return view.build_deadline


def _sweep(settings: Settings, day: Any) -> tuple[overdue_builds.Swept, MemoryOutbox]:
    box = MemoryOutbox()
    with session_scope(settings) as session:
        return overdue_builds.sweep(session=session, today=day, outbox=box), box


def _open_reminders(settings: Settings, day: Any) -> list[Any]:
    with session_scope(settings) as session:
        return [o for o in flow.providers.list_obligations(session=session, today=day, center_ids={CENTER})
                if o.kind == overdue.KIND and o.done_on is None]


def test_an_overdue_build_is_reminded_then_proposed_for_cancellation_once(settings: Settings, tmp_path: Path) -> None:
    deadline = _building(settings, tmp_path)
    assert _sweep(settings, deadline)[0].reminded == []  # on the deadline itself: not overdue yet
    first, _ = _sweep(settings, deadline + timedelta(days=1))
    assert (first.reminded, first.proposed) == ([CENTER], [])
    assert _sweep(settings, deadline + timedelta(days=1))[0].reminded == []  # once per deadline
    [reminder] = _open_reminders(settings, deadline + timedelta(days=2))
    assert reminder.due_on == deadline and "二(二)2" in reminder.clause
    announced = MemoryOutbox()
    with session_scope(settings) as session:  # the obligations' daily reminder announces it, overdue
        obligations_flow.announce_due(session=session, today=deadline + timedelta(days=2), outbox=announced)
    assert any(p["kind"] == overdue.KIND and p["overdue"] for e, p, _ in announced.events
               if e == DomainEvent.obligation_due)
    late, box = _sweep(settings, deadline + timedelta(days=overdue_builds.SERIOUSLY_OVERDUE_DAYS))
    assert late.reminded == [] and len(late.proposed) == 1
    assert [p["transition"] for e, p, _ in box.events if e == DomainEvent.transition_proposed] == ["cancel_build"]
    again, _ = _sweep(settings, deadline + timedelta(days=overdue_builds.SERIOUSLY_OVERDUE_DAYS + 5))
    assert again.proposed == []  # waiting already: never twice
    with session_scope(settings) as session:
        [proposal] = [p for p in flow.proposals(session=session, principal=ASSOC) if p.center_id == CENTER]
        detail = flow.provider(session=session, principal=ASSOC, center_id=CENTER, today=TODAY)[1]
    assert proposal.transition == "cancel_build" and proposal.source.startswith(overdue_builds.SOURCE)
    assert detail.state == "building"  # proposed, never fired


def test_asking_for_acceptance_meets_the_reminder_and_stops_the_proposal(settings: Settings, tmp_path: Path) -> None:
    deadline = _building(settings, tmp_path)
    _sweep(settings, deadline + timedelta(days=1))
    with session_scope(settings) as session:
        version = flow.provider(session=session, principal=ASSOC, center_id=CENTER, today=TODAY)[1].version
        flow.advance(session=session, principal=ASSOC, center_id=CENTER, transition="request_acceptance",
                     version=version, payload={"summary": "筹建任务已完成"}, today=TODAY, outbox=MemoryOutbox())
    swept, _ = _sweep(settings, deadline + timedelta(days=overdue_builds.SERIOUSLY_OVERDUE_DAYS))
    assert (swept.closed, swept.reminded, swept.proposed) == (1, [], [])
    assert _open_reminders(settings, deadline + timedelta(days=40)) == []
