"""In process, what the three reads of the load mix cost in Python time (issue 33), timed and profiled.

``benchmarks/load.py``'s "read" share is the integration feed (``GET /feed/needs`` with the website key), an
enterprise's needs list (``GET /needs``) and a need's result (``GET /needs/{id}/result``). Here they are sent to the
app in process through a TestClient (``benchmarks/request_statements.py``'s mix: the sample kb, the demo accounts and
key, the tests' embedder), on SQLite or PostgreSQL, after ``--needs`` submissions: each kind ``--n`` times,
interleaved (feed, list, result, feed, ...), each request timed on its own with ``perf_counter``, after a warm-up of
``--warm`` each. The TestClient's own cost (a thread hop through anyio's portal, building the request) is in every
figure alike: compare trees, not absolute numbers.

    .venv/bin/python benchmarks/read_profile.py --home /tmp/rp-home                      # SQLite
    .venv/bin/python benchmarks/read_profile.py --home /tmp/rp-home \
        --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/test                        # a schema of its own
    # --profile out.prof: cProfile over the timed requests (printed: the top functions by own and cumulative time)
    # --json: one line of figures, for a script alternating two trees

The data folder should be empty.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import pstats
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
for extra in (REPO, REPO / "benchmarks", REPO / "tests" / "matcher"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

import anyio.to_thread  # noqa: E402
from request_statements import close_mix, open_mix  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from api.config import ApiConfig  # noqa: E402
from core.db import dispose_engines  # noqa: E402
from core.settings import Settings  # noqa: E402

READS = ("feed", "needs_list", "need_result")


def run_inline() -> None:
    """The app's sync code on the event loop's thread rather than anyio's thread pool (for ``--profile``: cProfile
    sees one thread, and the portal's loop runs the whole request there; the timings are then those of that mode)."""

    async def run_sync(func: Callable[..., Any], *args: Any, **_: Any) -> Any:
        return func(*args)

    anyio.to_thread.run_sync = run_sync  # type: ignore[assignment]


class Profiled:
    """An ASGI wrapper that profiles each request on the thread that serves it (the portal's loop, inline)."""

    def __init__(self, app: Any, profiler: cProfile.Profile) -> None:
        self.app, self.profiler = app, profiler

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.profiler.enable()
        try:
            await self.app(scope, receive, send)
        finally:
            self.profiler.disable()


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="an empty data folder")
    parser.add_argument("--pg-url", default=None, help="PostgreSQL: a schema of its own, dropped after the run")
    parser.add_argument("--needs", type=int, default=30, help="needs submitted before the reads")
    parser.add_argument("--n", type=int, default=300, help="timed requests of each read")
    parser.add_argument("--warm", type=int, default=20, help="untimed requests of each read first")
    parser.add_argument("--profile", type=Path, default=None, help="cProfile the timed requests into this file")
    parser.add_argument("--top", type=int, default=35, help="functions printed from the profile")
    parser.add_argument("--json", action="store_true", help="print one JSON line of figures")
    args = parser.parse_args()
    args.home.mkdir(parents=True, exist_ok=True)
    url, admin, schema = None, None, f"readprof_{uuid.uuid4().hex[:10]}"
    if args.pg_url:
        admin = create_engine(args.pg_url)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{args.pg_url}{'&' if '?' in args.pg_url else '?'}options=-csearch_path%3D{schema}"
    settings = Settings(home=args.home, database_url=url)
    profiler = cProfile.Profile() if args.profile else None
    if profiler is not None:
        run_inline()
    try:
        # The website key's pace (600 a minute) would refuse a long run: counted as ever, never reached.
        mix = open_mix(
            settings,
            ApiConfig(
                deliver_in_process=False, chat_messages_per_minute=10_000, browser_key_requests_per_minute=1_000_000
            ),
        )
        try:
            mix.grow(args.needs)
            sends: dict[str, Callable[[], Any]] = {kind: getattr(mix, kind) for kind in READS}
            for _ in range(args.warm):
                for kind in READS:
                    r = sends[kind]()
                    assert r.status_code == 200, (kind, r.status_code, r.text[:300])
            # As ``innodock serve`` does once its index is warm (api.matching.warm_in_background): the long-lived
            # objects frozen out of the garbage collector's full passes.
            gc.collect()
            gc.freeze()
            took: dict[str, list[float]] = {kind: [] for kind in READS}
            # The process's CPU time a request (every thread; one request at a time): what a busy machine's waits
            # for a core do not inflate, as they do the wall clock's.
            cpu: dict[str, list[float]] = {kind: [] for kind in READS}
            if profiler is not None:
                transport = mix.client._transport  # the TestClient has no public hook for it
                transport.app = Profiled(transport.app, profiler)  # type: ignore[attr-defined]
            for _ in range(args.n):
                for kind in READS:
                    t0, c0 = time.perf_counter(), time.process_time()
                    r = sends[kind]()
                    took[kind].append((time.perf_counter() - t0) * 1000)
                    cpu[kind].append((time.process_time() - c0) * 1000)
                    assert r.status_code == 200, (kind, r.status_code, r.text[:300])
        finally:
            close_mix(mix)
        figures = {
            kind: {
                "p50": statistics.median(v),
                "p95": pct(v, 95),
                "mean": statistics.fmean(v),
                "cpu_p50": statistics.median(cpu[kind]),
                "cpu_p95": pct(cpu[kind], 95),
                "cpu_mean": statistics.fmean(cpu[kind]),
            }
            for kind, v in took.items()
        }
        if args.json:
            print(json.dumps(figures))
        else:
            print(
                f"database: {'postgresql' if url else 'sqlite'}; {args.needs} needs submitted; "
                f"{args.n} timed requests of each read (ms)"
            )
            print(f"{'read':<13}{'p50':>8}{'p95':>8}{'mean':>8}{'cpu p50':>9}{'cpu p95':>9}{'cpu mean':>9}")
            for kind, f in figures.items():
                print(
                    f"{kind:<13}{f['p50']:>8.2f}{f['p95']:>8.2f}{f['mean']:>8.2f}"
                    f"{f['cpu_p50']:>9.2f}{f['cpu_p95']:>9.2f}{f['cpu_mean']:>9.2f}"
                )
        if profiler is not None and args.profile is not None:
            profiler.dump_stats(str(args.profile))
            if not args.json:
                stats = pstats.Stats(str(args.profile))
                stats.sort_stats("tottime").print_stats(args.top)
                stats.sort_stats("cumulative").print_stats(args.top)
    finally:
        dispose_engines()
        if admin is not None:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


if __name__ == "__main__":
    main()
