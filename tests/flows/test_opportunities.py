"""Needs offered to providers (``flows.opportunities``, issue 28 item 6): a need published is offered to the providers
its public view fits, each told (``need.offered``) within its day's cap unless already proposed; a provider's page
lists them best first, as the public reads them, with its experts who fit; it says it can help, and the association
reads that on the need's review; another center's coordinator and an enterprise are refused. The HTTP doors, the
page and Chromium are tests/api's (test_api_opportunities.py, test_ui_opportunities_browser.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import numpy as np
import pytest

from accounts.vocab import OrgKind
from authz.vocab import Role
from core import china_time
from core.db import session_scope
from core.errors import NotFoundError, PermissionDeniedError
from flows import inbox as inbox_flow
from flows import matching, opportunities
from flows import needs as needs_flow
from flows.matching import MatcherSetup
from intake import service as intake
from tests.flows.flowhelpers import NEED_TEXT, Flows
from tests.matcher.matcher_helpers import NgramEmbedder

CENTER = "qic-js-battery"
SECRET = "星海七号"


def _mine(flows: Flows, who: str = "coord-center", center: str = CENTER) -> list[opportunities.Opportunity]:
    with session_scope(flows.settings) as session:
        return opportunities.opportunities(session=session, settings=flows.settings, matcher=flows.matcher,
                                           principal=flows(who), center_id=center)


def _offer_again(flows: Flows, need_id: str) -> list[str]:
    """The offer as if nobody had been proposed: who is told now."""
    with session_scope(flows.settings) as session:
        told = opportunities.offer(session=session, settings=flows.settings, matcher=flows.matcher, need_id=need_id,
                                   already_proposed=[], outbox=flows.outbox)
    return [t.center_id for t in told]


def test_a_published_need_is_on_the_page_of_the_provider_it_fits(flows: Flows) -> None:
    need_id, _ = flows.submitted_need()
    [found] = _mine(flows)
    assert found.need.id == need_id and found.fit >= opportunities.FIT_FLOOR and found.rank == 1
    assert found.proposed is True and found.notified is False  # proposed already: not told twice
    assert [e.name for e in found.experts][:1] and {e.expert_id for e in found.experts} <= {"exp-1", "exp-2"}
    # The association reads any provider's opportunities; another center's coordinator and an enterprise none.
    assert [o.need.id for o in _mine(flows, "coord-assoc")] == [need_id]
    flows.add_person("coord-rare", flows.add_org("rare", OrgKind.center, "稀土中心", "met-jx-rare"),
                     Role.center_coordinator)
    with pytest.raises(PermissionDeniedError) as other:
        _mine(flows, "coord-rare")
    assert other.value.field == "center_id"
    with pytest.raises(PermissionDeniedError):
        _mine(flows, "ent-a")
    with pytest.raises(NotFoundError) as missing:
        _mine(flows, "coord-assoc", center="no-such-center")
    assert missing.value.field == "center_id"
    # Taken back by its enterprise, it is nobody's opportunity any more.
    with session_scope(flows.settings) as session:
        needs_flow.withdraw_need(session=session, principal=flows("ent-a"), need_id=need_id,
                                 outbox=flows.outbox)
    assert _mine(flows) == []


def test_a_provider_is_told_of_at_most_the_days_cap(flows: Flows) -> None:
    flows.settings = flows.settings.model_copy(update={"opportunity_daily_cap": 1})
    first, _ = flows.submitted_need()
    second, _ = flows.submitted_need("ent-b")
    assert _offer_again(flows, first) == [CENTER]
    assert _offer_again(flows, second) == []  # the day's one is used: it waits on the page
    assert _offer_again(flows, first) == []  # told once per need
    with session_scope(flows.settings) as session:
        notices = inbox_flow.notices(session=session, principal=flows("coord-center")).items
    offered = [n for n in notices if n.kind == "opportunity"]
    assert len(offered) == 1 and offered[0].link == f"/centers/{CENTER}/opportunities"
    assert "与贵机构的服务相符" in offered[0].title_zh
    assert {o.need.id: o.notified for o in _mine(flows)} == {first: True, second: False}


def test_the_provider_says_it_can_help_and_the_association_sees_it(flows: Flows) -> None:
    need_id, review_id = flows.submitted_need()
    with session_scope(flows.settings) as session:
        said = opportunities.can_help(session=session, principal=flows("coord-center"), center_id=CENTER,
                                      need_id=need_id, note="  两周内可安排试验  ")
    assert said.help_note == "两周内可安排试验" and said.help_at is not None
    [helper] = flows.review(review_id).can_help
    assert (helper.center_id, helper.note) == (CENTER, "两周内可安排试验")
    assert [h.center_id for h in flows.review(review_id, "coord-center").can_help] == [CENTER]
    with session_scope(flows.settings) as session, pytest.raises(Exception) as long:
        opportunities.can_help(session=session, principal=flows("coord-center"), center_id=CENTER, need_id=need_id,
                               note="长" * 501)
    assert getattr(long.value, "field", None) == "note"
    with session_scope(flows.settings) as session, pytest.raises(NotFoundError) as unknown:
        opportunities.can_help(session=session, principal=flows("coord-center"), center_id=CENTER,
                               need_id="no-such-need", note=None)
    assert unknown.value.field == "need_id"
    with session_scope(flows.settings) as session, pytest.raises(PermissionDeniedError):
        opportunities.can_help(session=session, principal=flows("coord-assoc"), center_id=CENTER, need_id=need_id,
                               note=None)


def test_a_confidential_needs_details_never_reach_the_page(flows: Flows, monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"我们的{SECRET}储能项目电芯在针刺后热失控，需要按GB 38031-2020做单体热失控试验检测，需要CMA报告。"
    need_id = flows.create_need(text=text, confidential=True, redactions=[SECRET])
    flows.submit(need_id)
    # Ranked on its published summary alone, a confidential need fits weakly; every fit is kept here, so the page
    # has the need to show.
    monkeypatch.setattr(opportunities, "FIT_FLOOR", 0)
    _offer_again(flows, need_id)
    shown = [o for o in _mine(flows, "coord-assoc") if o.need.id == need_id]
    assert shown  # offered: on the page, as the public reads it
    for o in shown:
        page = o.model_dump_json()
        assert SECRET not in page and "针刺" not in page and o.need.confidential


def test_the_offer_is_ranked_on_what_a_provider_may_read_never_on_a_marked_detail(
        flows: Flows, monkeypatch: pytest.MonkeyPatch) -> None:
    """Which providers hear of a need, and which of their experts fit it, may not depend on what the enterprise hid:
    the offer's query is built from the center's view (a confidential need's published summary; a public need's
    scrubbed text), so being offered a need reveals nothing a provider could not read."""
    seen: list[str] = []
    real_match, real_team = opportunities.match_needs, opportunities.propose_team

    def match_spy(**kwargs: object) -> object:
        seen.extend(q.model_dump_json() for q in kwargs["needs"])  # type: ignore[attr-defined]
        return real_match(**kwargs)  # type: ignore[arg-type]

    def team_spy(**kwargs: object) -> object:
        seen.append(kwargs["need"].model_dump_json())  # type: ignore[attr-defined]
        return real_team(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(opportunities, "match_needs", match_spy)
    monkeypatch.setattr(opportunities, "propose_team", team_spy)
    hidden = f"我们的{SECRET}储能项目电芯在针刺后热失控，需要按GB 38031-2020做单体热失控试验检测，需要CMA报告。"
    confidential = flows.create_need(text=hidden, confidential=True, redactions=[SECRET])
    flows.submit(confidential)
    marked = flows.create_need(text=hidden, confidential=False, redactions=[SECRET])
    flows.submit(marked)
    _mine(flows, "coord-assoc")
    assert len(seen) >= 3  # both offers ranked, and the experts matched for the page
    assert not [q for q in seen if SECRET in q]
    assert not [q for q in seen if "针刺" in q and '"confidential":true' in q]  # the summary only


class _Recording(NgramEmbedder):
    """The test model, recording every query text it embeds."""

    def __init__(self) -> None:
        super().__init__()
        self.queries: list[str] = []

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        self.queries.extend(texts)
        return super().encode_query(texts)


def test_a_public_need_is_embedded_once_for_its_proposals_and_its_offers(flows: Flows) -> None:
    """It is offered on its own words (intake.offered_words), so the offers' match at submission reuses the
    proposals' query vector (matcher.embedding.query_memo, issue 33) instead of a second model call; a confidential
    need's differs."""
    model = _Recording()
    flows.matcher = MatcherSetup(embedder=model)
    need_id = flows.create_need()
    flows.submit(need_id)
    with session_scope(flows.settings) as session:
        seen = opportunities.offer_query(session=session, need_id=need_id).text
    assert seen and model.queries.count(seen) == 1
    assert len(model.queries) == len(set(model.queries))  # no text embedded twice
    secret = flows.create_need(text=f"{NEED_TEXT}项目代号{SECRET}。", confidential=True, redactions=[SECRET])
    before = len(model.queries)
    flows.submit(secret)
    new = model.queries[before:]
    assert any(SECRET in q for q in new)  # the proposals: the whole need, for the association
    assert any(SECRET not in q and "星海" not in q for q in new)  # the offers: what providers may read
    assert len(model.queries) == len(set(model.queries))


