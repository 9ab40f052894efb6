"""The one machine helper (``core.statemachine``) against python-statemachine's own view of every machine: the same
states, transitions, arrows, allowed steps and diagram, and a label in both languages for every state and step."""

from __future__ import annotations

import re

import pytest
from statemachine.contrib.diagram import formatter

from authz.tables import FINDING_STEP_ROLES, NEED_TRANSITION_ROLES, PROVIDER_TRANSITION_ROLES, TRANSITION_ROLES
from authz.vocab import Role
from core.statemachine import Machine, TransitionNotAllowed, split_label
from intake.lifecycle import NEED
from pipeline.machine import ENGAGEMENT
from providers.improvement import FINDING
from providers.machine import PROVIDER

MACHINES: dict[str, tuple[Machine, dict[str, frozenset[Role]] | None]] = {
    "engagement": (ENGAGEMENT, TRANSITION_ROLES),
    "provider": (PROVIDER, PROVIDER_TRANSITION_ROLES),
    "finding": (FINDING, FINDING_STEP_ROLES),
    "need": (NEED, NEED_TRANSITION_ROLES),
}
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(params=sorted(MACHINES))
def case(request: pytest.FixtureRequest) -> tuple[Machine, dict[str, frozenset[Role]] | None]:
    return MACHINES[request.param]


def test_states_and_transitions_are_the_machines(case: tuple[Machine, dict[str, frozenset[Role]] | None]) -> None:
    m, _ = case
    cls = m.cls
    assert m.states() == tuple(s.id for s in cls.states)
    assert m.initial_state() == next(s.id for s in cls.states if s.initial) == cls().current_state_value
    assert m.final_states() == {s.id for s in cls.states if s.final}
    assert m.transitions() == tuple(e.id for e in cls.events)
    for source, transition, target in m.edges():
        machine = cls(start_value=source)
        machine.send(transition)
        assert machine.current_state_value == target == m.target_of(source, transition)
    with pytest.raises(ValueError):
        m.target_of("nowhere", m.transitions()[0])


def test_allowed_steps_are_what_the_machine_allows(case: tuple[Machine, dict[str, frozenset[Role]] | None]) -> None:
    m, roles = case
    for state in m.states():
        own = list(dict.fromkeys(e.id for e in m.cls(start_value=state).allowed_events))
        assert m.allowed(state) == own, state
        for transition in m.transitions():
            assert m.allows(state, transition) == (transition in own)
            if transition not in own:
                with pytest.raises(TransitionNotAllowed):
                    m.target_of(state, transition)
        for role in Role:
            expected = own if roles is None else [t for t in own if role in roles[t]]
            assert m.allowed(state, role) == expected, (state, role)
    for state in m.final_states():
        assert m.allowed(state) == []


def test_every_state_and_step_has_a_label_in_both_languages(
        case: tuple[Machine, dict[str, frozenset[Role]] | None]) -> None:
    m, _ = case
    for state in m.states():
        zh, en = m.label(state, "zh"), m.label(state, "en")
        assert CJK.search(zh) and not CJK.search(en), state
        assert f"{zh} {en}" == m.state_label(state) == getattr(m.cls, state).name
        assert split_label(m.state_label(state)) == (zh, en)
    assert list(m.state_labels("zh")) == list(m.states())
    zh_steps, en_steps = m.step_labels("zh"), m.step_labels("en")
    assert set(m.transitions()) <= set(zh_steps) == set(en_steps)
    for step in zh_steps:
        assert CJK.search(zh_steps[step]) and not CJK.search(en_steps[step]), step
        assert m.step_label(step, "zh") == zh_steps[step] and m.step_label(step, "en") == en_steps[step]
    assert m.step_label("no-such-step", "zh") == "no-such-step"


def test_the_diagram_is_python_statemachines_own(case: tuple[Machine, dict[str, frozenset[Role]] | None]) -> None:
    m, _ = case
    text = m.mermaid()
    assert text == str(formatter.render(m.cls, "mermaid")).rstrip() + "\n"
    assert text.startswith("stateDiagram-v2")
    for state in m.states():
        assert f'state "{m.state_label(state)}" as {state}' in text


def test_a_machine_without_a_label_or_a_role_for_a_step_is_refused() -> None:
    cls = ENGAGEMENT.cls
    labels = {t: ENGAGEMENT.step_labels("zh")[t] for t in ENGAGEMENT.transitions()}
    steps = {t: (v, t) for t, v in labels.items()}
    with pytest.raises(ValueError, match="step labels"):
        Machine(cls, steps={t: v for t, v in steps.items() if t != "withdraw"})
    with pytest.raises(ValueError, match="roles"):
        Machine(cls, steps=steps, roles={t: frozenset() for t in steps if t != "terminate"})
    with pytest.raises(ValueError, match="recorded events"):
        Machine(cls, steps=steps, records={"withdraw": ("撤回", "withdrawn")})
    assert Machine(cls, steps=steps).allowed("acceptance", Role.enterprise) == ENGAGEMENT.allowed("acceptance")
