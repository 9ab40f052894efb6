"""Common problems over HTTP: the matcher groups, intake stores and publishes, integrations read the public view."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.apihelpers import World, bearer
from tests.api.domainhelpers import NEED_TEXT, Logins, create_need


def test_groups_of_several_enterprises_are_built_published_and_fed(domain_client: TestClient,
                                                                   domain_world: World) -> None:
    as_ = Logins(domain_client)
    secret = NEED_TEXT + "请签保密协议，我们是常州蓝星电池有限公司。"
    a = create_need(domain_client, as_("ent-a"), text=secret)
    b = create_need(domain_client, as_("ent-b"), text=NEED_TEXT.replace("常州", "无锡"))
    other = create_need(domain_client, as_("ent-b"), text="想给一线员工做六西格玛绿带培训，明年上半年完成。",
                        service_types=["training_consulting"])
    for need, who in ((a, "ent-a"), (b, "ent-b"), (other, "ent-b")):
        assert domain_client.post(f"/api/v1/needs/{need['id']}/submit", headers=as_(who)).status_code == 200

    assert domain_client.post("/api/v1/groups/build", json={}, headers=as_("ent-a")).status_code == 403
    bad = domain_client.post("/api/v1/groups/build", json={"threshold": 2}, headers=as_("coord-assoc"))
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "threshold"

    built = domain_client.post("/api/v1/groups/build", json={"threshold": 0.6}, headers=as_("coord-assoc"))
    assert built.status_code == 200, built.text
    groups = built.json()
    assert [sorted(g["need_ids"]) for g in groups] == [sorted([a["id"], b["id"]])]

    listed = domain_client.get("/api/v1/groups", headers=as_("coord-assoc")).json()
    assert listed["total"] == 1
    published = domain_client.post(f"/api/v1/groups/{groups[0]['id']}/publish", headers=as_("coord-assoc"))
    assert published.status_code == 200 and len(published.json()["needs"]) == 2
    assert "蓝星" not in published.text

    key = domain_world.keys["feed-only"]
    feed = domain_client.get("/api/v1/feed/groups", headers=bearer(key))
    assert feed.status_code == 200 and feed.json()["total"] == 1
    assert "蓝星" not in feed.text
    assert domain_client.post("/api/v1/groups/nope/publish", headers=as_("coord-assoc")).status_code == 404
