"""Webhook isolation: does a hostile subscriber slow the API or other tenants' webhooks down? (issue 17, finding 4)

Run: ``.venv/bin/python benchmarks/webhook_isolation.py [--duration 20] [--deadline 10]``

One API process (uvicorn, the app's own deliverer thread, no Redis) on a throwaway SQLite data folder. Two phases of
``--duration`` seconds each, in the same run:

- baseline: one healthy receiver (answers 204 at once), sent an event every 0.5 s;
- hostile: the same, plus a receiver that drips its answer one byte every 50 ms forever and one that answers 503
  announcing a 300 MB body and sends it as fast as it can, each with ``--backlog`` deliveries queued, retried every
  second or so (base delay 1 s) so that they keep the deliverer busy for the whole phase;
- after: the hostile subscriptions switched off, the healthy one as before (a second baseline: on a shared machine
  the load of others drifts, so the hostile phase is compared with the mean of the phases before and after it).

Measured in each phase: the latency of a cheap authenticated GET (``/api/v1/webhooks/subscriptions?limit=1`` with an
API key, one client, back to back), the delay from emitting an event to the healthy receiver getting it, and the API
process's memory (resident now, and its peak). Printed: p50/p95 of each, and the ratios.

Everything listens on 127.0.0.1; the folder is removed at the end (``--keep`` keeps it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.api.webhookhelpers import Drip, Flood, LoopbackServer, MiB, read_request  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(home: str, port: int) -> None:
    """The server process: the app as ``innodock serve`` builds it, without warming the matcher (not needed)."""
    import uvicorn

    from api.app import create_app
    from api.config import ApiConfig
    from core.settings import Settings

    app = create_app(Settings(home=Path(home)), ApiConfig())
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", loop="uvloop", http="httptools")


@dataclass
class Timed:
    """A healthy receiver that notes when each delivery arrived."""

    arrived: dict[str, float] = field(default_factory=dict)

    def __call__(self, conn: socket.socket) -> None:
        request = read_request(conn)
        if request is None:
            return
        self.arrived[request.headers.get("x-innodock-delivery", "")] = time.monotonic()
        conn.sendall(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


def memory(pid: int) -> tuple[float, float]:
    """Resident and peak resident memory of ``pid`` in MiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return fields.get("VmRSS", 0.0), fields.get("VmHWM", 0.0)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    lags: list[float] = field(default_factory=list)
    lost: int = 0
    rss: float = 0.0
    peak: float = 0.0


