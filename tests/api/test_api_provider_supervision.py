"""通报批评 published (issue 29, item 4): a criticism the association decided shows, with its date, reason and
document, on the provider's public page and in ``GET /api/v1/centers/{id}``, to anyone; a provider without one shows
no such section."""

from __future__ import annotations

from fastapi.testclient import TestClient

from core import china_time
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins


def test_a_criticism_is_published_on_the_public_page_and_api(client: TestClient, world: World) -> None:
    as_ = Logins(client)
    center = "qic-js-battery"
    assert 'id="criticisms"' not in client.get(f"/centers/{center}").text
    version = client.get(f"/api/v1/providers/{center}", headers=as_("coord-assoc")).json()["lifecycle"]["version"]
    today = china_time.today().isoformat()
    done = client.post(f"/api/v1/providers/{center}/transitions", headers=as_("coord-assoc"),
                       json={"transition": "publish_criticism", "version": version,
                             "payload": {"grounds": "超范围出具检验报告", "decided_on": today,
                                         "decision_document": "苏质协〔2026〕9号"}})
    assert done.status_code == 200, done.text
    assert done.json()["state"] == "operating"
    public = client.get(f"/api/v1/centers/{center}").json()["criticisms"]
    assert public == [{"decided_on": today, "grounds": "超范围出具检验报告", "decision_document": "苏质协〔2026〕9号"}]
    page = client.get(f"/centers/{center}").text
    assert 'id="criticisms"' in page and "超范围出具检验报告" in page and "苏质协〔2026〕9号" in page
