"""What the coordinators' decisions teach the matcher (``flows.reviews_labels``, issue 28 item 4): every decision a
labelled (need, center) pair read from the review's record — accepted, assigned by hand, declined with its reason, a
round passed over by a re-match — and a decline undone withdrawn; a re-match does not propose again a center
declined as unsuitable for the need or a near-duplicate of it, unless the coordinator asks; the plain records a
ranker is refitted from. The HTTP and terminal doors are tests/api/test_api_review_labels.py's."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from core.db import session_scope
from flows import matching, reviews, reviews_labels
from flows import needs as needs_flow
from flows.matching import MatcherSetup
from intake import service as intake
from intake.schemas import Need
from pipeline.schemas import ReviewLabel, ReviewView
from tests.flows.flowhelpers import Flows
from tests.matcher.matcher_helpers import NgramEmbedder

OTHER_TEXT = "我们需要对一批稀土永磁材料做成分分析和磁性能检测，需要CMA报告，预算3万元。"


def _decline(flows: Flows, review_id: str, center: str, reason: str = "not_suitable") -> ReviewView:
    version = flows.review(review_id).version
    with session_scope(flows.settings) as session:
        return reviews.reject(session=session, principal=flows("coord-assoc"), review_id=review_id, reason=reason,
                              text="不做这类试验", center_id=center, version=version, outbox=flows.outbox)


def _rematch(flows: Flows, review_id: str, *, include_declined: bool = False) -> ReviewView:
    version = flows.review(review_id).version
    with session_scope(flows.settings) as session:
        return reviews.rematch(session=session, settings=flows.settings, matcher=flows.matcher,
                               principal=flows("coord-assoc"), review_id=review_id, note="再看看", version=version,
                               outbox=flows.outbox, include_declined=include_declined)


def _labels(flows: Flows, who: str = "coord-assoc") -> list[ReviewLabel]:
    with session_scope(flows.settings) as session:
        return reviews_labels.labels(session=session, principal=flows(who))


def _pairs(found: list[ReviewLabel]) -> set[tuple[str, str, str, str]]:
    return {(lab.center_id, lab.decision.value, lab.label.value, lab.reason.value if lab.reason else "")
            for lab in found}


def _undo(flows: Flows, review_id: str, center: str) -> None:
    with session_scope(flows.settings) as session:
        reviews.undo_decline(session=session, principal=flows("coord-assoc"), review_id=review_id, center_id=center,
                             version=flows.review(review_id).version)


def test_every_decision_is_a_label_and_an_undone_decline_withdraws_it(flows: Flows) -> None:
    need_id, review_id = flows.submitted_need()
    first = flows.review(review_id).proposals[0].center_id
    _decline(flows, review_id, first, reason="no_capacity")  # says nothing of the fit
    [capacity] = _labels(flows)
    assert (capacity.need_id, capacity.center_id, capacity.decision, capacity.label, capacity.reason,
            capacity.text) == (need_id, first, "declined", "neutral", "no_capacity", "不做这类试验")
    assert capacity.score is not None and capacity.by and capacity.round == 1

    # Undone: the label is withdrawn, the decline stays on the review's record.
    _undo(flows, review_id, first)
    assert _labels(flows) == []
    assert [d.undone_by for r in flows.review(review_id).rounds for d in r.declined if d.center_id == first]
    _decline(flows, review_id, first)
    assert _pairs(_labels(flows)) == {(first, "declined", "negative", "not_suitable")}
    _undo(flows, review_id, first)

    flows.accept(review_id, first)
    assert _pairs(_labels(flows)) == {(first, "accepted", "positive", "")}
    # A center coordinator reads no other center's decisions: its own pairs only.
    assert {lab.center_id for lab in _labels(flows, "coord-center")} <= {"qic-js-battery"}


def test_assigned_by_hand_and_a_rematch_are_labels(flows: Flows) -> None:
    _, review_id = flows.submitted_need()
    proposed = {p.center_id for p in flows.review(review_id).proposals}
    again = _rematch(flows, review_id, include_declined=True)
    passed_over = {(lab.center_id, lab.round) for lab in _labels(flows) if lab.decision == "rematched"}
    assert passed_over == {(c, 1) for c in proposed}
    with session_scope(flows.settings) as session:
        reviews.assign(session=session, principal=flows("coord-assoc"), review_id=review_id, center_id="met-jx-rare",
                       note="企业指定", alternates=[], version=again.version, outbox=flows.outbox,
                       confirm_no_coordinator=True)  # nobody logs in for it here
    [hand] = [lab for lab in _labels(flows) if lab.decision == "assigned_by_hand"]
    assert (hand.center_id, hand.label, hand.text, hand.round) == ("met-jx-rare", "positive", "企业指定", 2)


def test_a_rematch_does_not_propose_a_center_declined_as_unsuitable_unless_asked(flows: Flows) -> None:
    _, review_id = flows.submitted_need()
    center = flows.review(review_id).proposals[0].center_id
    _decline(flows, review_id, center)
    again = _rematch(flows, review_id)
    assert center not in {p.center_id for p in again.proposals}
    asked = _rematch(flows, review_id, include_declined=True)
    assert center in {p.center_id for p in asked.proposals}


def test_a_decline_as_unsuitable_is_a_negative_for_near_duplicates(flows: Flows) -> None:
    _, review_a = flows.submitted_need("ent-a")
    center = flows.review(review_a).proposals[0].center_id
    _decline(flows, review_a, center)
    need_b, review_b = flows.submitted_need("ent-b")  # the same text, another enterprise
    assert center in {p.center_id for p in flows.review(review_b).proposals}  # a first match is not a re-match
    again = _rematch(flows, review_b)
    assert center not in {p.center_id for p in again.proposals}

    far = flows.create_need("ent-b", text=OTHER_TEXT)
    with session_scope(flows.settings) as session:
        far_need = intake.get_need(session=session, need_id=far, coordinator=True)
        near_need = intake.get_need(session=session, need_id=need_b, coordinator=True)
        assert center not in reviews_labels.exclusions(session=session, settings=flows.settings,
                                                       matcher=flows.matcher, need=far_need)
        assert "相似需求" in reviews_labels.exclusions(session=session, settings=flows.settings,
                                                     matcher=flows.matcher, need=near_need)[center]


def test_the_labels_export_as_plain_records_with_the_needs_text(flows: Flows) -> None:
    need_id, review_id = flows.submitted_need()
    center = flows.review(review_id).proposals[0].center_id
    _decline(flows, review_id, center)
    with session_scope(flows.settings) as session:
        records = reviews_labels.export_labels(session=session, principal=flows("coord-assoc"))
    [record] = records
    assert record["need_id"] == need_id and record["center_id"] == center and record["label"] == "negative"
    assert record["reason"] == "not_suitable" and "热失控" in record["need_text"]
    assert isinstance(record["at"], str) and isinstance(record["score"], float)


def test_a_resubmission_after_being_sent_back_leaves_out_the_unsuitable(flows: Flows) -> None:
    need_id, review_id = flows.submitted_need()
    center = flows.review(review_id).proposals[0].center_id
    _decline(flows, review_id, center)
    with session_scope(flows.settings) as session:
        reviews.reject(session=session, principal=flows("coord-assoc"), review_id=review_id, reason="need_unclear",
                       text="请说明样品数量", center_id=None, version=flows.review(review_id).version,
                       outbox=flows.outbox)
    with session_scope(flows.settings) as session:
        needs_flow.edit_need(session=session, principal=flows("ent-a"), need_id=need_id,
                             changes={"problem": "样品 20 只电芯"}, outbox=flows.outbox)
    resubmitted = flows.submit(need_id)
    assert resubmitted.review.round == 2
    assert center not in {p.center_id for p in resubmitted.review.proposals}


class _CountingEmbedder(NgramEmbedder):
    """Counts the query-side model calls and the texts they embed."""

    def __init__(self) -> None:
        super().__init__()
        self.query_calls = 0
        self.query_texts = 0

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        self.query_calls += 1
        self.query_texts += len(texts)
        return super().encode_query(texts)


def test_near_duplicates_embeds_the_need_and_the_others_in_one_model_call(flows: Flows) -> None:
    """The duplicate-submission question (flows.similar_needs) and the re-match's exclusions compared the need with
    each other need in a model call of its own, the need's text embedded again each time: an enterprise with 40 open
    needs waited for 40 calls before its submit button answered. One call now, the same needs found: each pair's
    similarity against the grouping threshold, as group_texts of the two read it."""
    counting = _CountingEmbedder()
    setup = MatcherSetup(embedder=counting)
    need = Need(id="n-0", text=OTHER_TEXT)
    others = [Need(id="n-1", text=OTHER_TEXT.replace("3万元", "4万元")),
              Need(id="n-2", text="锂电池包需要做针刺和过充试验，出具CMA报告。"),
              Need(id="n-3", text=OTHER_TEXT + "希望两周内完成。"),
              Need(id="n-4", text="")]
    found = reviews_labels.near_duplicates(settings=flows.settings, matcher=setup, need=need, others=others)
    assert (counting.query_calls, counting.query_texts) == (1, 4)  # the need and the three others with a text
    pairwise = [o.id for o in others if o.text and len(matching.group_texts(
        settings=flows.settings, setup=MatcherSetup(embedder=NgramEmbedder()), texts=[need.text, o.text],
        threshold=reviews_labels.NEAR_DUPLICATE)) == 1]
    assert found == pairwise and "n-1" in found and "n-2" not in found
