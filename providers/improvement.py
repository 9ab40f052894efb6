"""The improvement loop after an evaluation (seed 000 §8.2 中心应对评价结果进行分析，并实施改进; §8.3 应保存服务质量
评价与改进记录): each weak indicator of a rating run becomes a finding, each finding gets a corrective action with an
owner and a deadline, the provider reports it done, an evaluator re-checks it, and it closes, every step on record.

The rules of the loop live here, each with its clause:

- ``FINDING_BELOW``: a second-level indicator scoring under the 合格 cut is a finding. Seed 003 art. 14 names four
  grades (优秀/良好/合格/不合格) without cut-offs; ``evaluation/hierarchy/seed001.yaml`` proposes 60 for 合格, and
  the same cut is used here so a finding means "this part alone would fail".
- ``RECTIFICATION_DAYS``: the deadline proposed with 限期整改 (seed 002 四(二), seed 003 art. 16). The seeds name no
  length; 180 days is this project's reading (two quarterly supervision rounds), and the association coordinator may
  set another date when accepting the proposal.
- ``step``'s ``rectify_by``: while the provider rectifies (限期整改), a corrective action is due by the rectification
  deadline, set by a plan or by a failed re-check: an action due after it cannot be part of rectifying within it,
  refused citing the provider's rules profile's rectification clause (``due_after_rectification``). Once the
  deadline has passed (a failed re-check then proposes the profile's measure for it, if any), a new deadline is not
  held to it.
- ``consequence``: which lifecycle transition a rating run's grade proposes is the provider's rules profile's
  (``grades`` in ``providers/profiles/<id>.yaml``, each citing its clause: seed 002 四(二) 激励管理 → ``commend``,
  重点监管 → ``place_under_key_supervision``, 不合格 → 限期整改; seed 000 §8.2 不合格 → 分析并改进; seed 003 art. 15
  优秀/良好 → 宣传推广, art. 16 不合格 → 整改; seed 004 none). A grade the seed names no measure for proposes
  nothing, and says so. Proposed, never applied (``providers.lifecycle``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from statemachine import Event, State, StateMachine

from authz.tables import FINDING_STEP_ROLES
from core.bilingual import cite, seed_title
from core.db import utcnow
from core.errors import ConflictError, InnodockError, NotFoundError
from core.statemachine import Label, Machine, TransitionNotAllowed
from kb.vocab import CenterKind
from providers import profiles
from providers.models import Finding, FindingEvent
from providers.profiles import Profile
from providers.schemas import FindingEventView, FindingView

FINDING_BELOW = 60.0
RECTIFICATION_DAYS = 180
# The grades (evaluation's tier and management-class ids) that call for rectification: 重点监管 (seed 002 四(二)) and
# 不合格 (seed 003 art. 16).
RECTIFY_CLASSES = frozenset({"key_supervision"})
RECTIFY_TIERS = frozenset({"fail"})
INCENTIVE_CLASSES = frozenset({"incentive"})
# The tiers a seed may attach a measure to by themselves (seed 003 art. 15: 优秀 or 良好 → 宣传推广).
STATION_COMMEND_TIERS = frozenset({"excellent", "good"})


class FindingMachine(StateMachine):
    open = State("待整改 open", initial=True)
    planned = State("已定整改措施 action planned")
    reported = State("整改完成待复核 awaiting re-check")
    closed = State("复核通过已关闭 closed", final=True)
    superseded = State("已被同年新评价取代 superseded", final=True)

    plan_action = Event(open.to(planned) | planned.to(planned), name="plan_action")
    report_done = Event(planned.to(reported), name="report_done")
    pass_recheck = Event(reported.to(closed), name="pass_recheck")
    fail_recheck = Event(reported.to(planned), name="fail_recheck")
    # Taken by a newer rating run of the same period, never by a person (``record_findings``).
    supersede = Event(open.to(superseded) | planned.to(superseded) | reported.to(superseded), name="supersede")


# What each step is called on the provider's page (its buttons and the finding's history), Chinese first.
STEP_LABELS: dict[str, Label] = {
    "plan_action": ("确定整改措施", "set the corrective action"),
    "report_done": ("报告整改完成", "report it done"),
    "pass_recheck": ("复核通过", "pass the re-check"),
    "fail_recheck": ("复核未通过", "fail the re-check"),
    "supersede": ("被同年新评价取代", "superseded by a newer rating of the same year"),
}
FOUND_EVENT = "found"  # the history's first row: the rating run found the weak indicator (not a transition)
FINDING = Machine(FindingMachine, steps=STEP_LABELS, records={FOUND_EVENT: ("评价发现", "found")},
                  roles=FINDING_STEP_ROLES)

# The steps a rating run takes itself: no person takes them (``authz.tables.FINDING_STEP_ROLES`` grants them to
# nobody), so they are neither offered nor accepted as a finding's step.
RUN_STEPS = frozenset({"supersede"})
STEPS = tuple(s for s in FINDING.transitions() if s not in RUN_STEPS)
# A finding in one of these owes nothing more: passed its re-check, or superseded by a newer rating of its year.
SETTLED = FINDING.final_states()
SETS_DEADLINE = ("plan_action", "fail_recheck")  # the steps that (re)set the action's deadline
state_label = FINDING.state_label


def allowed_steps(state: str) -> list[str]:
    """The steps a person may take from ``state`` (the machine's, less those a rating run takes itself)."""
    return [s for s in FINDING.allowed(state) if s not in RUN_STEPS]


@dataclass(frozen=True)
class FindingSeed:
    indicator_id: str
    name_zh: str
    name_en: str
    score: float


def findings_from(result: dict[str, Any]) -> list[FindingSeed]:
    """The second-level indicators of a run's result that score under ``FINDING_BELOW`` (an indicator without a score,
    for missing data, is no finding: the report lists what is missing)."""
    out = []
    for dim in result.get("dimensions") or []:
        for ind in dim.get("indicators") or []:
            score = ind.get("score")
            if score is not None and float(score) < FINDING_BELOW:
                out.append(FindingSeed(str(ind["id"]), str(ind.get("name_zh") or ind["id"]),
                                       str(ind.get("name_en") or ind["id"]), round(float(score), 2)))
    return out


def rated_from(result: dict[str, Any]) -> set[str]:
    """The second-level indicators a run's result scored (one without a score, for missing data, says nothing of how
    the indicator stands now)."""
    return {str(ind["id"]) for dim in result.get("dimensions") or [] for ind in dim.get("indicators") or []
            if ind.get("score") is not None}


def _cited(clause: str, zh: str, en: str) -> tuple[str, str] | None:
    """A measure's words with its clause by the seed's title (``core.bilingual.cite``, as the pages cite it):
    ("《…规范》第8.2条分析评价结果并实施改进", "analyse the evaluation and improve (Specification…, §8.2)"); a
    reading in brackets after the clause is left out. None for a clause that is not one seed clause: sections read
    together ("seed 004 七(三)、七(四)": Jiangxi's guidance sets no rectification of its own) are the profile's reading,
    not a measure the seed names."""
    head = clause.split(" (")[0]
    cited = None if "、" in head or ";" in head else cite(head)
    if cited is None:
        return None
    return f"{cited[0]}{zh}", f"{en} ({cited[1]})"


def cited_measure(profile: Profile | None, transition: str) -> tuple[str, str] | None:
    """A supervision measure as the provider's rules profile names it, with its clause by the seed's title (
    :func:`_cited`). None for a profile that governs by no seed of its own (the default, which reads seed 002), a
    measure it does not name, or a clause not written "seed NNN §x / art. n / 四(二)" (the grounds then stay the
    seeds' own)."""
    measure = profile.measure(transition) if profile is not None and profile.seed else None
    return _cited(measure.clause, measure.zh, measure.en) if measure is not None else None


def graded_measure(profile: Profile, grade: str) -> tuple[str, str, str] | None:
    """The measure the provider's rules profile attaches to ``grade`` (a ``providers.profiles.Grade``), with its
    clause by the seed's title, a reading marked so: (transition, "《…》第十六条不合格整改", "rectification after
    failing (Rules…, art. 16)"). None: the profile's seed names no measure for the grade."""
    rule = profile.grade_rule(grade)
    measure = profile.measure(rule.transition) if rule is not None else None
    cited = _cited(rule.clause, measure.zh, measure.en) if rule is not None and measure is not None else None
    if rule is None or cited is None:
        return None
    reading_zh, reading_en = ("（本项目的解读）", " (our reading)") if rule.reading else ("", "")
    return rule.transition, cited[0] + reading_zh, cited[1] + reading_en


@dataclass(frozen=True)
class Consequence:
    """What a rating run's grade calls for: a lifecycle ``transition`` to propose (or none), and why."""

    kind: str  # incentive | key_supervision | rectification | revocation | none
    transition: str | None
    grounds: str
    deadline: date | None = None


# What each grade's consequence is called (Consequence.kind) and how the grounds say the grade, Chinese and English.
_KIND_OF_GRADE = {"incentive": "incentive", "excellent": "incentive", "good": "incentive",
                  "key_supervision": "key_supervision", "fail": "rectification", "fail_after_deadline": "revocation"}
_GRADED_EN = {"incentive": "graded for incentive management", "excellent": "graded excellent",
              "good": "graded good", "key_supervision": "graded for key supervision",
              "fail": "graded for key supervision or fail",
              "fail_after_deadline": "still failing after the rectification deadline"}


def _grade(result: dict[str, Any], state: str, rectification_deadline: date | None,
           today: date) -> str | Consequence:
    """The grade of a complete run that may call for a measure (a ``providers.profiles.Grade``), or the
    consequence when nothing can follow whatever the rules: 重点监管 while under it, a rectification under way,
    normal management."""
    tier_of, class_of = result.get("tier") or {}, result.get("management_class") or {}
    tier, klass = tier_of.get("id"), class_of.get("id")
    if klass in RECTIFY_CLASSES and tier not in RECTIFY_TIERS and state in ("operating", "key_supervision"):
        # 重点监管 is a state of its own with its own measures (seed 002 四(二) 差异化管理措施), not a rectification.
        return Consequence("none", None, "重点监管中 / under key supervision") if state == "key_supervision" \
            else "key_supervision"
    if tier in RECTIFY_TIERS or klass in RECTIFY_CLASSES:
        if state in ("operating", "key_supervision"):
            return "fail"
        if state == "rectifying" and rectification_deadline is not None and today > rectification_deadline:
            return "fail_after_deadline"
        return Consequence("none", None, "整改进行中 / rectification under way")
    if klass in INCENTIVE_CLASSES:
        return "incentive"
    if tier in STATION_COMMEND_TIERS:
        return str(tier)
    return Consequence("none", None, "正常管理 / normal management")


def consequence(*, result: dict[str, Any], state: str, rectification_deadline: date | None,
                today: date, kind: str | None = None, profile: Profile | None = None) -> Consequence:
    """What a complete rating run's grade calls for, by the provider's own rules profile (``grades`` of
    ``providers/profiles/<id>.yaml``, each rule citing its clause): the measure the profile attaches to the grade,
    proposed, never applied (``providers.lifecycle``), its grounds citing the clause by the seed's title; a grade the
    profile's seed names no measure for proposes nothing, and the grounds say so rather than borrow another seed's
    rule (a center's day walked on 2026-11-29: a Jiangsu center graded 重点监管 was proposed Shanghai's 重点监管).

    The grades (:func:`_grade`): 重点监管 (and not failing) while operating; 不合格 (or 重点监管 failing) while
    operating or under key supervision, with ``RECTIFICATION_DAYS``' deadline where it proposes a rectification; the
    same once the rectification deadline has passed (within it the rectification is under way and nothing new is
    proposed); 激励管理, 优秀, 良好 (a commendation only while operating). No profile: the kind's default where no
    province is known (``providers.profiles.default_for``: the general rules, which read seed 002), never a
    province's."""
    if profile is None:
        profile = profiles.default_for(CenterKind(kind)) if kind else profiles.get("default")
    if not result.get("complete"):
        return Consequence("none", None, "评价不完整 / incomplete evaluation")
    grade = _grade(result, state, rectification_deadline, today)
    if isinstance(grade, Consequence):
        return grade
    tier_of, class_of = result.get("tier") or {}, result.get("management_class") or {}
    graded = f"{tier_of.get('label_zh', '')}·{class_of.get('label_zh', '')}"
    period = result.get("period")
    zh_said = (f"限期整改（至 {rectification_deadline}）后 {period} 评价仍为{graded}" if grade == "fail_after_deadline"
               else f"{period} 评价为{graded}")
    kind_of, en_said = _KIND_OF_GRADE[grade], _GRADED_EN[grade]
    measure = graded_measure(profile, grade)
    if measure is None:
        if grade in ("excellent", "good"):  # a tier no measure follows from is normal management
            return Consequence("none", None, "正常管理 / normal management")
        title_zh = seed_title(profile.seed, "zh") if profile.seed else profile.document
        title_en = seed_title(profile.seed, "en") if profile.seed else profile.name.en
        label_zh, label_en = profiles.GRADE_LABELS[grade]
        return Consequence("none", None, f"{zh_said}；{title_zh}未规定“{label_zh}”的措施，不提出建议 / {en_said}: "
                                         f"{title_en} names no measure for '{label_en}'; nothing is proposed")
    proposed, zh_by, en_by = measure
    transition = proposed if grade not in ("incentive", "excellent", "good") or state == "operating" else None
    deadline = today + timedelta(days=RECTIFICATION_DAYS) if proposed == "order_rectification" else None
    return Consequence(kind_of, transition, f"{zh_said}，依{zh_by} / {en_said}: {en_by}", deadline)


# ---- records ----

def _view(row: Finding, events: list[FindingEvent] | None = None) -> FindingView:
    return FindingView(
        id=row.id, center_id=row.center_id, run_id=row.run_id, period=row.period, indicator_id=row.indicator_id,
        indicator_zh=row.indicator_zh, indicator_en=row.indicator_en, score=row.score, threshold=row.threshold,
        state=row.state, state_label=state_label(row.state), action=row.action, owner=row.owner, due_on=row.due_on,
        version=row.version, created_at=row.created_at, allowed_steps=allowed_steps(row.state),
        events=[FindingEventView(seq=e.seq, step=e.step, from_state=e.from_state, to_state=e.to_state,
                                 actor=e.actor, at=e.at, note=e.note, due_on=e.due_on) for e in events or []],
    )


def record_findings(*, session: Session, center_id: str, run_id: int, period: str, seeds: list[FindingSeed],
                    actor: str, rated: Collection[str] = ()) -> list[FindingView]:
    """One finding per weak indicator of the run, once. A newer rating of the same period supersedes an earlier run's
    unsettled finding of every indicator it ``rated``: the provider's rating is its newest run, and seed 000 §8.2 has
    it analyse that result and improve on it, so a trial's second 2026 rating left the first run's scores open beside
    its own (16 on the page, "1 found" in the inbox). The earlier finding is kept, settled ``superseded`` with a
    history row naming the newer run (§8.3 keeps the records). An indicator that still has an open finding from
    another period gets no second one (its corrective action is under way, and the re-check will show whether it
    worked)."""
    scores = {s.indicator_id: s.score for s in seeds}
    for old in session.scalars(select(Finding).where(
            Finding.center_id == center_id, Finding.period == period, Finding.run_id != run_id,
            Finding.state.not_in(SETTLED), Finding.indicator_id.in_(list(rated))).order_by(Finding.id)):
        now = scores.get(old.indicator_id)
        shown = f"{now:g} < {FINDING_BELOW:g}" if now is not None else f"≥ {FINDING_BELOW:g}"
        target = FINDING.target_of(old.state, "supersede")
        seq = len(_events(session, old.id)) + 1
        session.add(FindingEvent(finding_id=old.id, seq=seq, step="supersede", from_state=old.state, to_state=target,
                                 actor=actor, at=utcnow(),
                                 note=f"{period} 年度较新的评价（运行 #{run_id}）取代，该指标现得分 {shown} / "
                                      f"superseded by the newer rating of {period} (run #{run_id}): now {shown}"))
        old.state, old.version = target, old.version + 1
    session.flush()
    known = set(session.scalars(select(Finding.indicator_id).where(
        or_(Finding.run_id == run_id, (Finding.center_id == center_id) & Finding.state.not_in(SETTLED)))))
    made = []
    for seed in seeds:
        if seed.indicator_id in known:
            continue
        row = Finding(center_id=center_id, run_id=run_id, period=period, indicator_id=seed.indicator_id,
                      indicator_zh=seed.name_zh, indicator_en=seed.name_en, score=seed.score,
                      threshold=FINDING_BELOW, state=FINDING.initial_state(), version=1, created_at=utcnow())
        session.add(row)
        session.flush()
        session.add(FindingEvent(finding_id=row.id, seq=1, step=FOUND_EVENT, from_state=None,
                                 to_state=FINDING.initial_state(),
                                 actor=actor, at=utcnow(),
                                 note=f"{seed.name_zh} 得分 {seed.score:g} < {FINDING_BELOW:g}"))
        made.append(row)
    session.flush()
    return [_view(r) for r in made]


def _events(session: Session, finding_id: int) -> list[FindingEvent]:
    return list(session.scalars(select(FindingEvent).where(FindingEvent.finding_id == finding_id)
                                .order_by(FindingEvent.seq)))


def missing_finding(finding_id: int) -> NotFoundError:
    """The answer for a finding that is not there — and, word for word, for another center's (tenant objects stay
    404, so nobody learns that the id exists)."""
    return NotFoundError(f"整改项 {finding_id} 不存在 / no finding {finding_id}", field="finding_id")


def get_finding(*, session: Session, finding_id: int) -> FindingView:
    row = session.get(Finding, finding_id)
    if row is None:
        raise missing_finding(finding_id)
    return _view(row, _events(session, row.id))


def list_findings(*, session: Session, center_ids: Collection[str] | None = None,
                  open_only: bool = False) -> list[FindingView]:
    stmt = select(Finding).order_by(Finding.id)
    if center_ids is not None:
        stmt = stmt.where(Finding.center_id.in_(list(center_ids)))
    if open_only:
        stmt = stmt.where(Finding.state.not_in(SETTLED))
    rows = session.scalars(stmt).all()
    events: dict[int, list[FindingEvent]] = {}
    if rows:
        for e in session.scalars(select(FindingEvent).where(FindingEvent.finding_id.in_([r.id for r in rows]))
                                 .order_by(FindingEvent.finding_id, FindingEvent.seq)):
            events.setdefault(e.finding_id, []).append(e)
    return [_view(r, events.get(r.id, [])) for r in rows]


def due_after_rectification(profile: Profile | None, rectify_by: date) -> InnodockError:
    """The refusal of a corrective action due after the rectification deadline, citing the provider's own rules
    profile's rectification clause by its seed's title (its ``order_rectification`` measure, :func:`cited_measure`:
    seed 002 四(二) 限期整改, seed 000 §8.2 分析评价结果并实施改进, seed 003 art. 16 不合格整改); a profile whose
    seed names no rectification (the default, Jiangxi's 七(三)、七(四) read as one) says the deadline is the one the
    rectification order set, citing nothing borrowed (a center's day walked on 2026-11-29: every provider was refused
    citing seed 002 四(二))."""
    cited = cited_measure(profile, "order_rectification")
    if cited is None:
        message = (f"整改期限须不晚于责令整改时所定的期限 {rectify_by} / the action must be due by the deadline the "
                   f"rectification order set, {rectify_by}")
    else:
        message = (f"整改期限须不晚于限期整改的期限 {rectify_by}（依{cited[0]}） / the action must be due by the "
                   f"rectification deadline, {rectify_by}: {cited[1]}")
    return InnodockError(message, field="due_on", code="after_rectification_deadline")


def step(*, session: Session, finding_id: int, step: str, version: int, actor: str, today: date,
         note: str | None = None, action: str | None = None, owner: str | None = None,
         due_on: date | None = None, rectify_by: date | None = None,
         profile: Profile | None = None) -> FindingView:
    """One step of a finding's loop. ``plan_action`` needs the action, its owner and a deadline after today (a failed
    re-check sends it back with a new deadline), by ``rectify_by`` (the provider's rectification deadline while it
    rectifies) if that is still ahead, refused citing ``profile``'s rectification clause
    (:func:`due_after_rectification`); ``report_done`` and the re-check need a note saying what was done or found.
    Who may take which step is the caller's check (``authz``); everything here is about the record."""
    row = session.get(Finding, finding_id, populate_existing=True)
    if row is None:
        raise missing_finding(finding_id)
    if step not in STEPS:
        raise InnodockError(f"未知步骤 {step!r}，可选：{', '.join(STEPS)} / unknown step", field="step")
    if row.version != version:
        raise ConflictError(f"整改项已被他人更新（当前版本 {row.version}）/ the finding changed meanwhile",
                            field="version", code="stale_version")
    try:
        target = FINDING.target_of(row.state, step)
    except TransitionNotAllowed:
        may = ", ".join(allowed_steps(row.state)) or "无 none"
        raise ConflictError(f"当前状态“{state_label(row.state)}”不能执行 {step}，可执行：{may} / {step} is not "
                            f"allowed from {row.state}", field="step",
                            code="transition_not_allowed") from None
    clean = (note or "").strip() or None
    sets_deadline = step in SETS_DEADLINE
    if sets_deadline:
        if due_on is None:
            raise InnodockError("请给出整改期限 / a deadline is required", field="due_on")
        if due_on <= today:
            raise InnodockError(f"整改期限须晚于今天 {today} / the deadline must be after today", field="due_on",
                                code="deadline_in_past")
        if rectify_by is not None and rectify_by > today and due_on > rectify_by:
            raise due_after_rectification(profile, rectify_by)
    if step == "plan_action":
        if not (action or "").strip():
            raise InnodockError("请写明整改措施 / describe the corrective action", field="action")
        if not (owner or "").strip():
            raise InnodockError("请写明责任人 / name who owns the action", field="owner")
    elif clean is None:
        raise InnodockError("请写明整改情况或复核意见 / a note is required", field="note")
    # Every check passed: write.
    if step == "plan_action":
        row.action, row.owner = (action or "").strip(), (owner or "").strip()
    if sets_deadline:
        row.due_on = due_on
    before = row.state
    row.state = target
    row.version += 1
    session.add(FindingEvent(finding_id=row.id, seq=row.version, step=step, from_state=before, to_state=row.state,
                             actor=actor, at=utcnow(), note=clean if step != "plan_action" else row.action,
                             due_on=row.due_on if sets_deadline else None))
    session.flush()
    return _view(row, _events(session, row.id))
