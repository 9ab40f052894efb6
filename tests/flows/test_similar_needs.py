"""A need submitted twice is not refused, but the enterprise is asked first (a new user's trial): before a need is
submitted, flows.similar_needs finds the enterprise's own open need it nearly repeats — the same product and service
types, or texts as close as the common problems' grouping requires (flows.reviews_labels.near_duplicates) — and says
"您在 X 月 X 日提交过相似的需求《…》，仍要提交吗？". Another enterprise's needs, drafts and withdrawn ones are never it.
"""

from __future__ import annotations

import re

from core import china_time
from core.db import session_scope
from flows import needs as needs_flow
from flows.similar_needs import SimilarNeed, similar_open_need
from intake import service as intake
from tests.flows.flowhelpers import Flows

OTHER_TEXT = "我们是苏州的纺织企业，想申请高新技术企业认定，需要有人指导准备材料。"


def _similar(flows: Flows, need_id: str, who: str = "ent-a", lang: str = "zh") -> SimilarNeed | None:
    with session_scope(flows.settings) as session:
        need = intake.get_need(session=session, need_id=need_id, coordinator=True)
        return similar_open_need(session=session, settings=flows.settings, matcher=flows.matcher,
                                 principal=flows(who), need=need, lang=lang)


def test_a_need_nearly_the_same_as_an_open_one_is_asked_about_with_the_day_and_the_title(flows: Flows) -> None:
    first, _ = flows.submitted_need(title="电芯热失控试验")
    again = flows.create_need()
    found = _similar(flows, again)
    assert found is not None
    day = china_time.local(flows.review(_review_of(flows, first)).created_at).date()
    assert found.need_id == first
    assert found.said == f"您在 {day.month} 月 {day.day} 日提交过相似的需求《电芯热失控试验》，仍要提交吗？"
    english = _similar(flows, again, lang="en")
    assert english is not None and not re.search(r"[\u4e00-\u9fff]", english.said.replace("电芯热失控试验", ""))


def test_the_same_product_and_service_types_in_other_words_is_asked_about_too(flows: Flows) -> None:
    first, _ = flows.submitted_need(product="动力电池", title="电芯热失控试验")
    again = flows.create_need(text="动力电池的电芯要送检，做一下安全方面的测试，出具报告。", product="动力电池")
    found = _similar(flows, again)
    assert found is not None and found.need_id == first and found.same_product


def test_a_different_need_another_enterprise_s_a_draft_or_a_withdrawn_one_is_never_asked_about(flows: Flows) -> None:
    flows.create_need()  # a draft of the same: no duplicate
    other = flows.create_need(text=OTHER_TEXT, service_types=["qualification_consulting"], product="纺织品")
    assert _similar(flows, other) is None
    mine, _ = flows.submitted_need()
    assert _similar(flows, flows.create_need("ent-b"), who="ent-b") is None  # ent-a's need is not ent-b's
    with session_scope(flows.settings) as session:
        needs_flow.withdraw_need(session=session, principal=flows("ent-a"), need_id=mine, outbox=flows.outbox)
    assert _similar(flows, flows.create_need()) is None


def _review_of(flows: Flows, need_id: str) -> str:
    with session_scope(flows.settings) as session:
        review = needs_flow.outcome(session=session, principal=flows("ent-a"), need_id=need_id).review
        assert review is not None
        return review.id
