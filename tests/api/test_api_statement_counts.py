"""How many SQL statements each request of the load mix sends (issue 33), counted, never timed.

benchmarks/load.py times the mix (feed reads with the website key, an enterprise's needs and a need's result,
submissions, chats, a coordinator's review and its accept); each statement is a round trip that waits for the
database's share of the cores and for the GIL under load. Here the same requests go to the app in process
(``benchmarks/request_statements.py``: the sample kb, the demo accounts and key, the tests' embedder), on SQLite and
on PostgreSQL, and each is counted after one warm-up of its kind, with 5 needs submitted and again with 30 (full
pages of 10).

Three rules. A request sends no more than its ceiling, set after the cuts (docs/deploy.md, "Statements a request of
the mix"). It sends no statement more often than it must (what it reads it reads once). And its count does not grow
with the needs on record (an N+1 would). A failure prints the request's statements grouped.
"""

from __future__ import annotations

import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, event

from api.needs_schemas import NeedSummary
from api.schemas import Page
from core.db import get_engine, session_scope
from core.settings import Settings
from flows import accounts as accounts_flow
from flows import disclosure
from flows import needs as needs_flow
from flows.access import pipeline_actor
from flows.needs import MATCHER_ACTOR
from intake import service as intake
from intake.schemas import FeedCursor, NeedStatus
from pipeline import service as pipeline

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from request_statements import API, KINDS, close_mix, counts, open_mix, split_pace
from submission_cost import statements_of

# Each kind's ceiling (statements a request; the paces' own apart, api.rate_limits': their count hangs on the
# clock). Issue 33's cuts: review_accept 25 -> 21 (the flow's second read of the review and its rounds and offers,
# the decision's second read of its rounds, the review read back after its version was taken), feed 4 -> 3 (the
# key's browser origins read with the key); then intake's: feed 3 -> 2 and needs list 3 -> 2 (the total a window
# count beside the page, not a count(*) of its own), a new chat 6 -> 4 (the caller's organisation read again for
# its credit code; the new need read back before its first turn was stored), a chat message 8 -> 6 (its
# conversation read twice, its need written twice when the message completes it).
CEILING = {
    "feed": 2,
    "needs_list": 2,
    # 7 -> 4: the "can help" offers it does not show, and the need's grants and consents, which the rule never
    # reads for the enterprise (authz.policy.judges_by_owner_alone). 4 -> 5 while its review is pending: who can
    # answer for the proposed centers (flows.reviews.reachable), one statement for all of them, which the progress's
    # count of centers found for the enterprise reads (flows.need_progress.found_for_you, 2026-11-30).
    "need_result": 5,
    # 21 when its offers tell no provider, 23 when they tell some (their day's count, their organisations); one
    # fewer than before the read path's cut (the need's grants and consents, which the enterprise's rule never reads);
    # tests/flows/test_submission_statements.py holds the submission's own statements and their repeats.
    "submit": 23,
    "review_view": 6,
    # 21 -> 22: whether anybody can log in for the provider, read even when the caller confirmed it, so the
    # enterprise is told the truth (flows.reviews._matched; a need given to a provider nobody could act for was
    # announced "已确定承接机构", a new user's trial, 2026-11-29).
    "review_accept": 22,
    "review_list": 6,
    "chat_new": 4,
    "chat_answer": 6,
}

# Statements a request must send more than once, each with why (patterns of the normalised text).
MAY_REPEAT: dict[str, dict[str, tuple[int, str]]] = {
    "submit": {r"^INSERT INTO intake_need_event\b": (2, "two lifecycle transitions, one each side of the match")},
}

# The submission's count moves with whether its offers tell a provider today (a provider's daily cap): not an N+1.
GROWS_FOR_ANOTHER_REASON = {"submit"}


def _allowed(kind: str, text: str) -> int:
    return next((n for pattern, (n, _why) in MAY_REPEAT.get(kind, {}).items() if re.search(pattern, text)), 1)


