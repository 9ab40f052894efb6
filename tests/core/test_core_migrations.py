"""The Alembic history upgrades a database that already holds data, step by step, on SQLite and PostgreSQL.

Rows are made by the real services on a scratch database (so they are what the application writes: JSON, Chinese
text, timestamps), then copied with plain SQL into a database migrated only up to the revision that created their
table, right after that revision ran; the rest of the history then runs over them. Plain SQL, and only the columns
the table has at that revision, so a later revision that adds or changes a column is exercised, not bypassed.

The list of revisions is walked from the script directory, never written down here: a revision added on any branch
is upgraded through (and its new tables checked) without touching this file.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, Integer, MetaData, create_engine, inspect, select, text

from core.db import Base, alembic_config, dispose_engine, get_engine, make_engine, session_scope
from core.models_registry import load_all_models
from core.settings import Settings
from intake import service as intake
from intake.schemas import FeedFilter
from tests.conftest import PG_URL, postgres_unavailable
from tests.kb.kbhelpers import BASE_RECORDS, write_jsonl
from tests.matcher.matcher_helpers import NgramEmbedder, in_session
from tests.pipeline import pipeline_helpers as ph

Rows = dict[str, list[dict[str, Any]]]
NEED_TEXT = ("我们是常州一家储能电池企业，储能电池簇在高温工况下出现热失控，需要开展热失控触发与热扩散试验，"
             "希望江苏省内有 CMA 资质的检验机构在三个月内完成，预算约 10 万元。")
ENTERPRISE_ID = ph.ENTERPRISE_ID


# ---- the databases ----

@dataclass
class Target:
    """An empty database of its own (a SQLite file, or a PostgreSQL schema made for this test)."""

    url: str
    settings: Settings
    engine: Engine


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def blank(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Target]:
    """Not the shared ``settings`` fixture: that database is already at heads, and these tests start from nothing."""
    home = tmp_path / "home"
    home.mkdir()
    if request.param == "sqlite":
        settings = Settings(home=home)
        engine = make_engine(settings.db_url)
        yield Target(url=settings.db_url, settings=settings, engine=engine)
        engine.dispose()
        dispose_engine(settings.db_url)
        return
    reason = postgres_unavailable()
    if reason:
        pytest.skip(reason)
    schema = f"m_{uuid.uuid4().hex[:12]}"  # as tests/conftest.py does, with a schema only this test uses
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    engine = make_engine(url)
    try:
        yield Target(url=url, settings=Settings(home=home, database_url=url), engine=engine)
    finally:
        engine.dispose()
        dispose_engine(url)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _alembic(target: Target, conn: Connection) -> Any:
    cfg = alembic_config(target.url)
    cfg.attributes["connection"] = conn
    return cfg


def _upgrade(target: Target, revision: str) -> None:
    with target.engine.begin() as conn:
        command.upgrade(_alembic(target, conn), revision)


def _script(target: Target) -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config(target.url))


def _revisions_in_order(target: Target) -> list[str]:
    """Every revision, each after all of its ancestors (walk_revisions goes from the heads down)."""
    order = [rev.revision for rev in reversed(list(_script(target).walk_revisions("base", "heads")))]
    assert order[0] == "0001_kb" and len(order) == len(set(order)) >= 5, order
    return order


def _current(target: Target) -> set[str]:
    with target.engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def _tables(conn: Connection) -> set[str]:
    return set(inspect(conn).get_table_names()) - {"alembic_version"}


# ---- rows the application writes ----

def _aware(value: Any) -> Any:
    """Timestamps as aware UTC: SQLite hands them back naive (they are UTC by construction, core.db.utcnow)."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    return value


def _dump(engine: Engine) -> Rows:
    load_all_models()
    with engine.connect() as conn:
        return {t.name: [{k: _aware(v) for k, v in row._mapping.items()} for row in conn.execute(select(t))]
                for t in Base.metadata.sorted_tables}


