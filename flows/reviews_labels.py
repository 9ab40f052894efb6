"""What the coordinators' decisions teach the matcher (issue 28, item 4): the labels, and the re-match rule.

Every review decision is a labelled (need, center) pair, read from the review's record by
``pipeline.service.review_labels`` (accept, assign by hand, decline with its reason, the whole round declined,
re-match; a decline undone is none). :func:`export_labels` gives them as plain records with the need's text, for a
ranker to be retrained on (``innodock match labels --out labels.jsonl``); the matcher receives them as plain inputs
and never reads the pipeline.

**The re-match rule.** A center declined as not suitable for a need is a negative for that need and for its
near-duplicates: needs whose texts are as close as the grouping of common problems requires (the matcher's
``group_needs`` threshold, :data:`NEAR_DUPLICATE`). A re-match leaves those centers out (:func:`exclusions`), unless
the coordinator asks to include them (``include_declined``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from authz.principal import Principal
from core.errors import InnodockError
from core.settings import Settings
from flows.access import pipeline_actor
from flows.matching import MatcherSetup, text_similarities
from intake import service as intake
from intake.schemas import Need
from matcher import service as matcher_service
from pipeline import service as pipeline
from pipeline.schemas import ReviewLabel

# "As close as the grouping of common problems requires": the matcher's own threshold for group_needs, read from it
# so the two never part.
NEAR_DUPLICATE: float = float((matcher_service.group_needs.__kwdefaults__ or {}).get("threshold", 0.9))


def labels(*, session: Session, principal: Principal) -> list[ReviewLabel]:
    """Every decision on the reviews the caller may see, as labelled pairs, oldest first."""
    return pipeline.review_labels(session=session, actor=pipeline_actor(principal, session))


def export_labels(*, session: Session, principal: Principal) -> list[dict[str, Any]]:
    """The labels as plain records (JSON-ready), each with the need's text as the matcher reads it, so a ranker can
    be refitted from the file alone. The file holds needs' texts: it is the association's, kept like the database."""
    found = labels(session=session, principal=principal)
    texts: dict[str, str | None] = {}
    out = []
    for lab in found:
        if lab.need_id not in texts:
            try:
                texts[lab.need_id] = intake.get_need(session=session, need_id=lab.need_id, coordinator=True).text
            except InnodockError:  # a need no longer on record: its label stays, without a text
                texts[lab.need_id] = None
        out.append({**lab.model_dump(mode="json"), "need_text": texts[lab.need_id]})
    return out


def near_duplicates(*, settings: Settings, matcher: MatcherSetup, need: Need, others: list[Need]) -> list[str]:
    """The needs among ``others`` whose texts are as close to ``need``'s as a common problem's grouping requires
    (each compared with ``need`` alone, so a chain of near ones never joins a far one). The re-match rule reads it,
    and so does the warning of a need submitted twice (``flows.similar_needs``)."""
    candidates = [other for other in others if other.text] if need.text else []
    if not candidates:
        return []
    # one model call for all of them (the need's text was embedded again for every other need, one call each)
    sims = text_similarities(settings=settings, setup=matcher, query=need.text,
                             texts=[other.text for other in candidates])
    return [other.id or "" for other, sim in zip(candidates, sims, strict=True) if sim >= NEAR_DUPLICATE]


def exclusions(*, session: Session, settings: Settings, matcher: MatcherSetup, need: Need) -> dict[str, str]:
    """The centers a re-match of ``need`` leaves out, each with the reason the coordinator reads among the excluded:
    declined as not suitable for this need, or for a near-duplicate of it."""
    declined = pipeline.declined_as_unsuitable(session=session)
    own = declined.pop(need.id or "", set())
    out = {cid: "已因不适合被婉拒，重新匹配不再推荐 / declined as not suitable for this need; a re-match does not "
                "propose it again" for cid in sorted(own)}
    others = []
    for need_id, centers in declined.items():
        if centers - set(out):
            try:
                others.append(intake.get_need(session=session, need_id=need_id, coordinator=True))
            except InnodockError:
                continue
    for near_id in near_duplicates(settings=settings, matcher=matcher, need=need, others=others):
        for cid in sorted(declined.get(near_id, set()) - set(out)):
            out[cid] = ("已因不适合被婉拒（相似需求），重新匹配不再推荐 / declined as not suitable for a "
                        "near-duplicate need; a re-match does not propose it again")
    return out
