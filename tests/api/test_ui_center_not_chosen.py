"""A proposed center the association did not choose is told the need went to another provider (a new user's trial,
2026-11-30): the battery center was asked '需求「…」推荐了贵机构，请确认能否承接', and after the association gave the
need to another center its /review/rev-… and its list said just '已接受', as if it had been accepted. It reads now
that the need went to another provider, never which one; the chosen center and the association read 已接受."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, submitted_need
from tests.api.uihelpers import form_login
from tests.kb.kbhelpers import do_import, write_jsonl

OWN = "qic-js-battery"  # coord-center's center
OTHER = {"type": "center", "id": "qic-js-cable", "name": "江苏省电线电缆产品质量检验中心",
         "kind": "quality_inspection_center", "region": "江苏省无锡市"}


def test_a_center_not_chosen_reads_that_the_need_went_elsewhere(domain_client: TestClient, domain_world: World,
                                                                 tmp_path: Path) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"))
    review = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()
    assert OWN in [p["center_id"] for p in review["proposals"]]
    assert do_import(domain_world.settings, write_jsonl(tmp_path / "other.jsonl", [OTHER])).ok
    other = {"center_id": OTHER["id"], "center_name": OTHER["name"]}
    done = c.post(f"/api/v1/reviews/{review_id}/assign", headers=as_("coord-assoc"),
                  json={"center_id": OTHER["id"], "note": "企业指定", "version": review["version"],
                        "confirm_no_coordinator": True})
    assert done.status_code == 200, done.text
    seen = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-center")).json()
    assert seen["taken_elsewhere"] is True
    assert seen["accepted_center_id"] is None and seen["accepted_center_name"] is None
    assert c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()["taken_elsewhere"] is False
    ui = TestClient(c.app)
    assert form_login(ui, "coord-center").status_code == 303
    for lang, elsewhere, accepted in (("zh", "已交由其他服务机构承接", "已接受"),
                                      ("en", "Given to another provider", "Accepted")):
        ui.cookies.set("lang", lang)
        page = ui.get(f"/review/{review_id}").text
        status = re.search(r'id="review-status">([^<]*)<', page)
        assert status and status.group(1) == elsewhere, (lang, status and status.group(1))
        assert other["center_name"] not in page, lang  # not which one
        listed = ui.get("/review?status=all").text
        card = re.search(rf'<li class="card review-item[^"]*" data-review="{review_id}".*?</li>', listed, re.S)
        assert card, lang
        assert elsewhere in card.group(0) and f">{accepted}<" not in card.group(0), (lang, card.group(0))
    # The association still reads it as accepted.
    assoc = TestClient(c.app)
    assert form_login(assoc, "coord-assoc").status_code == 303
    status = re.search(r'id="review-status">([^<]*)<', assoc.get(f"/review/{review_id}").text)
    assert status and status.group(1) == "已接受"