@pytest.fixture(scope="module")
def app_rows(tmp_path_factory: pytest.TempPathFactory) -> Rows:
    """Every package's tables filled by its own service functions, on a scratch SQLite database at heads."""
    from accounts import service as auth
    from evaluation.service import evaluate_center
    from intake import service as intake
    from intake.schemas import Enterprise
    from kb import transfer as kb

    home = tmp_path_factory.mktemp("migration-source")
    settings = Settings(home=home)
    kb_file = write_jsonl(home / "kb.jsonl", [*cast(list[dict[str, Any]], BASE_RECORDS), *ph.KB_RECORDS])
    with session_scope(settings) as session:
        result = kb.import_files(session=session, paths=[kb_file])
        assert result.ok, result.issues
        view = intake.start_session(session=session, text=NEED_TEXT, today=date(2026, 11, 20),
                                    enterprise=Enterprise(id=ENTERPRISE_ID, name=ph.ENTERPRISE_NAME))
        need_id = view.need.id
        assert need_id
    engagement_id = ph.open_engagement(settings, need_id=need_id)
    ph.drive(settings, engagement_id, 6)  # agreement, signed and countersigned contract, team, plan sent back
    with session_scope(settings) as session:
        evaluate_center(session=session, center_id=ph.CENTER_ID, period="2026")
        org = auth.create_org(session=session, kind="center", name=ph.CENTER_NAME, center_id=ph.CENTER_ID)
        auth.create_user(session=session, org_id=org.id, username="zhang-coord", password="correct horse 电池",
                         role="center_coordinator", display_name="张协调", email="zhang@example.cn")
        auth.create_api_key(session=session, org_id=org.id, name="机构网站", scopes=["feed:read"])
    rows = _dump(get_engine(settings))
    dispose_engine(settings.db_url)
    empty = sorted(name for name, found in rows.items() if not found)
    # Not every table need hold a row, but each package's main ones must, or the test checks little.
    for name in ("kb_center", "kb_capability", "kb_expert", "kb_state", "intake_need", "intake_session",
                 "pipeline_match_review", "pipeline_engagement", "pipeline_engagement_event", "pipeline_agreement",
                 "pipeline_plan_review", "evaluation_run", "evaluation_score", "api_org", "api_user", "api_key"):
        assert rows.get(name), f"the services wrote no {name} row (empty: {empty})"
    return rows


def _insert(conn: Connection, new_tables: set[str], rows: Rows) -> dict[str, list[str]]:
    """Copy ``rows`` into the tables just created, with plain INSERTs of the columns they have now; answers the
    columns written per table (what is compared after the last revision)."""
    meta = MetaData()
    meta.reflect(conn, only=sorted(new_tables))
    written: dict[str, list[str]] = {}
    for name in (t.name for t in Base.metadata.sorted_tables):  # parents before children
        if name not in new_tables or not rows.get(name):
            continue
        table = meta.tables[name]
        columns = [c.name for c in table.columns]
        conn.execute(table.insert(), [{c: row[c] for c in columns if c in row} for row in rows[name]])
        written[name] = [c for c in columns if c in rows[name][0]]
        pk = list(table.primary_key.columns)
        if conn.dialect.name == "postgresql" and len(pk) == 1 and isinstance(pk[0].type, Integer):
            # Explicit ids do not move a serial's sequence; a real copy sets it, or the next insert collides.
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', '{pk[0].name}'), "
                              f"(SELECT max({pk[0].name}) FROM {name}))"))
    return written


def _read(engine: Engine, written: dict[str, list[str]]) -> Rows:
    load_all_models()
    out: Rows = {}
    with engine.connect() as conn:
        for name, columns in written.items():
            table = Base.metadata.tables[name]
            pk = [c.name for c in table.primary_key.columns]
            query = select(*(table.c[c] for c in columns)).order_by(*(table.c[c] for c in pk))
            out[name] = [{k: _aware(v) for k, v in row._mapping.items()} for row in conn.execute(query)]
    return out


def _expected(rows: Rows, written: dict[str, list[str]]) -> Rows:
    load_all_models()
    out: Rows = {}
    for name, columns in written.items():
        pk = [c.name for c in Base.metadata.tables[name].primary_key.columns]
        out[name] = sorted(({c: row[c] for c in columns} for row in rows[name]), key=lambda r: [r[k] for k in pk])
    return out


# ---- the tests ----

def test_upgrade_step_by_step_keeps_every_row_and_the_app_works_on_them(blank: Target, app_rows: Rows) -> None:
    order = _revisions_in_order(blank)
    written: dict[str, list[str]] = {}
    populated_after: dict[str, str] = {}
    for revision in order:
        with blank.engine.connect() as conn:
            before = _tables(conn)
        _upgrade(blank, revision)
        assert revision in _current(blank)
        with blank.engine.begin() as conn:
            new = _tables(conn) - before
            if revision == "0001_kb":
                assert {"kb_center", "kb_capability", "kb_expert"} <= new
            for name, columns in _insert(conn, new, app_rows).items():
                written[name] = columns
                populated_after[name] = revision
    # Each package's tables were filled right after its own revision, so every later revision ran over them.
    assert populated_after["kb_center"] == "0001_kb" and populated_after["intake_session"] == "0002_intake"
    assert populated_after["pipeline_engagement"] == "0004_pipeline"
    assert populated_after["evaluation_run"] == "0005_evaluation" and populated_after["api_user"] == "0006_api"
    assert _current(blank) == set(_script(blank).get_heads())

    # Every row as it was written: JSON, Chinese text, timestamps, booleans.
    assert _read(blank.engine, written) == _expected(app_rows, written)
    centers = {r["id"]: r for r in _read(blank.engine, {"kb_center": ["id", "name", "contact", "industries"]})[
        "kb_center"]}
    assert centers["qic-js-battery"]["name"] == "江苏省动力电池产品质量检验中心"
    assert centers["qic-js-battery"]["contact"] == {"name": "王工", "phone": "0519-80000000", "email": "lab@example.cn"}
    _the_app_works_on(blank.settings, app_rows)


