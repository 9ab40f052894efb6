"""An engagement with a center nobody can log in for was stuck without a word (a new user's trial, 2026-11-30): the
association assigned the need by hand to a center with no coordinator, and on /engagements/eng-… it got no warning,
only 代企业和机构达成一致 and 终止. The page now says nobody at the center can act and the way out: ending it with a
reason re-docks the need (its review opens again, the other providers offered), which is what 终止 does."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, submitted_need
from tests.api.uihelpers import form_login
from tests.kb.kbhelpers import do_import, write_jsonl

IDLE = {"type": "center", "id": "sta-wx-idle", "name": "无锡市无人值守服务站", "kind": "service_station",
        "region": "江苏省无锡市"}


def test_the_association_is_told_nobody_can_act_and_how_to_end_it(domain_client: TestClient, domain_world: World,
                                                                   tmp_path: Path) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"))
    assert do_import(domain_world.settings, write_jsonl(tmp_path / "idle.jsonl", [IDLE])).ok
    version = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()["version"]
    assigned = c.post(f"/api/v1/reviews/{review_id}/assign", headers=as_("coord-assoc"),
                      json={"center_id": IDLE["id"], "note": "就近服务", "version": version,
                            "confirm_no_coordinator": True})
    assert assigned.status_code == 200, assigned.text
    eng = assigned.json()["engagement_id"]
    ui = TestClient(c.app)
    assert form_login(ui, "coord-assoc").status_code == 303
    for lang, words in (("zh", ("无人能登录", "终止", "重新")), ("en", ("Nobody can log in", "Terminate", "again"))):
        ui.cookies.set("lang", lang)
        page = ui.get(f"/engagements/{eng}").text
        warn = re.search(r'id="nobody-at-center"[^>]*>(.*?)</p>', page, re.S)
        assert warn, lang
        for word in words:
            assert word in warn.group(1), (lang, word, warn.group(1))
    # What it says is what 终止 does: the need's review opens again.
    detail = c.get(f"/api/v1/engagements/{eng}", headers=as_("coord-assoc")).json()
    ended = c.post(f"/api/v1/engagements/{eng}/transitions", headers=as_("coord-assoc"),
                   json={"transition": "terminate", "version": detail["version"],
                         "payload": {"reason": "该机构无人能登录办理"}})
    assert ended.status_code == 200, ended.text
    review = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()
    assert review["status"] == "pending" and review["round"] > 1, review["status"]
    # An engagement with a coordinator says nothing of it.
    page = ui.get(f"/engagements/{eng}").text
    assert 'id="nobody-at-center"' not in page  # ended: nothing left to act on
