"""Issue 30's gap: the JSON route of a finding's step takes files as the page does. ``POST
/api/v1/providers/findings/{id}/steps`` accepts a multipart body — the step's fields as form fields, ``files`` as
its parts — through the same flow (``flows.improvement.step``) and the same content check: a refused file refuses the
step (400 naming ``file``, as the page says it) and nothing is written. A JSON body keeps working."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from core import china_time
from core.db import session_scope
from providers.finding_files import FindingFile
from tests.api.apihelpers import World, assert_error
from tests.api.domainhelpers import Logins
from tests.providers.providerhelpers import scaled_inputs

CENTER = "qic-js-battery"


def _files(world: World) -> list[tuple[str, bytes]]:
    with session_scope(world.settings) as session:
        return [(r.name, r.content) for r in session.scalars(select(FindingFile).order_by(FindingFile.name))]


def test_the_api_step_takes_files_as_multipart_and_json_still(client: TestClient, world: World) -> None:
    as_ = Logins(client)
    run = client.post("/api/v1/evaluations", headers=as_("coord-assoc"),
                      json={"center_id": CENTER, "period": "2026", "inputs": scaled_inputs(CENTER, 0.2)})
    assert run.status_code == 201, run.text
    first = client.get(f"/api/v1/providers/{CENTER}/findings", headers=as_("coord-center")).json()[0]
    steps = f"/api/v1/providers/findings/{first['id']}/steps"
    planned = client.post(steps, headers=as_("coord-center"),  # JSON, as before
                          json={"step": "plan_action", "version": first["version"], "action": "补充培训",
                                "owner": "质量负责人", "due_on": (china_time.today() + timedelta(days=30)).isoformat()})
    assert planned.status_code == 200, planned.text
    version = planned.json()["finding"]["version"]

    refused = client.post(steps, headers=as_("coord-center"),
                          data={"step": "report_done", "version": str(version), "note": "已完成"},
                          files=[("files", ("整改报告.pdf", b"<html><script>alert(1)</script></html>",
                                            "application/pdf"))])
    refusal = assert_error(refused, 400)
    assert refusal["field"] == "file" and "文件内容与扩展名不符" in refusal["message"]
    after = client.get(f"/api/v1/providers/{CENTER}/findings", headers=as_("coord-center")).json()[0]
    assert (after["version"], after["state"]) == (version, planned.json()["finding"]["state"])  # nothing written
    assert _files(world) == []
    bad = client.post(steps, headers=as_("coord-center"), data={"step": "report_done", "version": "x"})
    assert assert_error(bad, 422)["field"] == "version"

    report = "整改完成情况：培训两次，制度已修订。\n".encode()
    done = client.post(steps, headers=as_("coord-center"),
                       data={"step": "report_done", "version": str(version), "note": "已完成培训"},
                       files=[("files", ("整改报告.txt", report, "text/plain"))])
    assert done.status_code == 200, done.text
    assert done.json()["finding"]["state"] == "reported"
    assert _files(world) == [("整改报告.txt", report)]
    with session_scope(world.settings) as session:
        assert session.scalar(select(func.count()).select_from(FindingFile)) == 1