def test_a_public_need_is_matched_once_for_its_proposals_and_its_offers(flows: Flows,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """One match at the offers' depth serves both (flows.needs._submission_matches, issue 33): the review lists what
    a match of its own lists; a confidential need, offered on its summary, is matched twice."""
    calls: list[int] = []
    real = matching.matcher.match_many

    def counting(**kw: Any) -> Any:
        calls.append(kw["top_k"])
        return real(**kw)

    monkeypatch.setattr(matching.matcher, "match_many", counting)
    need_id = flows.create_need()
    review = flows.submit(need_id).review
    assert calls == [opportunities.OFFER_TOP_K]
    with session_scope(flows.settings) as session:
        need = intake.get_need(session=session, need_id=need_id, coordinator=True)
        alone = matching.proposals_for(setup=flows.matcher, settings=flows.settings, session=session, need=need)
    assert [(p.center_id, p.score) for p in review.proposals] == [(m["center_id"], m["score"])
                                                                   for m in alone["matches"]]
    calls.clear()
    flows.submit(flows.create_need(text=f"{NEED_TEXT}项目代号{SECRET}。", confidential=True, redactions=[SECRET]))
    assert calls == [flows.matcher.top_k, opportunities.OFFER_TOP_K]


def test_a_need_past_its_deadline_says_so_and_comes_after_the_others(flows: Flows) -> None:
    # A center's day walked on 2026-11-29: the page offered a need whose deadline (2026-10-21) had passed, among the
    # others and without a word. A provider reads first what it can still do in time; the late one stays (its
    # enterprise may extend it, and "we can help" may still be said), last and marked.
    today = china_time.today()
    late, _ = flows.submitted_need(deadline=today + timedelta(days=10))
    open_one, _ = flows.submitted_need("ent-b", deadline=today + timedelta(days=100))
    undated, _ = flows.submitted_need("ent-a", deadline=None)
    with session_scope(flows.settings) as session:
        now = opportunities.opportunities(session=session, settings=flows.settings, matcher=flows.matcher,
                                          principal=flows("coord-center"), center_id=CENTER, today=today)
        later = opportunities.opportunities(session=session, settings=flows.settings, matcher=flows.matcher,
                                            principal=flows("coord-center"), center_id=CENTER,
                                            today=today + timedelta(days=30))
    assert {o.need.id for o in now} == {late, open_one, undated} and not any(o.deadline_passed for o in now)
    assert [o.need.id for o in later][-1] == late, [(o.need.id, o.need.deadline) for o in later]
    assert [o.need.id for o in later if o.deadline_passed] == [late]
    # the deadline's own day is not past
    with session_scope(flows.settings) as session:
        on_the_day = opportunities.opportunities(session=session, settings=flows.settings, matcher=flows.matcher,
                                                 principal=flows("coord-center"), center_id=CENTER,
                                                 today=today + timedelta(days=10))
    assert not any(o.deadline_passed for o in on_the_day)
