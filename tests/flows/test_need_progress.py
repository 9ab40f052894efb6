"""Where a submitted need stands, as its enterprise reads it (a new user's trial: "my needs" said only 等待中 until a
center was accepted, then only its name): how far the association's review has got, without naming the centers it
has not vetted, and, once one is chosen, why — the coordinator's own explanation (flows.explanations), said for the
enterprise. The page (flows.needs.my_needs) and the API (flows.needs.outcome) read it from one function.
"""

from __future__ import annotations

import re

import pytest

from core.db import session_scope
from core.errors import NotFoundError
from flows import explanations
from flows import needs as needs_flow
from flows import reviews as reviews_flow
from tests.flows.flowhelpers import Flows

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
    assert f"已为您找到 {len(names)} 家可能合适的机构，协会正在审核" in progress.said
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
        assert chosen.requirements == coordinator.requirements and chosen.requirements
        assert chosen.missing == coordinator.missing
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
