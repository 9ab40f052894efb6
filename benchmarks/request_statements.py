"""In process, how many SQL statements each request of the load mix sends (issue 33), counted, not timed.

``benchmarks/load.py`` times the mix on a real server; this sends the same requests to the app in process (a
TestClient, the tests' small deterministic embedder, the chat's keyword rules) on the sample kb with the demo
accounts and key, as ``load.py`` seeds it, and counts every statement the engine sends for each request with
SQLAlchemy's ``before_cursor_execute`` event (an ``executemany`` is one statement: one round trip; the website key's
pace, counted in the database when there is no Redis, is in the count). Each request kind is sent once first
(the first of a kind loads the index, the catalog, the settings), then counted.

    .venv/bin/python benchmarks/request_statements.py --home /tmp/rs                       # SQLite in --home
    .venv/bin/python benchmarks/request_statements.py --home /tmp/rs-pg \
        --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/test                          # a schema of its own

prints, for each request kind, the statements with 5 and with 50 needs submitted (a count that grows with the
needs is an N+1; the paces' statements apart, "+1"), and ``--show KIND`` prints that kind's statements grouped.
The data folder should be empty.
tests/api/test_api_statement_counts.py holds the counts.
"""

from __future__ import annotations

import argparse
import re
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
for extra in (REPO, REPO / "benchmarks", REPO / "tests" / "matcher"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from fastapi.testclient import TestClient  # noqa: E402
from load import ANSWERS, NEEDS  # noqa: E402  (benchmarks/load.py's needs and chat answers)
from matcher_helpers import NgramEmbedder  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from submission_cost import StatementLog, statements_of  # noqa: E402

from api.app import create_app  # noqa: E402
from api.config import ApiConfig  # noqa: E402
from authz.vocab import OrgKind  # noqa: E402
from core.db import dispose_engines, get_count_engine, get_engine, session_scope  # noqa: E402
from core.settings import Settings  # noqa: E402
from flows import accounts as accounts_flow  # noqa: E402
from flows.intake import IntakeSetup  # noqa: E402
from flows.matching import MatcherSetup  # noqa: E402
from intake.reader import IntakeReader  # noqa: E402
from kb.cli import sample_files  # noqa: E402
from kb.io.importer import import_files  # noqa: E402
from matcher import service as matcher_service  # noqa: E402

API = "/api/v1"
KINDS = ("feed", "needs_list", "need_result", "submit", "review_view", "review_accept", "review_list",
         "chat_new", "chat_answer")


@dataclass
class Mix:
    """The app in process on the sample kb, the demo accounts signed in, and the needs made so far."""

    client: TestClient
    settings: Settings
    headers: dict[str, dict[str, str]]
    drafted: int = 0
    submitted: list[str] = field(default_factory=list)
    reviews: list[str] = field(default_factory=list)
    chats: list[str] = field(default_factory=list)
    chat_text: int = 1  # which of load.py's needs a new chat starts with: one text, so two counts compare

    def draft(self) -> str:
        need_text, types = NEEDS[self.drafted % len(NEEDS)]
        body = {"text": f"{need_text}（编号{self.drafted}）", "service_types": types}
        r = self.client.post(f"{API}/needs", json=body, headers=self.headers["enterprise"])
        assert r.status_code == 201, r.text[:300]
        self.drafted += 1
        return str(r.json()["id"])

    def submit(self, need_id: str) -> Any:
        r = self.client.post(f"{API}/needs/{need_id}/submit", headers=self.headers["enterprise"])
        assert r.status_code == 200, r.text[:300]
        self.submitted.append(need_id)
        self.reviews.append(str(r.json()["review_id"]))
        return r

    def grow(self, needs: int) -> None:
        """Submitted needs (with their reviews) until there are ``needs``."""
        while len(self.submitted) < needs:
            self.submit(self.draft())

    # One request of each kind of benchmarks/load.py's mix (the review's accept takes a fresh review each time).
    def feed(self) -> Any:
        return self.client.get(f"{API}/feed/needs", params={"limit": 10}, headers=self.headers["site"])

    def needs_list(self) -> Any:
        return self.client.get(f"{API}/needs", params={"limit": 10}, headers=self.headers["enterprise"])

    def need_result(self) -> Any:
        return self.client.get(f"{API}/needs/{self.submitted[0]}/result", headers=self.headers["enterprise"])

    def review_view(self) -> Any:
        return self.client.get(f"{API}/reviews/{self.reviews[-1]}", headers=self.headers["association"])

    def review_list(self) -> Any:
        return self.client.get(f"{API}/reviews", params={"status": "pending", "limit": 5},
                               headers=self.headers["association"])

    def chat_new(self) -> Any:
        r = self.client.post(f"{API}/intake/sessions", json={"text": NEEDS[self.chat_text][0]},
                             headers=self.headers["chat"])
        if r.status_code == 201:
            self.chats.append(str(r.json()["id"]))
        return r

    def chat_answer(self) -> Any:
        return self.client.post(f"{API}/intake/sessions/{self.chats[-1]}/messages",
                                json={"text": ANSWERS[0]}, headers=self.headers["chat"])


def open_mix(settings: Settings, config: ApiConfig | None = None) -> Mix:
    """The sample kb, the demo accounts and website key (``reset_key``: its secret), a chat enterprise of its own, and
    the app (no deliverer thread, the tests' embedder, the chat's keyword rules) with everyone signed in."""
    with session_scope(settings) as session:
        result = import_files(session=session, paths=sample_files())
        assert result.ok, [str(i) for i in result.issues[:5]]
    with session_scope(settings) as session:
        demo = accounts_flow.demo_accounts(session=session, reset_key=True)
    passwords = {a.username: a.password for a in demo.accounts}
    chat_password = f"Load-{uuid.uuid4().hex[:12]}-chat"
    with session_scope(settings) as session:
        accounts_flow.create_member(session=session, org_kind=OrgKind.enterprise, org_name="负载测试企业01",
                                    username="load-chat-0", password=chat_password)
    assert demo.key_secret
    app = create_app(settings, config or ApiConfig(deliver_in_process=False, chat_messages_per_minute=10_000),
                     matcher=MatcherSetup(embedder=NgramEmbedder()), intake=IntakeSetup(reader=IntakeReader()))
    client = TestClient(app)
    client.__enter__()

    def login(username: str, password: str) -> dict[str, str]:
        r = client.post(f"{API}/auth/login", json={"username": username, "password": password})
        assert r.status_code == 200, r.text[:300]
        return {"Authorization": f"Bearer {r.json()['token']}"}

    headers = {"enterprise": login("demo-enterprise", passwords["demo-enterprise"]),
               "association": login("demo-association", passwords["demo-association"]),
               "chat": login("load-chat-0", chat_password),
               "site": {"Authorization": f"Bearer {demo.key_secret}"}}
    return Mix(client=client, settings=settings, headers=headers)


def close_mix(mix: Mix) -> None:
    mix.client.__exit__(None, None, None)
    matcher_service.reset()


def count(mix: Mix, kind: str) -> StatementLog:
    """The statements of one request of ``kind`` (sent after its kind's warm-up); a refused request is an error."""
    engine = get_engine(mix.settings)
    send: Callable[[], Any]
    if kind == "submit":
        need_id = mix.draft()
        send = lambda: mix.submit(need_id)  # noqa: E731
    elif kind == "review_accept":
        mix.submit(mix.draft())
        review_id = mix.reviews[-1]
        view = mix.client.get(f"{API}/reviews/{review_id}", headers=mix.headers["association"]).json()
        # The sample kb's providers have nobody who can log in for them: accepted as confirmed (flows.reviews.accept).
        body = {"center_id": view["proposals"][0]["center_id"], "version": view["version"],
                "confirm_no_coordinator": True}
        send = lambda: mix.client.post(f"{API}/reviews/{review_id}/accept", json=body,  # noqa: E731
                                       headers=mix.headers["association"])
    elif kind == "chat_answer":
        mix.chat_new()
        send = mix.chat_answer
    else:
        send = getattr(mix, kind)
    counts_engine = get_count_engine(mix.settings)  # the paces' own on PostgreSQL (core.db.get_count_engine)
    with statements_of(engine) as log:
        if counts_engine is engine:
            answer = send()
        else:
            with statements_of(counts_engine) as paces:
                answer = send()
            log.statements.extend(paces.statements)
    assert answer.status_code < 400, (kind, answer.status_code, answer.text[:300])
    return log


# The paces' own statements (api.rate_limits: the website key's requests, the chat's messages, counted in the
# database when there is no Redis): a short transaction of their own, whose count hangs on the wall clock (a window's
# first hit also deletes the windows past), so they are counted apart.
PACE = re.compile(r"^\s*(INSERT INTO|DELETE FROM|UPDATE|SELECT .* FROM) api_pace\b", re.DOTALL)


def split_pace(log: StatementLog) -> tuple[StatementLog, int]:
    """The request's own statements, and how many the paces sent."""
    own = [s for s in log.statements if not PACE.search(s)]
    return StatementLog(statements=own), len(log.statements) - len(own)


def counts(mix: Mix, kinds: tuple[str, ...] = KINDS) -> dict[str, StatementLog]:
    """Each kind once as a warm-up, then once counted."""
    for kind in kinds:
        count(mix, kind)
    return {kind: count(mix, kind) for kind in kinds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="an empty data folder")
    parser.add_argument("--pg-url", default=None,
                        help="PostgreSQL: a schema of its own is made there for the run, and dropped after it")
    parser.add_argument("--sizes", default="5,50", help="needs submitted before each count")
    parser.add_argument("--show", action="append", default=[], help="print this kind's statements grouped")
    args = parser.parse_args()
    args.home.mkdir(parents=True, exist_ok=True)
    url, admin, schema = None, None, f"reqstmt_{uuid.uuid4().hex[:10]}"
    if args.pg_url:
        admin = create_engine(args.pg_url)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{args.pg_url}{'&' if '?' in args.pg_url else '?'}options=-csearch_path%3D{schema}"
    settings = Settings(home=args.home, database_url=url)
    try:
        mix = open_mix(settings)
        try:
            table: dict[int, dict[str, StatementLog]] = {}
            for size in (int(s) for s in args.sizes.split(",")):
                mix.grow(size)
                table[size] = counts(mix)
        finally:
            close_mix(mix)
        print(f"database: {get_engine(settings).dialect.name}; statements a request with N needs submitted before "
              "(+ the paces' own, apart)")
        print(f"{'kind':<15}" + "".join(f"{f'N={n}':>10}" for n in table))
        for kind in KINDS:
            cells = [split_pace(table[n][kind]) for n in table]
            print(f"{kind:<15}" + "".join(f"{f'{len(own.statements)}' + (f' +{pace}' if pace else ''):>10}"
                                          for own, pace in cells))
        last = table[max(table)]
        for kind in args.show:
            print(f"\n{kind}: " + last[kind].report())
    finally:
        dispose_engines()
        if admin is not None:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


if __name__ == "__main__":
    main()
