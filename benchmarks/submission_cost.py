"""In process, what one need submission costs (issue 33): the SQL statements it sends and its time.

The need is submitted through the flow both doors call (``flows.needs.submit_need``, as POST /needs/{id}/submit and
the chat page do), on the sample kb with the demo accounts, by the demo enterprise, one need after another, each
in its own transaction as a request is. Every statement the engine sends is seen by SQLAlchemy's
``before_cursor_execute`` event (an ``executemany`` is one statement: one round trip). The statements are grouped by
their normalised text (parameters, casts and the length of IN and VALUES lists taken out), so what repeats shows.

    .venv/bin/python benchmarks/submission_cost.py --home /tmp/sc \
        --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/test \
        --seed-home DIR --warmup 10 --submissions 30

prints the statements of each submission (median, range), the in-process time of each (p50, p95) and this
process's CPU time of each, and the statements of the last one grouped. ``--ngram`` uses the tests' small
deterministic embedder instead of the default model (what tests/flows/test_submission_statements.py counts with).
The data folder and the database should be empty: the sample kb and the demo accounts are made there.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from sqlalchemy import create_engine, event, text  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

from authz.principal import Principal  # noqa: E402
from core.db import dispose_engines, get_engine, session_scope  # noqa: E402
from core.settings import Settings  # noqa: E402

# benchmarks/load.py's first need
NEED_TEXT = "电芯针刺后热失控，需要按GB 38031做单体热失控和热扩散检测，常州，预算5万元，三个月内"

_PARAM = re.compile(r"%\([^)]*\)s(::(TIMESTAMP WITH(OUT)? TIME ZONE|[A-Z]+(\[\])?))?|\?|\$\d+")
_LIST = re.compile(r"\((\?(, )?)+\)")
_ROWS = re.compile(r"(\(\?\))(, \(\?\))+")
_NUMBER = re.compile(r"(?<![\w.])\d+(?![\w.])")


def normalized(statement: str) -> str:
    """The statement with what varies between two sends of the same query taken out: whitespace, parameters (and
    PostgreSQL's casts of them), numbers, and how many values an IN list or a multi-row VALUES holds."""
    text = " ".join(statement.split())
    text = _PARAM.sub("?", text)
    text = _NUMBER.sub("?", text)
    text = _LIST.sub("(?)", text)
    return _ROWS.sub(r"\1", text)


@dataclass
class StatementLog:
    """The statements an engine sent while :func:`statements_of` listened, in order (an executemany counts once)."""

    statements: list[str]

    def grouped(self) -> Counter[str]:
        return Counter(normalized(s) for s in self.statements)

    def report(self, width: int = 220) -> str:
        """Each normalised statement with how many times it was sent, the most repeated first."""
        lines = [f"{len(self.statements)} statements, {len(self.grouped())} distinct:"]
        lines += [f"{n:3d} × {text[:width]}" for text, n in self.grouped().most_common()]
        return "\n".join(lines)


@contextmanager
def statements_of(engine: Engine) -> Iterator[StatementLog]:
    log = StatementLog(statements=[])

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        log.statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield log
    finally:
        event.remove(engine, "before_cursor_execute", seen)


@dataclass
class World:
    """The sample kb and the demo accounts in ``settings``' database, and the demo enterprise signed in."""

    settings: Settings
    principal: Principal
    drafted: int = 0

    def draft(self) -> str:
        """A need of the demo enterprise, as POST /needs makes it, ready to submit."""
        from flows import accounts as accounts_flow
        from flows import needs as needs_flow
        from intake.schemas import Enterprise

        self.drafted += 1
        with session_scope(self.settings) as session:
            org = accounts_flow.get_org(session=session, org_id=self.principal.org_id)
            need = needs_flow.create_need(
                session=session, principal=self.principal, enterprise=Enterprise(id=org.id, name=org.name),
                text=f"{NEED_TEXT}（编号{self.drafted}）", changes={"service_types": ["inspection_testing"]},
                today=date.today())
        return need.id or ""

    def submit(self, matcher: Any, need_id: str) -> Any:
        """The need submitted in its own transaction, as the API does: ``flows.needs.Submitted``."""
        from flows import needs as needs_flow
        from flows.announce import OUTBOX

        with session_scope(self.settings) as session:
            return needs_flow.submit_need(session=session, settings=self.settings, matcher=matcher,
                                          principal=self.principal, need_id=need_id, outbox=OUTBOX)


def make_world(settings: Settings) -> World:
    from flows import accounts as accounts_flow
    from kb.cli import sample_files
    from kb.io.importer import import_files

    with session_scope(settings) as session:
        result = import_files(session=session, paths=sample_files())
        assert result.ok, [str(i) for i in result.issues[:5]]
    with session_scope(settings) as session:
        demo = accounts_flow.demo_accounts(session=session, reset_key=True)
    password = {a.username: a.password for a in demo.accounts}["demo-enterprise"]
    with session_scope(settings) as session:
        user = accounts_flow.authenticate(session=session, username="demo-enterprise", password=password)
        token, _ = accounts_flow.start_session(session=session, user_id=user.id, hours=8)
        principal = accounts_flow.actor_for_session(session=session, token=token)
    return World(settings=settings, principal=principal)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="an empty data folder")
    parser.add_argument("--database-url", default=None, help="an empty database (default: SQLite in --home)")
    parser.add_argument("--pg-url", default=None,
                        help="PostgreSQL: a schema of its own is made there for the run, and dropped after it")
    parser.add_argument("--seed-home", type=Path, default=None,
                        help="link the model folder and the embedding cache of this data folder into --home (derived "
                             "files only, as benchmarks/load.py copies them: the index is built against the new kb)")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--submissions", type=int, default=30)
    parser.add_argument("--ngram", action="store_true", help="the tests' deterministic embedder, not the model")
    parser.add_argument("--threads", type=int, default=1, help="runtime threads (1: a worker of two on 2 cores)")
    args = parser.parse_args()
    args.home.mkdir(parents=True, exist_ok=True)
    if args.seed_home is not None:
        for part in ("models", "cache"):
            if (args.seed_home / part).is_dir() and not (args.home / part).exists():
                shutil.copytree(args.seed_home / part, args.home / part, copy_function=os.link)
    url = args.database_url
    admin = None
    schema = f"subcost_{uuid.uuid4().hex[:10]}"
    if args.pg_url:
        admin = create_engine(args.pg_url)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{args.pg_url}{'&' if '?' in args.pg_url else '?'}options=-csearch_path%3D{schema}"
    try:
        run(args, Settings(home=args.home, database_url=url))
    finally:
        if admin is not None:
            dispose_engines()
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


