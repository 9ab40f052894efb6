"""Where a submitted need stands, as its enterprise reads it: how far the association's review has got and, once a
center is chosen, why that one.

A new user's trial found that "my needs" said only 等待中 until a center was accepted, and then only its name: the
enterprise never heard what was happening to its need, nor why a center was chosen. Here the review the caller
already holds (no statement more) is said for the enterprise:

- while the association reviews the matcher's proposals: how many centers were found for it, when it was submitted
  and when it was last matched — never which centers: the coordinator has not vetted them yet (the rule is
  :func:`authz.policy.reads_match_progress`; the declined ones are named elsewhere, with their reasons). Found for
  the enterprise means :func:`found_for_you` — the fit's band 高 and somebody who can answer for the center — not
  every proposal: a new user's trial (2026-11-30) read "已为您找到5家" of five battery and cable centers for an IGBT
  driver board, each covering a little of it, four with nobody who could ever answer. When none is found it is said
  plainly, with what happens next (docs/workflow.md, "What the enterprise is told while its need is in review");
- once a center is chosen: the association's own words, when it gave any (its reason for accepting the proposal,
  or for assigning the center by hand; a new user's trial, 2026-11-30: the enterprise read only the machine's
  explanation), and the coordinator's explanation of that proposal
  (:func:`flows.explanations.explain_proposal`, the review page's), the need's requirements each met or not, with
  the evidence or what is missing, and the center's public profile.

"My needs" (``flows.needs.my_needs``) and ``GET /api/v1/needs/{id}/result`` (``flows.needs.outcome``) read it here.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import datetime

from core import china_time
from flows.explanations import Requirement, explain_proposal, said_to_the_enterprise
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
    found: int  # the proposals standing (not declined) that are found for the enterprise: found_for_you (not named)
    interested: int  # of them, the centers that said they can take the need
    submitted_at: datetime
    matched_at: datetime
    said: str  # in the caller's language
    chosen: Chosen | None = None
    # the proposals standing that are not found for the enterprise: fitting well, nobody can answer for them (the
    # association may invite them), and fitting only in part
    unanswered: int = 0
    partial: int = 0
    # the association's note on its latest re-match, as written ('企业补充：电池包为 18650 三元'): the enterprise saw
    # only that its need was matched again (a new user's trial, 2026-11-30)
    rematch_note: str | None = None


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


def fits_well(proposal: MatchProposal) -> bool:
    """Whether the proposal fits the need well: its fit's band is 高 (high), as the review page shows it
    (:func:`flows.explanations.explain_proposal`, :func:`matcher.explain.fit_of`: the score blended with the share of
    the need's requirements covered). A 中 fits in part — a center covering the service type and little else — and
    is the association's to weigh, not the enterprise's to be told of as found."""
    return explain_proposal(proposal, "zh").band == "high"


def found_for_you(proposal: MatchProposal, reachable: Collection[str]) -> bool:
    """The one rule for a proposal the enterprise is told was found for it (docs/workflow.md, "What the enterprise is
    told while its need is in review"): it fits well (:func:`fits_well`) and somebody can answer for its center
    (``reachable``: :func:`flows.reviews.reachable`, an active coordinator of an active organisation). A center
    nobody can answer for is still proposed to the association, marked "暂无协调员", which may invite it or assign it
    after a confirmation (``flows.reviews.accept``/``assign``); the enterprise is not told it was found."""
    return proposal.center_id in reachable and fits_well(proposal)


def searched_by_hand(review: ReviewView, reachable: Collection[str]) -> bool:
    """Whether the association has to look for a provider by hand: the review waits, and no proposal standing (not
    declined) is :func:`found_for_you`. The enterprise is told so ("协会正在人工为您查找…" / "…联系该机构", below),
    and the association's queue marks the need by this same rule (``flows.worklists.QueueCard.searched_by_hand``): a
    new user's trial (2026-11-30) read that sentence while nothing in the queue said a search was due."""
    if review.status != ReviewStatus.pending:
        return False
    declined = {d.center_id for d in review.declined if d.center_id and d.undone_by is None}
    return not any(found_for_you(p, reachable) for p in review.proposals if p.center_id not in declined)


def progress_of(review: ReviewView, lang: str, need_status: str, *, reachable: Collection[str]) -> Progress | None:
    """The review said for the enterprise, in ``lang``; None where there is nothing to say of it here (sent back
    or declined as a whole: the page says those with the coordinator's question or reason; withdrawn: the review
    stopped with it). ``reachable``: the proposed centers somebody can answer for (:func:`flows.reviews.reachable`,
    asked by the caller with its session). The caller has checked :func:`authz.policy.reads_match_progress`. With
    the association's note on its latest re-match (:func:`rematch_note`)."""
    said = _progress_of(review, lang, need_status, reachable=reachable)
    note = rematch_note(review)
    return replace(said, rematch_note=note) if said is not None and note else said


def rematch_note(review: ReviewView) -> str | None:
    """The note the association wrote when it matched the need again (``ReviewView.rematch_note``), as written."""
    return (review.rematch_note or "").strip() or None


def _progress_of(review: ReviewView, lang: str, need_status: str, *, reachable: Collection[str]) -> Progress | None:
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
                            by_hand=False, requirements=said_to_the_enterprise(why.requirements, lang),
                            key_terms=why.key_terms, reason=reason)
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
    standing = [p for p in review.proposals if p.center_id not in declined]
    if not standing:
        said = (f"暂未找到合适的机构，协会正在为您进一步查找（{dates}）" if lang == "zh" else
                f"No suitable center has been found yet; the association is looking further for you ({dates})")
        return Progress(stage="searching", found=0, interested=0, submitted_at=submitted, matched_at=matched,
                        said=said)
    well = [p for p in standing if fits_well(p)]
    found = {p.center_id for p in well if p.center_id in reachable}
    n, unanswered, partial = len(found), len(well) - len(found), len(standing) - len(well)
    interested = len({i.center_id for i in review.interested} & found)
    if n:
        if lang == "zh":
            said = f"已为您找到 {n} 家与您的需求契合的机构，协会正在审核（{dates}）"
            if interested:
                said += f"，其中 {interested} 家已表示可以承接"
            said += "。机构名称在协会审核通过后告知您。"
        else:
            said = (f"We found {n} {'center that fits' if n == 1 else 'centers that fit'} your need well; the "
                    f"association is reviewing {'it' if n == 1 else 'them'} ({dates})")
            if interested:
                said += f"; {interested} of them said they can take it on"
            said += ". You will see a center's name once the association has vetted it."
        return Progress(stage="reviewing", found=n, interested=interested, submitted_at=submitted,
                        matched_at=matched, said=said, unanswered=unanswered, partial=partial)
    if unanswered:
        if lang == "zh":
            said = (f"匹配到 {unanswered} 家与您的需求契合的机构，但暂时还没有能在平台上答复您的联系人；协会正在联系"
                    f"{'该机构' if unanswered == 1 else '这些机构'}，并为您人工查找其他服务机构（{dates}）。"
                    "有机构承接后会在这里告诉您。")
        else:
            it = "it" if unanswered == 1 else "them"
            said = (f"{unanswered} {'center fits' if unanswered == 1 else 'centers fit'} your need well, but nobody "
                    f"there can answer you on the platform yet: the association is contacting {it} and looking for "
                    f"a provider by hand ({dates}). You will read it here once a center takes your need on.")
    elif lang == "zh":
        said = (f"暂未找到与您的需求契合的机构：匹配到的 {partial} 家只覆盖了需求的一部分。协会正在人工为您查找合适的"
                f"服务机构（{dates}），有机构承接后会在这里告诉您。")
    else:
        matched_ones = "the one center matched covers" if partial == 1 else f"the {partial} centers matched cover"
        said = (f"No center that fits your need well has been found yet: {matched_ones} only part of it. The "
                f"association is looking for a provider by hand ({dates}); you will read it here once a center takes "
                "your need on.")
    return Progress(stage="searching", found=0, interested=0, submitted_at=submitted, matched_at=matched, said=said,
                    unanswered=unanswered, partial=partial)
