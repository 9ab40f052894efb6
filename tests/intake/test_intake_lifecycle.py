"""The need's lifecycle (issue 12 step 2): the machine, its tables, and ``advance_need`` writing the history."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from authz.tables import NEED_TRANSITION_ROLES
from authz.vocab import Role
from core.db import session_scope
from core.errors import ConflictError, InnodockError, PermissionDeniedError
from core.settings import Settings
from intake import lifecycle
from intake import service as intake
from intake.models import IntakeNeedEvent
from intake.schemas import PUBLIC_STATUSES, Enterprise, Need, NeedStatus
from pipeline.schemas import Actor

COORDINATOR = Actor(role=Role.association_coordinator, id="coord-1")
ENTERPRISE = Actor(role=Role.enterprise, id="org-e")


def test_the_statuses_are_the_machines_and_every_transition_has_its_roles() -> None:
    assert set(lifecycle.states()) == {s.value for s in NeedStatus}
    assert set(NEED_TRANSITION_ROLES) == set(lifecycle.transitions())
    assert lifecycle.target_of("draft", "publish") == "published"
    assert lifecycle.target_of("in_review", "send_back") == "draft"
    assert lifecycle.target_of("no_provider", "match") == "matched"
    assert lifecycle.target_of("in_engagement", "withdraw") == "withdrawn"  # the enterprise leaves the engagement
    with pytest.raises(lifecycle.TransitionNotAllowed):
        lifecycle.target_of("closed", "withdraw")  # delivered and accepted: nothing to take back
    with pytest.raises(lifecycle.TransitionNotAllowed):
        lifecycle.target_of("closed", "redock")
    # Every status can be reached from draft, and the public ones are the open ones.
    reached, frontier = {"draft"}, ["draft"]
    while frontier:
        state = frontier.pop()
        for source, _, target in lifecycle.edges():
            if source == state and target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(lifecycle.states())
    assert {s.value for s in PUBLIC_STATUSES} == {"published", "in_review", "no_provider"}


def _published(settings: Settings) -> str:
    with session_scope(settings) as session:
        need = intake.save_need(session=session, need=Need(text="电芯针刺热失控试验，需CMA报告",
                                                           service_types=["inspection_testing"],
                                                           enterprise=Enterprise(id="org-e", name="甲")))
        intake.publish_need(session=session, need_id=need.id or "")
        return need.id or ""


def test_advance_need_writes_the_history_and_refuses_what_the_machine_or_the_roles_refuse(settings: Settings) -> None:
    need_id = _published(settings)
    with session_scope(settings) as session:
        intake.advance_need(session=session, need_id=need_id, transition="queue", by=ENTERPRISE)
        intake.advance_need(session=session, need_id=need_id, transition="send_back", by=COORDINATOR,
                            note="请说明电芯型号与试验标准")
    with session_scope(settings) as session, pytest.raises(PermissionDeniedError):  # not the enterprise's to match
        intake.advance_need(session=session, need_id=need_id, transition="match", by=ENTERPRISE)
    with session_scope(settings) as session:
        with pytest.raises(ConflictError) as refused:  # a draft cannot be matched by anyone
            intake.advance_need(session=session, need_id=need_id, transition="match", by=COORDINATOR)
        assert refused.value.field == "status" and "draft" in refused.value.message
    with session_scope(settings) as session:
        with pytest.raises(InnodockError) as unknown:
            intake.advance_need(session=session, need_id=need_id, transition="teleport", by=COORDINATOR)
        assert unknown.value.field == "transition"
    with session_scope(settings) as session:
        need = intake.get_need(session=session, need_id=need_id, coordinator=True)
        history = intake.need_history(session=session, need_id=need_id)
    assert need.status == NeedStatus.draft  # the refusals changed nothing
    assert [(h.seq, h.transition, h.from_status, h.to_status) for h in history] == [
        (1, "publish", "draft", "published"), (2, "queue", "published", "in_review"),
        (3, "send_back", "in_review", "draft")]
    assert history[2].note == "请说明电芯型号与试验标准" and history[2].actor == "association_coordinator:coord-1"
    # An edit of a public need publishes it again without a new history row.
    with session_scope(settings) as session:
        intake.publish_need(session=session, need_id=need_id)
        intake.advance_need(session=session, need_id=need_id, transition="queue", by=ENTERPRISE)
        intake.publish_need(session=session, need_id=need_id, edits={"title": "电芯热失控试验"})
        assert intake.get_need(session=session, need_id=need_id, coordinator=True).status == NeedStatus.in_review
        assert len(intake.need_history(session=session, need_id=need_id)) == 5


def test_a_transition_numbers_its_row_after_those_before_it_and_a_duplicate_number_is_refused(
        settings: Settings) -> None:
    """The history's INSERT numbers its own row (issue 33: no SELECT max(seq) before it): after the rows of earlier
    transactions and after this transaction's own, and the unique (need_id, seq) refuses a row numbered twice."""
    need_id = _published(settings)  # 1: publish
    with session_scope(settings) as session:  # two transitions in one transaction, as a submission has
        intake.advance_need(session=session, need_id=need_id, transition="queue", by=ENTERPRISE)
        intake.advance_need(session=session, need_id=need_id, transition="send_back", by=COORDINATOR, note="型号？")
        assert [h.seq for h in intake.need_history(session=session, need_id=need_id)] == [1, 2, 3]
    with session_scope(settings) as session:
        intake.publish_need(session=session, need_id=need_id)
    with session_scope(settings) as session:
        history = intake.need_history(session=session, need_id=need_id)
    assert [(h.seq, h.transition) for h in history] == [(1, "publish"), (2, "queue"), (3, "send_back"), (4, "publish")]
    with pytest.raises(IntegrityError), session_scope(settings) as session:
        session.add(IntakeNeedEvent(need_id=need_id, seq=4, transition="queue", from_status="published",
                                    to_status="in_review", actor="system"))
        session.flush()