def _the_app_works_on(settings: Settings, rows: Rows) -> None:
    from intake import service as intake
    from intake.schemas import Enterprise
    from kb import service as kb
    from matcher import service as matcher
    from pipeline import service as pipeline

    old_need_id = rows["intake_need"][0]["id"]
    old_engagement_id = rows["pipeline_engagement"][0]["id"]
    with session_scope(settings) as session:  # get_engine finds the database at heads: nothing left to run
        center = kb.get_center(session=session, center_id="qic-js-battery")
        assert center.name == "江苏省动力电池产品质量检验中心" and center.qualifications == ["CMA", "CNAS"]
        assert kb.get_expert(session=session, expert_id="exp-1").conflicts == ["常州某储能科技有限公司"]
        assert kb.count_records(session=session) == {
            "center": len(rows["kb_center"]), "capability": len(rows["kb_capability"]),
            "expert": len(rows["kb_expert"])}
        assert kb.kb_version(session=session) == rows["kb_state"][0]["version"]
        old_need = intake.get_need(session=session, need_id=old_need_id, coordinator=True)
        assert old_need.text == NEED_TEXT
        check = pipeline.verify_history(session=session, engagement_id=old_engagement_id)
        assert check.ok and check.events == len(rows["pipeline_engagement_event"]), check.problems
    # The matcher indexes the migrated kb.
    try:
        stats = matcher.build_index(settings=settings, embedder=NgramEmbedder(), force=True)
        assert stats.manifest is not None and stats.manifest.count >= len(rows["kb_capability"])
        found = in_session(matcher.match, settings, need="动力电池热失控试验", top_k=3, embedder=NgramEmbedder())
        assert found.matches and found.matches[0].center_id in {"qic-js-battery", ph.CENTER_ID}
    finally:
        matcher.reset()
    # New writes go through next to the old rows: a need, and an engagement opened for it.
    with session_scope(settings) as session:
        view = intake.start_session(session=session, text=NEED_TEXT, today=date(2026, 11, 21),
                                    enterprise=Enterprise(id=ENTERPRISE_ID, name=ph.ENTERPRISE_NAME))
        assert view.need.id and view.need.id != old_need_id
        new_need_id = view.need.id
    new_engagement_id = ph.open_engagement(settings, need_id=new_need_id)
    ph.drive(settings, new_engagement_id, 1)
    # The migrated engagement goes on from where it was (plan sent back -> resubmitted).
    transition, actor, payload = ph.FULL_PATH[6]
    ph.advance(settings, old_engagement_id, transition, actor, payload)
    with session_scope(settings) as session:
        for engagement_id in (old_engagement_id, new_engagement_id):
            check = pipeline.verify_history(session=session, engagement_id=engagement_id)
            assert check.ok, check.problems
        assert pipeline.get_engagement(session=session, engagement_id=old_engagement_id,
                                       actor=ph.ADMIN).state == "plan_review"


def _has_downgrades(target: Target) -> bool:
    """True when every revision's downgrade does something (Alembic's template leaves ``pass``)."""
    import ast
    import inspect as pyinspect

    for rev in _script(target).walk_revisions("base", "heads"):
        source = pyinspect.getsource(rev.module)
        for node in ast.parse(source).body:
            if isinstance(node, ast.FunctionDef) and node.name == "downgrade" and all(
                    isinstance(stmt, ast.Pass) or (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant))
                    for stmt in node.body):
                return False
    return True


