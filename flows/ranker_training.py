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
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from authz.principal import Principal
from core.db import session_scope
from core.settings import Settings
from flows.access import pipeline_actor
from matcher import ranker
from outbox import jobs as job_rows
from outbox.queue import new_job_id
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


def retrain_recorded(*, settings: Settings, principal: Principal) -> dict[str, Any]:
    """:func:`retrain` as ``innodock match retrain`` runs it: recorded as a finished ``ranker_retrain`` job, its result
    holding both figures (the queued job, :func:`flows.jobs.ranker_retrain`, is recorded by the queue itself)."""
    job_id = new_job_id()
    with session_scope(settings) as session:
        job_rows.create_job(session=session, job_id=job_id, name=JOB, params={}, org_id=principal.org_id,
                            requested_by=principal.user_id or principal.key_id)
        job_rows.mark_started(session=session, job_id=job_id)
        result = retrain(session=session, settings=settings, actor=pipeline_actor(principal, session))
        job_rows.mark_finished(session=session, job_id=job_id, result=result)
    return {**result, "job_id": job_id}
