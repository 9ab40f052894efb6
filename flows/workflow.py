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


# Seed 000 Figure 1's boxes in order, as the board's stepper shows them: 需求提出 is the need and its review (before an
# engagement exists), then one box per state of the machine; the plan's revision (our reading) is part of 技术服务评审.
FIGURE1_STEPS: tuple[tuple[str, str, str], ...] = (
    ("raised", "需求提出", "need raised"),
    ("communicating", "技术、商务沟通", "communication"),
    ("agreed", "达成一致", "agreement"),
    ("contracted", "签订技术服务协议", "contract signed"),
    ("team_formed", "成立项目组", "team formed"),
    ("plan_review", "技术服务评审", "plan review"),
    ("delivering", "开展技术服务", "delivery"),
    ("acceptance", "服务成果验收", "acceptance"),
    ("closed", "项目终结", "closed"),
)
_STEP_OF = {"plan_revision": "plan_review", "awaiting_countersignature": "contracted"}


def figure1_steps(lang: str) -> list[tuple[str, str]]:
    """(key, label) of every Figure 1 step, in the page's language."""
    return [(key, zh if lang == "zh" else en) for key, zh, en in FIGURE1_STEPS]


def figure1_step(state: str) -> int:
    """The 1-based Figure 1 step an engagement in ``state`` is at; 0 for one that ended without closing (withdrawn,
    terminated)."""
    key = _STEP_OF.get(state, state)
    keys = [k for k, _, _ in FIGURE1_STEPS]
    return keys.index(key) + 1 if key in keys else 0
