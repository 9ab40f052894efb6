"""Every arrow of the machine, fired for real through ``service.advance``; the machine's shape; the roles table."""

from __future__ import annotations

from typing import Any

import pytest
from pipeline_helpers import (
    ADMIN,
    ASSOC,
    CENTER_CO,
    ENTERPRISE,
    FULL_PATH,
    STATES_ALONG_PATH,
    advance,
    drive_to,
    open_engagement,
    snapshot,
)

from authz.tables import TRANSITION_ROLES
from core.db import session_scope
from core.settings import Settings
from pipeline import machine, service
from pipeline.schemas import Actor
from pipeline.vocab import Role

PATH_STEP = {(src, t): (actor, payload) for (t, actor, payload), src in
             zip(FULL_PATH, ["communicating", *STATES_ALONG_PATH[:-1]], strict=True)}
EXIT_STEP: dict[str, tuple[Actor, dict[str, Any]]] = {
    "withdraw": (ENTERPRISE, {"reason": "企业内部立项取消"}),
    "terminate": (ASSOC, {"reason": "双方争议无法调解"}),
    # Off the main path: the client sends the provider's draft back instead of countersigning it.
    "return_agreement": (ENTERPRISE, {"reason": "价格条款需再商议"}),
}


def step_for(source: str, transition: str) -> tuple[Actor, dict[str, Any]]:
    if transition in EXIT_STEP:
        return EXIT_STEP[transition]
    return PATH_STEP[(source, transition)]


def test_the_machine_reads_like_figure_1() -> None:
    assert machine.INITIAL_STATE == "communicating"
    assert machine.final_states() == {"closed", "withdrawn", "terminated"}
    main = [(s, t, d) for s, t, d in machine.edges() if t not in ("withdraw", "terminate")]
    assert main == [
        ("communicating", "reach_agreement", "agreed"), ("agreed", "sign_agreement", "awaiting_countersignature"),
        ("awaiting_countersignature", "countersign", "contracted"),
        ("awaiting_countersignature", "return_agreement", "agreed"),
        ("contracted", "form_team", "team_formed"), ("team_formed", "submit_plan", "plan_review"),
        ("plan_review", "approve_plan", "delivering"), ("plan_review", "reject_plan", "plan_revision"),
        ("plan_revision", "resubmit_plan", "plan_review"), ("delivering", "submit_results", "acceptance"),
        ("acceptance", "pass_acceptance", "closed"), ("acceptance", "fail_acceptance", "delivering"),
    ]
    non_final = [s for s in machine.states() if s not in machine.final_states()]
    for exit_, target in (("withdraw", "withdrawn"), ("terminate", "terminated")):
        assert sorted(s for s, t, d in machine.edges() if t == exit_ and d == target) == sorted(non_final)
    for final in machine.final_states():
        assert machine.allowed_transitions(final) == []


def test_every_transition_has_roles_and_admin_may_fire_all() -> None:
    assert set(TRANSITION_ROLES) == set(machine.transitions())
    assert all(Role.admin in roles for roles in TRANSITION_ROLES.values())
    # The client decides acceptance; the provider cannot accept its own work.
    assert Role.center_coordinator not in TRANSITION_ROLES["pass_acceptance"]
    assert Role.enterprise not in TRANSITION_ROLES["sign_agreement"]
    # Only the client's side makes the agreement signed (issue 31): the provider never countersigns its own draft.
    assert TRANSITION_ROLES["countersign"] == {Role.enterprise, Role.admin}


@pytest.mark.parametrize(("source", "transition", "target"), machine.edges(),
                         ids=[f"{s}-{t}" for s, t, _ in machine.edges()])
