"""A need's lifecycle as an explicit state machine (python-statemachine), owned by intake.

draft → ready → published → in review → matched → in engagement → closed; or withdrawn before a provider took it;
or no suitable provider. The states a need passes through are seed 000's docking journey seen from the need:
refined into a publishable need (需求凝练) and published (需求发布), matched and reviewed (对接匹配), then handed to
the engagement workflow of Figure 1 (``pipeline.machine``), whose signed agreement and closure move the need on.

This is the one table of the need's states and their names (Chinese first). Who may fire each transition is
``authz.tables.NEED_TRANSITION_ROLES``; the flows fire them as a consequence of what the caller did (a conversation
that completes a draft, or a need created complete, confirms it; submitting publishes and queues; accepting matches;
signing the agreement starts the engagement; passing acceptance closes), and ``intake.service`` writes each one to
the need's history: a need's status changes in no other way. ``docs/workflow.md`` shows the diagram generated from
this class.

Our reading, where the seeds say nothing: "sent back as unclear" returns the need to draft with the coordinator's
question (``send_back``), and the enterprise submits it again; a need no provider fits (``find_none``) can still be
assigned by hand (``match``) or re-matched (``reopen``).
"""

from __future__ import annotations

from statemachine import Event, State, StateMachine

from authz.tables import NEED_TRANSITION_ROLES
from core.statemachine import Label, Machine, TransitionNotAllowed


class NeedMachine(StateMachine):
    draft = State("草稿 draft", initial=True)
    ready = State("待提交 ready to submit")
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


# What each step is called in the need's history, Chinese first.
STEP_LABELS: dict[str, Label] = {
    "confirm": ("确认需求", "confirm"),
    "publish": ("发布需求", "publish"),
    "queue": ("提交审核", "queue for review"),
    "send_back": ("退回补充", "send back"),
    "match": ("匹配机构", "match a provider"),
    "find_none": ("暂无合适机构", "find no provider"),
    "reopen": ("重新匹配", "reopen"),
    "start": ("开始对接服务", "start the engagement"),
    "close": ("办结", "close"),
    "redock": ("重新对接", "re-dock"),
    "withdraw": ("撤回", "withdraw"),
}

# The need's states and their names are this machine's: ``intake.schemas.NeedStatus`` only spells the same names for
# the wire (a test keeps the two the same), and every page reads a status's name from here.
NEED = Machine(NeedMachine, steps=STEP_LABELS, roles=NEED_TRANSITION_ROLES)

states = NEED.states
transitions = NEED.transitions
edges = NEED.edges
allowed = NEED.allowed  # from a state; given a role, those that role may cause
allows = NEED.allows
target_of = NEED.target_of
state_label = NEED.state_label
mermaid = NEED.mermaid


__all__ = ["NEED", "STEP_LABELS", "NeedMachine", "TransitionNotAllowed", "allowed", "allows", "edges", "mermaid",
           "state_label", "states", "target_of", "transitions"]
