"""Seed 000 Figure 1 as the doors name it: the engagement's states and steps, read from the pipeline's machine, so
a page or a command that lists them cannot drift from the workflow that runs."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple, Protocol, TypeVar

from authz.vocab import ORG_ROLES, ROLE_LABELS, OrgKind, Role
from core.statemachine import pick
from pipeline import machine
from pipeline.diagram import mermaid
from pipeline.vocab import STEP_FIELDS, TURN, StepField, on_behalf_of

OPEN_EVENT = machine.OPEN_EVENT  # the history's first event: the engagement was opened (by an accepted review)
ENGAGEMENT = machine.ENGAGEMENT


def states() -> tuple[str, ...]:
    return ENGAGEMENT.states()


def final_states() -> frozenset[str]:
    return ENGAGEMENT.final_states()


def transitions() -> tuple[str, ...]:
    return ENGAGEMENT.transitions()


def state_label(state: str) -> str:
    """The machine's own name of a state, "技术、商务沟通 communicating"."""
    return ENGAGEMENT.state_label(state)


# A note the machine's names carry for the docs' diagram ("方案修改 plan revision (our reading)"): a page's reader was
# told "plan revision (our reading)" on the English board (the enterprise's day, 2026-11-28).
_DOCS_NOTE = re.compile(r"\s*\(our reading\)\s*$")


def without_docs_note(name: str) -> str:
    """A machine's state name as a person reads it: the docs' "(our reading)" left out (a provider's notice said
    "now “suspended (our reading)”", the admin's and the authority officer's day, 2026-11-28)."""
    return _DOCS_NOTE.sub("", name)


def state_labels(lang: str) -> dict[str, str]:
    """Every state's name in one language (``zh`` or else English), as a page says it: without the docs' notes."""
    return {state: without_docs_note(name) for state, name in ENGAGEMENT.state_labels(lang).items()}


def step_labels(lang: str) -> dict[str, str]:
    """Every step's name in one language, and the history's "opened"."""
    return ENGAGEMENT.step_labels(lang)


def allowed_transitions(state: str) -> list[str]:
    return ENGAGEMENT.allowed(state)


def diagram() -> str:
    """The state diagram (Mermaid), generated from the machine."""
    return mermaid()


# Seed 000 Figure 1's boxes in order, as the board's stepper shows them: 需求提出 is the need and its review (before an
# engagement exists), then one box per state of the machine, named as the machine names it; the plan's revision
# (our reading) is part of 技术服务评审, and waiting for the enterprise's countersignature part of 签订技术服务协议.
RAISED = ("raised", ("需求提出", "need raised"))
FIGURE1_STEPS: tuple[str, ...] = ("raised", "communicating", "agreed", "contracted", "team_formed", "plan_review",
                                  "delivering", "acceptance", "closed")
_STEP_OF = {"plan_revision": "plan_review", "awaiting_countersignature": "contracted"}


def figure1_steps(lang: str) -> list[tuple[str, str]]:
    """(key, label) of every Figure 1 step, in the page's language."""
    names = state_labels(lang)
    return [(key, pick(RAISED[1], lang) if key == RAISED[0] else names[key]) for key in FIGURE1_STEPS]


def figure1_step(state: str) -> int:
    """The 1-based Figure 1 step an engagement in ``state`` is at; 0 for one that ended without closing (withdrawn,
    terminated)."""
    key = _STEP_OF.get(state, state)
    return FIGURE1_STEPS.index(key) + 1 if key in FIGURE1_STEPS else 0


# ---- whose turn, and what each step asks for (pipeline.vocab: TURN and STEP_FIELDS) ----


def turn(state: str) -> tuple[OrgKind, ...]:
    """The parties whose turn it is in ``state`` (none once it has ended)."""
    return TURN[state]


def party_of(role: Role) -> OrgKind:
    """The kind of organisation a role acts for (an admin is the operating association's staff)."""
    return next(kind for kind, roles in ORG_ROLES.items() if role in roles)


def step_fields(step: str) -> tuple[StepField, ...]:
    """The fields of a step filed with text alone; none for the steps that file a whole record (their own forms)."""
    return STEP_FIELDS.get(step, ())


# ---- a step taken for a party (pipeline.vocab.STEP_PARTIES) ----

_PARTY_WORDS: dict[OrgKind, tuple[str, str]] = {OrgKind.enterprise: ("企业", "the enterprise"),
                                                 OrgKind.center: ("机构", "the provider")}


# As a sentence names a party (a notice, the guide): "服务机构", not the button's short "机构".
_PARTY_NAMES: dict[OrgKind, tuple[str, str]] = {OrgKind.enterprise: ("企业", "the enterprise"),
                                                OrgKind.center: ("服务机构", "the provider")}
# Who took a step for a party, as a sentence names them.
_ACTOR_WORDS: dict[Role, tuple[str, str]] = {
    Role.association_coordinator: ("协会协调员", "the association's coordinator"),
    Role.admin: ("平台管理员", "the platform's administrator")}


