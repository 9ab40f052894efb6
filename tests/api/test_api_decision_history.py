"""A decision the bureau takes stands in the provider's history with its grounds, date and document, and the history
numbers its rows without a gap (a new user's trial, 2026-11-29: "3 受理，开始评审 → 专家评审论证" with empty 依据 /
决定日期 / 决定文件 though the bureau entered 沪市监质〔2026〕101号, and rows 1, 3, 4, 5, 6)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from core import china_time
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins
from tests.api.test_api_authorities import PDF, SH_APPLICANT, SH_MATERIALS, _as_page, _authority


def test_the_bureaus_first_decision_keeps_its_grounds_date_and_document(domain_client: TestClient,
                                                                        domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    admin, assoc = as_("admin"), as_("coord-assoc")
    _authority(c, admin, domain_world, "上海市市场监督管理局", "上海市", "officer-sh")
    center = SH_APPLICANT["id"]
    materials = {k: v for k, v in SH_MATERIALS.items() if k != "government_support"}
    assert c.post("/api/v1/providers", headers=assoc, json={"center": SH_APPLICANT, "materials": materials}
                  ).status_code == 201
    given = c.post(f"/api/v1/providers/{center}/application/materials", headers=assoc,
                   files=[("file_government_support", ("政府支持函.pdf", PDF, "application/pdf"))])
    assert given.status_code == 200, given.text
    prepared = c.post("/api/v1/decisions", headers=assoc, json={"center_id": center, "transition": "start_review",
                                                                "grounds": "材料齐全，提请受理"})
    assert prepared.status_code == 201, prepared.text
    today = china_time.today().isoformat()
    taken = c.post(f"/api/v1/decisions/{prepared.json()['id']}", headers=as_("officer-sh"), json={
        "accept": True, "decided_on": today, "decision_document": "沪市监质〔2026〕101号"})
    assert taken.status_code == 200, taken.text
    events = c.get(f"/api/v1/providers/{center}", headers=assoc).json()["lifecycle"]["events"]
    [decided] = [e for e in events if e["transition"] == "start_review"]
    assert decided["decision_document"] == "沪市监质〔2026〕101号"
    assert decided["decided_on"] == today
    assert decided["grounds"] and "材料齐全" in decided["grounds"]
    [page] = _as_page(c, "officer-sh", f"/providers/{center}")
    rows = page.text.split('<table class="history">')[1].split("</table>")[0]
    assert "沪市监质〔2026〕101号" in rows and "材料齐全" in rows and today in rows
    numbers = re.findall(r'<tr data-transition="[^"]+"><td>(\d+)</td>', rows)
    assert numbers == [str(i) for i in range(1, len(events) + 1)], numbers  # no gap where materials were added
    assert [e["seq"] for e in events] == [1, 3]  # the record's own numbering keeps its version (the materials: 2)