def test_each_request_of_the_mix_reads_once_stays_under_its_ceiling_and_does_not_grow(settings: Settings) -> None:
    mix = open_mix(settings)
    try:
        mix.grow(5)
        few = {kind: split_pace(log)[0] for kind, log in counts(mix).items()}
        mix.grow(30)
        many = {kind: split_pace(log)[0] for kind, log in counts(mix).items()}
        # The pages are what they say: the feed and the enterprise's list are full pages now.
        feed = mix.feed().json()
        assert feed["total"] >= 30 and len(feed["items"]) == 10
        assert len(mix.needs_list().json()["items"]) == 10
    finally:
        close_mix(mix)
    assert set(few) == set(KINDS) == set(CEILING)
    problems = []
    for kind in KINDS:
        log = many[kind]
        repeated = {text: n for text, n in log.grouped().items() if n > _allowed(kind, text)}
        if repeated:
            problems.append(f"{kind} sends a statement more often than it must:\n" + "\n".join(
                f"  {n} × {text[:240]}" for text, n in repeated.items()))
        if len(log.statements) > CEILING[kind]:
            problems.append(f"{kind}: {len(log.statements)} statements, ceiling {CEILING[kind]}")
        if kind not in GROWS_FOR_ANOTHER_REASON and len(log.statements) != len(few[kind].statements):
            problems.append(f"{kind}: {len(few[kind].statements)} statements with 5 needs, {len(log.statements)} "
                            "with 30")
        if problems and problems[-1].startswith(kind):
            problems.append(log.report())
    assert not problems, "\n\n".join(problems)


def test_the_enterprise_s_needs_read_their_reviews_together(settings: Settings) -> None:
    """The enterprise's "my needs" page (``flows.needs.my_needs``, up to 200 needs) read each submitted need's review,
    its rounds and its "can help" offers one need at a time: three statements a need (issue 33). Submitted needs
    waiting for review, 3 and then 12: the same count, and each need's review as the one-need read gives it."""
    mix = open_mix(settings)
    token = mix.headers["enterprise"]["Authorization"].split()[1]
    try:
        counted = {}
        for size in (3, 12):
            mix.grow(size)
            with session_scope(settings) as session:
                principal = accounts_flow.actor_for_session(session=session, token=token)
            with session_scope(settings) as session, statements_of(get_engine(settings)) as log:
                mine = needs_flow.my_needs(session=session, principal=principal)
            counted[size] = log
            assert len(mine) == size and all(m.review is not None for m in mine)
            with session_scope(settings) as session:
                one_by_one = [pipeline.review_for_need(session=session, need_id=m.need.id or "", actor=MATCHER_ACTOR)
                              for m in mine]
            assert [m.review for m in mine] == one_by_one
    finally:
        close_mix(mix)
    assert len(counted[12].statements) == len(counted[3].statements), counted[12].report()