def _parties_said(parties: tuple[OrgKind, ...] | list[OrgKind], lang: str, *, words: dict[OrgKind, tuple[str, str]]
                  = _PARTY_WORDS) -> str:
    said = [words[p][0 if lang == "zh" else 1] for p in parties if p in words]
    return ("和" if lang == "zh" else " and ").join(said)


def step_label_for(step: str, role: Role, lang: str) -> str:
    """A step's name on the button ``role`` is offered: "代企业验收通过" / "Pass acceptance on behalf of the
    enterprise" where it takes the step for a party it is not (pipeline.vocab.on_behalf_of), else the step's own
    name ("验收通过" / "pass acceptance")."""
    name = step_labels(lang)[step]
    parties = on_behalf_of(step, role)
    if not parties:
        return name
    said = _parties_said(parties, lang)
    return f"代{said}{name}" if lang == "zh" else f"{name} on behalf of {said}"


def _behalf_kinds(payload: Mapping[str, object]) -> list[OrgKind]:
    """The parties a recorded or announced step was taken for (its event's ``on_behalf_of``); empty for its own."""
    raw = payload.get("on_behalf_of")
    return [OrgKind(v) for v in raw if v in {k.value for k in OrgKind}] if isinstance(raw, list) else []


def behalf_said(payload: dict[str, object], lang: str) -> str | None:
    """For whom a recorded step was taken, from its event (``on_behalf_of``): "代企业" / "on behalf of the
    enterprise"; None for a step its party took itself."""
    kinds = _behalf_kinds(payload)
    if not kinds:
        return None
    return f"代{_parties_said(kinds, lang)}" if lang == "zh" else f"on behalf of {_parties_said(kinds, lang)}"


class Behalf(NamedTuple):
    """A step taken for a party, as a sentence says it: who took it ("协会协调员" / "the association's coordinator")
    and for whom ("服务机构" / "the provider"), in each language."""

    actor_zh: str
    actor_en: str
    parties_zh: str
    parties_en: str


def behalf_of_step(payload: Mapping[str, object]) -> Behalf | None:
    """Who took an announced step and for whom (``engagement.state_changed``'s ``actor_role`` and ``on_behalf_of``,
    or a recorded step's event); None for a step its party took itself."""
    kinds = _behalf_kinds(payload)
    if not kinds:
        return None
    role = payload.get("actor_role")
    actor = Role(role) if role in {r.value for r in Role} else Role.association_coordinator
    zh_actor, en_actor = _ACTOR_WORDS.get(actor, ROLE_LABELS[actor])
    return Behalf(zh_actor, en_actor, _parties_said(kinds, "zh", words=_PARTY_NAMES),
                  _parties_said(kinds, "en", words=_PARTY_NAMES))


# ---- a failed acceptance (服务成果验收 未通过), told to the provider where it reads its next step ----

class Verdict(Protocol):
    """An acceptance verdict as the pipeline records it (``pipeline.schemas.VerdictView``)."""

    round: int
    passed: bool
    reasons: list[str]


V = TypeVar("V", bound=Verdict)


def failed_acceptance(state: str, verdicts: Sequence[V]) -> V | None:
    """The verdict that sent the work back, while the provider works on it again: the engagement is delivering and
    its last verdict did not pass. The provider read only the generic "服务机构开展技术服务…" after the enterprise's
    验收未通过, its reason at the bottom of the history (a new user's trial, 2026-11-30)."""
    last = max(verdicts, key=lambda v: v.round) if verdicts else None
    return last if state == "delivering" and last is not None and not last.passed else None


def reasons_said(reasons: Sequence[str], lang: str, *, limit: int | None = None) -> str:
    """A verdict's reasons as written, joined ("；" / "; "), cut at ``limit`` characters for a title."""
    said = ("；" if lang == "zh" else "; ").join(r.strip() for r in reasons if r.strip())
    return said if limit is None or len(said) <= limit else said[: limit - 1] + "…"


# What ends a sentence inside a quote: after it the closing quote ends the sentence too (not "…", a reason cut short).
_SENTENCE_END = ("。", "！", "？", "!", "?", ".")


def after_quote(said: str, stop: str) -> str:
    """The stop (or separator) to put after the closing quote around ``said``: none when the quoted words end with a
    stop of their own ("…客户那边交代不了。」。服务机构开展技术服务…" on the engagement page, a new user's trial,
    2026-11-30)."""
    return "" if said.rstrip().endswith(_SENTENCE_END) else stop


def failed_acceptance_said(round_: int, reasons: Sequence[str], lang: str) -> str:
    """What the guide says before what happens next when the results of a round were not accepted: the verdict and
    its reasons in the words they were written in."""
    said = reasons_said(reasons, lang)
    if lang == "zh":
        return f"第 {round_} 轮交付的成果验收未通过，理由：「{said}」{after_quote(said, '。')}"
    return (f"The results of delivery round {round_} were not accepted. "
            f"The reason given: “{said}”{after_quote(said, '.')} ")
