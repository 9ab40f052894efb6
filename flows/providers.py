"""Providers over time as the doors use them: the list and a provider's page, applying, a lifecycle step, and
transitions proposed to the association (issue 14).

The kb ``status`` is derived from the lifecycle (``providers.rules.DERIVED_STATUS``): every step that changes the
state sets it through ``kb.service.set_center_status`` in the same transaction, so matching and the catalog read the
kb as before. Centers that entered the kb without a lifecycle (an import by a path that wrote the kb alone) get one,
with an "imported" event, on the first write that needs it; until then a read shows the one they will get.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from authz import policy
from authz.principal import Principal
from authz.vocab import Role
from core import china_time
from core.errors import ConflictError, InnodockError, refuse_all
from flows import authorities, workflow
from flows.events import Outbox, Parties
from inbox import service as inbox
from kb import service as kb
from kb import transfer
from kb.io.readers import SourceRecord, issues_in_words
from kb.schemas import CenterRecord
from kb.vocab import STATUS_LABELS, CenterKind
from outbox.vocab import DomainEvent
from providers import diagram as lifecycle_diagram
from providers import machine
from providers import service as providers
from providers.schemas import LifecycleDetail, LifecycleView, ProposalView


@dataclass(frozen=True)
class ProviderRow:
    """A provider as the list shows it: its kb entry and its lifecycle."""

    center: CenterRecord
    lifecycle: LifecycleView


def diagram() -> str:
    """The lifecycle diagram (Mermaid), generated from the machine."""
    return lifecycle_diagram.mermaid()


def states() -> tuple[str, ...]:
    return machine.PROVIDER.states()


def transitions() -> tuple[str, ...]:
    return machine.PROVIDER.transitions()


def state_label(state: str) -> str:
    """The machine's own name of a state, both languages: "运行 operating"."""
    return machine.PROVIDER.state_label(state)


def state_labels(lang: str) -> dict[str, str]:
    """Every lifecycle state's name in one language (``zh`` or else English), as a page says it: without the docs'
    notes."""
    # the English providers' list offered "suspended (our reading)" as a stage (the admin's day, 2026-11-28)
    return {state: workflow.without_docs_note(name) for state, name in machine.PROVIDER.state_labels(lang).items()}


def status_labels(lang: str) -> dict[str, str]:
    """Every status a page may show, in one language (``zh`` or else English): the kb's and, under a rectification
    order, 限期整改中 (``providers.rules.shown_status``)."""
    half = 0 if lang == "zh" else 1
    return {**{k.value: v[half] for k, v in STATUS_LABELS.items()},
            **{k: v[half] for k, v in providers.SHOWN_STATUS.items()}}


APPLICATION_STATES = machine.APPLICATION_STATES  # an application's: its withdrawal is 撤回申请


def step_labels(lang: str, *, state: str | None = None) -> dict[str, str]:
    """Every lifecycle step's name in one language, and the history's "applied" and "imported"; given the
    provider's ``state``, as its steps read from there (an application's withdrawal is 撤回申请, not 退出)."""
    return machine.step_labels_at(state, lang)


def step_said(step: str, lang: str, *, from_state: str | None = None, to_state: str | None = None) -> str:
    """One step of a provider's history as it reads where it was taken (``providers.machine.step_said``)."""
    return machine.step_said(step, lang, from_state=from_state, to_state=to_state)


def sync(*, session: Session) -> list[str]:
    """A lifecycle for every kb center that has none; the ids entered."""
    return providers.ensure_lifecycles(session=session, centers=kb.center_keys(session=session))


def _set_status(session: Session, view: LifecycleView) -> None:
    kb.set_center_status(session=session, center_id=view.center_id, status=providers.derived_status(view.state))


def provider_list(*, session: Session, principal: Principal, today: date,
                  state: str | None = None) -> list[ProviderRow]:
    """Every provider for the association; a center coordinator sees its own center only, an authority's officer
    those in its jurisdiction (``authz.policy.oversees``). A kb center without a
    lifecycle yet shows the one it will get (a read writes nothing)."""
    return provider_page(session=session, principal=principal, today=today, state=state)[0]


