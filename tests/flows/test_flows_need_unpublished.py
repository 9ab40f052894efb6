"""``need.unpublished``: every subscriber who hears ``need.published`` hears, once, that the need left the public feed
(``intake.schemas.PUBLIC_STATUSES``), whichever step took it out: withdrawn, matched (accepted or assigned by hand, from
review or from "no suitable provider"), sent back as unclear. Before, a withdrawal sent nothing and an acceptance told
only the parties and the need's own association, so a second association's website kept showing a need gone from the
feed (the integrator's walk, 2026-11-28, docs/api.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from authz.vocab import OrgKind
from core.db import session_scope
from flows import feed
from flows import needs as needs_flow
from flows import reviews as reviews_flow
from intake import lifecycle
from intake.schemas import PUBLIC_STATUSES
from outbox.models import WebhookDelivery
from outbox.service import create_subscription
from outbox.vocab import DomainEvent
from tests.flows.flowhelpers import AGREEMENT, Flows


def _second_association(flows: Flows) -> str:
    """Another association's website, subscribed to the feed's two events: it serves none of these needs."""
    org_id = flows.add_org("assoc2", OrgKind.association, "另一协会")
    with session_scope(flows.settings) as session:
        create_subscription(session=session, org_id=org_id, url="http://127.0.0.1:9/site",
                            events=[DomainEvent.need_published, DomainEvent.need_unpublished], allow_private=True)
    return org_id


def _heard(flows: Flows, org_id: str, event: DomainEvent) -> list[dict[str, Any]]:
    with session_scope(flows.settings) as session:
        rows = session.scalars(select(WebhookDelivery).where(WebhookDelivery.org_id == org_id,
                                                             WebhookDelivery.event == event.value)
                               .order_by(WebhookDelivery.created_at))
        return [dict(r.payload) for r in rows]


def _left(flows: Flows, org_id: str, need_id: str) -> list[str]:
    """The reasons of the ``need.unpublished`` events the site heard about the need (each payload checked whole)."""
    out = []
    for payload in _heard(flows, org_id, DomainEvent.need_unpublished):
        assert set(payload) == {"need_id", "reason", "unpublished_at"}, payload  # nothing of the need's content
        assert payload["unpublished_at"].endswith(("Z", "+00:00")), payload
        if payload["need_id"] == need_id:
            out.append(payload["reason"])
    return out


def _reject(flows: Flows, review_id: str, reason: str, text: str) -> None:
    current = flows.review(review_id)
    with session_scope(flows.settings) as session:
        reviews_flow.reject(session=session, principal=flows("coord-assoc"), review_id=review_id, reason=reason,
                            text=text, center_id=None, version=current.version, outbox=flows.outbox)


def _withdraw(flows: Flows, need_id: str) -> None:
    with session_scope(flows.settings) as session:
        needs_flow.withdraw_need(session=session, principal=flows("ent-a"), need_id=need_id, outbox=flows.outbox)


def test_a_withdrawn_need_is_unpublished_once_to_another_associations_site(flows: Flows) -> None:
    site = _second_association(flows)
    need_id, _review = flows.submitted_need()
    assert [p["id"] for p in _heard(flows, site, DomainEvent.need_published)] == [need_id]
    assert _left(flows, site, need_id) == []  # published then queued for review: still in the feed
    _withdraw(flows, need_id)
    assert _left(flows, site, need_id) == ["withdrawn"]


def test_an_accepted_need_is_unpublished_once_and_its_engagement_moving_on_sends_no_more(flows: Flows) -> None:
    site = _second_association(flows)
    need_id, review_id = flows.submitted_need()
    accepted = flows.accept(review_id)
    assert _left(flows, site, need_id) == ["matched"]
    eng = accepted.engagement_id or ""
    flows.step(eng, "ent-a", "reach_agreement")
    flows.step(eng, "coord-center", "sign_agreement", {"agreement": AGREEMENT})
    flows.step(eng, "ent-a", "withdraw", {"reason": "改由自行检测"})  # the enterprise ends it: the need is withdrawn
    assert flows.outcome(need_id).status == "withdrawn"
    assert _left(flows, site, need_id) == ["matched"]  # it had left the feed already


def test_a_need_sent_back_as_unclear_is_unpublished_with_that_reason(flows: Flows) -> None:
    site = _second_association(flows)
    need_id, review_id = flows.submitted_need()
    _reject(flows, review_id, "need_unclear", "请说明样品数量")
    assert flows.outcome(need_id).status == "draft"
    assert _left(flows, site, need_id) == ["sent_back"]


def test_a_need_no_provider_fits_stays_listed_and_leaves_once_when_assigned_or_withdrawn(flows: Flows) -> None:
    site = _second_association(flows)
    assigned, review_a = flows.submitted_need()
    withdrawn, review_w = flows.submitted_need()
    for review_id in (review_a, review_w):
        _reject(flows, review_id, "other", "本轮无合适机构")
    assert {flows.outcome(n).status for n in (assigned, withdrawn)} == {"no_provider"}
    assert _left(flows, site, assigned) == [] == _left(flows, site, withdrawn)  # no suitable provider is public
    with session_scope(flows.settings) as session:
        reviews_flow.assign(session=session, principal=flows("coord-assoc"), review_id=review_a,
                            center_id="met-jx-rare", note="企业指定", alternates=[],
                            version=flows.review(review_a).version, outbox=flows.outbox,
                            confirm_no_coordinator=True)  # nobody logs in for it here
    _withdraw(flows, withdrawn)
    assert _left(flows, site, assigned) == ["matched"]
    assert _left(flows, site, withdrawn) == ["withdrawn"]


def test_a_need_edited_while_public_sends_no_unpublished(flows: Flows) -> None:
    site = _second_association(flows)
    need_id, _review = flows.submitted_need()
    with session_scope(flows.settings) as session:
        needs_flow.edit_need(session=session, principal=flows("ent-a"), need_id=need_id,
                             changes={"problem": "样品 20 只电芯"}, outbox=flows.outbox)
    assert [p["id"] for p in _heard(flows, site, DomainEvent.need_published)] == [need_id, need_id]
    assert _heard(flows, site, DomainEvent.need_unpublished) == []


def test_every_step_out_of_the_feed_has_a_reason_and_no_other_step_has_one() -> None:
    """The lifecycle's arrows from a public status to one that is not are exactly those with a reason: a new way out
    of the feed cannot go unannounced."""
    public = {s.value for s in PUBLIC_STATUSES}
    leaving = {t for source, t, target in lifecycle.edges() if source in public and target not in public}
    assert leaving == set(feed.LEAVING)
    assert {r.value for r in feed.LEAVING.values()} == {r.value for r in feed.Unpublished}


def test_no_flow_moves_a_need_but_through_the_feeds_one_place() -> None:
    """``flows.feed.advance_need`` decides whether a step took the need out of the feed; a flow calling intake's
    ``advance_need`` directly would move a need out of the feed without telling anyone (as the withdrawal did)."""
    flows_dir = Path(__file__).resolve().parents[2] / "flows"
    direct = [p.name for p in sorted(flows_dir.glob("*.py"))
              if p.name != "feed.py" and "intake.advance_need(" in p.read_text(encoding="utf-8")]
    assert direct == []


def _published_ids(flows: Flows, site: str) -> list[str]:
    return [p["id"] for p in _heard(flows, site, DomainEvent.need_published)]


def test_a_need_back_in_the_feed_after_its_engagement_ended_is_published_again(flows: Flows) -> None:
    """The association ends an engagement: the need goes back to review (re-docked), public again. A site that dropped
    it on ``need.unpublished`` heard nothing and never showed it again (the need.unpublished work's left item)."""
    site = _second_association(flows)
    need_id, review_id = flows.submitted_need()
    eng = flows.accept(review_id).engagement_id or ""
    assert _left(flows, site, need_id) == ["matched"]
    flows.step(eng, "coord-assoc", "terminate", {"reason": "机构无法按期承接"})
    assert flows.outcome(need_id).status == "in_review"
    assert _published_ids(flows, site) == [need_id, need_id]
    again = _heard(flows, site, DomainEvent.need_published)[-1]
    assert again["id"] == need_id and again["title"] and "text" not in again  # the public view, as at submission


def test_a_need_sent_back_and_taken_up_again_by_the_coordinator_is_published_again(flows: Flows) -> None:
    site = _second_association(flows)
    need_id, review_id = flows.submitted_need()
    _reject(flows, review_id, "need_unclear", "请说明样品数量")
    assert _left(flows, site, need_id) == ["sent_back"]
    with session_scope(flows.settings) as session:
        needs_flow.edit_need(session=session, principal=flows("ent-a"), need_id=need_id,
                             changes={"problem": "样品 20 只电芯"}, outbox=flows.outbox)
        reviews_flow.rematch(session=session, settings=flows.settings, matcher=flows.matcher,
                             principal=flows("coord-assoc"), review_id=review_id, note="企业已补充",
                             version=flows.review(review_id).version, outbox=flows.outbox)
    assert flows.outcome(need_id).status == "in_review"
    assert _published_ids(flows, site) == [need_id, need_id]
