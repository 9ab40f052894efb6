"""The improvement loop as the doors use it (issue 14 step 6; seed 000 §8.2–8.3): what a rating run leaves behind —
its findings and the consequence its grade calls for, proposed to the association — and each step of a finding, with
what a re-check in turn proposes (passing the rectification, or revocation after it failed).

Nothing here moves a provider's lifecycle: consequences are proposals (``flows.providers.propose_transition``) that an
association coordinator accepts or declines. The rules themselves are ``providers.improvement``'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from authz import policy
from authz.principal import Principal
from core.bilingual import seed_title
from core.errors import ConflictError, InnodockError
from evaluation.schemas import RunView
from flows import authorities
from flows import providers as providers_flow
from flows.events import Outbox, Parties
from inbox import service as inbox
from inbox.schemas import NoticeKind
from kb import service as kb
from outbox.vocab import DomainEvent
from pipeline.attachments import MAX_FILES, allowed_extensions, check_files
from pipeline.schemas import Upload
from providers import finding_files, profiles
from providers import service as providers
from providers.schemas import FindingView, LifecycleView, ProposalView

DEFAULT_MAX_FILE_BYTES = 10 * 1_048_576  # the API's upload_max_file_bytes default; the pages pass the configured one


@dataclass(frozen=True)
class Aftermath:
    """What one rating run left: its findings, the consequence of its grade, and the proposal made for it (None when
    the grade calls for no transition, or the same proposal is already waiting)."""

    findings: list[FindingView]
    consequence: providers.Consequence | None
    proposal: ProposalView | None


def _propose(*, session: Session, center_id: str, transition: str, grounds: str, source: str, proposed_by: str,
             outbox: Outbox, deadline: date | None = None, period: str | None = None) -> ProposalView | None:
    """Propose, and tell the association (who decides) and the provider: ``provider.transition_proposed``."""
    payload = {k: v for k, v in (("deadline", deadline.isoformat() if deadline else None), ("period", period)) if v}
    try:
        made = providers_flow.propose_transition(
            session=session, center_id=center_id, transition=transition, grounds=grounds, source=source,
            payload=payload or None, proposed_by=proposed_by)
    except ConflictError as exc:
        if exc.code == "proposal_open":  # already waiting for the association: once is enough
            return None
        raise
    outbox.record(session=session, event=DomainEvent.transition_proposed,
                  payload={"proposal_id": str(made.id), "center_id": center_id,
                           "center_name": kb.get_center(session=session, center_id=center_id).name,
                           "transition": transition, "source": source,
                           "decided_by": authorities.decided_by(session=session, center_id=center_id,
                                                                transition=transition)},
                  parties=Parties(enterprise_id=None, center_id=center_id))
    return made


def after_evaluation(*, session: Session, run: RunView, today: date, actor: str, outbox: Outbox) -> Aftermath:
    """A self-assessment leaves nothing here: the provider's own analysis is its own (seed 001 §5.2.7); a rating run
    records a finding per weak indicator and proposes its grade's consequence."""
    if not run.counts_as_rating:
        return Aftermath([], None, None)
    made = providers.record_findings(session=session, center_id=run.center_id, run_id=run.id, period=run.period,
                                     seeds=providers.findings_from(run.result), actor=actor,
                                     rated=providers.rated_from(run.result))
    for finding in made:  # each owes a corrective action of the provider's: it is told, one notice per finding
        outbox.record(session=session, event=DomainEvent.finding_opened,
                      payload={"finding_id": finding.id, "center_id": finding.center_id, "run_id": run.id,
                               "indicator_id": finding.indicator_id, "indicator_zh": finding.indicator_zh,
                               "indicator_en": finding.indicator_en},
                      parties=Parties(enterprise_id=None, center_id=finding.center_id))
    providers_flow.sync(session=session)
    life = providers.get_lifecycle(session=session, center_id=run.center_id, today=today)
    decided = providers.consequence(result=run.result, state=life.state,
                                    rectification_deadline=life.rectification_deadline, today=today,
                                    kind=life.kind.value, profile=profiles.of(life.profile, life.kind))
    proposal = None
    if decided.transition:
        proposal = _propose(session=session, center_id=run.center_id, transition=decided.transition,
                            grounds=decided.grounds, source=f"evaluation:run-{run.id}", proposed_by=actor,
                            outbox=outbox, deadline=decided.deadline,
                            period=run.period if decided.transition == "commend" else None)
    return Aftermath(made, decided, proposal)


