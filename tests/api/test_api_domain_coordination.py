"""Coordinators' tools over HTTP: decline, re-match, assign by hand, experts, kb import/export, evaluations,
and the matcher index in /readyz. The review's and the submission's rules are tests/flows/test_reviews.py's and
test_submission.py's."""

from __future__ import annotations

import json
import time

from fastapi.testclient import TestClient

from api.app import create_app
from api.config import ApiConfig
from matcher import service as matcher_service
from tests.api.apihelpers import World, assert_error
from tests.api.conftest import fake_matcher
from tests.api.domainhelpers import Logins, submitted_need


def test_reject_then_rematch_after_the_need_changed_then_assign(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    ent, assoc = as_("ent-a"), as_("coord-assoc")
    need_id, review_id = submitted_need(c, ent)
    unclear = c.post(f"/api/v1/reviews/{review_id}/reject", headers=assoc,
                     json={"reason": "need_unclear", "text": "请说明样品数量", "version": 1})
    assert unclear.status_code == 200 and unclear.json()["status"] == "rejected"
    stale = c.post(f"/api/v1/reviews/{review_id}/rematch", headers=assoc, json={"version": 1})
    assert_error(stale, 409, "stale_version")
    assert c.patch(f"/api/v1/needs/{need_id}", headers=ent, json={"problem": "样品 20 只电芯"}).status_code == 200
    again = c.post(f"/api/v1/reviews/{review_id}/rematch", headers=assoc, json={"version": 2, "note": "已补充"})
    assert again.status_code == 200, again.text
    assert again.json()["round"] == 2 and again.json()["status"] == "pending"
    no_note = c.post(f"/api/v1/reviews/{review_id}/assign", headers=assoc,
                     json={"center_id": "met-jx-rare", "note": " ", "version": 3})
    assert_error(no_note, 422)
    assigned = c.post(f"/api/v1/reviews/{review_id}/assign", headers=assoc,
                      json={"center_id": "met-jx-rare", "note": "企业指定", "version": 3,
                            "confirm_no_coordinator": True})  # nobody logs in for it here
    assert assigned.status_code == 200 and assigned.json()["assigned_by_hand"] is True
    assert_error(c.post(f"/api/v1/needs/{need_id}/withdraw", headers=ent), 409)


def test_experts_of_a_center(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    experts = c.get("/api/v1/centers/qic-js-battery/experts", headers=as_("coord-center")).json()
    assert {e["id"] for e in experts} == {"exp-1", "exp-2"}
    assert_error(c.get("/api/v1/centers/no-such/experts", headers=as_("coord-assoc")), 404)


def test_kb_import_is_all_or_nothing_and_export_round_trips(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    admin = as_("admin")
    before = c.get("/api/v1/kb/stats").json()
    good = json.dumps({"type": "center", "id": "lab-new", "name": "新建实验室", "kind": "quality_inspection_center"},
                      ensure_ascii=False)
    bad = json.dumps({"type": "capability", "id": "cap-x", "center_id": "lab-new", "title": "",
                      "service_types": ["nonsense"]}, ensure_ascii=False)
    failed = c.post("/api/v1/kb/import", headers=admin,
                    files=[("files", ("../../etc/new.jsonl", f"{good}\n{bad}\n".encode(), "application/x-ndjson"))])
    error = assert_error(failed, 400, "import_failed")
    assert "new.jsonl:2: " in str(error["message"]) and "/tmp" not in str(error["message"])
    assert c.get("/api/v1/kb/stats").json() == before
    ok = c.post("/api/v1/kb/import", headers=admin, files=[("files", ("new.jsonl", good.encode(), "text/plain"))])
    assert ok.status_code == 200, ok.text
    assert ok.json()["created"]["center"] == 1 and ok.json()["index"] == "ok"
    assert c.get("/readyz").json()["checks"]["matcher_index"] == "ok"
    exported = c.get("/api/v1/kb/export", headers=admin)
    assert exported.status_code == 200 and "lab-new" in exported.text
    assert exported.headers["content-type"].startswith("application/x-ndjson")
    xlsx = c.get("/api/v1/kb/export", headers=admin, params={"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    again = c.post("/api/v1/kb/import", headers=admin, files=[("files", ("kb.xlsx", xlsx.content, "application/zip"))])
    assert again.status_code == 200 and sum(again.json()["created"].values()) == 0, again.text
    csv = "id,name,kind\nlab-csv,CSV 实验室,metrology_center\n".encode()
    by_csv = c.post("/api/v1/kb/import", headers=admin, files=[("files", ("centers.csv", csv, "text/csv"))])
    assert by_csv.status_code == 200 and by_csv.json()["created"]["center"] == 1, by_csv.text
    assert_error(c.post("/api/v1/kb/import", headers=as_("coord-center"),
                        files=[("files", ("new.jsonl", good.encode(), "text/plain"))]), 403)


def test_evaluation_run_latest_and_report(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    center = as_("coord-center")
    assert_error(c.get("/api/v1/centers/qic-js-battery/evaluations/latest", headers=center), 404)
    run = c.post("/api/v1/evaluations", headers=center, json={"center_id": "qic-js-battery", "period": "2024",
                                                               "inputs": {"values": {}}})
    assert run.status_code == 201, run.text
    run_id = run.json()["run_id"]
    assert run.json()["complete"] is False and run.json()["result"]["dimensions"]
    latest = c.get("/api/v1/centers/qic-js-battery/evaluations/latest", headers=center).json()
    assert latest["run_id"] == run_id
    report = c.get(f"/api/v1/evaluations/{run_id}/report", headers=center)
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/html")
    assert "江苏省动力电池产品质量检验中心" in report.text and "data:image/png;base64," in report.text
    pdf = c.get(f"/api/v1/evaluations/{run_id}/report", headers=center, params={"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    # Another (public) center: "not yours", 403, not a pretended 404 (issue 16); nothing is scored.
    assert_error(c.post("/api/v1/evaluations", headers=center, json={"center_id": "met-jx-rare", "period": "2024"}),
                 403, "forbidden")
    # A run is the center's own record, reached by its id: another center's answers exactly as a missing one.
    theirs = c.post("/api/v1/evaluations", headers=as_("coord-assoc"), json={"center_id": "met-jx-rare",
                                                                             "period": "2024"})
    assert theirs.status_code == 201, theirs.text
    hidden = assert_error(c.get(f"/api/v1/evaluations/{theirs.json()['run_id']}/report", headers=center), 404)
    missing = assert_error(c.get("/api/v1/evaluations/999999/report", headers=center), 404)
    assert str(hidden["message"]).replace(str(theirs.json()["run_id"]), "N") == str(missing["message"]).replace(
        "999999", "N")
    assert_error(c.post("/api/v1/evaluations", headers=center, json={"center_id": "qic-js-battery",
                                                                      "period": "last year"}), 422)


def test_readiness_waits_for_a_current_index(domain_client: TestClient) -> None:
    c = domain_client
    ready = c.get("/readyz")
    assert ready.status_code == 503 and ready.json()["checks"]["matcher_index"] == "not_built"
    submitted_need(c, Logins(c)("ent-a"))  # the first match syncs the index
    assert c.get("/readyz").status_code == 200


def test_the_index_is_warmed_at_start_up_when_asked(domain_world: World) -> None:
    config = ApiConfig(deliver_in_process=False, warm_index=True)
    with TestClient(create_app(domain_world.settings, config, matcher=fake_matcher())) as c:
        deadline = time.monotonic() + 30
        while c.get("/readyz").status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert c.get("/readyz").json()["checks"]["matcher_index"] == "ok"
    matcher_service.reset()