def test_downgrade_to_base_and_upgrade_again(blank: Target) -> None:
    assert _has_downgrades(blank), "a revision has no downgrade"
    _upgrade(blank, "heads")
    load_all_models()
    with blank.engine.connect() as conn:
        assert _tables(conn) == set(Base.metadata.tables)
    with blank.engine.begin() as conn:
        command.downgrade(_alembic(blank, conn), "base")
    with blank.engine.connect() as conn:
        assert _tables(conn) == set()
    assert _current(blank) == set()
    _upgrade(blank, "heads")
    assert _current(blank) == set(_script(blank).get_heads())
    with blank.engine.connect() as conn:
        assert _tables(conn) == set(Base.metadata.tables)
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_models_agree_with_migrations(blank: Target) -> None:
    """What the models declare is what the migrations build: types, nullability, server defaults, indexes,
    unique and foreign keys. Nothing is ignored."""
    _upgrade(blank, "heads")
    load_all_models()
    with blank.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], diff


def test_security_migrations_rescrub_published_views_and_trim_key_scopes(blank: Target) -> None:
    """Issue 17's data steps: a public view stored before the scrubbing fix loses the marked strings it carried, an
    old need is taken as its enterprise's own, and keys lose the scopes their role or their browser use forbids."""
    from intake.schemas import Need

    _upgrade(blank, "0002_intake")
    _upgrade(blank, "0007_api_jobs")
    need = Need(text="PROJECT-NIGHTJAR 电芯热失控试验", industry="动力电池 PROJECT-NIGHTJAR",
                redactions=["PROJECT-NIGHTJAR"], service_types=["inspection_testing"]).model_dump(mode="json")
    leaked = {"id": "n-1", "title": "x", "summary": "PROJECT-NIGHTJAR 电芯", "service_types": ["inspection_testing"],
              "industry": "动力电池 PROJECT-NIGHTJAR", "region": {"province": None, "city": None},
              "budget_band": None, "deadline": None, "confidential": False, "published_at": "2026-01-02T00:00:00"}
    now = datetime(2026, 1, 2, tzinfo=UTC)
    meta = MetaData()
    with blank.engine.begin() as conn:
        meta.reflect(conn, only=["intake_need", "api_org", "api_key", "api_cors_origin"])
        t = meta.tables
        conn.execute(t["intake_need"].insert(), [
            {"id": "n-1", "enterprise_id": "org-e", "status": "published", "confidential": False, "data": need,
             "public": leaked, "created_at": now, "updated_at": now},
            {"id": "n-2", "enterprise_id": "org-e", "status": "draft", "confidential": False, "data": need,
             "public": None, "created_at": now, "updated_at": now}])
        conn.execute(t["api_org"].insert(), [
            {"id": "org-e", "kind": "enterprise", "name": "甲", "active": True, "created_at": now},
            {"id": "org-a", "kind": "association", "name": "协会", "active": True, "created_at": now}])
        conn.execute(t["api_key"].insert(), [
            {"id": "k-e", "org_id": "org-e", "name": "e", "scopes": ["feed:read", "needs:write"], "prefix": "p1",
             "secret_hash": "0" * 64, "created_at": now},
            {"id": "k-b", "org_id": "org-a", "name": "b", "scopes": ["feed:read", "needs:write"], "prefix": "p2",
             "secret_hash": "1" * 64, "created_at": now},
            {"id": "k-s", "org_id": "org-a", "name": "s", "scopes": ["feed:read", "needs:write"], "prefix": "p3",
             "secret_hash": "2" * 64, "created_at": now}])
        conn.execute(t["api_cors_origin"].insert(), [{"key_id": "k-b", "origin": "https://x.org", "created_at": now}])
    _upgrade(blank, "heads")
    with blank.engine.connect() as conn:
        needs = {r.id: r for r in conn.execute(text("SELECT id, public, submitted_by FROM intake_need"))}
        keys = {r.id: r.scopes for r in conn.execute(select(meta.tables["api_key"].c.id,
                                                            meta.tables["api_key"].c.scopes))}
    public = needs["n-1"].public if isinstance(needs["n-1"].public, dict) else json.loads(needs["n-1"].public)
    assert "PROJECT-NIGHTJAR" not in json.dumps(public, ensure_ascii=False)
    assert public["published_at"] == "2026-01-02T00:00:00"
    assert needs["n-1"].submitted_by == "org-e" and needs["n-2"].public in (None, "null")
    assert keys == {"k-e": ["needs:write"], "k-b": ["feed:read"], "k-s": ["feed:read", "needs:write"]}


