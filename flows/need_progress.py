"""Where a submitted need stands, as its enterprise reads it: how far the association's review has got and, once a
center is chosen, why that one.

A new user's trial found that "my needs" said only 等待中 until a center was accepted, and then only its name: the
enterprise never heard what was happening to its need, nor why a center was chosen. Here the review the caller
already holds (no statement more) is said for the enterprise:

- while the association reviews the matcher's proposals: how many centers may suit the need, when it was submitted
  and when it was last matched — never which centers: the coordinator has not vetted them yet (the rule is
  :func:`authz.policy.reads_match_progress`; the declined ones are named elsewhere, with their reasons);
- once a center is chosen: the association's own words, when it gave any (its reason for accepting the proposal,
  or for assigning the center by hand; a new user's trial, 2026-11-30: the enterprise read only the machine's
  explanation), and the coordinator's explanation of that proposal
  (:func:`flows.explanations.explain_proposal`, the review page's), the need's requirements each met or not, with
  the evidence or what is missing, and the center's public profile.

"My needs" (``flows.needs.my_needs``) and ``GET /api/v1/needs/{id}/result`` (``flows.needs.outcome``) read it here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from core import china_time
from flows.explanations import Requirement, explain_proposal
from intake.schemas import NeedStatus
from pipeline.schemas import MatchProposal, ReviewView
from pipeline.vocab import ReviewStatus

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


@dataclass(frozen=True)
class Chosen:
    """The center the association chose, and why: the proposal's requirements as the coordinator read them."""

    center_id: str
    center_name: str
    profile_path: str  # the center's public profile (api.pages.ui_catalog: /centers/{id})
    by_hand: bool  # chosen by the association itself, not among the matcher's proposals: no explanation to give
    requirements: list[Requirement] = field(default_factory=list)
    key_terms: list[str] = field(default_factory=list)
    # the association's words: its reason for accepting the proposal, or its note assigning by hand (None: none given)
    reason: str | None = None

    @property
    def missing(self) -> list[Requirement]:
        """What the center does not cover (a mark only wished for, or one covered in part, is not missing):
        ``flows.explanations.Explanation.missing``'s rule."""
        return [r for r in self.requirements if not r.covered and not r.partial and not r.wished]


@dataclass(frozen=True)
class Progress:
    """``stage``: ``reviewing`` (the association reviews the proposals), ``searching`` (no proposal stands: the
    association looks further or re-matches), ``chosen``."""

    stage: str
    found: int  # the matcher's proposals the coordinator has not declined (not named)
    interested: int  # of them, the centers that said they can take the need
    submitted_at: datetime
    matched_at: datetime
    said: str  # in the caller's language
    chosen: Chosen | None = None


def day_said(moment: datetime, lang: str) -> str:
    """A day as a person reads it, in China time: "11 月 29 日" / "29 November"."""
    d = china_time.local(moment).date()
    return f"{d.month} 月 {d.day} 日" if lang == "zh" else f"{d.day} {_MONTHS[d.month - 1]}"


def _accepted_proposal(review: ReviewView) -> MatchProposal | None:
    """The chosen center's proposal, from the round it was accepted in (the latest that proposed it)."""
    for proposals in [review.proposals, *(r.proposals for r in reversed(review.rounds))]:
        found = next((p for p in proposals if p.center_id == review.accepted_center_id), None)
        if found is not None:
            return found
    return None


def progress_of(review: ReviewView, lang: str, need_status: str) -> Progress | None:
    """The review said for the enterprise, in ``lang``; None where there is nothing to say of it here (sent back
    or declined as a whole: the page says those with the coordinator's question or reason; withdrawn: the review
    stopped with it). The caller has checked :func:`authz.policy.reads_match_progress`."""
    if need_status == NeedStatus.withdrawn:
        return None
    submitted = review.created_at
    matched = max([submitted, *(r.created_at for r in review.rounds)])
    dates = ((f"{day_said(submitted, lang)}提交，{day_said(matched, lang)}最近一次匹配") if lang == "zh" else
             f"submitted {day_said(submitted, lang)}, last matched {day_said(matched, lang)}")
    if review.status == ReviewStatus.accepted and review.accepted_center_id:
        proposal = _accepted_proposal(review)
        name = review.accepted_center_name or review.accepted_center_id
        reason = review.assign_note if review.assigned_by_hand else review.accept_reason
        chosen = Chosen(center_id=review.accepted_center_id, center_name=name,
                        profile_path=f"/centers/{review.accepted_center_id}", by_hand=proposal is None,
                        reason=reason)
        if proposal is not None:
            why = explain_proposal(proposal, lang)
            chosen = Chosen(center_id=chosen.center_id, center_name=name, profile_path=chosen.profile_path,
                            by_hand=False, requirements=why.requirements, key_terms=why.key_terms, reason=reason)
        if lang == "zh":
            said = (f"协会审核了匹配结果，为您选定了{name}" if proposal is not None
                    else f"协会为您直接指定了{name}")
        else:
            said = (f"The association reviewed the matches and chose {name} for you" if proposal is not None
                    else f"The association chose {name} for you itself")
        return Progress(stage="chosen", found=0, interested=0, submitted_at=submitted, matched_at=matched,
                        said=said, chosen=chosen)
    if review.status != ReviewStatus.pending:
        return None
    declined = {d.center_id for d in review.declined if d.center_id and d.undone_by is None}
    standing = [p.center_id for p in review.proposals if p.center_id not in declined]
    interested = len({i.center_id for i in review.interested} & set(standing))
    if not standing:
        said = (f"暂未找到合适的机构，协会正在为您进一步查找（{dates}）" if lang == "zh" else
                f"No suitable center has been found yet; the association is looking further for you ({dates})")
        return Progress(stage="searching", found=0, interested=0, submitted_at=submitted, matched_at=matched,
                        said=said)
    n = len(standing)
    if lang == "zh":
        said = f"已为您找到 {n} 家可能合适的机构，协会正在审核（{dates}）"
        if interested:
            said += f"，其中 {interested} 家已表示可以承接"
        said += "。机构名称在协会审核通过后告知您。"
    else:
        said = (f"We found {n} {'center' if n == 1 else 'centers'} that may suit your need; the association is "
                f"reviewing {'it' if n == 1 else 'them'} ({dates})")
        if interested:
            said += f"; {interested} of them said they can take it on"
        said += ". You will see a center's name once the association has vetted it."
    return Progress(stage="reviewing", found=n, interested=interested, submitted_at=submitted, matched_at=matched,
                    said=said)
