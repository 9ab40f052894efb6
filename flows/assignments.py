"""Batch assignment of the review queue (issue 12: a use case of its own): the needs waiting for review assigned to
centers at once, maximising the total match under the centers' free capacity (min-cost flow, ``matcher.assign``).

Advisory: nothing is accepted here; the result is a suggestion per need, and coordinators still decide each review.
It runs as a background job (a batch embeds every need): :func:`request` checks the request and queues the job,
whichever door it came through (``POST /api/v1/assignments``, the review queue's form); :func:`run` is the job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.orm import Session

from authz.principal import Principal
from core.errors import InnodockError
from core.settings import Settings
from flows import reviews_labels, worklists
from flows.access import pipeline_actor
from flows.explanations import Requirement, requirements_of
from flows.matching import MatcherSetup, assign_needs
from intake import service as intake
from intake.schemas import NeedStatus
from kb import service as kb
from matcher import explain
from matcher.schemas import MatchQuery
from pipeline import service as pipeline
from pipeline.schemas import Actor as PipelineActor
from pipeline.vocab import ReviewStatus

JOB = "batch_assignment"


class JobQueue(Protocol):
    """The entry point's job queue: it records the job (for whom, by whom) and returns its id."""

    def submit(self, name: str, **params: Any) -> str: ...


def _waiting(session: Session, actor: PipelineActor) -> list[str]:
    return [r.need_id for r in pipeline.list_reviews(session=session, actor=actor, status=ReviewStatus.pending)]


def request(*, session: Session, principal: Principal, need_ids: list[str] | None, alternates: int,
            jobs: JobQueue) -> str:
    """Queue a batch over the whole review queue (``need_ids`` None: as it is when the job runs) or over these needs,
    each of which must be waiting for review now (else a 400 naming ``need_ids``). Returns the job's id."""
    who = pipeline_actor(principal, session)
    wanted = list(dict.fromkeys(need_ids)) if need_ids is not None else None
    if wanted is not None:
        waiting = set(_waiting(session, who))
        missing = [n for n in wanted if n not in waiting]
        if missing:
            shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
            raise InnodockError(f"这些需求不在待审核队列中：{shown} / not waiting for review: {shown}",
                                field="need_ids")
    return jobs.submit(JOB, actor=who.model_dump(mode="json"), need_ids=wanted, alternates=alternates)


def run(*, session: Session, settings: Settings, setup: MatcherSetup, actor: dict[str, Any],
        need_ids: list[str] | None = None, alternates: int = 2, top_k: int = 5) -> dict[str, Any]:
    """The job: ``actor`` is the pipeline's view of who asked (role, id, org), so a center coordinator's batch holds
    only the reviews they may see. A need no longer waiting when the job runs is reported as ``skipped``."""
    who = PipelineActor.model_validate(actor)
    waiting = _waiting(session, who)
    wanted = waiting if need_ids is None else list(dict.fromkeys(need_ids))
    still = set(waiting)
    chosen = [n for n in wanted if n in still]
    skipped = [n for n in wanted if n not in still]
    needs = [intake.get_need(session=session, need_id=n, coordinator=True) for n in chosen]
    # A center declined as not suitable for a need (or a near-duplicate of it) is not suggested for it, as a re-match
    # does not propose it again (flows.reviews_labels.exclusions, the one rule).
    left_out = {n.id or "": set(reviews_labels.exclusions(session=session, settings=settings, matcher=setup, need=n))
                for n in needs}
    # Matched as a need is matched for its proposals (flows.matching: the live signals, its legal purpose), so each
    # suggestion's coverage per requirement, fit and band are what the need's own match gives for that center.
    assignments = assign_needs(session=session, settings=settings, setup=setup,
                               needs=[MatchQuery.from_need(n) for n in needs], top_k=top_k, alternates=alternates,
                               exclude=left_out) if needs else []
    return {
        "assigned": [{"need_id": a.need_id, "center_id": a.center_id, "score": a.score, "alternates": a.alternates,
                      "fit": a.fit, "band": a.band, "coverage": [c.model_dump() for c in a.coverage]}
                     for a in assignments if a.center_id is not None],
        "unassigned": [a.need_id for a in assignments if a.center_id is None],
        "skipped": skipped,
    }


@dataclass(frozen=True)
class Suggestion:
    """One need of a finished batch as a coordinator reads it: its review (to decide there), the center suggested
    and the alternates, by name, and the suggested center's coverage of the need's requirements (each with its
    evidence or what is missing), fit and band — the need's own match's, as its proposals carry them."""

    need_id: str
    review_id: str | None
    enterprise_name: str | None
    center_id: str
    center_name: str
    score: float
    alternates: list[tuple[str, str]]
    coverage: list[dict[str, Any]] = field(default_factory=list)
    recorded_fit: int | None = None
    band: str | None = None
    need_title: str | None = None  # two needs of one enterprise are told apart by it
    review_status: ReviewStatus | None = None  # a review decided since the batch ran: its suggestion is history
    accepted_center_name: str | None = None
    need_withdrawn: bool = False  # its enterprise took it back since: the suggestion's review says so

    @property
    def fit(self) -> int:
        """The 0–100 fit every page shows a match with: the match's own (from the score and the coverage,
        matcher.explain.fit_of); a batch recorded before it carried one, the score's closeness alone."""
        return self.recorded_fit if self.recorded_fit is not None else explain.fit(self.score)

    def requirements(self, lang: str) -> list[Requirement]:
        """The coverage as a page shows it, in ``lang`` (flows.explanations, as the review page)."""
        return requirements_of(self.coverage, lang)


def suggestions(*, session: Session, principal: Principal, result: dict[str, Any]) -> list[Suggestion]:
    """The ``assigned`` part of a batch's result (:func:`run`), with names and the reviews they belong to."""
    who = pipeline_actor(principal, session)
    names = {c.id: c.name for c in kb.list_centers(session=session)}
    out = []
    for item in result.get("assigned", []):
        review = pipeline.review_for_need(session=session, need_id=item["need_id"], actor=who)
        fit = item.get("fit")
        out.append(Suggestion(
            need_id=item["need_id"], review_id=review.id if review else None,
            need_title=_title(session, principal, item["need_id"]), review_status=review.status if review else None,
            accepted_center_name=review.accepted_center_name if review else None,
            need_withdrawn=intake.need_owner(session=session, need_id=item["need_id"]).status == NeedStatus.withdrawn,
            enterprise_name=review.enterprise_name if review else None, center_id=item["center_id"],
            center_name=names.get(item["center_id"], item["center_id"]), score=float(item["score"]),
            alternates=[(c, names.get(c, c)) for c in item.get("alternates", [])],
            coverage=[dict(c) for c in item.get("coverage") or []],
            recorded_fit=int(fit) if isinstance(fit, int | float) else None,
            band=item.get("band") if item.get("band") in ("high", "medium", "low") else None))
    return out


def need_titles(*, session: Session, principal: Principal, need_ids: Sequence[str]) -> dict[str, str]:
    """The titles of a batch's needs left unassigned or skipped, as the caller may read them: a page names a need by
    its title, not its id (a need the caller may not read keeps its id)."""
    return {need_id: _title(session, principal, need_id) or need_id for need_id in need_ids}


def _title(session: Session, principal: Principal, need_id: str) -> str | None:
    """The need's title as its card shows it to the caller (None: none, or a need the caller may not read)."""
    card = worklists.need_card(session=session, principal=principal, need_id=need_id)
    return card.title if card is not None and card.title else None