def provider_page(*, session: Session, principal: Principal, today: date, state: str | None = None,
                  limit: int | None = None, offset: int = 0) -> tuple[list[ProviderRow], int]:
    """A page of :func:`provider_list` (``limit`` from ``offset``, by center id) and how many there are in all: only
    the page's kb entries are read."""
    mine = None if policy.sees_other_centers(principal) else {principal.center_id or ""}
    views: list[LifecycleView] = list(providers.list_lifecycles(session=session, today=today, state=state,
                                                                center_ids=mine))
    have = providers.known_ids(session=session)
    in_kb: set[str] = set()
    for center_id, kind, status, region in kb.center_keys(session=session):
        in_kb.add(center_id)
        if center_id not in have and (mine is None or center_id in mine):
            view = providers.implied(center_id=center_id, kind=kind, status=status, today=today, region=region)
            if state is None or view.state == state:
                views.append(view)
    views = sorted((v for v in views if v.center_id in in_kb), key=lambda v: v.center_id)
    if principal.role == Role.authority_officer:  # those in its jurisdiction (authz.policy.oversees)
        regions = {c.id: c.region for c in kb.list_centers(session=session, ids=[v.center_id for v in views])}
        views = [v for v in views if authorities.oversees(principal, center_id=v.center_id,
                                                          region=regions.get(v.center_id))]
    window = views[offset:] if limit is None else views[offset: offset + limit]
    centers = {c.id: c for c in kb.list_centers(session=session, ids=[v.center_id for v in window])}
    return [ProviderRow(center=centers[v.center_id], lifecycle=v) for v in window], len(views)


# A provider that does not serve yet (applied, under review, being built, awaiting acceptance) or was turned away:
# its queue is empty, and what it has to do next is on its own page.
NOT_SERVING = frozenset({"applied", "under_review", "building", "acceptance", "rejected", "application_withdrawn",
                         "withdrawn"})


@dataclass(frozen=True)
class CenterStanding:
    """Where a center's provider stands, for what its coordinator is offered: ``serves`` while it serves (or, with no
    lifecycle of its own, as imported into the catalog); ``home``, the page of its own provider (the providers' list,
    which links the application, before it has applied)."""

    serves: bool
    home: str


def center_standing(*, session: Session, center_id: str | None) -> CenterStanding:
    """One judgement for where a center's coordinator starts (:func:`center_start`) and what its navigation offers
    (``api.pages.ui_common.nav_for``): an applicant was offered the queue, the engagements, the opportunities and
    机构评价, all empty or refused until its provider serves (the provider's life walked as a new user, 2026-11-28)."""
    if center_id is None:
        return CenterStanding(serves=False, home="/providers")
    # one row, no history: this is read for every page a center's coordinator opens
    found = providers.list_lifecycles(session=session, today=china_time.today(), center_ids=[center_id])
    if found:
        return CenterStanding(serves=found[0].state not in NOT_SERVING, home=f"/providers/{center_id}")
    if kb.list_centers(session=session, ids=[center_id]):
        return CenterStanding(serves=True, home=f"/providers/{center_id}")
    return CenterStanding(serves=False, home="/providers")


def center_start(*, session: Session, center_id: str | None) -> str:
    """Where a center's coordinator starts work (``api.pages.ui_auth.home_for``, every role's start): its inbox while
    its provider serves (its day's notices: proposals to confirm, filings due, findings, complaints; the center's
    day walked again on 2026-11-29: it landed on 审核队列, the association's review queue); its provider's page
    while the provider is applying, being built or awaiting acceptance; the providers' list when it has not applied
    (the list says so and links the application; the provider's life walked as a new user, 2026-11-28: an
    applicant was sent to an empty queue). A catalog center with no lifecycle of its own serves as imported."""
    standing = center_standing(session=session, center_id=center_id)
    return "/inbox" if standing.serves else standing.home


def provider(*, session: Session, principal: Principal, center_id: str,
             today: date) -> tuple[CenterRecord, LifecycleDetail]:
    """One provider's kb entry and lifecycle with its history, for whoever may read its record
    (``authz.policy.check_provider_record``): another center's coordinator, or an authority's officer outside its
    jurisdiction, is refused."""
    authorities.check_record(session=session, principal=principal, center_id=center_id)
    center = kb.get_center(session=session, center_id=center_id)
    if center_id not in providers.known_ids(session=session):
        return center, providers.implied(center_id=center_id, kind=center.kind, status=center.effective_status,
                                         today=today, principal=principal, region=center.region)
    return center, providers.get_lifecycle(session=session, center_id=center_id, today=today, principal=principal)


def center_refusals(*, session: Session, center: Mapping[str, Any]) -> list[InnodockError]:
    """What kb would refuse of an applicant's center record, each field once with its own reason (``center.<field>``),
    nothing written (kb's dry run): the application said kb's reasons together but marked only the first field."""
    record = SourceRecord("application", "center", {**center, "status": "preparing"})
    result = transfer.import_records(session=session, records=[record], dry_run=True)
    by_field: dict[str, list[Any]] = {}
    for issue in result.issues:
        by_field.setdefault(str(issue.field), []).append(issue)
    return [InnodockError(issues_in_words(issues), field=f"center.{name}") for name, issues in by_field.items()]