def finding_state_labels(lang: str) -> dict[str, str]:
    """Every state of a finding's loop in one language (``zh`` or else English), as its machine names it."""
    return providers.FINDING.state_labels(lang)


def finding_step_labels(lang: str) -> dict[str, str]:
    """Every step of a finding's loop in one language, and the history's "found"."""
    return providers.FINDING.step_labels(lang)


def findings(*, session: Session, principal: Principal, center_id: str, open_only: bool = False) -> list[FindingView]:
    """A provider's findings, for whoever may read its record (``authz.policy.check_provider_record``). A provider
    the kb does not hold is refused (404), not answered with an empty list a mistyped id would pass for."""
    authorities.check_record(session=session, principal=principal, center_id=center_id)
    kb.get_center(session=session, center_id=center_id)
    return providers.list_findings(session=session, center_ids=[center_id], open_only=open_only)


def accepted_files() -> tuple[int, str]:
    """How many files a report may carry at once and the kinds accepted (an engagement's rules)."""
    return MAX_FILES, allowed_extensions()


def finding_files_of(*, session: Session, principal: Principal, center_id: str,
                     finding_ids: Sequence[int]) -> dict[int, list[finding_files.FindingFileView]]:
    """The files of a provider's findings, for whoever may read its record (its own coordinators, the association,
    an authority's officer within its jurisdiction)."""
    authorities.check_record(session=session, principal=principal, center_id=center_id)
    mine = {f.id for f in providers.list_findings(session=session, center_ids=[center_id])}
    return finding_files.files_of(session=session, finding_ids=[i for i in finding_ids if i in mine])


def finding_file(*, session: Session, principal: Principal, finding_id: int,
                 file_id: str) -> tuple[finding_files.FindingFileView, bytes]:
    """One file of a finding, for whoever may read the finding's provider's record; another center's is missing."""
    policy.authorize(principal, "provider.record")
    found = providers.get_finding(session=session, finding_id=finding_id)
    policy.check_own_center(principal, found.center_id, hide=providers.missing_finding(finding_id))
    authorities.check_record(session=session, principal=principal, center_id=found.center_id)
    return finding_files.read(session=session, finding_id=finding_id, file_id=file_id)


# The step whose report may carry files (the report, photos, a revised procedure): the corrective action done.
STEP_WITH_FILES = "report_done"


