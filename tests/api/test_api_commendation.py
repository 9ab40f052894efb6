"""Incentive management over HTTP (seed 002 四(二) 激励管理, seed 003 art. 15 宣传推广; issue 14 step 6): the
association's commendation posted to the API answers the lifecycle, and shows in the public catalog's JSON, on its
pages and in the association websites' feed; the provider's own refusal is a 403, a malformed payload a 400 naming
the field. The decision's rules (nothing changes on a refusal, no matching flag, cleared by a step away from good
standing) are tests/flows/test_commendation.py's."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from core import china_time
from tests.api.apihelpers import World, assert_error, bearer
from tests.api.domainhelpers import Logins

CENTER = "qic-js-battery"
TODAY = china_time.today()


def _decision(**more: object) -> dict[str, object]:
    return {"grounds": "2026 年度评价为优秀·激励管理", "decided_on": TODAY.isoformat(),
            "decision_document": "苏质协〔2026〕30号", **more}


def _feed_item(c: TestClient, key: str) -> dict[str, Any]:
    answer = c.get("/api/v1/feed/providers?limit=100", headers=bearer(key))
    assert answer.status_code == 200, answer.text
    [item] = [p for p in answer.json()["items"] if p["id"] == CENTER]
    return item


def test_a_commendation_posted_to_the_api_shows_in_the_catalog_the_pages_and_the_feed(client: TestClient,
                                                                                      world: World) -> None:
    c, as_ = client, Logins(client)
    assoc, own = as_("coord-assoc"), as_("coord-center")
    version = c.get(f"/api/v1/providers/{CENTER}", headers=assoc).json()["lifecycle"]["version"]
    assert c.get(f"/api/v1/centers/{CENTER}").json()["commendation"] is None

    # The provider's own coordinator cannot commend it (nor anyone not of the association), and nothing changes.
    refused = c.post(f"/api/v1/providers/{CENTER}/transitions", headers=own,
                     json={"transition": "commend", "version": version, "payload": _decision(period="2026")})
    assert_error(refused, 403)
    bad = c.post(f"/api/v1/providers/{CENTER}/transitions", headers=assoc,
                 json={"transition": "commend", "version": version, "payload": _decision(period=["2026"])})
    assert assert_error(bad, 400)["field"] == "payload.period"

    done = c.post(f"/api/v1/providers/{CENTER}/transitions", headers=assoc,
                  json={"transition": "commend", "version": version, "payload": _decision(period="2026")})
    assert done.status_code == 200, done.text
    assert done.json()["state"] == "operating" and done.json()["commended_on"] == TODAY.isoformat()

    public = {"commended_on": TODAY.isoformat(), "period": "2026"}
    assert c.get(f"/api/v1/centers/{CENTER}").json()["commendation"] == public
    listed = [x for x in c.get("/api/v1/centers?limit=100").json()["items"] if x["id"] == CENTER]
    assert listed[0]["commendation"] == public
    assert "示范推广 · 2026" in c.get("/").text and 'id="commendation"' in c.get(f"/centers/{CENTER}").text
    item = _feed_item(c, world.keys["site"])
    assert item["commendation"] == public and item["status"] == "operating" and "cases" in item
    assert_error(c.get("/api/v1/feed/providers"), 401)

