"""The use cases refuse bad input whoever calls them (the API, the pages, the CLI): a new user's faults in Chromium
(2026-11-29), at the service.

- ``flows.needs.edit_need``: a blank title is refused on ``title`` (``PATCH /needs`` refused it; the page stored it and
  the need became "（未命名需求）"), and so is one over 200 characters, naming the limit; nothing changes.
- ``flows.reviews.accept``: a provider nobody can log in for (no active coordinator of an active organisation, the
  picker's own check ``flows.reviews.candidates``) is accepted only when the caller says so
  (``confirm_no_coordinator``); otherwise a 409 on that field, and the review stays as it was.
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