def step(*, session: Session, principal: Principal, finding_id: int, step: str, version: int, today: date,
         outbox: Outbox, note: str | None = None, action: str | None = None, owner: str | None = None,
         due_on: date | None = None, files: Sequence[Upload] = (),
         max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> tuple[FindingView, ProposalView | None]:
    """One step of a finding (``authz.policy.check_finding_step``). After a re-check of a provider under
    rectification: every finding closed proposes ``pass_recheck``; a failed re-check after the rectification deadline
    proposes ``revoke`` (seed 002 四(二) 调整退出). The report that the action is done may carry files, judged by
    their content as an engagement's are (``pipeline.attachments``) before anything is written; a file refused
    refuses the step."""
    found = providers.get_finding(session=session, finding_id=finding_id)
    policy.check_own_center(principal, found.center_id, hide=providers.missing_finding(finding_id))
    policy.check_finding_step(principal, step, found.center_id)
    if files and step != STEP_WITH_FILES:
        raise InnodockError("只有整改完成报告可以附文件 / only the report that the action is done takes files",
                            field="files")
    checked = check_files(list(files), max_bytes=max_file_bytes)
    before = providers.get_lifecycle(session=session, center_id=found.center_id, today=today)
    done = providers.finding_step(session=session, finding_id=finding_id, step=step, version=version,
                                  actor=principal.audit_label(), today=today, note=note, action=action, owner=owner,
                                  due_on=due_on, rectify_by=due_by(before),
                                  profile=profiles.of(before.profile, before.kind))
    if checked:
        finding_files.store(session=session, finding_id=finding_id, step=step, by=principal.audit_label(),
                            files=[finding_files.CheckedUpload(name=f.name, media_type=f.media_type, size=f.size,
                                                               sha256=f.sha256, data=f.data) for f in checked])
    proposal = None
    if step in ("pass_recheck", "fail_recheck"):
        life = providers.get_lifecycle(session=session, center_id=done.center_id, today=today)
        source = f"finding:{done.id}"
        if life.state == "rectifying" and step == "pass_recheck":
            left = providers.list_findings(session=session, center_ids=[done.center_id], open_only=True)
            if not left:
                proposal = _propose(session=session, center_id=done.center_id, transition="pass_recheck",
                                    grounds=f"全部整改项复核通过（{seed_title('000', 'zh')}第8.2条）/ every finding "
                                    f"passed its re-check ({seed_title('000', 'en')}, §8.2)",
                                    source=source, proposed_by=principal.audit_label(), outbox=outbox)
        elif (life.state == "rectifying" and step == "fail_recheck" and life.rectification_deadline is not None
              and today > life.rectification_deadline):
            # The measure the provider's rules profile attaches to failing after the deadline, if its seed names one
            # (a center's day walked on 2026-11-29: every provider was proposed Shanghai's 调整退出)
            measure = providers.graded_measure(profiles.of(life.profile, life.kind), "fail_after_deadline")
            if measure is not None:
                transition, zh_by, en_by = measure
                grounds = (f"限期整改（至 {life.rectification_deadline}）后复核仍未通过：{done.indicator_zh}"
                           f"（依{zh_by}）/ the re-check failed after the rectification deadline ({en_by})")
                proposal = _propose(session=session, center_id=done.center_id, transition=transition,
                                    grounds=grounds,
                                    source=source, proposed_by=principal.audit_label(), outbox=outbox)
    return done, proposal


def due_by(life: LifecycleView) -> date | None:
    """The date a corrective action of this provider must be due by (``providers.improvement.step``'s
    ``rectify_by``): its rectification deadline while it rectifies. The provider page's date fields take it as their
    latest day."""
    return life.rectification_deadline if life.state == "rectifying" else None


def announce_overdue(*, session: Session, today: date, outbox: Outbox) -> int:
    """Once a day per corrective action past its deadline and not yet reported done: ``provider.finding_overdue`` to
    the provider (who owes it) and the association (seed 000 §8.2: the action is followed up). A finding with no
    action planned has no deadline of its own: the provider's rectification deadline is the lifecycle's, shown on its
    page. A provider that has left (revoked, withdrawn) owes nothing more. Returns how many were announced; running it
    again the same day announces nothing."""
    day = today.isoformat()
    count = 0
    gone: dict[str, bool] = {}
    for found in providers.list_findings(session=session, open_only=True):
        if found.state != "planned" or found.due_on is None or found.due_on >= today:
            continue
        if found.center_id not in gone:
            life = providers.get_lifecycle(session=session, center_id=found.center_id, today=today)
            gone[found.center_id] = life.state in providers.final_states()
        if gone[found.center_id]:
            continue
        if inbox.already_notified(session=session, kind=NoticeKind.finding.value,
                                  refs={"finding_id": str(found.id), "day": day}):
            continue
        outbox.record(session=session, event=DomainEvent.finding_overdue,
                      payload={"finding_id": found.id, "center_id": found.center_id,
                               "indicator_id": found.indicator_id, "indicator_zh": found.indicator_zh,
                               "indicator_en": found.indicator_en, "owner": found.owner,
                               "due_on": found.due_on.isoformat(), "days_overdue": (today - found.due_on).days,
                               "day": day},
                      parties=Parties(enterprise_id=None, center_id=found.center_id))
        count += 1
    return count