def test_the_accepted_needs_on_the_needs_page_read_their_engagements_and_grants_together(settings: Settings) -> None:
    """Each accepted need on the enterprise's needs page (``flows.needs.my_needs``) read its engagement, and its
    facts and detail grants (``flows.disclosure.grants``: whether the details are open to the provider), one need at
    a time (issue 33). Accepted needs, 1 and then 4, the details opened on every other one: the same count, and each
    engagement and "details open" those the one-need reads give."""
    mix = open_mix(settings)
    association, enterprise = mix.headers["association"], mix.headers["enterprise"]
    token = enterprise["Authorization"].split()[1]
    try:
        mix.grow(2)
        accepted: list[str] = []
        counted = {}
        for size in (1, 4):
            while len(accepted) < size:
                need_id = mix.draft()
                mix.submit(need_id)
                view = mix.client.get(f"{API}/reviews/{mix.reviews[-1]}", headers=association).json()
                took = mix.client.post(f"{API}/reviews/{mix.reviews[-1]}/accept", headers=association,
                                       json={"center_id": view["proposals"][0]["center_id"],
                                             "version": view["version"], "confirm_no_coordinator": True})
                assert took.status_code == 200, took.text[:300]
                accepted.append(need_id)
                if len(accepted) % 2:
                    opened = mix.client.post(f"{API}/needs/{need_id}/details/open", headers=enterprise)
                    assert opened.status_code == 200, opened.text[:300]
            with session_scope(settings) as session:
                principal = accounts_flow.actor_for_session(session=session, token=token)
            with session_scope(settings) as session, statements_of(get_engine(settings)) as log:
                mine = needs_flow.my_needs(session=session, principal=principal)
            counted[size] = log
            took_up = [m for m in mine if m.review is not None and m.review.engagement_id]
            assert sorted(m.need.id or "" for m in took_up) == sorted(accepted)
            assert sum(m.details_open for m in took_up) == (len(accepted) + 1) // 2
            with session_scope(settings) as session:
                who = pipeline_actor(principal, session)
                for m in mine:
                    review = m.review
                    if review is None or not review.engagement_id:
                        assert (m.engagement, m.details_open) == (None, False)
                        continue
                    assert m.engagement == pipeline.get_engagement(session=session,
                                                                   engagement_id=review.engagement_id, actor=who)
                    assert m.details_open == any(
                        g.center_id == review.accepted_center_id and g.revoked_at is None
                        for g in disclosure.grants(session=session, principal=principal, need_id=m.need.id or ""))
    finally:
        close_mix(mix)
    assert len(counted[4].statements) == len(counted[1].statements), counted[4].report()


