"""Seed 000 Figure 1 as the doors name it: the engagement's states and steps, read from the pipeline's machine, so
a page or a command that lists them cannot drift from the workflow that runs."""

from __future__ import annotations

from pipeline import machine
from pipeline.diagram import mermaid

OPEN_EVENT = machine.OPEN_EVENT  # the history's first event: the engagement was opened (by an accepted review)


def states() -> tuple[str, ...]:
    return machine.states()


def final_states() -> frozenset[str]:
    return machine.final_states()


def transitions() -> tuple[str, ...]:
    return machine.transitions()


def state_label(state: str) -> str:
    """The machine's own name of a state, "技术、商务沟通 communicating"."""
    return machine.state_label(state)


def state_labels(lang: str) -> dict[str, str]:
    """Every state's name in one language (``zh`` or else English)."""
    out = {}
    for state in machine.states():
        zh, _, en = machine.state_label(state).partition(" ")
        out[state] = zh if lang == "zh" else en
    return out


def allowed_transitions(state: str) -> list[str]:
    return machine.allowed_transitions(state)


def diagram() -> str:
    """The state diagram (Mermaid), generated from the machine."""
    return mermaid()
