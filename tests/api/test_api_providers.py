"""``/api/v1/providers``: the lifecycle by API — the list and one provider, a decision with its grounds, date and
document, the center asking for acceptance, proposals; and the refusals, each with the API's error shape and
nothing written."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from core import china_time
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins

TODAY = china_time.today()


def _decision(**more: object) -> dict[str, object]:
    return {"grounds": "年度监督检查发现问题", "decided_on": TODAY.isoformat(),
            "decision_document": "苏质协〔2026〕15号", **more}


def test_the_lifecycle_by_api(client: TestClient, world: World) -> None:
    as_ = Logins(client)
    listed = client.get("/api/v1/providers", headers=as_("coord-assoc"))
    assert listed.status_code == 200, listed.text
    ids = {p["center_id"] for p in listed.json()["items"]}
    assert "qic-js-battery" in ids and all(p["lifecycle"]["status"] for p in listed.json()["items"])
    mine = client.get("/api/v1/providers", headers=as_("coord-center")).json()
    assert [p["center_id"] for p in mine["items"]] == ["qic-js-battery"]  # a center sees its own provider only
    other = next(i for i in ids if i != "qic-js-battery")
    # Another center is public in the catalog, so its lifecycle answers "not yours" (403), not "missing" (issue 16).
    assert client.get(f"/api/v1/providers/{other}", headers=as_("coord-center")).status_code == 403

    one = client.get("/api/v1/providers/qic-js-battery", headers=as_("coord-assoc")).json()
    assert one["lifecycle"]["state"] == "operating" and one["lifecycle"]["events"][0]["transition"] == "imported"
    version = one["lifecycle"]["version"]
    deadline = (TODAY + timedelta(days=45)).isoformat()
    moved = client.post("/api/v1/providers/qic-js-battery/transitions", headers=as_("coord-assoc"),
                        json={"transition": "order_rectification", "version": version,
                              "payload": _decision(deadline=deadline)})
    assert moved.status_code == 200, moved.text
    assert moved.json()["state"] == "rectifying" and moved.json()["status"] == "operating"
    assert [f["code"] for f in moved.json()["flags"]] == ["rectifying"]
    center = client.get("/api/v1/centers/qic-js-battery").json()
    assert center["status"] == "operating"  # the catalog reads the derived status as before

    # Refusals, each changing nothing.
    def unchanged() -> None:
        now = client.get("/api/v1/providers/qic-js-battery", headers=as_("coord-assoc")).json()["lifecycle"]
        assert (now["state"], now["version"]) == ("rectifying", version + 1)

    own = client.post("/api/v1/providers/qic-js-battery/transitions", headers=as_("coord-center"),
                      json={"transition": "pass_recheck", "version": version + 1, "payload": _decision()})
    assert own.status_code == 403 and own.json()["error"]["field"] == "role"
    not_allowed = client.post("/api/v1/providers/qic-js-battery/transitions", headers=as_("coord-assoc"),
                              json={"transition": "approve_build", "version": version + 1, "payload": {}})
    assert not_allowed.status_code == 409
    assert not_allowed.json()["error"]["code"] == "transition_not_allowed"
    missing = client.post("/api/v1/providers/qic-js-battery/transitions", headers=as_("coord-assoc"),
                          json={"transition": "suspend", "version": version + 1, "payload": {"grounds": "x"}})
    assert missing.status_code == 400 and missing.json()["error"]["field"] == "payload.decided_on"
    unchanged()

    back = client.post("/api/v1/providers/qic-js-battery/transitions", headers=as_("admin"),
                       json={"transition": "pass_recheck", "version": version + 1,
                             "payload": _decision(grounds="复核通过")})
    assert back.status_code == 200 and back.json()["state"] == "operating"
    history = client.get("/api/v1/providers/qic-js-battery", headers=as_("coord-center")).json()["lifecycle"]
    assert [e["transition"] for e in history["events"]] == ["imported", "order_rectification", "pass_recheck"]
    assert history["events"][1]["deadline"] == deadline
    assert history["events"][1]["decision_document"] == "苏质协〔2026〕15号"


def test_an_application_and_the_acceptance_request(client: TestClient, world: World) -> None:
    as_ = Logins(client)
    applied = client.post("/api/v1/providers", headers=as_("coord-assoc"),
                          json={"center": {"id": "qic-js-battery", "name": "x", "kind": "other"}, "materials": {}})
    assert applied.status_code == 409 and applied.json()["error"]["code"] == "provider_exists"
    request = client.post("/api/v1/providers/qic-js-battery/acceptance-request", headers=as_("coord-center"),
                          json={"version": 1, "summary": "已完成"})
    assert request.status_code == 409  # an operating provider has nothing to accept
    assert client.post("/api/v1/providers/proposals/1/decision", headers=as_("coord-center"),
                       json={"accept": True}).status_code == 403
    assert client.get("/api/v1/providers/proposals", headers=as_("coord-assoc")).json() == []
