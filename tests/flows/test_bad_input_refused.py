"""The use cases refuse bad input whoever calls them (the API, the pages, the CLI): a new user's faults in Chromium
(2026-11-29), at the service.

- ``flows.needs.edit_need``: a blank title is refused on ``title`` (``PATCH /needs`` refused it; the page stored it and
  the need became "（未命名需求）"), and so is one over 200 characters, naming the limit; nothing changes.
- ``flows.reviews.accept``: a provider nobody can log in for (no active coordinator of an active organisation, the
  picker's own check ``flows.reviews.candidates``) is accepted only when the caller says so
  (``confirm_no_coordinator``); otherwise a 409 on that field, and the review stays as it was.
- ``flows.reviews.assign``: the same rule, by the same check (the API and the CLI handed such a provider the need
  without a word); an alternate nobody can act for is not asked about, as none is handed the need then.
"""

from __future__ import annotations

import pytest

from accounts import service as accounts
from core import china_time
from core.db import session_scope
from core.errors import ConflictError, InnodockError
from flows import access
from flows import needs as needs_flow
from flows import reviews as reviews_flow
from pipeline.vocab import ReviewStatus
from tests.flows.flowhelpers import Flows
from tests.kb.kbhelpers import CENTER


def _title(flows: Flows, need_id: str) -> str | None:
    with session_scope(flows.settings) as session:
        need = access.read_need(session=session, principal=flows("ent-a"), need_id=need_id).need
    assert need is not None
    return need.title


@pytest.mark.parametrize(("typed", "said"), [("   ", "标题"), ("题" * 201, "200")])
def test_a_blank_or_over_long_title_is_refused_and_the_title_kept(flows: Flows, typed: str, said: str) -> None:
    need_id = flows.create_need(title="电芯热失控试验")
    with pytest.raises(InnodockError) as refused, session_scope(flows.settings) as session:
        needs_flow.edit_need(session=session, principal=flows("ent-a"), need_id=need_id, changes={"title": typed},
                             outbox=flows.outbox)
    assert refused.value.field == "title" and said in refused.value.message, refused.value.message
    assert _title(flows, need_id) == "电芯热失控试验"


def test_a_title_of_200_characters_is_taken_stripped(flows: Flows) -> None:
    need_id = flows.create_need(title="电芯热失控试验")
    with session_scope(flows.settings) as session:
        needs_flow.edit_need(session=session, principal=flows("ent-a"), need_id=need_id,
                             changes={"title": " " + "题" * 200 + " "}, outbox=flows.outbox)
    assert _title(flows, need_id) == "题" * 200


def test_accepting_a_provider_nobody_can_act_for_asks_to_be_confirmed(flows: Flows) -> None:
    _, review_id = flows.submitted_need()
    review = flows.review(review_id)
    assert str(CENTER["id"]) in {p.center_id for p in review.proposals}
    with session_scope(flows.settings) as session:  # the center's one coordinator leaves: nobody can act for it
        accounts.set_user_active(session=session, user_id=flows("coord-center").user_id or "", active=False)
        found = reviews_flow.candidates(session=session, today=china_time.today(), center_ids=[str(CENTER["id"])])
    assert [c.reachable for c in found] == [False]
    with pytest.raises(ConflictError) as refused, session_scope(flows.settings) as session:
        reviews_flow.accept(session=session, principal=flows("coord-assoc"), review_id=review_id,
                            center_id=str(CENTER["id"]), alternates=[], version=review.version, outbox=flows.outbox)
    assert refused.value.field == "confirm_no_coordinator" and refused.value.code == "provider_unreachable"
    assert str(CENTER["name"]) in refused.value.message and " / " in refused.value.message
    after = flows.review(review_id)
    assert (after.status, after.version, after.engagement_id) == (ReviewStatus.pending, review.version, None)
    with session_scope(flows.settings) as session:
        done = reviews_flow.accept(session=session, principal=flows("coord-assoc"), review_id=review_id,
                                   center_id=str(CENTER["id"]), alternates=[], version=review.version,
                                   outbox=flows.outbox, confirm_no_coordinator=True)
    assert done.status == ReviewStatus.accepted and done.accepted_center_id == str(CENTER["id"])


def test_accepting_a_provider_with_a_coordinator_asks_nothing(flows: Flows) -> None:
    _, review_id = flows.submitted_need()
    done = flows.accept(review_id, center_id=str(CENTER["id"]))
    assert done.status == ReviewStatus.accepted and done.engagement_id


def test_assigning_a_provider_nobody_can_act_for_asks_as_accepting_does(flows: Flows) -> None:
    """Assigning by hand hands the need over as accepting does, so it asks the same question on the same field: the
    API and the CLI gave a provider nobody can log in for the need without a word (the picker alone asked)."""
    _, review_id = flows.submitted_need()
    review = flows.review(review_id)
    with session_scope(flows.settings) as session:
        assert not reviews_flow.reachable(session=session, center_ids=["met-jx-rare"])  # no account at all
    with pytest.raises(ConflictError) as refused, session_scope(flows.settings) as session:
        reviews_flow.assign(session=session, principal=flows("coord-assoc"), review_id=review_id,
                            center_id="met-jx-rare", note="企业指定", alternates=[], version=review.version,
                            outbox=flows.outbox)
    assert refused.value.field == "confirm_no_coordinator" and refused.value.code == "provider_unreachable"
    message = refused.value.message
    assert "没有能登录办理的协调员" in message and "确定仍要指派" in message and "to assign it all the same" in message
    after = flows.review(review_id)
    assert (after.status, after.version, after.engagement_id, after.assigned_by_hand) == (
        ReviewStatus.pending, review.version, None, False)
    with session_scope(flows.settings) as session:
        done = reviews_flow.assign(session=session, principal=flows("coord-assoc"), review_id=review_id,
                                   center_id="met-jx-rare", note="企业指定", alternates=[], version=review.version,
                                   outbox=flows.outbox, confirm_no_coordinator=True)
    assert done.status == ReviewStatus.accepted and done.accepted_center_id == "met-jx-rare" and done.engagement_id


def test_assigning_a_provider_with_a_coordinator_asks_nothing(flows: Flows) -> None:
    _, review_id = flows.submitted_need()
    review = flows.review(review_id)
    with session_scope(flows.settings) as session:
        done = reviews_flow.assign(session=session, principal=flows("coord-assoc"), review_id=review_id,
                                   center_id=str(CENTER["id"]), note="企业指定", alternates=[],
                                   version=review.version, outbox=flows.outbox)
    assert done.status == ReviewStatus.accepted and done.accepted_center_id == str(CENTER["id"])


def test_an_alternate_nobody_can_act_for_is_kept_without_asking(flows: Flows) -> None:
    """Alternates are not handed the need now: one is offered again only when the provider given it leaves
    (``pipeline.redock``), and accepting it then asks. So naming one nobody can act for asks nothing."""
    _, review_id = flows.submitted_need()
    review = flows.review(review_id)
    with session_scope(flows.settings) as session:
        assert not reviews_flow.reachable(session=session, center_ids=["met-jx-rare"])
        done = reviews_flow.assign(session=session, principal=flows("coord-assoc"), review_id=review_id,
                                   center_id=str(CENTER["id"]), note="企业指定", alternates=["met-jx-rare"],
                                   version=review.version, outbox=flows.outbox)
    assert done.status == ReviewStatus.accepted and done.alternates == ["met-jx-rare"]
