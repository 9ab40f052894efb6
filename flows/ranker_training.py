"""The learned ranker refitted on the coordinators' decisions (issue 28, item 4): ``innodock match retrain`` and the
``ranker_retrain`` job call :func:`retrain_recorded`.

**The decisions as training groups.** Each review round the coordinators decided on is one group: the round's
proposals as they were stored (each carries the features :func:`matcher.ranker.features` reads: the score's parts,
the coverage, the reasons), graded by the labels (``pipeline.labels``): accepted or assigned by hand 1, declined as
not suitable 0, a neutral decline (no capacity, a conflict …) and a decline undone left out. In a round where a center
was accepted, the proposals left standing beside it are 0: the coordinator preferred another. A center assigned by
hand that the round did not propose has no stored features and is left out (counted).

**The rule** (:func:`matcher.ranker.refit`). The decisions are put in time order; the latest 30 % of the decided
rounds (at least :data:`MIN_HELD`) are held out. A candidate is fitted on the shipped sets' groups
(``matcher/data/ranker_training.json.gz``) plus the earlier decisions; it is adopted only if it orders the held-out
decisions better than the current model (mean nDCG@10 over them, :func:`matcher.ranker.decision_ndcg`). The adopted
model is then refitted on every decision and written to the data folder (``<home>/ranker/ranker.json``), which the
matcher reads before the shipped file. Both figures are recorded: the job row's result (``innodock jobs``,
``GET /api/v1/jobs/{id}``) and the model file's ``meta``. Too few decisions: nothing is fitted, and that is recorded
too.

**The schedule** (:func:`retrain_due`, the one rule the scheduled job, ``innodock match retrain --if-due`` and
``innodock worker`` read). A retrain falls due when ``INNODOCK_MATCHER_RETRAIN_INTERVAL_HOURS`` (weekly; 0: off) has
passed since the last recorded retrain AND a decision was taken since it; otherwise nothing is trained and the run is
recorded as a skip with its reason (a skip is not a retrain: the clock runs from the last real one). The interval is
read with a little slack (:func:`slack`: a twenty-fourth of it, at most an hour), so a check that comes back at the
same hour a week later is not put off a day because the last run started a few seconds after its own hour. With Redis
the checks fall on a grid (:func:`next_check_at`: every day at 19:00 UTC, 03:00 Beijing time, or every interval when
it is shorter than a day) and each is queued under an id named after its time (:func:`scheduled_job_id`), so every
worker that asks for the next one asks for the same job and one is queued.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any, Literal

from sqlalchemy.orm import Session

from authz.principal import Principal
from authz.vocab import Role
from core.db import session_scope, utcnow
from core.settings import Settings
from flows.access import pipeline_actor
from matcher import ranker
from outbox import jobs as job_rows
from outbox.queue import new_job_id
from outbox.schemas import JobOut
from pipeline import service as pipeline
from pipeline.schemas import Actor, LabelKind

MIN_HELD = ranker.MIN_HELD
JOB = "ranker_retrain"


def decision_groups(*, session: Session, actor: Actor) -> tuple[list[tuple[datetime, ranker.Group]], int]:
    """The decided rounds as training groups, each with the time of its last decision, oldest first; and how many
    labels had no stored features (a center assigned by hand outside the round)."""
    labels = pipeline.review_labels(session=session, actor=actor)
    by_round: dict[tuple[str, int], dict[str, float]] = defaultdict(dict)
    when: dict[tuple[str, int], datetime] = {}
    need_of: dict[str, str] = {}
    for lab in labels:
        if lab.label == LabelKind.neutral:
            continue
        key = (lab.review_id, lab.round)
        by_round[key][lab.center_id] = 1.0 if lab.label == LabelKind.positive else 0.0
        at = lab.at if lab.at.tzinfo else lab.at.replace(tzinfo=UTC)  # SQLite keeps some times naive (UTC)
        when[key] = max(when.get(key, at), at)
        need_of[lab.review_id] = lab.need_id
    out: list[tuple[datetime, ranker.Group]] = []
    unmatched = 0
    reviews: dict[str, Any] = {}
    for (review_id, rnd), grades in by_round.items():
        if review_id not in reviews:
            reviews[review_id] = pipeline.get_review(session=session, review_id=review_id, actor=actor)
        review = reviews[review_id]
        found = next((r for r in review.rounds if r.round == rnd), None)
        proposals = [p.model_dump(mode="json") for p in (found.proposals if found else [])]
        ids = [str(p["center_id"]) for p in proposals]
        unmatched += sum(1 for c in grades if c not in ids)
        chosen = any(v > 0 for v in grades.values())
        rows = [i for i, c in enumerate(ids) if c in grades or chosen]
        if not rows:
            continue
        x = ranker.features(proposals)
        group = ranker.Group(key=f"deploy:{need_of[review_id]}", x=x[rows],
                             grades=tuple(grades.get(ids[i], 0.0) for i in rows))
        out.append((when[(review_id, rnd)], group))
    out.sort(key=lambda t: t[0])
    return out, unmatched


def retrain(*, session: Session, settings: Settings, actor: Actor, now: datetime | None = None,
            min_held: int = MIN_HELD, shipped: list[ranker.Group] | None = None) -> dict[str, Any]:
    """Refit on the shipped sets (``shipped``: default the shipped file's groups) plus the decisions, adopt only on a
    gain on the held-out decisions (see the module docstring); the figures, as recorded."""
    now = now or datetime.now(UTC)
    decided, unmatched = decision_groups(session=session, actor=actor)
    shipped = ranker.load_groups() if shipped is None else shipped
    target = ranker.deployment_model(settings.home)
    current = ranker.load_model(target) if target.exists() else ranker.load_model()
    result: dict[str, Any] = {"at": now.isoformat(timespec="seconds"), "decided_rounds": len(decided),
                              "labels_without_features": unmatched, "shipped_groups": len(shipped),
                              "current_model": str(target) if target.exists() else "shipped",
                              "current": None, "candidate": None, "held_out": 0, "adopted": False}
    found = ranker.refit(shipped, [g for _, g in decided], current, min_held=min_held, meta={
        "trained_on": {"shipped_groups": len(shipped), "decided_rounds": len(decided)}, "at": result["at"],
        "command": "innodock match retrain"})
    result.update(held_out=found.held_out, trained_on=found.decided - found.held_out, current=found.current,
                  candidate=found.candidate, adopted=found.adopted)
    if found.held_out == 0:
        result["note"] = (f"决定太少（{len(decided)} 轮，至少需要 {2 * min_held} 轮），未重新训练 / too few decided "
                          f"rounds ({len(decided)}; {2 * min_held} needed): nothing refitted")
    elif found.model is None:
        result["note"] = ("候选模型未优于当前模型，未采用 / the candidate does not beat the current model: kept the "
                          "current one")
    else:
        found.model.save(target)
        result.update(model=str(target), note="候选模型在留出的决定上优于当前模型，已采用 / the candidate beats the "
                                              "current model on the held-out decisions: adopted")
    return result


def retrain_recorded(*, settings: Settings, principal: Principal, if_due: bool = False,
                     now: datetime | None = None) -> dict[str, Any]:
    """:func:`retrain` as ``innodock match retrain`` runs it (``if_due``: :func:`retrain_if_due`, ``--if-due``, the
    cron line): recorded as a finished ``ranker_retrain`` job, its result holding both figures or the skip's reason
    (the queued job, :func:`flows.jobs.ranker_retrain`, is recorded by the queue itself)."""
    job_id = new_job_id()
    with session_scope(settings) as session:
        job_rows.create_job(session=session, job_id=job_id, name=JOB, params={"if_due": True} if if_due else {},
                            org_id=principal.org_id, requested_by=principal.user_id or principal.key_id)
        job_rows.mark_started(session=session, job_id=job_id)
        actor = pipeline_actor(principal, session)
        result = (retrain_if_due(session=session, settings=settings, actor=actor, now=now) if if_due else
                  retrain(session=session, settings=settings, actor=actor, now=now))
        job_rows.mark_finished(session=session, job_id=job_id, result=result)
    return {**result, "job_id": job_id}


# ---- the schedule ----

# Who a scheduled retrain acts as: the platform itself, which reads every decision (no reach limit), as the terminal's
# ``innodock match retrain`` does. The model it writes is the deployment's one.
SCHEDULER = Actor(role=Role.admin, id="scheduler")
SCHEDULED_PREFIX = "ranker-retrain-"
# The grid the scheduled checks fall on: once a day (or once an interval, when that is shorter), at 19:00 UTC — 03:00
# Beijing time, when no coordinator is waiting for a worker.
CHECK_EVERY = timedelta(days=1)
CHECK_AT = timedelta(hours=19)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

Reason = Literal["off", "first", "interval_passed", "interval_not_passed", "no_new_decisions"]


def interval(settings: Settings) -> timedelta | None:
    """The time between scheduled retrains; None: no schedule (the setting is 0)."""
    hours = settings.matcher_retrain_interval_hours
    return timedelta(hours=hours) if hours > 0 else None


def slack(every: timedelta) -> timedelta:
    """How early a check may find the interval passed: a twenty-fourth of it, at most an hour — the few seconds or
    minutes by which the last run started after its own hour (a week: an hour; six hours: a quarter of one)."""
    return min(every / 24, timedelta(hours=1))


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)  # SQLite keeps some times naive (UTC)


def parse_time(value: Any) -> datetime | None:
    """A time a result recorded (ISO 8601), in UTC; None when there is none."""
    if not isinstance(value, str):
        return None
    try:
        return _utc(datetime.fromisoformat(value))
    except ValueError:
        return None


def last_retrain(*, session: Session, settings: Settings) -> datetime | None:
    """When the last recorded retrain ran (a finished ``ranker_retrain`` job that was not a skipped check, whether
    it adopted a model, kept the current one or found too few decisions); None: never."""
    for job in job_rows.finished_jobs(session=session, name=JOB, home=settings.home):
        result = job.result if isinstance(job.result, dict) else {}
        if result.get("skipped"):
            continue
        return parse_time(result.get("at")) or _utc(job.started_at or job.created_at)
    return None


def history(*, settings: Settings, limit: int = 10) -> list[JobOut]:
    """The latest recorded retrains, skipped checks among them, the latest first (``innodock match retrain
    --history``; each is also ``GET /api/v1/jobs/{id}``)."""
    with session_scope(settings) as session:
        return list(islice(job_rows.finished_jobs(session=session, name=JOB, home=settings.home), limit))


def next_check_at(*, settings: Settings, last_retrain_at: datetime | None, now: datetime) -> datetime | None:
    """When a scheduled check should look next: the first point of the grid after ``now`` at which the interval
    since ``last_retrain_at`` has passed (with its slack). The same answer in every process that asks with the same
    last retrain, which is what lets the successor of a run and a worker starting meanwhile name the same job. None:
    no schedule."""
    every = interval(settings)
    if every is None:
        return None
    period = min(every, CHECK_EVERY)
    origin = _EPOCH + CHECK_AT
    earliest = now if last_retrain_at is None else max(now, _utc(last_retrain_at) + every - slack(every))
    steps = (earliest - origin) // period
    found = origin + steps * period
    while found <= now or found < earliest:
        found += period
    return found


def scheduled_job_id(at: datetime) -> str:
    """The id of the scheduled check at ``at``: one job per grid point, however many workers queue it."""
    return f"{SCHEDULED_PREFIX}{int(at.timestamp())}"


@dataclass(frozen=True)
class Due:
    """The answer of :func:`retrain_due`: whether to retrain now, why (``reason``, and ``note`` in both languages),
    when the last retrain ran, how many decisions were taken since (None: not counted, the interval had not passed)
    and when the next scheduled check falls (supposing a due retrain runs now; None: no schedule)."""

    due: bool
    reason: Reason
    note: str
    last_retrain_at: datetime | None
    new_decisions: int | None
    next_check_at: datetime | None

    def record(self) -> dict[str, Any]:
        def iso(value: datetime | None) -> str | None:
            return value.isoformat(timespec="seconds") if value is not None else None

        return {"due": self.due, "reason": self.reason, "note": self.note,
                "last_retrain_at": iso(self.last_retrain_at), "new_decisions": self.new_decisions,
                "next_check_at": iso(self.next_check_at)}


def retrain_due(*, session: Session, settings: Settings, actor: Actor, now: datetime) -> Due:
    """Is a retrain due at ``now``? Only when the interval (``INNODOCK_MATCHER_RETRAIN_INTERVAL_HOURS``, less its
    :func:`slack`) has passed since the last recorded retrain AND ``actor`` can see a decision taken since it (an
    accept, an assignment by hand, a decline: a neutral decline trains nothing and does not count). Reads only: it
    records nothing and trains nothing. The one rule: the scheduled job, ``--if-due`` and the worker's start read it."""
    now = _utc(now)
    every = interval(settings)
    if every is None:
        return Due(False, "off", "未设定重新训练周期（INNODOCK_MATCHER_RETRAIN_INTERVAL_HOURS=0），不按计划训练 / no "
                   "retrain interval (INNODOCK_MATCHER_RETRAIN_INTERVAL_HOURS=0): no scheduled retraining",
                   None, None, None)
    hours = f"{every.total_seconds() / 3600:g}"
    last = last_retrain(session=session, settings=settings)
    if last is not None and now < last + every - slack(every):
        return Due(False, "interval_not_passed",
                   f"距上次重新训练（{last.isoformat(timespec='minutes')}）未满 {hours} 小时 / less than {hours} h "
                   f"since the last retrain ({last.isoformat(timespec='minutes')})",
                   last, None, next_check_at(settings=settings, last_retrain_at=last, now=now))
    new = sum(1 for lab in pipeline.review_labels(session=session, actor=actor)
              if lab.label != LabelKind.neutral and (last is None or _utc(lab.at) > last))
    if new == 0:
        since = "尚无审核决定" if last is None else "上次重新训练后没有新的审核决定"
        said = "no review decisions yet" if last is None else "no review decision since the last retrain"
        return Due(False, "no_new_decisions", f"{since} / {said}", last, 0,
                   next_check_at(settings=settings, last_retrain_at=last, now=now))
    reason: Reason = "first" if last is None else "interval_passed"
    note = (f"尚未重新训练过，已有 {new} 个审核决定 / never retrained, {new} decision(s) taken" if last is None else
            f"距上次重新训练已满 {hours} 小时，其后有 {new} 个新的审核决定 / {hours} h since the last retrain, "
            f"{new} new decision(s) since")
    return Due(True, reason, note, last, new, next_check_at(settings=settings, last_retrain_at=now, now=now))


def retrain_if_due(*, session: Session, settings: Settings, actor: Actor, now: datetime | None = None,
                   min_held: int = MIN_HELD, shipped: list[ranker.Group] | None = None) -> dict[str, Any]:
    """:func:`retrain` when :func:`retrain_due` says so; otherwise a skip: ``skipped`` with the reason, nothing
    trained. Either way the result names the due check (``due``) and the next scheduled check."""
    now = _utc(now or utcnow()).replace(microsecond=0)
    due = retrain_due(session=session, settings=settings, actor=actor, now=now)
    if not due.due:
        return {"at": now.isoformat(timespec="seconds"), "skipped": True, "reason": due.reason, "note": due.note,
                "due": due.record(), "next_check_at": due.record()["next_check_at"]}
    result = retrain(session=session, settings=settings, actor=actor, now=now, min_held=min_held, shipped=shipped)
    return {**result, "due": due.record(), "next_check_at": due.record()["next_check_at"]}