def run(args: argparse.Namespace, settings: Settings) -> None:
    from flows.matching import MatcherSetup

    if args.ngram:
        sys.path.insert(0, str(REPO / "tests" / "matcher"))
        from matcher_helpers import NgramEmbedder

        matcher = MatcherSetup(embedder=NgramEmbedder())
    else:
        from matcher.embedding.models import set_runtime_threads

        set_runtime_threads(args.threads)
        matcher = MatcherSetup()
    world = make_world(settings)
    engine = get_engine(settings)
    for _ in range(args.warmup):
        world.submit(matcher, world.draft())
    counts: list[int] = []
    seconds: list[float] = []
    cpu: list[float] = []
    last = StatementLog(statements=[])
    for _ in range(args.submissions):
        need_id = world.draft()
        with statements_of(engine) as log:
            start, start_cpu = time.perf_counter(), time.process_time()
            world.submit(matcher, need_id)
            seconds.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        counts.append(len(log.statements))
        last = log
    ms = [s * 1000 for s in seconds]
    cpu_ms = [s * 1000 for s in cpu]
    print(f"database: {engine.dialect.name}; {args.warmup} warm-up, {args.submissions} submissions counted")
    print(f"statements a submission: median {statistics.median(counts)}, min {min(counts)}, max {max(counts)}")
    print(f"in-process time: p50 {statistics.median(ms):.1f} ms, p95 {pct(ms, 95):.1f} ms, "
          f"min {min(ms):.1f}, max {max(ms):.1f}")
    print(f"this process's CPU a submission (the database server's not counted): p50 {statistics.median(cpu_ms):.1f} "
          f"ms, p95 {pct(cpu_ms, 95):.1f} ms")
    print("the last submission's statements:")
    print(last.report())


if __name__ == "__main__":
    main()
