"""One helper over python-statemachine, for every machine of innodock (issue 32, item 4).

The engagement workflow (``pipeline.machine``), a provider's lifecycle (``providers.machine``), a finding's
improvement loop (``providers.improvement``) and a need's lifecycle (``intake.lifecycle``) each declare their
machine as a python-statemachine class — the states, named ``"中文 English"``, and the transitions — and hand it to
:class:`Machine` with the label of every step and, where the machine has them, the roles that may fire each step.
Everything a door asks of a machine is answered here, the same way for all four:

- its states (the initial one, the final ones), its transitions and its arrows (source, transition, target);
- the label of a state or a step in either language, Chinese first (``label(state, "zh")``), or both as the
  machine names it (``state_label``);
- the steps allowed from a state, for a given role where the machine has roles (``allowed``);
- where a step leads (``target_of``), computed by python-statemachine itself, and a replay of a history;
- its diagram: Mermaid, python-statemachine's own rendering (no Graphviz needed), the one way the docs draw them.

Roles come in as plain values (the owner reads them from ``authz.tables``), so ``core`` depends on nothing of ours.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from statemachine import StateMachine
from statemachine.contrib.diagram import formatter
from statemachine.exceptions import TransitionNotAllowed

Label = tuple[str, str]  # (中文, English)


def split_label(text: str) -> Label:
    """A state's ``"中文 English"`` name as its two halves; a name in one language is that name in both."""
    zh, _, en = text.strip().partition(" ")
    return zh, (en.strip() or zh)


def pick(label: Label, lang: str) -> str:
    """One language of a label: Chinese for ``zh``, English otherwise (the pages' rule)."""
    return label[0] if lang == "zh" else label[1]


class Machine:
    """A python-statemachine class with its step labels and, optionally, who may fire each step.

    ``steps``: the label of every transition (what a button or a history row says), required for each.
    ``records``: the label of events a history records without a transition of the machine (an engagement opened,
    an application filed, a finding found), so a page reads every history row's name from here.
    ``roles``: for each transition, the roles that may fire it; without it the machine has no roles and
    ``allowed`` ignores the one it is given.
    """

    def __init__(self, cls: type[StateMachine], *, steps: Mapping[str, Label],
                 records: Mapping[str, Label] | None = None,
                 roles: Mapping[str, Iterable[Hashable]] | None = None) -> None:
        self.cls = cls
        self._states: tuple[str, ...] = tuple(str(s.id) for s in cls.states)
        self._labels: dict[str, Label] = {str(s.id): split_label(str(s.name)) for s in cls.states}
        self._names: dict[str, str] = {str(s.id): str(s.name) for s in cls.states}
        self._initial: str = next(str(s.id) for s in cls.states if s.initial)
        self._final: frozenset[str] = frozenset(str(s.id) for s in cls.states if s.final)
        events: Iterable[Any] = cls.events  # type: ignore[assignment]
        self._transitions: tuple[str, ...] = tuple(str(e.id) for e in events)
        edges: list[tuple[str, str, str]] = []
        for s in cls.states:
            for t in s.transitions:
                for name in str(t.event).split():
                    edges.append((str(s.id), name, str(t.target.id)))
        self._edges: tuple[tuple[str, str, str], ...] = tuple(edges)
        missing = set(self._transitions) - set(steps)
        if missing or set(steps) - set(self._transitions):
            raise ValueError(f"{cls.__name__}: step labels must name exactly its transitions "
                             f"(missing {sorted(missing)}, unknown {sorted(set(steps) - set(self._transitions))})")
        overlap = set(records or {}) & set(self._transitions)
        if overlap:
            raise ValueError(f"{cls.__name__}: recorded events {sorted(overlap)} are transitions")
        self._steps: dict[str, Label] = {**dict(records or {}), **dict(steps)}
        self._roles: dict[str, frozenset[Hashable]] | None = None
        if roles is not None:
            if set(roles) != set(self._transitions):
                raise ValueError(f"{cls.__name__}: the roles table must name exactly its transitions")
            self._roles = {name: frozenset(who) for name, who in roles.items()}

    # ---- structure ----

    def states(self) -> tuple[str, ...]:
        return self._states

    def initial_state(self) -> str:
        return self._initial

    def final_states(self) -> frozenset[str]:
        return self._final

    def transitions(self) -> tuple[str, ...]:
        """Every transition name, in declaration order."""
        return self._transitions

    def edges(self) -> tuple[tuple[str, str, str], ...]:
        """(source, transition, target) for every arrow of the machine."""
        return self._edges

    # ---- labels ----

    def state_label(self, state: str) -> str:
        """The machine's own name of a state, both languages: "技术、商务沟通 communicating"."""
        try:
            return self._names[state]
        except KeyError:
            raise ValueError(f"unknown state {state!r}") from None

    def label(self, state: str, lang: str) -> str:
        """A state's name in one language (``zh``, or else English)."""
        if state not in self._labels:
            raise ValueError(f"unknown state {state!r}")
        return pick(self._labels[state], lang)

    def state_labels(self, lang: str) -> dict[str, str]:
        """Every state's name in one language, in declaration order."""
        return {state: pick(label, lang) for state, label in self._labels.items()}

    def step_label(self, step: str, lang: str) -> str:
        """A transition's (or a recorded event's) label in one language; an unknown name is shown as it is."""
        label = self._steps.get(step)
        return step if label is None else pick(label, lang)

    def step_labels(self, lang: str) -> dict[str, str]:
        """Every transition's and recorded event's label in one language."""
        return {step: pick(label, lang) for step, label in self._steps.items()}

    # ---- steps ----

    def may(self, role: Hashable, transition: str) -> bool:
        """Whether ``role`` may fire ``transition`` (always, for a machine without roles)."""
        return self._roles is None or role in self._roles.get(transition, frozenset())

    def allowed(self, state: str, role: Hashable | None = None) -> list[str]:
        """The transitions the machine allows from ``state``, in declaration order; given a role, those of them that
        role may fire. Guards (what must be on record) are the owner's and not considered."""
        out: list[str] = []
        for source, name, _ in self._edges:
            if source == state and name not in out and (role is None or self.may(role, name)):
                out.append(name)
        return out

    def allows(self, state: str, transition: str) -> bool:
        return transition in self.allowed(state)

    def target_of(self, state: str, transition: str) -> str:
        """The state ``transition`` leads to from ``state``, computed by the machine itself. Raises
        ``TransitionNotAllowed`` when the machine refuses it, ``ValueError`` for an unknown state."""
        if state not in self._states:
            raise ValueError(f"unknown state {state!r}")
        machine = self.cls(start_value=state)
        machine.send(transition)
        return str(machine.current_state_value)

    def replay(self, transitions: Iterable[str]) -> str:
        """The state reached by firing ``transitions`` in order from the initial state."""
        machine = self.cls()
        for name in transitions:
            machine.send(name)
        return str(machine.current_state_value)

    # ---- diagram ----

    def mermaid(self) -> str:
        """The state diagram as Mermaid text, python-statemachine's own rendering."""
        return str(formatter.render(self.cls, "mermaid")).rstrip() + "\n"


__all__ = ["Label", "Machine", "TransitionNotAllowed", "pick", "split_label"]
