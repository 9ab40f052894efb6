"""kill -9 one worker of a live ``innodock serve --workers 2`` while it serves a kb import upload.

The real server runs as a subprocess on a loopback port, on a home with the shipped sample kb and an index built by a
tiny sentence-transformers model (a random one-layer BERT, made here: e5 would take most of the test's time). A
client keeps reading, creating needs and stepping an engagement while the import is killed. The killed request fails
at the client, uvicorn's supervisor starts a new worker, every later request succeeds, and the database holds every
committed row and either all of the killed import or none of it.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from core.db import session_scope
from core.settings import Settings
from kb import service as kb
from kb import transfer as kb_transfer
from kb.cli import sample_files
from kb.synthetic import write_synthetic_catalog
from tests.api.apihelpers import PASSWORD, World, build_world
from tests.api.domainhelpers import AGREEMENT, NEED_TEXT
from tests.conftest import REPO, cli_env
from tests.core.crashhelpers import writing as transaction_writing

pytestmark = pytest.mark.slow  # 40-60 s a database: three processes load torch, and an 8 MB upload

CONNECTION_ERRORS = (OSError, http.client.HTTPException)


# ---- a tiny model, so serving does not need e5 ----

@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sentence-transformers folder with a random one-layer BERT over a character vocabulary: the matcher loads
    it like any local model (``INNODOCK_MATCHER_MODEL=<absolute path>``)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer
    from transformers import BertConfig, BertModel, BertTokenizer

    root = tmp_path_factory.mktemp("tiny-model")
    hf, out = root / "hf", root / "st"
    hf.mkdir()
    chars = sorted({ch for path in sample_files() for ch in path.read_text("utf-8") if not ch.isspace()})
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars]
    (hf / "vocab.txt").write_text("\n".join(vocab) + "\n", "utf-8")
    BertTokenizer(vocab_file=str(hf / "vocab.txt")).save_pretrained(str(hf))
    torch.manual_seed(0)
    BertModel(BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                         intermediate_size=64, max_position_embeddings=512)).save_pretrained(str(hf))
    transformer = Transformer(str(hf), max_seq_length=256)
    SentenceTransformer(modules=[transformer, Pooling(transformer.get_embedding_dimension(), pooling_mode="mean"),
                                 Normalize()], device="cpu").save(str(out))
    return out


# ---- HTTP over loopback, one connection per request (none outlives the worker it reached) ----

@dataclass
class Reply:
    status: int
    body: Any


def call(port: int, method: str, path: str, body: Any = None, token: str | None = None,
         timeout: float = 60) -> Reply:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Connection": "close"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        raw = response.read()
        return Reply(response.status, json.loads(raw) if raw[:1] in (b"{", b"[") else raw)
    finally:
        conn.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---- processes, from /proc (psutil is not installed) ----

def worker_pids(master: int) -> set[int]:
    """The uvicorn workers: children of the master started by multiprocessing's spawn."""
    pids = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if ppid == master and b"spawn_main" in cmdline and b"resource_tracker" not in cmdline:
            pids.add(int(entry.name))
    return pids


def socket_owner(server_port: int, client_port: int, pids: set[int]) -> int | None:
    """The process holding the accepted end of our connection: its inode from /proc/net/tcp, then whose fd it is."""
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote = fields[1].split(":")[1], fields[2].split(":")[1]
        if int(local, 16) == server_port and int(remote, 16) == client_port and fields[9] != "0":
            inode = fields[9]
    if inode is None:
        return None
    for pid in pids:
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                if os.readlink(fd) == f"socket:[{inode}]":
                    return pid
        except OSError:
            continue
    return None


# ---- the server ----

# Waits below end on a condition (ready, a worker found, a worker replaced); this bound only stops a wait that
# would otherwise outlive pytest's own 600 s timeout, so a slow, busy machine is never a failure.
STARTUP_BACKSTOP_S = 500

@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    port: int
    world: World
    app_name: str
    tokens: dict[str, str] = field(default_factory=dict)


