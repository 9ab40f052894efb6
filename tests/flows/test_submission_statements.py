"""How many SQL statements one need submission sends (issue 33): each is a round trip, and at 20 req/s psycopg's
round trips were 39 % of a submission's samples. Counted, not timed: the statements of one submission through the
flow the doors call (``flows.needs.submit_need``), on the sample kb with the demo accounts, after one warm-up
submission (the first loads the index and catalog), on SQLite and on PostgreSQL. benchmarks/submission_cost.py
counts and times the same flow with the real model; docs/deploy.md has its figures.

Two rules. No statement (its normalised text) is sent more often than it must be: what a request reads, it reads
once, and what it writes to one table in one step goes in one statement. And the whole submission stays under a
ceiling set after the cuts. A failure prints the submission's statements grouped, the most repeated first.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from sqlalchemy import select

from core.db import get_engine, session_scope
from core.settings import Settings
from flows.matching import MatcherSetup
from matcher import service as matcher_service
from pipeline.models import NeedOffer
from tests.matcher.matcher_helpers import NgramEmbedder

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from submission_cost import make_world, normalized, statements_of

# Statements that must be sent more than once in a submission, each with why. Everything else: once at most.
MAY_REPEAT: dict[str, tuple[int, str]] = {
    # The need's lifecycle records two transitions (published, then queued for review), each as its own event row
    # with the next sequence number: intake's.
    r"^SELECT max\(intake_need_event\.seq\)": (2, "two lifecycle transitions"),
    r"^INSERT INTO intake_need_event\b": (2, "two lifecycle transitions"),
}
# The ceiling on the whole submission (statements), set after the cuts: see the test's docstring.
CEILING = 23


def _allowed(text: str) -> int:
    return next((n for pattern, (n, _why) in MAY_REPEAT.items() if re.search(pattern, text)), 1)


def test_the_normaliser_takes_out_what_varies_between_two_sends() -> None:
    pg = ("SELECT a.id FROM a WHERE a.x = %(x_1)s::VARCHAR AND a.t > %(t_1)s::TIMESTAMP WITH TIME ZONE "
          "AND a.k IN (%(k_1_1)s::VARCHAR, %(k_1_2)s::VARCHAR) LIMIT %(param_1)s::INTEGER")
    lite = "SELECT a.id FROM a WHERE a.x = ? AND a.t > ? AND a.k IN (?, ?, ?) LIMIT ?"
    assert normalized(pg) == normalized(lite) == "SELECT a.id FROM a WHERE a.x = ? AND a.t > ? AND a.k IN (?) LIMIT ?"
    rows = "INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?) RETURNING id"
    assert normalized(rows) == normalized("INSERT INTO t (a, b) VALUES (?, ?) RETURNING id")
    assert normalized("SELECT t2.id FROM t2") != normalized("SELECT t.id FROM t")


def test_a_submission_reads_each_thing_once_and_writes_each_table_once_a_step(settings: Settings) -> None:
    world = make_world(settings)
    matcher = MatcherSetup(embedder=NgramEmbedder())
    try:
        world.submit(matcher, world.draft())  # warm-up: the index, the catalog and the compliance flags
        need_id = world.draft()
        with statements_of(get_engine(settings)) as log:
            submitted = world.submit(matcher, need_id)
    finally:
        matcher_service.reset()
    assert submitted.review.proposals, "a submission that proposes nobody would count too little"
    report = log.report()
    print(report)
    repeated = {text: n for text, n in log.grouped().items() if n > _allowed(text)}
    assert not repeated, "sent more often than it must be:\n" + "\n".join(
        f"{n} × {text[:300]}" for text, n in repeated.items()) + "\n\n" + report
    assert len(log.statements) <= CEILING, report


def test_offers_and_notices_of_one_step_are_one_insert_each(settings: Settings) -> None:
    """Four offers, two of them told (one provider proposed already, one at its day's cap), and two grouped notices
    for two organisations plus one ungrouped: one INSERT a table, whichever rows carry NULLs, and the same rows as
    before."""
    from inbox import service as inbox
    from inbox.models import Notification
    from inbox.schemas import NoticeIn, NoticeKind
    from pipeline import service as pipeline
    from pipeline.schemas import MatchProposal

    proposals = [MatchProposal(center_id=f"c-{i}", center_name=f"中心{i}", score=0.9 - i / 10) for i in range(4)]
    with session_scope(settings) as session:  # c-3 was told of another need today: at a cap of one, it waits
        pipeline.record_offers(session=session, need_id="other", proposals=[proposals[3]], daily_cap=1)
    with session_scope(settings) as session, statements_of(get_engine(settings)) as log:
        told = pipeline.record_offers(session=session, need_id="n-1", proposals=proposals, daily_cap=1,
                                      already_proposed={"c-0"})
        inbox.notify(session=session, notices=[
            NoticeIn(org_id=org, roles=["association_coordinator"], kind=NoticeKind.proposal, title_zh=f"{i} 个",
                     title_en=f"{i}", link="/review/r", refs={"need_id": "n-1"}, group=f"need:n-1:{org}")
            for org in ("a-1", "a-2") for i in (1, 2)] + [
            NoticeIn(org_id="a-1", roles=["association_coordinator"], kind=NoticeKind.proposal, title_zh="单条",
                     title_en="one", link="/x")])
    inserts = [normalized(s).split(" (")[0] for s in log.statements if s.lstrip().startswith("INSERT")]
    assert sorted(inserts) == ["INSERT INTO inbox_notification", "INSERT INTO pipeline_need_offer"], log.report()
    assert [t.center_id for t in told] == ["c-1", "c-2"]
    with session_scope(settings) as session:
        rows = session.scalars(select(NeedOffer).where(NeedOffer.need_id == "n-1").order_by(NeedOffer.rank)).all()
        assert [(r.center_id, r.rank, r.notified_at is not None) for r in rows] == [
            ("c-0", 1, False), ("c-1", 2, True), ("c-2", 3, True), ("c-3", 4, False)]
        notes = session.scalars(select(Notification).order_by(Notification.id)).all()
        assert [(n.org_id, n.group_key, n.count, n.title_zh) for n in notes] == [
            ("a-1", "need:n-1:a-1", 2, "2 个"), ("a-2", "need:n-1:a-2", 2, "2 个"), ("a-1", None, 1, "单条")]