def run_phase(name: str, *, base: str, key: str, settings: object, org: str, timed: Timed, duration: float,
              pid: int) -> Phase:
    from core.db import session_scope
    from outbox import service as webhooks

    phase = Phase(name)
    stop = threading.Event()
    emitted: dict[str, float] = {}

    def emitter() -> None:
        while not stop.wait(0.5):
            with session_scope(settings) as session:  # type: ignore[arg-type]
                ids = webhooks.emit(session=session, event="match.accepted", payload={"phase": name},
                                    org_ids=[org])
            for delivery_id in ids:
                emitted[delivery_id] = time.monotonic()

    thread = threading.Thread(target=emitter, daemon=True)
    thread.start()
    end = time.monotonic() + duration
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=60) as client:
        while time.monotonic() < end:
            t0 = time.perf_counter()
            response = client.get("/api/v1/webhooks/subscriptions", params={"limit": 1})
            phase.latencies.append((time.perf_counter() - t0) * 1000)
            response.raise_for_status()
    stop.set()
    thread.join()
    # Give the last healthy deliveries time to arrive (a guard, not part of what is measured).
    deadline = time.monotonic() + 30
    while any(d not in timed.arrived for d in emitted) and time.monotonic() < deadline:
        time.sleep(0.05)
    phase.lags = [(timed.arrived[d] - t) * 1000 for d, t in emitted.items() if d in timed.arrived]
    phase.lost = sum(1 for d in emitted if d not in timed.arrived)
    phase.rss, phase.peak = memory(pid)
    return phase


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per phase")
    parser.add_argument("--deadline", type=float, default=10.0, help="INNODOCK_API_WEBHOOK_TIMEOUT_SECONDS")
    parser.add_argument("--backlog", type=int, default=50, help="deliveries queued for each hostile receiver")
    parser.add_argument("--flood-mib", type=int, default=300, help="body size the flooding receiver announces")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--serve", nargs=2, metavar=("HOME", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return

    from accounts import service as auth
    from accounts.vocab import OrgKind, Scope
    from core.db import dispose_engines, session_scope
    from core.settings import Settings
    from outbox import service as webhooks

    home = Path(tempfile.mkdtemp(prefix="innodock-webhook-bench-"))
    settings = Settings(home=home)
    timed, drip, flood = Timed(), Drip(), Flood(total=args.flood_mib * MiB, status=503)
    servers = {"healthy": LoopbackServer(timed), "drip": LoopbackServer(drip), "flood": LoopbackServer(flood)}
    proc: subprocess.Popen[bytes] | None = None
    try:
        orgs: dict[str, str] = {}
        with session_scope(settings) as session:
            for name in servers:
                orgs[name] = auth.create_org(session=session, kind=OrgKind.association, name=f"bench-{name}").id
            key = auth.create_api_key(session=session, org_id=orgs["healthy"], name="bench",
                                      scopes=[Scope.webhooks_manage]).secret
            webhooks.create_subscription(session=session, org_id=orgs["healthy"], url=servers["healthy"].url(),
                                         events=["match.accepted"], allow_private=True)
        port = free_port()
        env = dict(os.environ, INNODOCK_HOME=str(home), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
                   INNODOCK_API_WEBHOOK_ALLOW_PRIVATE="true", INNODOCK_API_WEBHOOK_POLL_SECONDS="0.2",
                   INNODOCK_API_WEBHOOK_BASE_DELAY_SECONDS="1", INNODOCK_API_WEBHOOK_MAX_ATTEMPTS="30",
                   INNODOCK_API_WEBHOOK_TIMEOUT_SECONDS=str(args.deadline))
        env.pop("INNODOCK_REDIS_URL", None)
        env.pop("INNODOCK_DATABASE_URL", None)
        proc = subprocess.Popen([sys.executable, __file__, "--serve", str(home), str(port)], cwd=REPO, env=env)
        base = f"http://127.0.0.1:{port}"
        ready = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"server exited with {proc.returncode}")
            try:
                if httpx.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > ready:
                raise SystemExit("server not up after 120 s")
            time.sleep(0.2)
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}) as warm:
            for _ in range(50):
                warm.get("/api/v1/webhooks/subscriptions", params={"limit": 1}).raise_for_status()
        print(f"server on {base} (pid {proc.pid}), data folder {home}; deadline {args.deadline:g} s, "
              f"{args.duration:g} s per phase", flush=True)

        baseline = run_phase("baseline", base=base, key=key, settings=settings, org=orgs["healthy"], timed=timed,
                             duration=args.duration, pid=proc.pid)
        with session_scope(settings) as session:
            for name in ("drip", "flood"):
                webhooks.create_subscription(session=session, org_id=orgs[name], url=servers[name].url(),
                                             events=["match.accepted"], allow_private=True)
            for i in range(args.backlog):
                webhooks.emit(session=session, event="match.accepted", payload={"n": i},
                              org_ids=[orgs["drip"], orgs["flood"]])
        hostile = run_phase("hostile", base=base, key=key, settings=settings, org=orgs["healthy"], timed=timed,
                            duration=args.duration, pid=proc.pid)
        attempts = {name: servers[name].connections for name in ("drip", "flood")}
        flood_bytes = flood.bytes_sent
        with session_scope(settings) as session:  # unsubscribed: their pending deliveries fail at the next turn
            for sub in webhooks.list_subscriptions(session=session, org_id=None)[0]:
                if sub.org_id in (orgs["drip"], orgs["flood"]):
                    webhooks.deactivate_subscription(session=session, subscription_id=sub.id, org_id=None)
        after = run_phase("after", base=base, key=key, settings=settings, org=orgs["healthy"], timed=timed,
                          duration=args.duration, pid=proc.pid)

        print()
        print(f"{'phase':<10}{'GETs':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}   {'webhook lag p50':>16}"
              f"{'p95 ms':>9}{'lost':>6}   {'RSS MiB':>8}{'peak':>7}")
        for p in (baseline, hostile, after):
            print(f"{p.name:<10}{len(p.latencies):>7}{pct(p.latencies, .5):>9.2f}{pct(p.latencies, .95):>9.2f}"
                  f"{pct(p.latencies, .99):>9.2f}   {pct(p.lags, .5):>16.0f}{pct(p.lags, .95):>9.0f}{p.lost:>6}   "
                  f"{p.rss:>8.0f}{p.peak:>7.0f}")
        print()

        def ratio(values: Callable[[Phase], list[float]], q: float) -> float:
            quiet = (pct(values(baseline), q) + pct(values(after), q)) / 2
            return pct(values(hostile), q) / quiet

        print("ratio hostile / mean of baseline and after: "
              f"GET p50 {ratio(lambda p: p.latencies, .5):.2f}, p95 {ratio(lambda p: p.latencies, .95):.2f}; "
              f"healthy webhook lag p50 {ratio(lambda p: p.lags, .5):.2f}, p95 {ratio(lambda p: p.lags, .95):.2f}")
        print(f"hostile receivers in the hostile phase: drip saw {attempts['drip']} attempts (each cut at the "
              f"deadline), flood saw {attempts['flood']} attempts and got {flood_bytes / MiB:.1f} MiB out in all "
              f"before being hung up on ({args.flood_mib} MiB announced each time)")
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        drip.release.set()
        for server in servers.values():
            server.close()
        dispose_engines()
        if not args.keep:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