@pytest.fixture
def server(settings: Settings, tiny_model: Path) -> Iterator[Server]:
    # The people are hashed with the suite's cheap argon2id (tests/conftest.py); the server verifies each hash with
    # the parameters it carries.
    with session_scope(settings) as session:
        assert kb_transfer.import_files(session=session, paths=sample_files()).ok
    world = build_world(settings)
    port = free_port()
    app_name = f"innodock-worker-crash-{uuid.uuid4().hex[:8]}"  # this server's PostgreSQL sessions, no one else's
    env = cli_env(settings) | {"INNODOCK_MATCHER_MODEL": str(tiny_model), "INNODOCK_API_MAX_BODY_BYTES": "100000000",
                               "INNODOCK_API_DELIVER_IN_PROCESS": "false", "HF_HUB_OFFLINE": "1",
                               "TRANSFORMERS_OFFLINE": "1", "PYTHONPATH": str(REPO), "PGAPPNAME": app_name}
    log = (settings.ensure_home() / "server.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "core.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--workers", "2"], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        # Two workers each build the index and warm the matcher before /readyz answers 200; on a loaded 2-core
        # machine that has taken over two minutes. The wait ends on readiness or on the server's death; the bound
        # is only a backstop under pytest's own timeout, never a speed expectation.
        deadline = time.monotonic() + STARTUP_BACKSTOP_S
        ready: Any = None
        while time.monotonic() < deadline:
            assert proc.poll() is None, (settings.home / "server.log").read_text("utf-8", "replace")
            try:
                ready = call(port, "GET", "/readyz", timeout=5)
                if ready.status == 200 and len(worker_pids(proc.pid)) == 2:
                    break
            except CONNECTION_ERRORS:
                pass
            time.sleep(0.2)
        # Ready means the index was built from the sample kb with the tiny model, by a worker's warm-up.
        assert ready is not None and ready.status == 200, ready
        srv = Server(proc=proc, port=port, world=world, app_name=app_name)
        for user in ("ent-a", "coord-center", "coord-assoc"):
            reply = call(port, "POST", "/api/v1/auth/login", {"username": user, "password": PASSWORD})
            assert reply.status == 200, reply
            srv.tokens[user] = reply.body["token"]
        yield srv
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


# ---- the client that keeps going ----

@dataclass
class Call:
    kind: str
    started: float
    ended: float
    status: int | None  # None: a connection error
    need_id: str | None = None


class Client(threading.Thread):
    """Reads, need creations (201 rows that must survive) and engagement reads, in a loop, one connection each."""

    def __init__(self, srv: Server, engagement_id: str) -> None:
        super().__init__(daemon=True)
        self.srv, self.engagement_id = srv, engagement_id
        self.calls: list[Call] = []
        self.stop = threading.Event()

    def one(self, kind: str, method: str, path: str, body: Any = None, user: str | None = None) -> None:
        started = time.monotonic()
        try:
            reply = call(self.srv.port, method, path, body, self.srv.tokens[user] if user else None)
        except CONNECTION_ERRORS:
            self.calls.append(Call(kind, started, time.monotonic(), None))
            return
        need_id = reply.body.get("id") if kind == "create_need" and reply.status == 201 else None
        self.calls.append(Call(kind, started, time.monotonic(), reply.status, need_id))

    def run(self) -> None:
        i = 0
        while not self.stop.is_set():
            self.one("centers", "GET", "/api/v1/centers?limit=5")
            self.one("engagement", "GET", f"/api/v1/engagements/{self.engagement_id}", user="coord-center")
            self.one("create_need", "POST", "/api/v1/needs",
                     {"text": f"{NEED_TEXT}（第{i}号）", "service_types": ["inspection_testing"]}, user="ent-a")
            i += 1


def open_engagement(srv: Server) -> str:
    """Through the API: a need submitted (matched with the tiny model), its review accepted."""
    ent, assoc = srv.tokens["ent-a"], srv.tokens["coord-assoc"]
    need = call(srv.port, "POST", "/api/v1/needs", {"text": NEED_TEXT, "service_types": ["inspection_testing"]},
                ent)
    assert need.status == 201, need
    submitted = call(srv.port, "POST", f"/api/v1/needs/{need.body['id']}/submit", token=ent)
    assert submitted.status == 200, submitted
    review_id = submitted.body["review_id"]
    review = call(srv.port, "GET", f"/api/v1/reviews/{review_id}", token=assoc)
    assert review.status == 200, review
    # Hand-assigned to the center whose coordinator is logged in (the tiny model ranks at random).
    assigned = call(srv.port, "POST", f"/api/v1/reviews/{review_id}/assign", token=assoc,
                    body={"center_id": "qic-js-battery", "version": review.body["version"],
                          "note": "测试：指定电池中心"})
    assert assigned.status == 200, assigned
    engagement_id: str = assigned.body["engagement_id"]
    assert engagement_id
    return engagement_id


def transition(srv: Server, engagement_id: str, name: str, user: str, payload: dict[str, Any]) -> Reply:
    seen = call(srv.port, "GET", f"/api/v1/engagements/{engagement_id}", token=srv.tokens[user])
    assert seen.status == 200, seen
    return call(srv.port, "POST", f"/api/v1/engagements/{engagement_id}/transitions", token=srv.tokens[user],
                body={"transition": name, "version": seen.body["version"], "payload": payload})


class Upload(threading.Thread):
    """The slow request: an 8 MB kb import as multipart, over a connection whose local port we know."""

    def __init__(self, srv: Server, path: Path) -> None:
        super().__init__(daemon=True)
        self.srv, self.path = srv, path
        self.client_port: int | None = None
        self.connected = threading.Event()
        self.outcome: Reply | BaseException | None = None

    def run(self) -> None:
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.jsonl\"\r\n"
                f"Content-Type: application/x-ndjson\r\n\r\n").encode() + self.path.read_bytes() + (
                f"\r\n--{boundary}--\r\n").encode()
        conn = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=120)
        try:
            conn.connect()
            assert conn.sock is not None
            self.client_port = conn.sock.getsockname()[1]
            self.connected.set()
            conn.request("POST", "/api/v1/kb/import", body=body, headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Authorization": f"Bearer {self.srv.tokens['coord-assoc']}", "Connection": "close"})
            response = conn.getresponse()
            self.outcome = Reply(response.status, response.read())
        except BaseException as exc:
            self.outcome = exc
        finally:
            self.connected.set()
            conn.close()


def test_kill_9_a_worker_mid_import(settings: Settings, server: Server, tmp_path: Path) -> None:
    from pipeline import service as pipeline

    srv = server
    big = tmp_path / "big.jsonl"
    # 20,000 capabilities (8 MB): their rows overflow SQLite's page cache many times, so the WAL grows while the
    # transaction is open, and on PostgreSQL the import writes for seconds; 60,000 spent ≈ 10 s a database parsing
    # before the first row was written.
    synthetic = write_synthetic_catalog(out=big, capabilities=20_000, seed=3)
    with session_scope(settings) as session:
        counts_before = kb.count_records(session=session)
        version_before = kb.kb_version(session=session)
        assert not kb.list_centers(session=session, ids=["syn-c0000000"])  # the synthetic ids are all new

    engagement_id = open_engagement(srv)
    first = transition(srv, engagement_id, "reach_agreement", "ent-a", {"summary": "双方就范围与价格达成一致"})
    assert first.status == 200, first

    client = Client(srv, engagement_id)
    client.start()
    wal = settings.home / "innodock.sqlite3-wal"
    wal_start = wal.stat().st_size if wal.exists() else 0
    workers_before = worker_pids(srv.proc.pid)
    assert len(workers_before) == 2
    upload = Upload(srv, big)
    upload.start()
    assert upload.connected.wait(30) and upload.client_port is not None
    deadline = time.monotonic() + STARTUP_BACKSTOP_S  # an 8 MB upload parsed on a busy machine: a backstop only
    victim = None
    while victim is None and time.monotonic() < deadline:
        victim = socket_owner(srv.port, upload.client_port, workers_before)
        time.sleep(0.01)
    assert victim in workers_before, "could not tell which worker took the upload"

    def writing() -> bool:
        return transaction_writing(settings, srv.app_name, wal_start, table="kb_capability")

    while not writing() and upload.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    # writing() holds once the import's transaction is open and has written rows: the kill lands mid-transaction.
    assert upload.is_alive() and writing(), f"the import never began writing: {upload.outcome!r}"
    os.kill(victim, signal.SIGKILL)
    killed_at = time.monotonic()
    upload.join(60)

    # The killed request fails at the client: no response at all.
    assert isinstance(upload.outcome, CONNECTION_ERRORS), upload.outcome

    # The supervisor replaces the dead worker.
    deadline = time.monotonic() + STARTUP_BACKSTOP_S
    while time.monotonic() < deadline:
        now = worker_pids(srv.proc.pid)
        if len(now) == 2 and victim not in now:
            break
        time.sleep(0.1)
    workers_after = worker_pids(srv.proc.pid)
    assert victim not in workers_after and len(workers_after) == 2 and workers_after - workers_before
    replaced_at = time.monotonic()

    # Requests after the kill go through, writes included: the next engagement step, and the loop's needs.
    second = transition(srv, engagement_id, "sign_agreement", "coord-center", {"agreement": AGREEMENT})
    assert second.status == 200, second
    while sum(1 for c in client.calls if c.started > replaced_at) < 30 and client.is_alive():
        time.sleep(0.05)
    client.stop.set()
    client.join(60)
    later = [c for c in client.calls if c.started > killed_at]
    assert len(later) >= 30
    assert all(c.status in (200, 201) for c in later), [c for c in later if c.status not in (200, 201)]
    # Before the kill, or caught by it: a clean answer or a dropped connection, never a server error.
    assert all(c.status in (200, 201, None) for c in client.calls), [
        c for c in client.calls if c.status not in (200, 201, None)]
    assert client.calls and any(c.started < killed_at and c.status for c in client.calls)

    # Nothing committed is lost: every need created with a 201 is there, with its text.
    created = [c.need_id for c in client.calls if c.need_id]
    assert created
    from intake import service as intake

    with session_scope(settings) as session:
        for need_id in created:
            assert intake.get_need(session=session, need_id=need_id, coordinator=True).text.startswith(NEED_TEXT)
        # The killed import is all there or not at all, and the kb version agrees.
        counts_after = kb.count_records(session=session)
        version_after = kb.kb_version(session=session)
        whole = {k: counts_before[k] + synthetic.get(k, 0) for k in counts_before}
        assert (counts_after, version_after) in ((counts_before, version_before), (whole, version_before + 1)), (
            counts_after, version_after)
        # The engagement: two steps taken, state, version and events agree by replay.
        check = pipeline.verify_history(session=session, engagement_id=engagement_id)
        assert check.ok, check.problems
        assert (check.stored_state, check.version) == ("awaiting_countersignature", 3)
    assert srv.proc.poll() is None  # the master lived through it