def apply(*, session: Session, principal: Principal, center: dict[str, Any], materials: dict[str, str],
          construction: bool, profile: str | None = None) -> LifecycleView:
    """An application (seed 002 二(二)1, seed 003 art. 6(一), seed 004 六): the applicant's kb-v1 center record enters
    the catalog as ``preparing`` and its lifecycle starts at ``applied``. A center already in the knowledge base has
    a lifecycle already (409); a center coordinator applies for its own center only; a record kb refuses is refused
    with kb's reasons, nothing written. ``profile``: the rules profile the association chooses (``profiles``; none:
    the kind's default in its province); only the association chooses it, and one that does not govern the kind is
    refused. The doors call ``flows.applications.apply``, which checks the profile's rules at application and keeps
    the documents, and enters the provider through this."""
    center_id = str(center.get("id") or "")
    policy.check_own_center(principal, center_id)
    if profile:
        policy.authorize(principal, "provider.decide")  # the association chooses the rules, not the applicant
        providers.get_profile(profile)
    sync(session=session)
    if center_id in providers.known_ids(session=session):
        raise ConflictError(f"机构 {center_id} 已有生命周期记录 / provider {center_id} already has a lifecycle",
                            field="center.id", code="provider_exists")
    refuse_all(center_refusals(session=session, center=center))
    record = SourceRecord("application", "center", {**center, "status": "preparing"})
    result = transfer.import_records(session=session, records=[record])
    if not result.ok:
        first = result.issues[0]
        raise InnodockError(issues_in_words(result.issues), field=f"center.{first.field}")
    entered = kb.get_center(session=session, center_id=center_id)
    view = providers.apply(session=session, center_id=center_id, kind=entered.kind, materials=materials,
                           construction=construction, principal=principal, profile=profile, region=entered.region)
    _set_status(session, view)
    return view


RECTIFY = "order_rectification"  # the lifecycle step that orders a provider to rectify (providers.machine)


def _announce_rectification(session: Session, view: LifecycleView, outbox: Outbox,
                            ordered_by: str | None = None, acted_by: str | None = None) -> None:
    """A rectification order asks the provider to act by a deadline: its coordinators are told, whichever way it was
    ordered (a decision of its own or an evaluation's proposal accepted). ``ordered_by``: the deciding authority's
    name when an authority took it (issue 29, item 3); None: the association."""
    outbox.record(session=session, event=DomainEvent.rectification_ordered,
                  payload={"center_id": view.center_id,
                           "center_name": kb.get_center(session=session, center_id=view.center_id).name,
                           "deadline": view.rectification_deadline.isoformat()
                           if view.rectification_deadline else None, "ordered_by": ordered_by},
                  parties=Parties(enterprise_id=None, center_id=view.center_id, acted_by=acted_by))


def _announce_step(session: Session, *, transition: str, previous: str, view: LifecycleView, today: date,
                   outbox: Outbox, acted_by: str, proposal_id: int | None = None,
                   ordered_by: str | None = None) -> None:
    """Every lifecycle step is announced once, here (issue 29, item 7): ``provider.status_changed`` to the provider
    and every association — the inbox of its coordinators and the association's, and the webhook an association's
    website subscribes to instead of polling (payload in ``docs/api.md``). A rectification order is also
    ``provider.rectification_ordered``, with its deadline. ``acted_by``: the deciding organisation, whose inbox is
    not told of its own decision as new (``flows.events.Parties.acted_by``): an association was told of its own
    rectification order as a new notice."""
    outbox.record(session=session, event=DomainEvent.provider_status_changed,
                  payload={"center_id": view.center_id,
                           "center_name": kb.get_center(session=session, center_id=view.center_id).name,
                           "kind": view.kind.value, "transition": transition, "previous_state": previous,
                           "state": view.state, "status": view.status.value, "version": view.version,
                           "decided_on": today.isoformat(), "proposal_id": proposal_id,
                           "rectification_deadline": view.rectification_deadline.isoformat()
                           if view.rectification_deadline else None},
                  parties=Parties(enterprise_id=None, center_id=view.center_id, acted_by=acted_by))
    if transition == RECTIFY:
        _announce_rectification(session, view, outbox, ordered_by, acted_by)


def advance(*, session: Session, principal: Principal, center_id: str, transition: str, version: int,
            payload: dict[str, Any] | None, today: date, outbox: Outbox) -> LifecycleView:
    """One lifecycle step (``providers.lifecycle.advance``: role, not one's own provider, version, machine, guard),
    and the kb status it shows as. A decision the provider's rules profile gives to an authority on the platform is
    that authority's (``flows.authorities``): the association prepares it instead."""
    policy.check_own_center(principal, center_id)
    kb.get_center(session=session, center_id=center_id)
    authorities.check(session=session, principal=principal, center_id=center_id, transition=transition)
    sync(session=session)
    previous = providers.get_lifecycle(session=session, center_id=center_id, today=today).state
    view = providers.advance(session=session, center_id=center_id, transition=transition, version=version,
                             payload=payload, principal=principal, today=today)
    _set_status(session, view)
    _announce_step(session, transition=transition, previous=previous, view=view, today=today, outbox=outbox,
                   acted_by=principal.org_id, ordered_by=principal.org_name if principal.authority_body else None)
    return view