def test_lifecycle_migration_moves_needs_to_where_their_review_and_engagement_are(blank: Target) -> None:
    """Issue 12 step 2: statuses from before the need's lifecycle are read again from the pipeline's records; each
    moved need gets one history row, and the others are left as they were."""
    _upgrade(blank, "0009_intake_submitted_by")
    _upgrade(blank, "0004_pipeline")
    now = datetime(2026, 1, 2, tzinfo=UTC)
    meta = MetaData()
    cases = {"n-queue": ("published", "pending", None), "n-none": ("published", "rejected", None),
             "n-signed": ("matched", "accepted", "delivering"), "n-talk": ("matched", "accepted", "communicating"),
             "n-done": ("matched", "accepted", "closed"), "n-draft": ("draft", None, None)}
    with blank.engine.begin() as conn:
        meta.reflect(conn, only=["intake_need", "pipeline_match_review", "pipeline_engagement"])
        t = meta.tables
        for need_id, (status, review, engagement) in cases.items():
            conn.execute(t["intake_need"].insert(), {
                "id": need_id, "enterprise_id": "org-e", "submitted_by": "org-e", "status": status,
                "confidential": False, "data": {"text": "电芯热失控试验", "status": status}, "public": None,
                "created_at": now, "updated_at": now})
            if engagement is not None:
                conn.execute(t["pipeline_engagement"].insert(), {
                    "id": f"e-{need_id}", "need_id": need_id, "center_id": "qic", "state": engagement, "version": 3,
                    "plan_round": 0, "acceptance_round": 0, "created_at": now, "updated_at": now})
            if review is not None:
                conn.execute(t["pipeline_match_review"].insert(), {
                    "id": f"r-{need_id}", "need_id": need_id, "status": review, "round": 1, "version": 1,
                    "proposals": [], "low_confidence": False, "alternates": [], "assigned_by_hand": False,
                    "engagement_id": f"e-{need_id}" if engagement else None, "created_at": now, "updated_at": now})
    _upgrade(blank, "heads")
    with blank.engine.connect() as conn:
        statuses = dict(conn.execute(text("SELECT id, status FROM intake_need")).all())
        events = conn.execute(text("SELECT need_id, seq, from_status, to_status FROM intake_need_event")).all()
    assert statuses == {"n-queue": "in_review", "n-none": "no_provider", "n-signed": "in_engagement",
                        "n-talk": "matched", "n-done": "closed", "n-draft": "draft"}
    assert sorted((e.need_id, e.seq, e.from_status, e.to_status) for e in events) == [
        ("n-done", 1, "matched", "closed"), ("n-none", 1, "published", "no_provider"),
        ("n-queue", 1, "published", "in_review"), ("n-signed", 1, "matched", "in_engagement")]
    with session_scope(blank.settings) as session:  # the column is the status's source, whatever ``data`` says
        assert intake.get_need(session=session, need_id="n-signed", coordinator=True).status == "in_engagement"


def test_facet_migration_makes_the_feed_filters_of_needs_published_before_it(blank: Target) -> None:
    """0046: a need published before the feed could be filtered is found by its service type, industry, province
    and city; a draft, which has no public view, has no filter rows."""
    _upgrade(blank, "0043_intake_session_one_per_need")
    now = datetime(2026, 11, 2, tzinfo=UTC)
    public = {"id": "n-pub", "title": "动力电池热失控试验", "summary": "电芯热失控试验", "confidential": False,
              "service_types": ["inspection_testing", "quality_evaluation"], "industry": "新能源",
              "region": {"province": "江苏省", "city": "常州市"}, "budget_band": None, "deadline": None,
              "published_at": now.isoformat()}
    meta = MetaData()
    with blank.engine.begin() as conn:
        meta.reflect(conn, only=["intake_need"])
        for need_id, status, view in (("n-pub", "published", public), ("n-draft", "draft", None)):
            conn.execute(meta.tables["intake_need"].insert(), {
                "id": need_id, "enterprise_id": "org-e", "submitted_by": "org-e", "status": status,
                "confidential": False, "data": {"text": "电芯热失控试验", "status": status}, "public": view,
                "created_at": now, "updated_at": now, "published_at": now if view else None})
    _upgrade(blank, "heads")
    with blank.engine.connect() as conn:
        facets = sorted(tuple(r) for r in conn.execute(text("SELECT need_id, facet, value FROM intake_need_facet")))
    assert facets == [("n-pub", "city", "常州市"), ("n-pub", "industry", "新能源"), ("n-pub", "province", "江苏省"),
                      ("n-pub", "service_type", "inspection_testing"),
                      ("n-pub", "service_type", "quality_evaluation")]
    with session_scope(blank.settings) as session:
        found, total, _ = intake.list_public_needs(session=session, filters=FeedFilter(
            service_types=["quality_evaluation"], cities=["常州市"]))
    assert total == 1 and [view.id for view in found] == ["n-pub"]