def test_each_transition_fires_from_its_source(kb_settings: Settings, source: str, transition: str,
                                               target: str) -> None:
    eng = open_engagement(kb_settings)
    drive_to(kb_settings, eng, source)
    before = snapshot(kb_settings, eng)
    assert before["state"] == source
    actor, payload = step_for(source, transition)
    new_version = advance(kb_settings, eng, transition, actor, payload, version=before["version"])
    after = snapshot(kb_settings, eng)
    assert after["state"] == target and new_version == after["version"] == before["version"] + 1
    last = after["events"][-1]
    assert (last["transition"], last["from_state"], last["to_state"]) == (transition, source, target)
    assert last["actor_role"] == actor.role.value
    with session_scope(kb_settings) as session:
        assert service.verify_history(session=session, engagement_id=eng).ok
    if target in machine.final_states():
        assert after["closed_at"] is not None
        with session_scope(kb_settings) as session:
            assert service.open_engagement_counts(session=session) == {}


def test_admin_may_fire_what_the_enterprise_fires(lite: Settings) -> None:
    eng = open_engagement(lite)
    drive_to(lite, eng, "acceptance")
    advance(lite, eng, "pass_acceptance", ADMIN, {"reasons": ["管理员代为登记验收"]})
    assert snapshot(lite, eng)["state"] == "closed"


def test_center_coordinator_sees_only_its_actions(lite: Settings) -> None:
    eng = open_engagement(lite)
    with session_scope(lite) as session:
        detail = service.show_engagement(session=session, engagement_id=eng, actor=CENTER_CO)
        ent = service.show_engagement(session=session, engagement_id=eng, actor=ENTERPRISE)
    assert detail.allowed_transitions == ["reach_agreement", "withdraw"]
    assert ent.allowed_transitions == ["reach_agreement", "withdraw"]


def test_whoever_handed_in_the_plan_is_not_offered_its_review(lite: Settings) -> None:
    """The page's buttons come from ``allowed_transitions``: the plan's author saw 评审通过 and was refused on
    pressing it (found by the browser journey)."""
    eng = open_engagement(lite)
    drive_to(lite, eng, "plan_review")  # the center coordinator handed the plan in
    with session_scope(lite) as session:
        author = service.show_engagement(session=session, engagement_id=eng, actor=CENTER_CO)
        colleague = service.show_engagement(session=session, engagement_id=eng,
                                            actor=CENTER_CO.model_copy(update={"id": "zhao"}))
        association = service.show_engagement(session=session, engagement_id=eng, actor=ASSOC)
    assert author.allowed_transitions == ["withdraw"]
    assert colleague.allowed_transitions == ["approve_plan", "reject_plan", "withdraw"]
    assert association.allowed_transitions == ["approve_plan", "reject_plan", "terminate"]


def test_verify_history_catches_a_tampered_engagement(lite: Settings) -> None:
    from sqlalchemy import delete, update

    from pipeline.models import Engagement, EngagementEvent

    eng = open_engagement(lite)
    drive_to(lite, eng, "team_formed")
    with session_scope(lite) as session:
        assert service.verify_history(session=session, engagement_id=eng).ok
        session.execute(update(Engagement).where(Engagement.id == eng).values(state="closed"))
        check = service.verify_history(session=session, engagement_id=eng)
        assert not check.ok and check.replayed_state == "team_formed"
        assert any("the engagement says closed" in p for p in check.problems)
        session.rollback()
    with session_scope(lite) as session:
        session.execute(delete(EngagementEvent).where(EngagementEvent.engagement_id == eng,
                                                      EngagementEvent.seq == 3))
        check = service.verify_history(session=session, engagement_id=eng)
        session.rollback()
    assert not check.ok
    assert any("event numbers" in p for p in check.problems)
    assert any("version 5 but 4 events" in p for p in check.problems)


def test_actor_parsing() -> None:
    from core.errors import InnodockError

    assert Actor.parse("center_coordinator:zhang@qic-1") == Actor(role=Role.center_coordinator, id="zhang",
                                                                    org="qic-1")
    assert Actor.parse("enterprise:ent-9").label() == "enterprise:ent-9"
    for bad in ("", "zhang", "boss:zhang", "enterprise:"):
        with pytest.raises(InnodockError):
            Actor.parse(bad)