def profiles() -> list[providers.Profile]:
    """Every rules profile (``providers.profiles``): what each chooses, each value with its clause."""
    return list(providers.profiles().values())


def profile(profile_id: str) -> providers.Profile:
    return providers.get_profile(profile_id)


def profile_note(profile: providers.Profile, kind: CenterKind, region: str | None) -> dict[str, str] | None:
    """Why these rules govern the provider, as its page says it (``providers.profiles.applied_note``): the general
    rules where its province has none of its own or its region is not on record, or a province's rules it lies
    outside of; None where its own province's rules govern it."""
    return providers.applied_note(profile, kind, region)


def change_profile(*, session: Session, principal: Principal, center_id: str, profile: str, reason: str,
                   version: int, today: date, outbox: Outbox) -> LifecycleView:
    """The association changes the rules profile that governs a provider, with a recorded reason (a
    ``change_profile`` event in its history), announced like a lifecycle step (``provider.status_changed``, the
    transition ``change_profile``) so the provider and association websites learn of its new rules."""
    policy.authorize(principal, "provider.decide")
    policy.check_own_center(principal, center_id)
    kb.get_center(session=session, center_id=center_id)
    sync(session=session)
    previous = providers.get_lifecycle(session=session, center_id=center_id, today=today).state
    view = providers.change_profile(session=session, center_id=center_id, profile=profile, reason=reason,
                                    version=version, principal=principal, today=today)
    # The rules a provider is under are part of what the catalog says of it: the staff checks cite the profile's
    # clauses, and the compliance flags are kept by kb version (flows.matching.compliance_flags), so a change that
    # did not bump it left the flags citing the rules it was under before (a new user's trial, 2026-11-29).
    kb.bump_version(session=session)
    _announce_step(session, transition=machine.PROFILE_EVENT, previous=previous, view=view, today=today,
                   outbox=outbox, acted_by=principal.org_id)
    return view


def propose_transition(*, session: Session, center_id: str, transition: str, grounds: str, source: str,
                       payload: dict[str, Any] | None = None, proposed_by: str) -> ProposalView:
    """Propose a lifecycle transition to the association, never applying it: what an evaluation's consequence calls
    (seed 002 四(二): 激励管理 / 重点监管 with 限期整改 / 调整退出). ``source`` says what proposed it (e.g.
    ``evaluation:run-12``); ``payload`` may carry what the step's guard needs (a rectification ``deadline``), the
    coordinator adds the rest (the decision date and document) when accepting."""
    kb.get_center(session=session, center_id=center_id)
    sync(session=session)
    return providers.propose(session=session, center_id=center_id, transition=transition, grounds=grounds,
                             source=source, payload=payload, proposed_by=proposed_by)


def proposals(*, session: Session, principal: Principal, status: str | None = "open") -> list[ProposalView]:
    mine = None if policy.sees_other_centers(principal) else {principal.center_id or ""}
    return providers.list_proposals(session=session, status=status, center_ids=mine)


def decide_proposal(*, session: Session, principal: Principal, proposal_id: int, accept: bool, today: date,
                    outbox: Outbox, version: int | None = None, payload: dict[str, Any] | None = None,
                    note: str | None = None) -> tuple[ProposalView, LifecycleView | None]:
    found = providers.get_proposal(session=session, proposal_id=proposal_id)
    policy.check_own_center(principal, found.center_id)
    if accept or principal.authority_body is not None:  # declining is the association's withdrawal, or the authority's
        authorities.check(session=session, principal=principal, center_id=found.center_id,
                          transition=found.transition)
    previous = providers.get_lifecycle(session=session, center_id=found.center_id, today=today).state
    decided, moved = providers.decide_proposal(session=session, proposal_id=proposal_id, accept=accept,
                                               principal=principal, today=today, version=version, payload=payload,
                                               note=note)
    if moved is not None:
        _set_status(session, moved)
        _announce_step(session, transition=found.transition, previous=previous, view=moved, today=today,
                       outbox=outbox, acted_by=principal.org_id, proposal_id=proposal_id,
                       ordered_by=principal.org_name if principal.authority_body else None)
    # Its notice ("待协会决定：…") is done, taken or declined: a center's day walked on 2026-11-29 found it a to-do
    # beside the rectification it had long become.
    inbox.settle(session=session, groups=[f"lifecycle:{proposal_id}"])
    return decided, moved
