"""Whose turn each state of the engagement is (pipeline.vocab.TURN) and what each step filed with text asks for
(pipeline.vocab.STEP_FIELDS), held against the machine, the roles table and the guards (issue 30, item 6)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from authz.tables import TRANSITION_ROLES
from authz.vocab import ORG_ROLES
from core.errors import InnodockError
from pipeline import machine
from pipeline.guards import GUARDS, GuardContext
from pipeline.vocab import STEP_FIELDS, TURN

EXITS = {"withdraw", "terminate"}
RECORD_STEPS = {"sign_agreement", "form_team", "submit_results"}  # their record's own schema instead


def test_whose_turn_is_a_party_that_may_move_the_engagement_on() -> None:
    """Each party named for a state has a role that may take a step out of it other than walking away; every state
    that runs names someone, the ended ones nobody."""
    assert set(TURN) == set(machine.states())
    for state in machine.states():
        onward = [t for t in machine.allowed_transitions(state) if t not in EXITS]
        if state in machine.final_states():
            assert TURN[state] == (), state
            continue
        assert TURN[state], state
        for party in TURN[state]:
            assert any(ORG_ROLES[party] & TRANSITION_ROLES[t] for t in onward), (state, party)


def test_every_step_filed_with_text_has_its_fields() -> None:
    assert set(STEP_FIELDS) == set(machine.transitions()) - RECORD_STEPS
    for step, fields in STEP_FIELDS.items():
        assert fields and len({f.key for f in fields}) == len(fields), step
        assert all(f.label[0] and f.label[1] for f in fields), step


# A plan review first reads who wrote the plan (from the database): its blank opinion is refused in
# tests/api/test_ui_engagement_guide.py.
NEEDS_NO_DATABASE = sorted(s for s, fields in STEP_FIELDS.items()
                           if any(f.required for f in fields) and s not in ("approve_plan", "reject_plan"))


@pytest.mark.parametrize("step", NEEDS_NO_DATABASE)
def test_a_missing_required_field_is_named_by_its_form_s_label(step: str) -> None:
    """The guard refuses a step without its required field, naming the field as the step's form labels it."""
    required = next(f for f in STEP_FIELDS[step] if f.required)
    engagement = SimpleNamespace(id="eng-1", acceptance_round=1, plan_round=1)
    ctx = GuardContext(session=None, engagement=engagement, actor=None, payload={},  # type: ignore[arg-type]
                       today=date(2026, 11, 26))
    with pytest.raises(InnodockError) as refused:
        GUARDS[step](ctx)
    assert refused.value.field == f"payload.{required.key}"
    if required.key != "reasons":
        assert required.label[0] in refused.value.message and required.label[1] in refused.value.message
