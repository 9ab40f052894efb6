"""Load test: ``innodock serve --workers N`` on PostgreSQL, a mixed workload over loopback, bounded in time and count.

Run: ``.venv/bin/python benchmarks/load.py --workers 2 --duration 30 --max-requests 6000 --concurrency 8`` (closed
loop: 8 clients, each sending its next request when the last one answered: the saturation throughput), or with
``--rate 40 --concurrency 32`` (open loop: 40 requests/s arriving at random whatever the server does: the latency at
that load).

Setup (not timed): a throwaway PostgreSQL schema and data folder, the shipped sample knowledge base, the demo
accounts and key, the server started with the real e5 model (each worker warms the index; one builds it, the others
load the snapshot), and a pool of draft needs to submit. Then the mix, by weighted random choice per request:

- 60% reads: the integration feed (``GET /feed/needs``, API key), an enterprise's needs list, a need's result;
- 25% matches: ``POST /needs/{id}/submit`` (publish, match with e5 + BM25 + rules, open the review);
- 10% intake messages: a new chat (``POST /intake/sessions``) or an answer in one (``.../messages``), from one of
  ``--chat-enterprises`` enterprise accounts (16): the chat's message limit is per person
  (``INNODOCK_API_CHAT_MESSAGES_PER_MINUTE``, 20), and one account sending every chat of the mix would pass it at
  10 req/s, where real traffic comes from many enterprises;
- 5% review actions: the association accepts a pending review's first proposal (``POST /reviews/{id}/accept``).

Prints requests, throughput, p50/p95/p99 and errors per kind, and where the CPU time went (server vs this client).
Everything listens on 127.0.0.1 only; the schema and folder are removed at the end (``--keep`` keeps them).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

MIX = {"read": 0.60, "match": 0.25, "intake": 0.10, "review": 0.05}
NEEDS = [  # (text, service types): a draft with its service type can be submitted as it is
    ("电芯针刺后热失控，需要按GB 38031做单体热失控和热扩散检测，常州，预算5万元，三个月内", ["inspection_testing"]),
    ("稀土永磁材料磁性能测量，需要出具校准证书，赣州，两个月内完成", ["key_parameter_measurement"]),
    ("医用电气设备电磁兼容摸底测试，准备注册检验，苏州，预算3万元", ["inspection_testing"]),
    ("交联聚乙烯绝缘电力电缆型式试验，10 kV，无锡，一个月内", ["inspection_testing"]),
    ("出口欧洲的家用电器安全检验与合规咨询，宁波，预算8万元", ["inspection_testing", "training_consulting"]),
    ("断裂的销轴和齿轮失效分析，找出断裂原因，徐州，尽快", ["quality_evaluation"]),
    ("户外面料防水透湿与抗菌性能评价，绍兴，预算2万元，两个月内", ["quality_evaluation"]),
    ("LED灯具光生物安全评估，出口需要报告，中山，一个月", ["quality_evaluation"]),
    ("手机锂离子电池综合性能检验和出口标准解读培训，东莞", ["inspection_testing"]),
    ("园林工具手臂振动与噪声测量，永康，预算4万元", ["inspection_testing"]),
]
ANSWERS = ["三个月内完成，预算5万元", "在江苏省常州市", "需要CMA资质的报告", "预算大约10万元，半年内"]


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if error:
                self.errors[kind] += 1
                self.samples.setdefault(kind, error)


@dataclass
class Pools:
    drafts: queue.SimpleQueue[str] = field(default_factory=queue.SimpleQueue)
    reviews: queue.SimpleQueue[str] = field(default_factory=queue.SimpleQueue)
    submitted: list[str] = field(default_factory=list)
    sessions: list[tuple[int, str]] = field(default_factory=list)  # (chat account, session id)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def cpu_seconds(pid: int) -> float:
    """User+system CPU of a process and its children (uvicorn workers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = {pid}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                pids.add(int(entry.name))
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def rss_mib(pid: int) -> list[float]:
    """Resident memory of the server's processes (master first, then workers), in MiB."""
    out: list[float] = []
    for entry in [Path(f"/proc/{pid}"), *sorted(Path("/proc").iterdir(), key=lambda p: p.name)]:
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if entry.name == str(pid) and out:
            continue
        if entry.name == str(pid) or fields.get("PPid", "").strip() == str(pid):
            out.append(int(fields.get("VmRSS", "0 kB").split()[0]) / 1024)
    return out


def machine_busy_seconds() -> float:
    """CPU seconds spent by everything on the machine (all cores), from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def setup_data(url: str, home: Path, chat_enterprises: int = 0) -> tuple[str, dict[str, str]]:
    """The sample kb, the demo accounts, and ``chat_enterprises`` enterprises of one user each (``load-chat-N``),
    whose passwords come back with the demo accounts'."""
    from accounts import service as accounts
    from authz.vocab import OrgKind, Role
    from core.db import dispose_engines, session_scope
    from core.settings import Settings
    from flows import accounts as accounts_flow
    from kb.cli import sample_files
    from kb.io.importer import import_files

    settings = Settings(home=home, database_url=url)
    with session_scope(settings) as session:
        result = import_files(session=session, paths=sample_files())
        assert result.ok, result.issues
    with session_scope(settings) as session:
        demo = accounts_flow.demo_accounts(session=session, reset_key=True)
    passwords = {a.username: a.password for a in demo.accounts}
    with session_scope(settings) as session:
        for i in range(chat_enterprises):
            org = accounts_flow.create_org(session=session, kind=OrgKind.enterprise, name=f"负载测试企业{i + 1:02d}")
            password = f"Load-{uuid.uuid4().hex[:12]}-chat"
            accounts.create_user(session=session, org_id=org.id, username=f"load-chat-{i}", password=password,
                                 role=Role.enterprise)
            passwords[f"load-chat-{i}"] = password
    dispose_engines()
    assert demo.key_secret
    return demo.key_secret, passwords


def wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            r = httpx.get(f"{base}/readyz", timeout=5)
            if r.status_code == 200:
                return time.monotonic() - start
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise SystemExit(f"server not ready after {timeout:.0f} s")


def login(base: str, username: str, password: str) -> str:
    r = httpx.post(f"{base}/api/v1/auth/login", json={"username": username, "password": password}, timeout=30)
    r.raise_for_status()
    return str(r.json()["token"])


def make_drafts(api: str, token: str, count: int, pools: Pools, threads: int) -> None:
    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for i in range(count):
        todo.put(i)

    def work() -> None:
        with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
            while True:
                try:
                    i = todo.get_nowait()
                except queue.Empty:
                    return
                need_text, types = NEEDS[i % len(NEEDS)]
                r = client.post(f"{api}/needs", json={"text": f"{need_text}（编号{i}）", "service_types": types})
                r.raise_for_status()
                pools.drafts.put(r.json()["id"])

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


def run_load(api: str, tokens: dict[str, str], pools: Pools, *, duration: float, max_requests: int,
             concurrency: int, seed: int, rate: float | None = None,
             chat_tokens: list[str] | None = None) -> tuple[Stats, float]:
    """Closed loop (``rate`` None): each client thread sends its next request when the last one answered, so the
    server is always saturated and latency is mostly queueing. Open loop (``rate`` requests/s): arrivals follow a
    Poisson process whatever the server does, and latency counts from the scheduled arrival, so time spent waiting
    for a free client thread is counted too (no coordinated omission)."""
    stats = Stats()
    counter = iter(range(max_requests))
    counter_lock = threading.Lock()
    kinds, weights = list(MIX), list(MIX.values())
    chats = chat_tokens or [tokens["enterprise"]]
    sessions_lock = threading.Lock()

    def take() -> bool:
        with counter_lock:
            return next(counter, None) is not None

    def one(kind: str, clients: dict[str, httpx.Client], rng: random.Random, scheduled: float | None = None) -> None:
        ent, site, assoc = clients["enterprise"], clients["site"], clients["association"]
        t0 = time.perf_counter() if scheduled is None else scheduled
        error: str | None = None
        try:
            if kind == "read":
                pick = rng.random()
                if pick < 0.5:
                    r = site.get(f"{api}/feed/needs", params={"limit": 10})
                elif pick < 0.75 or not pools.submitted:
                    r = ent.get(f"{api}/needs", params={"limit": 10})
                else:
                    r = ent.get(f"{api}/needs/{rng.choice(pools.submitted)}/result")
            elif kind == "match":
                try:
                    need_id = pools.drafts.get_nowait()
                except queue.Empty:
                    kind = "match_skipped"
                    return
                r = ent.post(f"{api}/needs/{need_id}/submit")
                if r.status_code == 200:
                    pools.reviews.put(r.json()["review_id"])
                    pools.submitted.append(need_id)
            elif kind == "intake":  # a chat of one of many enterprises, over the thread's one connection
                chat = clients["chat"]
                # A person answers one message at a time: a chat being answered leaves the pool until the answer
                # is back (two answers to one chat at once are a race the server refuses with 409).
                with sessions_lock:
                    answer = (pools.sessions.pop(rng.randrange(len(pools.sessions)))
                              if pools.sessions and rng.random() < 0.5 else None)
                if answer is not None:
                    who, session_id = answer
                    try:
                        r = chat.post(f"{api}/intake/sessions/{session_id}/messages",
                                      json={"text": rng.choice(ANSWERS)},
                                      headers={"Authorization": f"Bearer {chats[who]}"})
                    finally:
                        with sessions_lock:
                            pools.sessions.append(answer)
                else:
                    who = rng.randrange(len(chats))
                    r = chat.post(f"{api}/intake/sessions", json={"text": rng.choice(NEEDS)[0]},
                                  headers={"Authorization": f"Bearer {chats[who]}"})
                    if r.status_code == 201:
                        with sessions_lock:
                            pools.sessions.append((who, r.json()["id"]))
            else:
                try:
                    review_id = pools.reviews.get_nowait()
                except queue.Empty:
                    r = assoc.get(f"{api}/reviews", params={"status": "pending", "limit": 5})
                    kind = "review_list"
                else:
                    view = assoc.get(f"{api}/reviews/{review_id}").json()
                    if scheduled is None:  # time the action itself; the read above is what a UI shows first
                        t0 = time.perf_counter()
                    if view["proposals"]:
                        r = assoc.post(f"{api}/reviews/{review_id}/accept",
                                       json={"center_id": view["proposals"][0]["center_id"],
                                             "version": view["version"], "confirm_no_coordinator": True})
                    else:
                        r = assoc.post(f"{api}/reviews/{review_id}/reject",
                                       json={"reason": "need_unclear", "version": view["version"]})
            if r.status_code >= 400:
                error = f"HTTP {r.status_code}: {r.text[:200]}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
        stats.record(kind, time.perf_counter() - t0, error)

    parties = concurrency + (1 if rate is not None else 0) + 1
    started = threading.Barrier(parties)

    def connected(headers: dict[str, dict[str, str]]) -> dict[str, httpx.Client]:
        """The thread's keep-alive clients, each with its connection already open: a steady-state client, so the
        first timed requests do not pay for TCP connects."""
        clients = {name: httpx.Client(headers=h, timeout=60) for name, h in headers.items()}
        for c in clients.values():
            c.get(f"{api.removesuffix('/api/v1')}/healthz")
        started.wait()
        return clients

    def worker(index: int) -> None:
        rng = random.Random(seed + index)
        headers = {name: {"Authorization": f"Bearer {tok}"} for name, tok in tokens.items()} | {"chat": {}}
        clients = connected(headers)
        deadline = time.monotonic() + duration
        try:
            while time.monotonic() < deadline and take():
                one(rng.choices(kinds, weights)[0], clients, rng)
        finally:
            for c in clients.values():
                c.close()

    arrivals: queue.SimpleQueue[tuple[float, str] | None] = queue.SimpleQueue()

    def open_worker(index: int) -> None:
        rng = random.Random(seed + index)
        headers = {name: {"Authorization": f"Bearer {tok}"} for name, tok in tokens.items()} | {"chat": {}}
        clients = connected(headers)
        try:
            while (item := arrivals.get()) is not None:
                scheduled, kind = item
                delay = scheduled - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                one(kind, clients, rng, scheduled=scheduled)
        finally:
            for c in clients.values():
                c.close()

    def dispatch() -> None:
        rng = random.Random(seed - 1)
        started.wait()
        at = time.perf_counter()
        end = at + duration
        assert rate is not None
        for _ in range(max_requests):
            at += rng.expovariate(rate)
            if at >= end:
                break
            arrivals.put((at, rng.choices(kinds, weights)[0]))
            ahead = at - time.perf_counter() - 0.5  # keep the queue half a second ahead, not the whole run
            if ahead > 0:
                time.sleep(ahead)
        for _ in range(concurrency):
            arrivals.put(None)

    if rate is not None:
        threads = [threading.Thread(target=open_worker, args=(i,)) for i in range(concurrency)]
        threads.append(threading.Thread(target=dispatch))
    else:
        threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    started.wait()
    start = time.monotonic()
    for t in threads:
        t.join()
    return stats, time.monotonic() - start


def report(stats: Stats, elapsed: float) -> None:
    print(f"\n{'kind':<14}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}{'errors':>8}")
    total = errors = 0
    for kind in ("read", "match", "intake", "review", "review_list"):
        values = stats.latencies.get(kind, [])
        if not values:
            continue
        total += len(values)
        errors += stats.errors.get(kind, 0)
        ms = [v * 1000 for v in values]
        print(f"{kind:<14}{len(ms):>9}{len(ms) / elapsed:>9.1f}{statistics.median(ms):>9.1f}{pct(ms, 95):>9.1f}"
              f"{pct(ms, 99):>9.1f}{max(ms):>9.1f}{stats.errors.get(kind, 0):>8}")
    print(f"{'all':<14}{total:>9}{total / elapsed:>9.1f}{'':>36}{errors:>8}")
    for kind, sample in stats.samples.items():
        print(f"first error ({kind}): {sample}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load (upper bound)")
    parser.add_argument("--max-requests", type=int, default=6000, help="requests at most")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--rate", type=float, default=None,
                        help="open loop: this many requests/s in all, Poisson arrivals (default: closed loop); give "
                             "--concurrency enough threads that arrivals never wait for one (e.g. 32)")
    parser.add_argument("--chat-enterprises", type=int, default=16,
                        help="enterprise accounts the chats come from (0: the demo enterprise alone, as before)")
    parser.add_argument("--drafts", type=int, default=0, help="draft needs made up front (default: enough)")
    parser.add_argument("--pg-url", default=os.environ.get("INNODOCK_TEST_PG_URL",
                                                           "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--ready-timeout", type=float, default=600.0)
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--keep", action="store_true", help="keep the schema and data folder")
    parser.add_argument("--publish", type=int, default=0, help="drafts submitted before the timed run (untimed)")
    parser.add_argument("--mix", default="", help="other shares, e.g. read=1 (reads only) or read=0.8,match=0.2")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting for the server, e.g. INNODOCK_MATCHER_QUERY_BATCH_SIZE=1 (batching off); "
                             "may be repeated")
    parser.add_argument("--server-log", type=Path, default=None,
                        help="write the server's output here (its logged errors, with their tracebacks); default: "
                             "discarded")
    parser.add_argument("--seed-home", type=Path, default=None,
                        help="copy the rebuilt model folder and the embedding cache from this data folder into the "
                             "server's (derived files only: the index is still built against the new database)")
    args = parser.parse_args()
    if args.mix:
        shares = {k: float(v) for k, v in (part.split("=") for part in args.mix.split(","))}
        unknown = set(shares) - set(MIX)
        if unknown:
            parser.error(f"unknown kinds in --mix: {sorted(unknown)}")
        MIX.clear()
        MIX.update({k: shares.get(k, 0.0) for k in ("read", "match", "intake", "review")})

    schema = f"load_{uuid.uuid4().hex[:10]}"
    admin = create_engine(args.pg_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in args.pg_url else "?"
    url = f"{args.pg_url}{sep}options=-csearch_path%3D{schema}"
    home = Path(tempfile.mkdtemp(prefix="innodock-load-"))
    extra_env = dict(item.split("=", 1) for item in args.env)
    proc: subprocess.Popen[bytes] | None = None
    server_log = args.server_log.open("wb") if args.server_log is not None else None
    try:
        if args.seed_home is not None:
            for part in ("models", "cache"):
                if (args.seed_home / part).is_dir():
                    shutil.copytree(args.seed_home / part, home / part)
        t0 = time.monotonic()
        key, passwords = setup_data(url, home, chat_enterprises=args.chat_enterprises)
        print(f"setup: PostgreSQL schema {schema}, data folder {home}, sample kb and demo accounts in "
              f"{time.monotonic() - t0:.1f} s", flush=True)
        port = free_port()
        env = dict(os.environ, INNODOCK_HOME=str(home), INNODOCK_DATABASE_URL=url, HF_HUB_OFFLINE="1",
                   TRANSFORMERS_OFFLINE="1", INNODOCK_API_LOGIN_FAILURES_PER_ADDRESS="1000", **extra_env)
        proc = subprocess.Popen([sys.executable, "-m", "core.cli", "serve", "--host", "127.0.0.1", "--port",
                                 str(port), "--workers", str(args.workers)], cwd=REPO, env=env,
                                stdout=subprocess.DEVNULL,
                                stderr=server_log if server_log is not None else subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        api = f"{base}/api/v1"
        took = wait_ready(base, proc, args.ready_timeout)
        print(f"server: {args.workers} worker(s) on {base}, ready (model loaded, index synced) in {took:.1f} s",
              flush=True)
        tokens = {"enterprise": login(base, "demo-enterprise", passwords["demo-enterprise"]),
                  "association": login(base, "demo-association", passwords["demo-association"]), "site": key}
        chat_tokens = [login(base, f"load-chat-{i}", passwords[f"load-chat-{i}"]) for i in range(args.chat_enterprises)]
        pools = Pools()
        planned = min(args.max_requests, int(args.rate * args.duration * 1.3) + 50) if args.rate else args.max_requests
        drafts = args.drafts or int(planned * max(MIX["match"], 0.05) * 1.1) + 10 + args.publish
        t0 = time.monotonic()
        make_drafts(api, tokens["enterprise"], drafts, pools, threads=args.concurrency)
        print(f"setup: {drafts} draft needs in {time.monotonic() - t0:.1f} s", flush=True)
        if args.publish:
            t0 = time.monotonic()
            with httpx.Client(headers={"Authorization": f"Bearer {tokens['enterprise']}"}, timeout=120) as c:
                for _ in range(args.publish):
                    need_id = pools.drafts.get_nowait()
                    r = c.post(f"{api}/needs/{need_id}/submit")
                    r.raise_for_status()
                    pools.reviews.put(r.json()["review_id"])
                    pools.submitted.append(need_id)
            print(f"setup: {args.publish} needs submitted in {time.monotonic() - t0:.1f} s", flush=True)
        # Warm each worker's request path (the first match per worker pays for lazy loads), untimed.
        with httpx.Client(headers={"Authorization": f"Bearer {tokens['site']}"}, timeout=60) as c:
            for _ in range(args.workers * 4):
                c.get(f"{api}/feed/needs", params={"limit": 10})
        server_cpu0, client_cpu0, busy0 = cpu_seconds(proc.pid), sum(os.times()[:2]), machine_busy_seconds()
        stats, elapsed = run_load(api, tokens, pools, duration=args.duration, max_requests=args.max_requests,
                                  concurrency=args.concurrency, seed=args.seed, rate=args.rate,
                                  chat_tokens=chat_tokens)
        server_cpu = cpu_seconds(proc.pid) - server_cpu0
        client_cpu = sum(os.times()[:2]) - client_cpu0
        other = machine_busy_seconds() - busy0 - server_cpu - client_cpu
        loop = f"open loop at {args.rate:g} req/s" if args.rate else "closed loop"
        print(f"\nmix {json.dumps(MIX)}; {loop}; {args.concurrency} client threads; chats from "
              f"{max(args.chat_enterprises, 1)} enterprise(s); {elapsed:.1f} s; "
              f"{os.cpu_count()} cores on this machine; server settings {extra_env or 'default'}; load average "
              f"{os.getloadavg()[0]:.1f}")
        report(stats, elapsed)
        print(f"\nCPU: server (all workers) {server_cpu:.1f} s = {server_cpu / elapsed:.2f} cores; "
              f"this client {client_cpu:.1f} s = {client_cpu / elapsed:.2f} cores; everything else on the machine "
              f"(PostgreSQL, other programs) {other:.1f} s = {other / elapsed:.2f} cores")
        print("memory (RSS, MiB): " + ", ".join(f"{v:.0f}" for v in rss_mib(proc.pid)) + " (server master, workers)")
    finally:
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        if server_log is not None:
            server_log.close()
        if not args.keep:
            shutil.rmtree(home, ignore_errors=True)
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
