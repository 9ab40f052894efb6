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
from pathlib import Path

from core.db import get_engine, session_scope
from core.settings import Settings
from flows import accounts as accounts_flow
from flows import needs as needs_flow
from flows.needs import MATCHER_ACTOR
from pipeline import service as pipeline

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from request_statements import KINDS, close_mix, counts, open_mix, split_pace
from submission_cost import statements_of

# Each kind's ceiling (statements a request; the paces' own apart, api.rate_limits': their count hangs on the
# clock). Issue 33's cuts: review_accept 25 -> 21 (the flow's second read of the review and its rounds and offers,
# the decision's second read of its rounds, the review read back after its version was taken), feed 4 -> 3 (the
# key's browser origins read with the key).
CEILING = {
    "feed": 3,
    "needs_list": 3,
    "need_result": 7,
    # 22 when its offers tell no provider, 24 when they tell some (their day's count, their organisations);
    # tests/flows/test_submission_statements.py holds the submission's own statements and their repeats.
    "submit": 24,
    "review_view": 6,
    "review_accept": 21,
    "review_list": 6,
    "chat_new": 6,
    "chat_answer": 8,
}

# Statements a request must send more than once, each with why (patterns of the normalised text).
MAY_REPEAT: dict[str, dict[str, tuple[int, str]]] = {
    "submit": {r"^INSERT INTO intake_need_event\b": (2, "two lifecycle transitions, one each side of the match")},
    # Left to intake (its code, not changed here): the chat checks the conversation is the caller's
    # (flows.needs._own_chat reads it through intake.get_session), then intake.post_message reads it again; and a
    # message that completes the need writes the need twice (its fields, then its status).
    "chat_answer": {r"^SELECT intake_session\.id\b": (2, "intake's post_message reads the conversation again"),
                    r"^UPDATE intake_need SET\b": (2, "intake saves the need, then confirms it complete")},
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
