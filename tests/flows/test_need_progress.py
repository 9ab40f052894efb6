"""Where a submitted need stands, as its enterprise reads it (a new user's trial: "my needs" said only 等待中 until a
center was accepted, then only its name): how far the association's review has got, without naming the centers it
has not vetted, and, once one is chosen, why — the coordinator's own explanation (flows.explanations), said for the
enterprise. The page (flows.needs.my_needs) and the API (flows.needs.outcome) read it from one function.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.db import session_scope
from core.errors import NotFoundError
from flows import explanations, worklists
from flows import needs as needs_flow
from flows import reviews as reviews_flow
from flows.need_progress import progress_of, searched_by_hand
from intake.schemas import NeedStatus
from matcher.explain import band
from pipeline.schemas import MatchProposal, ReviewView
from pipeline.vocab import ReviewStatus
from tests.api.uihelpers import CAP3, CENTER3
from tests.flows.flowhelpers import Flows
from tests.kb.kbhelpers import do_import, write_jsonl

CJK = re.compile(r"[\u4e00-\u9fff]")


def _outcome(flows: Flows, need_id: str, who: str, lang: str) -> needs_flow.NeedOutcome:
    with session_scope(flows.settings) as session:
        return needs_flow.outcome(session=session, principal=flows(who), need_id=need_id, lang=lang)


def _mine(flows: Flows, need_id: str, lang: str) -> needs_flow.MyNeed:
    with session_scope(flows.settings) as session:
        return next(m for m in needs_flow.my_needs(session=session, principal=flows("ent-a"), lang=lang)
                    if m.need.id == need_id)


def test_while_the_review_is_pending_the_enterprise_hears_how_many_and_no_name(flows: Flows) -> None:
    need_id, review_id = flows.submitted_need()
    review = flows.review(review_id)
    names = [p.center_name for p in review.proposals]
    assert names, "the sample world proposes a center"
    progress = _outcome(flows, need_id, "ent-a", "zh").progress
    assert progress is not None and progress.stage == "reviewing" and progress.chosen is None
    assert progress.found == len(names)
    assert f"已为您找到 {len(names)} 家与您的需求契合的机构，协会正在审核" in progress.said
    assert "提交" in progress.said and "匹配" in progress.said
    assert not any(name in progress.said for name in names)
    english = _outcome(flows, need_id, "ent-a", "en").progress
    assert english is not None
    assert not CJK.search(english.said), english.said
    assert f"found {len(names)}" in english.said
    # the page reads the same
    assert _mine(flows, need_id, "zh").progress == progress


def test_once_a_center_is_chosen_the_enterprise_reads_why_as_the_coordinator_does(flows: Flows) -> None:
    need_id, review_id = flows.submitted_need()
    accepted = flows.accept(review_id)
    proposal = next(p for p in accepted.proposals if p.center_id == accepted.accepted_center_id)
    for lang in ("zh", "en"):
        progress = _outcome(flows, need_id, "ent-a", lang).progress
        assert progress is not None and progress.stage == "chosen"
        chosen = progress.chosen
        assert chosen is not None and chosen.center_id == accepted.accepted_center_id
        assert chosen.center_name == accepted.accepted_center_name
        assert chosen.profile_path == f"/centers/{accepted.accepted_center_id}"
        coordinator = explanations.explain_proposal(proposal, lang)
        # the coordinator's reading, said for the enterprise (in English, its Chinese words quoted)
        said = explanations.said_to_the_enterprise(coordinator.requirements, lang)
        assert chosen.requirements == said and chosen.requirements
        assert [r.kind for r in chosen.missing] == [r.kind for r in coordinator.missing]
        assert _mine(flows, need_id, lang).progress == progress
    english = _outcome(flows, need_id, "ent-a", "en").progress
    assert english is not None and not CJK.search(english.said.replace(accepted.accepted_center_name or "", ""))


def test_another_enterprise_cannot_read_it_and_a_center_reads_no_count(flows: Flows) -> None:
    need_id, _review_id = flows.submitted_need()
    with pytest.raises(NotFoundError):
        _outcome(flows, need_id, "ent-b", "zh")
    # a proposed center reads its own part of the result, never how many others were proposed
    assert _outcome(flows, need_id, "coord-center", "zh").progress is None
    assert _outcome(flows, need_id, "coord-assoc", "zh").progress is not None


def test_every_proposal_declined_says_the_association_looks_further(flows: Flows) -> None:
    need_id, review_id = flows.submitted_need()
    for proposal in flows.review(review_id).proposals:
        current = flows.review(review_id)
        with session_scope(flows.settings) as session:
            reviews_flow.reject(session=session, principal=flows("coord-assoc"), review_id=review_id,
                                reason="not_suitable", text=None, center_id=proposal.center_id,
                                version=current.version, outbox=flows.outbox)
    progress = _outcome(flows, need_id, "ent-a", "zh").progress
    assert progress is not None and (progress.stage, progress.found) == ("searching", 0)
    assert progress.said.startswith("暂未找到合适的机构，协会正在为您进一步查找")


def test_a_center_chosen_by_hand_is_said_so_with_no_explanation(flows: Flows) -> None:
    need_id, review_id = flows.submitted_need()
    proposed = {p.center_id for p in flows.review(review_id).proposals}
    assert "met-jx-rare" not in proposed
    current = flows.review(review_id)
    with session_scope(flows.settings) as session:
        reviews_flow.assign(session=session, principal=flows("coord-assoc"), review_id=review_id,
                            center_id="met-jx-rare", note="协会熟悉该中心的试验条件", alternates=[],
                            version=current.version, outbox=flows.outbox, confirm_no_coordinator=True)
    progress = _outcome(flows, need_id, "ent-a", "zh").progress
    assert progress is not None and progress.stage == "chosen" and progress.chosen is not None
    assert progress.chosen.by_hand and progress.chosen.requirements == []
    assert progress.said == "协会为您直接指定了江西省稀土产业计量测试中心"


def test_a_center_nobody_can_answer_is_not_found_for_the_enterprise(flows: Flows, tmp_path: Path) -> None:
    """A new user's trial (sample kb, 2026-11-30): a power-electronics need was proposed five centers, four of them
    with no coordinator account — nobody there can ever answer — and the enterprise read "已为您找到5家". A center
    nobody can act for (flows.reviews.reachable) stays a proposal the association may invite, but is not said to
    the enterprise as found for it."""
    assert do_import(flows.settings, write_jsonl(tmp_path / "more.jsonl", [CENTER3, CAP3])).ok
    need_id, review_id = flows.submitted_need()
    proposed = {p.center_id for p in flows.review(review_id).proposals}
    assert {"qic-js-battery", "plat-gd-battery"} <= proposed, "both battery centers are proposed to the association"
    progress = _outcome(flows, need_id, "ent-a", "zh").progress
    assert progress is not None
    fits = [p for p in flows.review(review_id).proposals if p.center_id == "qic-js-battery"
            and explanations.explain_proposal(p, "zh").band == "high"]
    assert progress.found == len(fits) == 1, "only the center somebody can answer for is found"
    assert "已为您找到 1 家" in progress.said and f"找到 {len(proposed)} 家" not in progress.said
    english = _outcome(flows, need_id, "ent-a", "en").progress
    assert english is not None and english.found == 1 and "found 1 center" in english.said
    assert not CJK.search(english.said), english.said
    assert _mine(flows, need_id, "zh").progress == progress


def _proposal(center_id: str, fit: int) -> MatchProposal:
    return MatchProposal(center_id=center_id, center_name=f"{center_id} 中心", score=0.4, fit=fit,
                         band=band(fit))


def _pending(*proposals: MatchProposal) -> ReviewView:
    moment = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
    return ReviewView(id="r1", need_id="n1", enterprise_id="e1", enterprise_name=None, status=ReviewStatus.pending,
                      round=1, version=1, proposals=list(proposals), low_confidence=False, declined=[],
                      accepted_center_id=None, accepted_center_name=None, alternates=[], assigned_by_hand=False,
                      assign_note=None, reject_reason=None, reject_text=None, decided_by=None, decided_at=None,
                      engagement_id=None, created_at=moment, updated_at=moment)


def test_centers_that_cover_little_of_the_need_are_not_found_and_the_enterprise_hears_so() -> None:
    """The trial's need got only battery and cable centers, each covering a little of an IGBT driver board's failure
    analysis (中 or 低), and the enterprise read "已为您找到5家可能合适的机构". A center is found for the enterprise
    only when it fits the need well (the fit's band 高, the review page's) and somebody can answer for it; when
    none does, it hears so plainly, and that the association looks for a provider by hand."""
    review = _pending(_proposal("qic-js-battery", 67), _proposal("qic-js-cable", 37), _proposal("qic-js-equip", 60),
                      _proposal("qic-js-medical", 38), _proposal("psp-js-digital", 34))
    everyone = {p.center_id for p in review.proposals}
    zh = progress_of(review, "zh", NeedStatus.in_review, reachable=everyone)
    assert zh is not None and zh.found == 0 and zh.stage == "searching"
    assert "已为您找到" not in zh.said and "暂未找到与您的需求契合的机构" in zh.said
    assert "协会正在人工为您查找" in zh.said
    en = progress_of(review, "en", NeedStatus.in_review, reachable=everyone)
    assert en is not None and en.found == 0 and "We found" not in en.said
    assert "No center that fits your need well" in en.said and "by hand" in en.said
    assert not CJK.search(en.said), en.said
    # a center that fits well but nobody can answer for is the association's to invite: not found for the enterprise
    well = _pending(_proposal("qic-sc-elec", 82), _proposal("qic-js-battery", 67))
    nobody = progress_of(well, "zh", NeedStatus.in_review, reachable={"qic-js-battery"})
    assert nobody is not None and nobody.found == 0 and nobody.stage == "searching"
    assert "协会正在联系" in nobody.said and "已为您找到" not in nobody.said
    nobody_en = progress_of(well, "en", NeedStatus.in_review, reachable={"qic-js-battery"})
    assert nobody_en is not None and "the association is contacting" in nobody_en.said
    found = progress_of(well, "zh", NeedStatus.in_review, reachable=everyone | {"qic-sc-elec"})
    assert found is not None and (found.stage, found.found) == ("reviewing", 1)
    assert found.said.startswith("已为您找到 1 家与您的需求契合的机构，协会正在审核")


def test_one_center_found_is_said_in_the_singular() -> None:
    """"We found 1 center that fit your need well" (the English pages read on 2026-11-30): one center fits."""
    review = _pending(_proposal("qic-js-battery", 82), _proposal("qic-js-cable", 84))
    one = progress_of(review, "en", NeedStatus.in_review, reachable={"qic-js-battery"})
    assert one is not None and one.said.startswith("We found 1 center that fits your need well;"), one.said
    two = progress_of(review, "en", NeedStatus.in_review, reachable={"qic-js-battery", "qic-js-cable"})
    assert two is not None and two.said.startswith("We found 2 centers that fit your need well;"), two.said


def test_what_the_enterprise_is_told_is_searched_by_hand_is_marked_in_the_associations_queue() -> None:
    """The enterprise read "协会正在人工为您查找" while nothing in the association's queue marked its need for a search
    (a new user's trial, 2026-11-30): the queue's card now says so by the same rule, :func:`searched_by_hand`, which
    the enterprise's sentence follows (no proposal standing is found for it)."""
    partial = _pending(_proposal("qic-js-battery", 67), _proposal("qic-js-cable", 37))
    assert searched_by_hand(partial, reachable={"qic-js-battery", "qic-js-cable"})
    told = progress_of(partial, "zh", NeedStatus.in_review, reachable={"qic-js-battery", "qic-js-cable"})
    assert told is not None and "人工" in told.said
    well = _pending(_proposal("qic-sc-elec", 82), _proposal("qic-js-battery", 67))
    assert searched_by_hand(well, reachable={"qic-js-battery"})  # the one that fits has nobody to answer
    assert not searched_by_hand(well, reachable={"qic-sc-elec"})
    decided = well.model_copy(update={"status": ReviewStatus.accepted})
    assert not searched_by_hand(decided, reachable=set())  # a decided review waits for no search


def test_the_queue_card_carries_the_mark(flows: Flows) -> None:
    """The queue's card (flows.worklists.queue_cards, the page /review and the API's queue read it) carries
    searched_by_hand for a pending review by the same rule."""
    need_id, review_id = flows.submitted_need()
    view = flows.review(review_id)
    with session_scope(flows.settings) as session:
        page = worklists.queue_cards(session=session, principal=flows("coord-assoc"),
                                     view=worklists.QueueFilter.parse())
        expected = searched_by_hand(view, reachable=reviews_flow.reachable(
            session=session, center_ids=[p.center_id for p in view.proposals]))
    [card] = [c for c in page.cards if c.review.id == review_id]
    assert card.searched_by_hand is expected and card.review.need_id == need_id
