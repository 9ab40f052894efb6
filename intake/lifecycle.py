"""A need's lifecycle as an explicit state machine (python-statemachine), owned by intake.

draft → ready → published → in review → matched → in engagement → closed; or withdrawn before a provider took it;
or no suitable provider. The states a need passes through are seed 000's docking journey seen from the need:
refined into a publishable need (需求凝练) and published (需求发布), matched and reviewed (对接匹配), then handed to
the engagement workflow of Figure 1 (``pipeline.machine``), whose signed agreement and closure move the need on.

Only the structure is here. Who may fire each transition is ``authz.tables.NEED_TRANSITION_ROLES``; the flows fire
them as a consequence of what the caller did (submitting publishes and queues; accepting matches; signing the
agreement starts the engagement; passing acceptance closes), and ``intake.service.advance_need`` writes each one
to the need's history. ``docs/workflow.md`` shows the diagram generated from this class.

Our reading, where the seeds say nothing: "sent back as unclear" returns the need to draft with the coordinator's
question (``send_back``), and the enterprise submits it again; a need no provider fits (``find_none``) can still be
assigned by hand (``match``) or re-matched (``reopen``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from statemachine import Event, State, StateMachine
from statemachine.contrib.diagram import formatter
from statemachine.exceptions import TransitionNotAllowed


class NeedMachine(StateMachine):
    draft = State("草稿 draft", initial=True)
    ready = State("待提交 ready")
    published = State("已发布 published")
    in_review = State("审核中 in review")
    matched = State("已匹配 matched")
    in_engagement = State("对接中 in engagement")
    closed = State("已办结 closed", final=True)
    withdrawn = State("已撤回 withdrawn", final=True)
    no_provider = State("暂无合适机构 no suitable provider")

    confirm = Event(draft.to(ready), name="confirm")
    publish = Event(draft.to(published) | ready.to(published), name="publish")
    queue = Event(published.to(in_review), name="queue")
    send_back = Event(ready.to(draft) | published.to(draft) | in_review.to(draft), name="send_back")
    match = Event(in_review.to(matched) | no_provider.to(matched), name="match")
    find_none = Event(in_review.to(no_provider), name="find_none")
    reopen = Event(no_provider.to(in_review), name="reopen")
    start = Event(matched.to(in_engagement), name="start")
    close = Event(in_engagement.to(closed), name="close")
    redock = Event(matched.to(in_review) | in_engagement.to(in_review), name="redock")
    # The enterprise may take its need back at any step before the service is delivered (an engagement under way
    # is withdrawn through its own workflow step, which fires this).
    withdraw = Event(draft.to(withdrawn) | ready.to(withdrawn) | published.to(withdrawn) | in_review.to(withdrawn)
                     | no_provider.to(withdrawn) | matched.to(withdrawn) | in_engagement.to(withdrawn),
                     name="withdraw")


@cache
def states() -> tuple[str, ...]:
    return tuple(s.id for s in NeedMachine.states)


@cache
def transitions() -> tuple[str, ...]:
    events: Iterable[Any] = NeedMachine.events  # type: ignore[assignment]
    return tuple(str(e.id) for e in events)


@cache
def edges() -> tuple[tuple[str, str, str], ...]:
    """(source, transition, target) for every arrow of the machine."""
    out: list[tuple[str, str, str]] = []
    for s in NeedMachine.states:
        for t in s.transitions:
            for name in str(t.event).split():
                out.append((s.id, name, t.target.id))
    return tuple(out)


def allowed(state: str) -> list[str]:
    return [name for source, name, _ in edges() if source == state]


def target_of(state: str, transition: str) -> str:
    """Where ``transition`` leads from ``state``; ``TransitionNotAllowed`` (or ``ValueError`` for an unknown state)
    when the machine refuses it."""
    if state not in states():
        raise ValueError(f"unknown state {state!r}")
    machine = NeedMachine(start_value=state)
    machine.send(transition)
    return str(machine.current_state_value)


def mermaid() -> str:
    return str(formatter.render(NeedMachine, "mermaid")).rstrip() + "\n"


__all__ = ["NeedMachine", "TransitionNotAllowed", "allowed", "edges", "mermaid", "states", "target_of",
           "transitions"]
