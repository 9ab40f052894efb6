"""The console at volume left two lists of the API unpaged (2026-11-28): ``GET /api/v1/engagements/board`` answered
every engagement (220 KB at 461) and ``GET /api/v1/providers`` every provider (243 KB at 300). They are paged as the
API's other lists are: ``{"items", "total", "limit", "offset"}``, ``?limit=1..200`` (20 by default) and ``?offset=``,
a bad value a 422 naming it; the board pages each of its columns."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.apihelpers import World, assert_error
from tests.api.domainhelpers import Logins, accept_first, submitted_need

PAGE_KEYS = {"items", "total", "limit", "offset"}


def _ids(answer: Any) -> list[str]:
    return [p["center_id"] for p in answer.json()["items"]]


def test_the_providers_list_is_paged(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    whole = c.get("/api/v1/providers", headers=as_("coord-assoc"))
    assert whole.status_code == 200 and set(whole.json()) == PAGE_KEYS, whole.text
    total = whole.json()["total"]
    assert (whole.json()["limit"], whole.json()["offset"]) == (20, 0) and total == len(_ids(whole)) >= 2
    walked = []
    for offset in range(total):
        one = c.get(f"/api/v1/providers?limit=1&offset={offset}", headers=as_("coord-assoc"))
        assert one.json()["total"] == total and len(_ids(one)) == 1
        walked += _ids(one)
    assert walked == _ids(whole) == sorted(walked)  # by id, each once
    assert _ids(c.get(f"/api/v1/providers?offset={total}", headers=as_("coord-assoc"))) == []
    mine = c.get("/api/v1/providers?limit=5", headers=as_("coord-center")).json()
    assert ([p["center_id"] for p in mine["items"]], mine["total"]) == (["qic-js-battery"], 1)
    state = whole.json()["items"][0]["lifecycle"]["state"]
    of_state = c.get(f"/api/v1/providers?state={state}&limit=1", headers=as_("coord-assoc")).json()
    assert of_state["items"][0]["lifecycle"]["state"] == state
    assert of_state["total"] == sum(1 for p in whole.json()["items"] if p["lifecycle"]["state"] == state)
    for bad in ("limit=0", "limit=201", "limit=x", "offset=-1"):
        refused = c.get(f"/api/v1/providers?{bad}", headers=as_("coord-assoc"))
        assert assert_error(refused, 422)["field"] == bad.split("=")[0], bad


def test_the_board_pages_each_column(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    made = []
    for i in range(3):
        _need, review = submitted_need(c, as_("ent-a"), title=f"第{i}号电池包检测")
        made.append(accept_first(c, as_("coord-assoc"), review)["engagement_id"])
    whole = c.get("/api/v1/engagements/board", headers=as_("coord-assoc"))
    assert whole.status_code == 200, whole.text
    columns = whole.json()
    state = next(s for s, column in columns.items() if column["total"])
    assert all(set(column) == PAGE_KEYS and (column["limit"], column["offset"]) == (20, 0)
               for column in columns.values())
    assert columns[state]["total"] == 3 and sorted(e["id"] for e in columns[state]["items"]) == sorted(made)
    assert sum(column["total"] for column in columns.values()) == 3
    first = c.get("/api/v1/engagements/board?limit=2", headers=as_("coord-assoc")).json()
    rest = c.get("/api/v1/engagements/board?limit=2&offset=2", headers=as_("coord-assoc")).json()
    assert set(first) == set(columns)  # every state still listed
    assert (len(first[state]["items"]), first[state]["total"], len(rest[state]["items"])) == (2, 3, 1)
    assert [e["id"] for e in first[state]["items"] + rest[state]["items"]] == [e["id"] for e in columns[state]["items"]]
    assert c.get("/api/v1/engagements/board?limit=1", headers=as_("coord-center")).json()[state]["total"] == 3
    refused = c.get("/api/v1/engagements/board?limit=500", headers=as_("coord-assoc"))
    assert assert_error(refused, 422)["field"] == "limit"