@pytest.mark.postgres
def test_two_transactions_never_write_one_number_twice(postgres_settings: Settings) -> None:
    """Two transitions of one need at once (PostgreSQL, READ COMMITTED): the second transaction does not see the
    first's uncommitted row, so it numbers its own the same, and the unique (need_id, seq) makes it wait for the first
    rather than write it. Here it gives up waiting (``lock_timeout``: it would wait as long as the first stays open,
    and be refused if the first commits) — at its INSERT into the history, before it updates the need's row (which
    the first holds too: without the constraint the INSERT would go through and the wait be there instead). Once
    the first has committed, the second is numbered after it."""
    settings = postgres_settings
    need_id = _published(settings)
    with session_scope(settings) as first:
        intake.advance_need(session=first, need_id=need_id, transition="queue", by=ENTERPRISE)  # 2, not committed
        with pytest.raises(OperationalError, match="lock timeout") as waited, session_scope(settings) as second:
            second.execute(text("SET LOCAL lock_timeout = '200ms'"))
            intake.advance_need(session=second, need_id=need_id, transition="withdraw", by=ENTERPRISE)
        assert (waited.value.statement or "").startswith("INSERT INTO intake_need_event"), waited.value.statement
    with session_scope(settings) as second:
        intake.advance_need(session=second, need_id=need_id, transition="withdraw", by=ENTERPRISE)
    with session_scope(settings) as session:
        history = intake.need_history(session=session, need_id=need_id)
    assert [(h.seq, h.transition, h.from_status) for h in history] == [
        (1, "publish", "draft"), (2, "queue", "published"), (3, "withdraw", "in_review")]


def test_the_docs_show_the_machines_diagram_and_roles() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "workflow.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- BEGIN GENERATED NEED DIAGRAM -->\n```mermaid\n(.*?)```\n"
                      r"<!-- END GENERATED NEED DIAGRAM -->", text, re.S)
    assert block and block.group(1) == lifecycle.mermaid(), "regenerate with: python -c 'from intake.lifecycle " \
                                                            "import mermaid; print(mermaid())'"
    for transition, roles in NEED_TRANSITION_ROLES.items():
        assert f"| `{transition}` | {', '.join(sorted(r.value for r in roles))} |" in text
    for state in lifecycle.states():  # the status table names each state as the machine does
        assert f"| `{state}` | {lifecycle.state_label(state)} |" in text
