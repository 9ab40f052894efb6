"""The chat page's needs sent back, read in one statement of what it shows, counted, never timed.

The chat page (``GET /intake``) names the enterprise's needs the association returned as unclear and not submitted
again (``flows.needs.returned_needs``): it loaded up to 200 of the enterprise's needs whole (every field decoded
from JSON) on every view to find the few sent back, then read their questions apart. It reads now the ids, titles,
questions and days of the returned ones alone, in one statement (``intake.service.returned_needs``). Counted as
tests/api/test_api_statement_counts.py counts, on SQLite and PostgreSQL, with 3 needs and with 30.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from api.auth.deps import SESSION_COOKIE
from core import china_time
from core.db import get_engine, session_scope
from core.settings import Settings
from flows import accounts as accounts_flow
from intake import service as intake

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from request_statements import API, close_mix, open_mix, split_pace
from submission_cost import statements_of

QUESTION = "检测的是哪一批？第{n}号"


def _send_back(mix: Any, review_id: str, n: int) -> None:
    association = mix.headers["association"]
    view = mix.client.get(f"{API}/reviews/{review_id}", headers=association).json()
    answer = mix.client.post(f"{API}/reviews/{review_id}/reject", headers=association, json={
        "reason": "need_unclear", "text": QUESTION.format(n=n), "version": view["version"]})
    assert answer.status_code == 200, answer.text[:300]


def test_the_chat_page_reads_the_needs_sent_back_in_one_statement_that_does_not_grow(settings: Settings) -> None:
    mix = open_mix(settings)
    page = TestClient(mix.client.app)
    page.cookies.set(SESSION_COOKIE, mix.headers["enterprise"]["Authorization"].split()[1])
    page.cookies.set("lang", "zh")
    columns: list[list[str]] = []

    def returned(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "intake_need" in statement and cursor.description:
            columns.append([str(d[0]).lower() for d in cursor.description])

    counted, sent_back = {}, 0
    try:
        for size in (3, 30):
            mix.grow(size)
            # every other submitted need sent back with its own question; the first of them submitted again
            while sent_back < (len(mix.reviews) + 1) // 2:
                _send_back(mix, mix.reviews[2 * sent_back], sent_back)
                sent_back += 1
            if size == 3:
                again = mix.client.post(f"{API}/needs/{mix.submitted[0]}/submit", headers=mix.headers["enterprise"])
                assert again.status_code == 200, again.text[:300]
            assert page.get("/intake", params={"new": "1"}).status_code == 200  # the kind's warm-up
            columns.clear()
            event.listen(Engine, "after_cursor_execute", returned)
            try:
                with statements_of(get_engine(settings)) as log:
                    shown = page.get("/intake", params={"new": "1"})
            finally:
                event.remove(Engine, "after_cursor_execute", returned)
            assert shown.status_code == 200, shown.text[:300]
            counted[size] = split_pace(log)[0]
            # no statement of the page returns a need's whole data; the returned ones are read once, together
            assert columns and not [c for c in columns if "data" in c], columns
            on_events = [s for s in counted[size].statements if "intake_need_event" in s]
            assert len(on_events) == 1, counted[size].report()
            # what the page names: each need still returned, with its question (the resubmitted one is not)
            with session_scope(settings) as session:
                expected = {n: intake.sent_back_question(session=session, need_id=n)
                            for n in mix.submitted[2:2 * sent_back:2]}
                resubmitted = intake.sent_back_question(session=session, need_id=mix.submitted[0])
            assert resubmitted is None and len(expected) == sent_back - 1
            for need_id, question in expected.items():
                assert question and f"/intake?need={need_id}" in shown.text
            assert f"/intake?need={mix.submitted[0]}" not in shown.text
            assert f"（{china_time.today().isoformat()} 退回）" in shown.text
    finally:
        close_mix(mix)
    assert len(counted[30].statements) == len(counted[3].statements), counted[30].report()


def test_the_returned_needs_are_those_the_one_need_reads_give(settings: Settings) -> None:
    """``intake.service.returned_needs`` against the reads it replaced: the enterprise's needs not yet submitted
    (``list_needs``), each with its coordinator's question (``sent_back_question``), newest first; each with the day
    it was sent back."""
    mix = open_mix(settings)
    try:
        mix.grow(6)
        for n in (0, 2, 3, 5):
            _send_back(mix, mix.reviews[n], n)
        again = mix.client.post(f"{API}/needs/{mix.submitted[3]}/submit", headers=mix.headers["enterprise"])
        assert again.status_code == 200, again.text[:300]
        mix.draft()  # a draft never submitted is not returned
        token = mix.headers["enterprise"]["Authorization"].split()[1]
        with session_scope(settings) as session:
            org_id = accounts_flow.actor_for_session(session=session, token=token).org_id
        with session_scope(settings) as session:
            found = intake.returned_needs(session=session, enterprise_id=org_id)
            needs, _ = intake.list_needs(session=session, enterprise_id=org_id, limit=200)
            questions = {n.id: intake.sent_back_question(session=session, need_id=n.id or "") for n in needs
                         if n.status in ("draft", "ready")}
        expected = [(n.id, n.title, questions[n.id]) for n in needs if questions.get(n.id)]
        assert [(r.need_id, r.title, r.question) for r in found] == expected
        assert {r.need_id for r in found} == {mix.submitted[n] for n in (0, 2, 5)}
        assert {r.question for r in found} == {QUESTION.format(n=n) for n in (0, 2, 5)}
        assert all(china_time.day(r.returned_at) == china_time.today().isoformat() for r in found)
    finally:
        close_mix(mix)