@pytest.mark.postgres
def test_a_pace_counted_in_postgresql_is_one_statement_that_does_not_wait_for_the_disk(
        postgres_settings: Settings) -> None:
    """Without Redis, each paced request (the website key's feed, the chat's messages) counted in ``api_pace`` in a
    transaction of its own: a connection from the pool pinged first, BEGIN, the upsert, and a COMMIT that waited for
    the write-ahead log to reach the disk (issue 33: the feed's request sent five round trips of its own, the pace
    four and a flush). Now the count's connection runs the statement as its own transaction (autocommit), does not
    wait for the disk (a crash may forget a few counts) and is not pinged first (core.db.get_count_engine)."""
    seen: list[tuple[bool, str, bool]] = []

    def look(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "api_pace" in statement:
            raw = conn.connection.dbapi_connection
            with raw.cursor() as shown:
                shown.execute("SHOW synchronous_commit")
                setting = str(shown.fetchone()[0])
            seen.append((bool(raw.autocommit), setting, bool(conn.engine.pool._pre_ping)))

    mix = open_mix(postgres_settings)
    event.listen(Engine, "before_cursor_execute", look)
    try:
        assert mix.feed().status_code == 200
        assert mix.feed().status_code == 200
    finally:
        event.remove(Engine, "before_cursor_execute", look)
        close_mix(mix)
    assert len(seen) >= 2 and set(seen) == {(True, "off", False)}, seen


def test_a_page_past_the_end_still_says_how_many_there_are(settings: Settings) -> None:
    """The feed's and the needs list's total rides beside the page (a window count, issue 33); a page that holds no
    row carries none, so past the end — an offset beyond the last need, or the feed's cursor after its last need —
    the total is counted apart and must still be the filters' whole count, as it was when it was always counted."""
    mix = open_mix(settings)
    try:
        mix.grow(12)
        feed, mine = mix.feed().json(), mix.needs_list().json()
        assert feed["total"] >= 12 and mine["total"] >= 12
        site, enterprise = mix.headers["site"], mix.headers["enterprise"]
        past = mix.client.get(f"{API}/feed/needs", params={"limit": 10, "offset": feed["total"] + 3},
                              headers=site).json()
        assert (past["total"], past["items"], past["next_before"]) == (feed["total"], [], None)
        last = mix.client.get(f"{API}/feed/needs", params={"limit": 10, "offset": feed["total"] - 1},
                              headers=site).json()["items"][0]
        beyond = FeedCursor(at=datetime.fromisoformat(last["published_at"]), need_id=last["id"]).token()
        after_last = mix.client.get(f"{API}/feed/needs", params={"limit": 10, "before": beyond}, headers=site).json()
        assert (after_last["total"], after_last["items"]) == (feed["total"], [])
        # A filter's total, past its end and on its first page; a filter nothing passes says 0.
        kind = feed["items"][0]["service_types"][0]
        narrowed = mix.client.get(f"{API}/feed/needs", params={"limit": 2, "service_type": kind},
                                  headers=site).json()
        assert 0 < narrowed["total"] <= feed["total"]
        assert mix.client.get(f"{API}/feed/needs", params={"limit": 2, "service_type": kind,
                                                            "offset": narrowed["total"]},
                              headers=site).json()["total"] == narrowed["total"]
        nowhere = mix.client.get(f"{API}/feed/needs", params={"province": "不存在的省"}, headers=site).json()
        assert (nowhere["total"], nowhere["items"]) == (0, [])
        beyond_mine = mix.client.get(f"{API}/needs", params={"limit": 10, "offset": mine["total"] + 3},
                                     headers=enterprise).json()
        assert (beyond_mine["total"], beyond_mine["items"]) == (mine["total"], [])
        last_mine = mix.client.get(f"{API}/needs", params={"limit": 10, "offset": mine["total"] - 1},
                                   headers=enterprise).json()
        assert (last_mine["total"], len(last_mine["items"])) == (mine["total"], 1)
        submitted = mix.client.get(f"{API}/needs", params={"status": "in_review", "limit": 1, "offset": 500},
                                   headers=enterprise).json()
        assert (submitted["total"], submitted["items"]) == (len(mix.submitted), [])
    finally:
        close_mix(mix)


def test_the_drafts_on_the_needs_page_read_their_chats_together(settings: Settings) -> None:
    """Each draft on the enterprise's needs page (``flows.needs.my_needs``) read its conversation (and the need
    again) and whether it was sent back, one draft at a time (issue 33). Drafts begun in the chat and a need sent
    back with a coordinator's question, 2 and then 6 drafts: the same count, and each draft's conversation and
    question those the one-need reads give."""
    mix = open_mix(settings)
    try:
        mix.grow(1)
        view = mix.client.get(f"{API}/reviews/{mix.reviews[0]}", headers=mix.headers["association"]).json()
        sent_back = mix.client.post(f"{API}/reviews/{mix.reviews[0]}/reject",
                                    json={"reason": "need_unclear", "text": "检测的是哪一批？",
                                          "version": view["version"]}, headers=mix.headers["association"])
        assert sent_back.status_code == 200, sent_back.text[:300]
        counted = {}
        for who, token_of in (("chat", "chat"), ("enterprise", "enterprise")):
            token = mix.headers[token_of]["Authorization"].split()[1]
            with session_scope(settings) as session:
                principal = accounts_flow.actor_for_session(session=session, token=token)
            for drafts in (2, 6):
                while (len(mix.chats) if who == "chat" else mix.drafted - len(mix.submitted)) < drafts:
                    if who == "chat":
                        assert mix.chat_new().status_code == 201
                    else:
                        mix.draft()
                with session_scope(settings) as session, statements_of(get_engine(settings)) as log:
                    mine = needs_flow.my_needs(session=session, principal=principal)
                counted[who, drafts] = log
                with session_scope(settings) as session:
                    for m in mine:
                        if not needs_flow.submittable(m.need.status):
                            assert (m.chat_id, m.question) == (None, None)
                            continue
                        chat = intake.session_for_need(session=session, need_id=m.need.id or "")
                        assert m.chat_id == (chat.id if chat is not None else None)
                        assert m.question == intake.sent_back_question(session=session, need_id=m.need.id or "")
                drafted = [m for m in mine if needs_flow.submittable(m.need.status)]
                assert len(drafted) >= drafts
                if who == "chat":
                    assert all(m.chat_id for m in drafted)
                else:
                    assert [m.question for m in drafted if m.question] == ["检测的是哪一批？"]
    finally:
        close_mix(mix)
    for who in ("chat", "enterprise"):
        assert len(counted[who, 6].statements) == len(counted[who, 2].statements), counted[who, 6].report()


def _needs_list_mix(settings: Settings) -> Any:
    """The mix with needs of every kind the enterprise's list shows: submitted, drafts, a confidential one, one it
    titled itself (quotes, a backslash, a line's end and an emoji: what a JSON path must give back as written)."""
    mix = open_mix(settings)
    mix.grow(3)
    mix.draft()
    mix.draft()
    enterprise = mix.headers["enterprise"]
    for body in ({"text": "电池包振动试验，保密，不公开厂名", "confidential": True,
                  "service_types": ["inspection_testing"]},
                 {"text": "电机噪声测试", "title": '电机“静音”\\ "quiet" 测试\n🔋', "service_types": []}):
        made = mix.client.post(f"{API}/needs", json=body, headers=enterprise)
        assert made.status_code == 201, made.text[:300]
    return mix


def test_the_needs_list_answers_as_it_did_from_whole_needs(settings: Settings) -> None:
    """``GET /needs`` for an enterprise summarised each need of the page from the whole need (``intake.list_needs``,
    its data decoded); it reads the summary's own fields now (issue 33). The answer's bytes are those the whole
    needs give, page by page and by status."""
    mix = _needs_list_mix(settings)
    enterprise = mix.headers["enterprise"]
    token = enterprise["Authorization"].split()[1]
    try:
        with session_scope(settings) as session:
            principal = accounts_flow.actor_for_session(session=session, token=token)
        for params in ({"limit": 10}, {"limit": 3, "offset": 2}, {"limit": 50}, {"status": "draft", "limit": 20},
                       {"status": "in_review", "limit": 2, "offset": 1}, {"limit": 5, "offset": 500}):
            answer = mix.client.get(f"{API}/needs", params=params, headers=enterprise)
            assert answer.status_code == 200, answer.text[:300]
            limit, offset = int(params["limit"]), int(params.get("offset", 0))
            with session_scope(settings) as session:
                whole, total = intake.list_needs(session=session, enterprise_id=principal.org_id,
                                                 status=NeedStatus(params["status"]) if "status" in params else None,
                                                 limit=limit, offset=offset)
            page = Page[NeedSummary](items=[NeedSummary(
                id=n.id or "", title=n.title, status=n.status, confidential=n.confidential,
                service_types=list(n.service_types), created_at=n.created_at) for n in whole],
                total=total, limit=limit, offset=offset)
            assert answer.content == JSONResponse(jsonable_encoder(page)).body, params
        everything = mix.client.get(f"{API}/needs", params={"limit": 50}, headers=enterprise).json()["items"]
        assert {n["status"] for n in everything} >= {"draft", "in_review"}
        assert any(n["confidential"] for n in everything) and any("🔋" in (n["title"] or "") for n in everything)
    finally:
        close_mix(mix)


def test_the_needs_list_does_not_load_the_needs_whole(settings: Settings) -> None:
    """The enterprise's needs list loaded each need of the page whole, its ``data`` (every field, the brief, the
    sources) decoded from JSON, to show six of its fields (issue 33). No statement of the request returns the
    ``data`` column itself."""
    mix = _needs_list_mix(settings)
    columns: list[list[str]] = []

    def returned(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "intake_need" in statement and cursor.description:
            columns.append([str(d[0]).lower() for d in cursor.description])

    event.listen(Engine, "after_cursor_execute", returned)
    try:
        answer = mix.needs_list()
    finally:
        event.remove(Engine, "after_cursor_execute", returned)
        close_mix(mix)
    assert answer.status_code == 200 and len(answer.json()["items"]) == 7
    assert columns and not [c for c in columns if "data" in c], columns
