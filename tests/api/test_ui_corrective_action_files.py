"""A corrective action's report takes attachments (issue 30, item 7): the center files the report with a file on the
provider's page, the file is listed under its finding and downloads byte for byte for the center and the
association; a file whose content is not its name's kind is refused as an engagement's is, and nothing is written —
the finding stays where it was."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from core import china_time
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins
from tests.api.uihelpers import form_login
from tests.providers.providerhelpers import scaled_inputs

CENTER = "qic-js-battery"


def test_a_corrective_action_report_carries_files(client: TestClient, world: World) -> None:
    as_ = Logins(client)
    run = client.post("/api/v1/evaluations", headers=as_("coord-assoc"),
                      json={"center_id": CENTER, "period": "2026", "inputs": scaled_inputs(CENTER, 0.2)})
    assert run.status_code == 201, run.text
    findings = client.get(f"/api/v1/providers/{CENTER}/findings", headers=as_("coord-center")).json()
    first = findings[0]
    center = TestClient(client.app)
    assert form_login(center, "coord-center").status_code == 303
    planned = center.post(f"/providers/{CENTER}/findings/{first['id']}/step", follow_redirects=False,
                          data={"step": "plan_action", "version": str(first["version"]), "action": "补充培训",
                                "owner": "质量负责人", "due_on": (china_time.today() + timedelta(days=30)).isoformat()})
    assert planned.status_code == 303
    version = str(first["version"] + 1)

    refused = center.post(f"/providers/{CENTER}/findings/{first['id']}/step", follow_redirects=False,
                          data={"step": "report_done", "version": version, "note": "已完成"},
                          files=[("files", ("整改报告.pdf", b"<html><script>alert(1)</script></html>",
                                            "application/pdf"))])
    assert refused.status_code == 303
    assert "文件内容与扩展名不符" in center.get(f"/providers/{CENTER}").text  # the refusal, shown once on the page
    after = client.get(f"/api/v1/providers/{CENTER}/findings", headers=as_("coord-center")).json()[0]
    assert after["version"] == first["version"] + 1 and after["state"] != "reported"  # nothing written
    report = "整改完成情况：培训两次，制度已修订。\n".encode()
    done = center.post(f"/providers/{CENTER}/findings/{first['id']}/step", follow_redirects=False,
                       data={"step": "report_done", "version": version, "note": "已完成培训"},
                       files=[("files", ("整改报告.txt", report, "text/plain"))])
    assert done.status_code == 303
    page = center.get(f"/providers/{CENTER}")
    [link] = re.findall(rf'href="(/providers/{CENTER}/findings/{first["id"]}/files/[0-9a-f]+)"', page.text)
    download = center.get(link)
    assert download.status_code == 200 and download.content == report
    assert download.headers["content-disposition"].startswith("attachment")
    assoc = TestClient(client.app)
    assert form_login(assoc, "coord-assoc").status_code == 303
    assert assoc.get(link).content == report
    # The wrong finding's address for the same file: missing
    other = findings[1]["id"]
    assert assoc.get(link.replace(f"/findings/{first['id']}/", f"/findings/{other}/")).status_code == 404
