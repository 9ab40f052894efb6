"""A deciding authority oversees the providers in its jurisdiction, read only (a new user's trial, 2026-11-29: the
regulator's nav was 服务机构目录 · 待决定事项 · 待办通知, and /providers, the dashboard, its export and the evaluations
answered 403). Through the API and the pages alike (``authz.policy``: ``provider.list``, ``provider.dashboard``,
``evaluation.read``, narrowed by ``oversees``): the Jiangsu bureau reads the Jiangsu provider's row, record,
dashboard, export and evaluation report, not the Shanghai provider's; it writes nothing through them; and a confidential
need its provider serves stays hidden (seed 000 §5.2.4: need to know — the engagements are not its pages)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.auth.deps import SESSION_COOKIE
from tests.api.apihelpers import World, assert_error, login
from tests.api.domainhelpers import Logins, engagement_until, jiangsu_bureau, rating_inputs
from tests.kb.kbhelpers import do_import, write_jsonl

SH = "qic-sh-newmat"
SH_CENTER = {"type": "center", "id": SH, "name": "上海市新材料产品质量检验中心", "kind": "quality_inspection_center",
             "region": "上海市宝山区", "industries": ["新材料"], "qualifications": ["CMA"]}
JS = "qic-js-battery"
SECRET = "钠离子电芯配方试制绝密样品"


def _world(c: TestClient, world: World, tmp_path: Path) -> tuple[Logins, str, str]:
    assert do_import(world.settings, write_jsonl(tmp_path / "sh.jsonl", [SH_CENTER])).ok
    jiangsu_bureau(world.settings)
    as_ = Logins(c)
    eng = engagement_until(c, as_, until="pass_acceptance", text=f"{SECRET}需要做针刺试验，常州", confidential=True)
    runs = {}
    for center in (JS, SH):
        run = c.post("/api/v1/evaluations", headers=as_("coord-assoc"),
                     json={"center_id": center, "period": "2025", "inputs": rating_inputs()})
        assert run.status_code == 201, run.text
        runs[center] = str(run.json()["run_id"])
    return as_, eng, runs[JS] + "," + runs[SH]


def test_a_bureau_reads_its_providers_by_api_and_writes_nothing(domain_client: TestClient, domain_world: World,
                                                                tmp_path: Path) -> None:
    c = domain_client
    as_, eng, runs = _world(c, domain_world, tmp_path)
    js_run, sh_run = runs.split(",")
    officer = as_("officer-js")
    listed = c.get("/api/v1/providers", headers=officer)
    assert listed.status_code == 200, listed.text
    assert [p["center_id"] for p in listed.json()["items"]] == [JS]
    board = c.get("/api/v1/providers/dashboard", headers=officer)
    assert board.status_code == 200, board.text
    assert board.json()["providers"] == 1 and [s["center_id"] for s in board.json()["ratings"]] == [JS]
    export = c.get("/api/v1/providers/dashboard.xlsx", headers=officer)
    assert export.status_code == 200 and export.content[:2] == b"PK"
    assert c.get(f"/api/v1/evaluations/{js_run}/report", headers=officer).status_code == 200
    assert c.get(f"/api/v1/centers/{JS}/evaluations/latest", headers=officer).status_code == 200
    # outside its jurisdiction: the run as a missing one, the provider refused
    assert c.get(f"/api/v1/evaluations/{sh_run}/report", headers=officer).status_code == 404
    assert assert_error(c.get(f"/api/v1/centers/{SH}/evaluations/latest", headers=officer), 403)["field"] == \
        "jurisdiction"
    # writes through these pages' APIs, and the engagement and its need: refused
    for path, body in ((f"/api/v1/providers/{JS}/transitions", {"transition": "commend", "version": 1}),
                       ("/api/v1/evaluations", {"center_id": JS, "period": "2026"}),
                       (f"/api/v1/providers/{JS}/obligations", {"kind": "annual_plan", "period": "2026"})):
        assert c.post(path, headers=officer, json=body).status_code == 403, path
    assert c.get(f"/api/v1/engagements/{eng}", headers=officer).status_code == 403
    assert c.get("/api/v1/engagements", headers=officer).status_code == 403
    for got in (listed, board):
        assert SECRET not in got.text


def test_a_bureau_oversees_on_its_pages_without_the_confidential_need(domain_client: TestClient,
                                                                      domain_world: World, tmp_path: Path) -> None:
    c = domain_client
    _as, eng, runs = _world(c, domain_world, tmp_path)
    js_run, sh_run = runs.split(",")
    c.cookies.set(SESSION_COOKIE, login(c, "officer-js"))
    try:
        home = c.get("/providers")
        assert home.status_code == 200, home.text
        for href in ('href="/providers"', 'href="/providers/dashboard"', 'href="/decisions"'):
            assert href in home.text.split("</nav>")[0], href
        assert f'href="/providers/{JS}"' in home.text and SH not in home.text
        board = c.get("/providers/dashboard")
        assert board.status_code == 200 and 'id="dashboard-export"' in board.text
        export = c.get("/providers/dashboard.xlsx")
        assert export.status_code == 200 and export.content[:2] == b"PK"
        record = c.get(f"/providers/{JS}")
        evaluation = c.get(f"/evaluation/{JS}")
        assert record.status_code == evaluation.status_code == 200
        assert 'id="run-form"' not in evaluation.text and 'id="rating-forms"' not in evaluation.text
        assert f"/evaluation/runs/{js_run}/report" in evaluation.text
        assert c.get(f"/evaluation/runs/{js_run}/report").status_code == 200
        assert c.get(f"/evaluation/runs/{sh_run}/report").status_code == 404
        assert c.get(f"/evaluation/{SH}").status_code == 403
        assert c.get(f"/providers/{SH}").status_code == 403
        for page in (home, board, record, evaluation):
            assert SECRET not in page.text
        assert c.get("/engagements").status_code == 403
        assert c.get(f"/engagements/{eng}").status_code in (403, 404)
        started = c.post(f"/evaluation/{JS}/runs", data={"period": "2026"}, follow_redirects=False)
        assert started.status_code == 403
    finally:
        c.cookies.clear()
